/**
 * A real SMTP server (smtp-server) for tests: AUTH with known users, STARTTLS or implicit TLS with
 * a generated certificate, and a record of every message it accepted and every login it saw.
 *
 * With `oauth`, it also offers SASL XOAUTH2 and accepts a bearer token only when the authorization
 * server's introspection endpoint says it is active (so an expired or revoked token is refused).
 * A refused token gets the exchange Google documents for XOAUTH2 ("OAuth 2.0 Mechanism",
 * developers.google.com/gmail/imap/xoauth2-protocol): a 334 challenge carrying base64 JSON
 * `{"status":"401","schemes":"bearer","scope":…}`, and 535 once the client answers it.
 *
 * With `refusePasswords`, it answers every password login the way Microsoft 365 does where basic
 * authentication is off (message center MC786329; learn.microsoft.com "Enable or disable SMTP AUTH
 * in Exchange Online"): `535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is
 * disabled for the Tenant…`, or `550 5.7.30 Basic authentication is not supported for Client Submission`.
 */
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { SMTPServer, type SMTPServerOptions } from 'smtp-server'
import { testCertificates } from './certificates.js'
import type { Introspection } from './oauth-server.js'

export interface ReceivedMail {
  from: string
  to: string[]
  user: string | undefined
  raw: string
}

export interface SmtpPeerOptions {
  /** user → password; default `{ 'mailer@example.com': 'right-password' }`. The object is read at each login: change it to change a password. */
  users?: Record<string, string>
  /** Implicit TLS from the first byte (port 465 style). */
  secure?: boolean
  /** Offer STARTTLS (default true; ignored with `secure`). */
  starttls?: boolean
  /** Advertise AUTH (default true). */
  auth?: boolean
  /** Recipients the server refuses with 550. */
  rejectRecipients?: string[]
  /** Offer XOAUTH2, checking each bearer token here (an authorization server's introspection). */
  oauth?: { introspect(token: string): Promise<Introspection> }
  /** Mailboxes a valid token may send as (default: the `users`). */
  mailboxes?: string[]
  /** Refuse every password as Microsoft 365 does without basic authentication. */
  refusePasswords?: 'smtp-auth-disabled' | 'client-submission'
  /** Where to listen (default 127.0.0.1, any free port). */
  listen?: { host: string, port: number }
  /** The certificate to present (default the one for 127.0.0.1/localhost). */
  certificate?: { key: string, cert: string }
}

export interface AuthAttempt {
  method: string
  user: string
  ok: boolean
  /** XOAUTH2: the client the token was issued to, as introspection said. */
  clientId?: string
  /** XOAUTH2: the bearer token presented (for tests that check it never leaks). */
  token?: string
}

export interface SmtpPeer {
  port: number
  host: string
  received: ReceivedMail[]
  /** Successful and failed logins, in order. */
  logins: Array<{ user: string, ok: boolean }>
  /** Every AUTH with its SASL mechanism, in order. */
  auths: AuthAttempt[]
  /** How many AUTH commands used `method` (PLAIN, LOGIN, XOAUTH2). */
  authCount(method?: string): number
  /** SMTP sessions: how many were opened, and how many are open now. */
  sessions: { opened: number, open: number }
  /** Ends every open session from the server's side, as a server's idle timeout does. */
  dropSessions(): void
  close(): Promise<void>
}

const microsoftRefusals = {
  'smtp-auth-disabled': { responseCode: 535, message: '5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.' },
  'client-submission': { responseCode: 550, message: '5.7.30 Basic authentication is not supported for Client Submission.' }
} as const

export async function startSmtpPeer (options: SmtpPeerOptions = {}): Promise<SmtpPeer> {
  const users = options.users ?? { 'mailer@example.com': 'right-password' }
  const { key, cert } = options.certificate ?? await testCertificates()
  const received: ReceivedMail[] = []
  const logins: SmtpPeer['logins'] = []
  const auths: AuthAttempt[] = []
  const sessions = { opened: 0, open: 0 }
  const disabledCommands: string[] = []
  if (options.auth === false) disabledCommands.push('AUTH')
  if (options.secure !== true && options.starttls === false) disabledCommands.push('STARTTLS')
  const record = (attempt: AuthAttempt): void => {
    auths.push(attempt)
    logins.push({ user: attempt.user, ok: attempt.ok })
  }
  const serverOptions: SMTPServerOptions = {
    secure: options.secure === true,
    key,
    cert,
    disabledCommands,
    authMethods: options.oauth === undefined ? ['PLAIN', 'LOGIN'] : ['PLAIN', 'LOGIN', 'XOAUTH2'],
    authOptional: options.auth === false,
    allowInsecureAuth: false,
    logger: false,
    // A client that keeps pooled connections open must not hold a test's teardown for 30 s.
    closeTimeout: 500,
    onConnect (_session, callback) {
      sessions.opened++
      sessions.open++
      callback()
    },
    onClose () {
      sessions.open--
    },
    onAuth (auth, _session, callback) {
      const user = auth.username ?? ''
      if (auth.method === 'XOAUTH2') {
        const token = auth.accessToken ?? ''
        options.oauth!.introspect(token).then(found => {
          const ok = found.active && (options.mailboxes ?? Object.keys(users)).includes(user)
          record({ method: 'XOAUTH2', user, ok, token, ...(found.client_id === undefined ? {} : { clientId: found.client_id }) })
          if (ok) callback(null, { user })
          else callback(null, { data: { status: '401', schemes: 'bearer', scope: 'https://mail.google.com/' } })
        }, (error: Error) => callback(error))
        return
      }
      if (options.refusePasswords !== undefined) {
        record({ method: auth.method, user, ok: false })
        const refusal = microsoftRefusals[options.refusePasswords]
        callback(Object.assign(new Error(refusal.message), { responseCode: refusal.responseCode }))
        return
      }
      const ok = users[user] === auth.password
      record({ method: auth.method, user, ok })
      if (ok) callback(null, { user })
      else callback(Object.assign(new Error('Authentication failed'), { responseCode: 535 }))
    },
    onRcptTo (address, _session, callback) {
      if (options.rejectRecipients?.includes(address.address) === true) {
        callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }))
      } else callback()
    },
    onData (stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map(rcpt => rcpt.address),
          user: session.user as string | undefined,
          raw: Buffer.concat(chunks).toString('utf8')
        })
        callback()
      })
    }
  }
  const server = new SMTPServer(serverOptions)
  // A client that misbehaves (wrong TLS mode) must not crash the test process.
  server.on('error', () => {})
  server.listen(options.listen?.port ?? 0, options.listen?.host ?? '127.0.0.1')
  await once(server.server, 'listening')
  const { port, address } = server.server.address() as AddressInfo
  return {
    port,
    host: address,
    received,
    logins,
    auths,
    authCount: method => auths.filter(attempt => method === undefined || attempt.method === method).length,
    sessions,
    dropSessions: () => {
      for (const connection of (server as unknown as { connections: Set<{ close(): void }> }).connections) connection.close()
    },
    close: async () => await new Promise<void>(resolve => server.close(() => resolve()))
  }
}
