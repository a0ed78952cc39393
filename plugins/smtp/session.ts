/**
 * An SMTP session through the hub's outbound guard: the socket comes from `ctx.connect`, implicit
 * TLS is negotiated here (so certificate errors keep their codes), and nodemailer speaks SMTP on it.
 * Nodemailer's failures are translated into this plugin's error codes at this boundary.
 */
import tls from 'node:tls'
import { isIP, type Socket } from 'node:net'
import SMTPConnection from 'nodemailer/lib/smtp-connection'
import type { IntegrationContext } from '../../core/contract/contract.js'

export type Security = 'auto' | 'tls' | 'starttls' | 'none'

export interface SmtpSettings {
  host: string
  port: number
  security?: Security
}

/** `auto` means implicit TLS on 465 and STARTTLS (required) on every other port. */
export function effectiveSecurity ({ port, security = 'auto' }: SmtpSettings): Exclude<Security, 'auto'> {
  if (security !== 'auto') return security
  return port === 465 ? 'tls' : 'starttls'
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
export async function openSocket (settings: SmtpSettings, ctx: IntegrationContext): Promise<{ socket: Socket, secured: boolean }> {
  const socket = await ctx.step('Connect', async () => await ctx.connect({ host: settings.host, port: settings.port }))
  if (effectiveSecurity(settings) !== 'tls') return { socket, secured: false }
  const secured = await ctx.step('Secure (TLS)', async () => await handshake(socket, settings.host, ctx))
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
export async function startSession (settings: SmtpSettings, opened: { socket: Socket, secured: boolean }, ctx: IntegrationContext): Promise<SMTPConnection> {
  const mode = effectiveSecurity(settings)
  const connection = new SMTPConnection({
    connection: opened.socket,
    secured: opened.secured,
    secure: mode === 'tls',
    host: settings.host,
    port: settings.port,
    requireTLS: mode === 'starttls',
    ignoreTLS: mode === 'none',
    tls: tlsOptions(settings.host, ctx),
    // Shorter than the deadline, so a server that never greets gets its own message.
    greetingTimeout: Math.max(1, Math.floor(ctx.remainingMs() * 0.8)),
    socketTimeout: Math.max(1, ctx.remainingMs())
  })
  const close = (): void => connection.close()
  ctx.signal.addEventListener('abort', close, { once: true })
  connection.once('end', () => ctx.signal.removeEventListener('abort', close))
  await new Promise<void>((resolve, reject) => {
    connection.once('error', (error: Error) => reject(translate(error, ctx, 'greeting')))
    connection.connect(() => resolve())
  })
  connection.on('error', () => {})
  return connection
}

export async function login (connection: SMTPConnection, user: string, pass: string, ctx: IntegrationContext): Promise<void> {
  // nodemailer logs in only when the server advertises AUTH; a server that does not would
  // otherwise "pass" any password.
  if (!connection.allowsAuth) throw ctx.fail('AUTH_UNAVAILABLE')
  await new Promise<void>((resolve, reject) => {
    connection.login({ user, pass }, (error) => error ? reject(translate(error, ctx)) : resolve())
  })
}

const tlsMismatchCodes = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'EPROTO', 'ERR_SSL_HTTP_REQUEST'])

/** Nodemailer's error → this plugin's code, or the underlying system error for the core to classify. */
export function translate (error: Error & { code?: string, originalCode?: string, response?: string }, ctx: IntegrationContext, phase?: 'greeting'): Error {
  const system = error.originalCode ?? error.code ?? ''
  const detail = typeof error.response === 'string' ? `The server said: ${error.response.slice(0, 200)}` : undefined
  const withDetail = detail === undefined ? { cause: error } : { cause: error, detail }
  if (tlsMismatchCodes.has(system) || /wrong version number|packet length too long/i.test(error.message)) return ctx.fail('TLS_MISMATCH', { cause: error })
  switch (error.code) {
    case 'EAUTH': return ctx.fail('AUTH_FAILED', withDetail)
    case 'ETLS': return ctx.fail('STARTTLS_UNAVAILABLE', withDetail)
    case 'EPROTOCOL': return ctx.fail('NOT_SMTP', withDetail)
    // A server that never greets is usually waiting for a TLS handshake the client did not start.
    case 'ETIMEDOUT': return phase === 'greeting' ? ctx.fail('NO_GREETING', { cause: error }) : error
    case 'EENVELOPE': return ctx.fail('RECIPIENTS_REJECTED', { ...withDetail, fields: [{ field: 'to', message: 'The SMTP server refused these recipients.' }] })
    case 'EMESSAGE': return ctx.fail('MESSAGE_REJECTED', withDetail)
  }
  // Socket-level failures keep the system code so the core says "unreachable", "TLS", …
  return system !== '' && system !== error.code ? Object.assign(new Error(error.message, { cause: error }), { code: system }) : error
}
