/**
 * The Save benchmarks' mail server and their baseline: bench/smtp-server.ts in its own process
 * (STARTTLS, AUTH, a generated CA), the settings the hub saves against it, and nodemailer's
 * `verify()` of the same server with the same settings — a new transport each run, as the hub opens
 * a new connection for each test.
 */
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import nodemailer from 'nodemailer'
import { startPeerProcess, tempDir } from './processes.js'

export interface SmtpPeer {
  host: string
  port: number
  /** The CA (PEM) that signed the server's certificate. */
  ca: string
  /** The CA in a file, for a hub in another process (HUB_CA_FILE). */
  caFile: string
  /** The SMTP settings that log in to this server. */
  config: { host: string, port: number, security: 'starttls', email: string, password: string }
  /** ms that nodemailer's verify() of this server takes with `config`. */
  verify(): Promise<number>
  close(): Promise<void>
}

export async function startSmtpPeer (): Promise<SmtpPeer> {
  const server = await startPeerProcess<{ host: string, port: number, ca: string }>('bench/smtp-server.ts')
  const { host, port, ca } = server.said
  const caFile = path.join(await tempDir(), 'ca.pem')
  await writeFile(caFile, ca)
  const config = { host, port, security: 'starttls', email: 'mailer@example.com', password: 'right-password' } as const
  return {
    host,
    port,
    ca,
    caFile,
    config,
    verify: async () => {
      const started = performance.now()
      const transport = nodemailer.createTransport({
        host,
        port,
        secure: false,
        requireTLS: true,
        auth: { user: config.email, pass: config.password },
        tls: { ca: [ca], minVersion: 'TLSv1.2' }
      })
      try {
        await transport.verify()
      } finally {
        transport.close()
      }
      return performance.now() - started
    },
    close: server.close
  }
}
