/**
 * A real SMTP server (smtp-server) for tests: AUTH with known users, STARTTLS or implicit TLS with
 * a generated certificate, and a record of every message it accepted.
 */
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { SMTPServer, type SMTPServerOptions } from 'smtp-server'
import { testCertificates } from './certificates.js'

export interface ReceivedMail {
  from: string
  to: string[]
  user: string | undefined
  raw: string
}

export interface SmtpPeerOptions {
  /** user → password; default `{ 'mailer@example.com': 'right-password' }`. */
  users?: Record<string, string>
  /** Implicit TLS from the first byte (port 465 style). */
  secure?: boolean
  /** Offer STARTTLS (default true; ignored with `secure`). */
  starttls?: boolean
  /** Advertise AUTH (default true). */
  auth?: boolean
  /** Recipients the server refuses with 550. */
  rejectRecipients?: string[]
}

export interface SmtpPeer {
  port: number
  host: string
  received: ReceivedMail[]
  /** Successful and failed logins, in order. */
  logins: Array<{ user: string, ok: boolean }>
  close(): Promise<void>
}

export async function startSmtpPeer (options: SmtpPeerOptions = {}): Promise<SmtpPeer> {
  const users = options.users ?? { 'mailer@example.com': 'right-password' }
  const { key, cert } = await testCertificates()
  const received: ReceivedMail[] = []
  const logins: SmtpPeer['logins'] = []
  const disabledCommands: string[] = []
  if (options.auth === false) disabledCommands.push('AUTH')
  if (options.secure !== true && options.starttls === false) disabledCommands.push('STARTTLS')
  const serverOptions: SMTPServerOptions = {
    secure: options.secure === true,
    key,
    cert,
    disabledCommands,
    authOptional: options.auth === false,
    allowInsecureAuth: false,
    logger: false,
    onAuth (auth, _session, callback) {
      const ok = users[auth.username ?? ''] === auth.password
      logins.push({ user: auth.username ?? '', ok })
      if (ok) callback(null, { user: auth.username })
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
  server.listen(0, '127.0.0.1')
  await once(server.server, 'listening')
  const { port } = server.server.address() as AddressInfo
  return {
    port,
    host: '127.0.0.1',
    received,
    logins,
    close: async () => await new Promise<void>(resolve => server.close(() => resolve()))
  }
}
