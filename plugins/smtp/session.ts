/**
 * An SMTP session through the hub's outbound guard: the socket comes from `ctx.connect`, implicit
 * TLS is negotiated here (so certificate errors keep their codes), and nodemailer speaks SMTP on it.
 * Nodemailer's failures are translated into this plugin's error codes at this boundary.
 */
import tls from 'node:tls'
import { isIP, type Socket } from 'node:net'
import SMTPConnection from 'nodemailer/lib/smtp-connection'
import XOAuth2, { type XOAuth2ProvisionCallback } from 'nodemailer/lib/xoauth2'
import { isIntegrationFailure, type IntegrationContext } from 'integration-hub/plugin'
import { isPasswordRefusedForGood } from './microsoft.js'
import { forgetAccessToken } from './oauth.js'

export type Security = 'auto' | 'tls' | 'starttls' | 'none'
export type Method = 'password' | 'oauth2' | 'microsoft365' | 'google'

export interface ServerSettings {
  auth?: Method
  host?: string
  port?: number
  security?: Security
}

/** The server a connection goes to: the host and port typed, or the provider's own. */
export interface Server {
  host: string
  port: number
  /** `auto` resolved: implicit TLS on 465, STARTTLS (required) on every other port. */
  mode: Exclude<Security, 'auto'>
}

/** Where Microsoft 365 and Google Workspace take mail from their users' apps (their admin documentation). */
const providerHosts: Partial<Record<Method, string>> = {
  microsoft365: 'smtp.office365.com',
  google: 'smtp.gmail.com'
}

export function serverOf ({ auth = 'password', host, port, security = 'auto' }: ServerSettings): Server {
  const chosenPort = port ?? (security === 'tls' ? 465 : 587)
  const mode = security !== 'auto' ? security : chosenPort === 465 ? 'tls' : 'starttls'
  return { host: host ?? providerHosts[auth] ?? '', port: chosenPort, mode }
}

/** TLS options for this server: SNI and certificate checks against the host name the admin typed. */
export function tlsOptions (host: string, ctx: IntegrationContext): tls.ConnectionOptions {
  return {
    ...(isIP(host) === 0 ? { servername: host } : {}),
    ...(ctx.secureContext === undefined ? {} : { secureContext: ctx.secureContext }),
    minVersion: 'TLSv1.2'
  }
}

/** Opens the TCP connection and, for implicit TLS, completes the handshake. */
export async function openSocket (server: Server, ctx: IntegrationContext): Promise<{ socket: Socket, secured: boolean }> {
  const socket = await ctx.step('Connect', async () => await ctx.connect({ host: server.host, port: server.port }))
  if (server.mode !== 'tls') return { socket, secured: false }
  const secured = await ctx.step('Secure (TLS)', async () => await handshake(socket, server.host, ctx))
  return { socket: secured, secured: true }
}

async function handshake (socket: Socket, host: string, ctx: IntegrationContext): Promise<tls.TLSSocket> {
  return await new Promise((resolve, reject) => {
    const secured = tls.connect({ socket, ...tlsOptions(host, ctx) }, () => {
      secured.off('error', onError)
      resolve(secured)
    })
    const onError = (error: Error): void => {
      socket.destroy()
      reject(translate(error, ctx))
    }
    secured.once('error', onError)
  })
}

/** Starts an SMTP session on an open socket: greeting, EHLO and, for STARTTLS, the upgrade. */
export async function startSession (server: Server, opened: { socket: Socket, secured: boolean }, ctx: IntegrationContext): Promise<SMTPConnection> {
  const connection = new SMTPConnection({
    connection: opened.socket,
    secured: opened.secured,
    secure: server.mode === 'tls',
    host: server.host,
    port: server.port,
    requireTLS: server.mode === 'starttls',
    ignoreTLS: server.mode === 'none',
    tls: tlsOptions(server.host, ctx),
    // Shorter than the deadline, so a server that never greets gets its own message.
    greetingTimeout: Math.max(1, Math.floor(ctx.remainingMs() * 0.8)),
    socketTimeout: Math.max(1, ctx.remainingMs())
  })
  const close = (): void => connection.close()
  ctx.signal.addEventListener('abort', close, { once: true })
  connection.once('end', () => ctx.signal.removeEventListener('abort', close))
  await new Promise<void>((resolve, reject) => {
    connection.once('error', (error: Error) => reject(translate(error, ctx, { phase: 'greeting' })))
    connection.connect(() => resolve())
  })
  connection.on('error', () => {})
  reportCertificate(connection._socket, server.host, ctx)
  return connection
}

/** The server certificate's end date, once the session is encrypted (implicit TLS or STARTTLS). */
function reportCertificate (socket: Socket | false | null, host: string, ctx: IntegrationContext): void {
  if (!(socket instanceof tls.TLSSocket)) return
  const notAfter = socket.getPeerCertificate().valid_to
  if (typeof notAfter === 'string' && notAfter !== '') ctx.expires(`TLS certificate of ${host}`, new Date(notAfter))
}

/** A login: a password, or a bearer token sent with SASL XOAUTH2. */
export type Credentials =
  | { method: 'password', user: string, pass: string }
  | { method: 'token', user: string, token: TokenProvider }

/** Hands out the access token to log in with, within `ctx`'s deadline; `renew` when the server refused the last one. */
export type TokenProvider = (ctx: IntegrationContext, renew: boolean) => Promise<{ value: string }>

/**
 * Nodemailer's token callback around ours. It asks for the token at every login (the connection's
 * cache decides whether that means a request), and a refused token is asked for again once.
 */
export function provisionCallback (token: TokenProvider, run: () => IntegrationContext | undefined): XOAuth2ProvisionCallback {
  return (_user, renew, callback) => {
    const ctx = run()
    if (ctx === undefined) {
      callback(new Error('no run is waiting for this login'))
      return
    }
    token(ctx, renew).then(
      // An expiry in the past: nodemailer must not keep the token itself.
      ({ value }) => callback(null, value, 1),
      // Nodemailer rewrites the code of the error it is handed: ours travels as the cause.
      (error: unknown) => callback(new Error('no access token', { cause: error }))
    )
  }
}

export async function login (connection: SMTPConnection, credentials: Credentials, ctx: IntegrationContext): Promise<void> {
  // nodemailer logs in only when the server advertises AUTH; a server that does not would
  // otherwise "pass" any password.
  if (!connection.allowsAuth) throw ctx.fail('AUTH_UNAVAILABLE')
  const auth = credentials.method === 'password'
    ? { user: credentials.user, pass: credentials.pass }
    : { user: credentials.user, method: 'XOAUTH2', oauth2: new XOAuth2({ user: credentials.user, provisionCallback: provisionCallback(credentials.token, () => ctx) }) }
  await new Promise<void>((resolve, reject) => {
    connection.login(auth, (error) => error ? reject(translate(error, ctx, { credentials: credentials.method })) : resolve())
  })
}

const tlsMismatchCodes = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'EPROTO', 'ERR_SSL_HTTP_REQUEST'])

interface TranslateOptions {
  /** The greeting phase: a silent server is usually waiting for a TLS handshake. */
  phase?: 'greeting'
  /** How the session logged in, to say what a refused login means. */
  credentials?: Credentials['method']
}

/** Nodemailer's error → this plugin's code, or the underlying system error for the core to classify. */
export function translate (error: Error & { code?: string, originalCode?: string, response?: string }, ctx: IntegrationContext, options: TranslateOptions = {}): Error {
  if (isIntegrationFailure(error.cause)) return error.cause
  const system = error.originalCode ?? error.code ?? ''
  const detail = typeof error.response === 'string' ? `The server said: ${error.response.slice(0, 200)}` : undefined
  const withDetail = detail === undefined ? { cause: error } : { cause: error, detail }
  if (tlsMismatchCodes.has(system) || /wrong version number|packet length too long/i.test(error.message)) return ctx.fail('TLS_MISMATCH', { cause: error })
  switch (error.code) {
    case 'EAUTH': return refusedLogin(error.response ?? '', options.credentials, withDetail, ctx)
    case 'ETLS': return ctx.fail('STARTTLS_UNAVAILABLE', withDetail)
    case 'EPROTOCOL': return ctx.fail('NOT_SMTP', withDetail)
    case 'ETIMEDOUT': return options.phase === 'greeting' ? ctx.fail('NO_GREETING', { cause: error }) : error
    case 'EENVELOPE': return ctx.fail('RECIPIENTS_REJECTED', { ...withDetail, fields: [{ field: 'to', message: 'The SMTP server refused these recipients.' }] })
    case 'EMESSAGE': return ctx.fail('MESSAGE_REJECTED', withDetail)
  }
  // Socket-level failures keep the system code so the core says "unreachable", "TLS", …
  return system !== '' && system !== error.code ? Object.assign(new Error(error.message, { cause: error }), { code: system }) : error
}

function refusedLogin (response: string, credentials: Credentials['method'] | undefined, options: { cause: Error, detail?: string }, ctx: IntegrationContext): Error {
  if (credentials === 'token') {
    // RFC 4954: 504 is "unrecognized authentication type".
    if (/^504\b/.test(response)) return ctx.fail('XOAUTH2_UNAVAILABLE', options)
    forgetAccessToken(ctx)
    return ctx.fail('TOKEN_LOGIN_REFUSED', options)
  }
  return ctx.fail(isPasswordRefusedForGood(response) ? 'BASIC_AUTH_DISABLED' : 'AUTH_FAILED', options)
}
