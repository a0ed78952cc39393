/**
 * A pool of logged-in SMTP connections per stored connection (nodemailer's pooled transport), kept in
 * the connection's cache: it is closed when the settings change or the hub stops. Every socket still
 * comes from `ctx.connect` (nodemailer's `getSocket`), through the guard and within the deadline of a
 * send that is waiting for it.
 */
import nodemailer, { type SendMailOptions, type SentMessageInfo, type Transporter } from 'nodemailer'
import type { GetSocketCallback } from 'nodemailer/lib/mailer'
import type { IntegrationContext } from 'integration-hub/plugin'
import { openSocket, provisionCallback, tlsOptions, translate, type Credentials, type Server } from './session.js'

/** A few sockets, each used for a bounded number of messages before a new login. */
const MAX_CONNECTIONS = 3
const MAX_MESSAGES = 100
/** An idle pooled connection is closed after this long. */
const IDLE_MS = 60_000

export class MailPool {
  readonly #transport: Transporter<SentMessageInfo>
  readonly #credentials: Credentials['method']
  /** The sends waiting on the pool: a new socket is opened with the deadline of the latest. */
  readonly #waiting = new Set<IntegrationContext>()

  constructor (server: Server, credentials: Credentials, ctx: IntegrationContext) {
    this.#credentials = credentials.method
    this.#transport = nodemailer.createTransport({
      pool: true,
      maxConnections: MAX_CONNECTIONS,
      maxMessages: MAX_MESSAGES,
      host: server.host,
      port: server.port,
      secure: server.mode === 'tls',
      requireTLS: server.mode === 'starttls',
      ignoreTLS: server.mode === 'none',
      auth: credentials.method === 'password'
        ? { user: credentials.user, pass: credentials.pass }
        : {
            type: 'OAuth2',
            user: credentials.user,
            provisionCallback: provisionCallback(credentials.token, () => this.#latestRun())
          },
      tls: tlsOptions(server.host, ctx),
      greetingTimeout: Math.max(1, Math.floor(ctx.remainingMs() * 0.8)),
      socketTimeout: IDLE_MS,
      getSocket: (_options: unknown, callback: GetSocketCallback) => {
        const run = this.#latestRun()
        if (run === undefined) {
          callback(Object.assign(new Error('no send is waiting for this connection'), { code: 'ECONNABORTED' }))
          return
        }
        openSocket(server, run).then(
          ({ socket, secured }) => callback(null, { connection: socket, secured }),
          (error: Error) => callback(error)
        )
      }
    })
    // A pooled connection that fails while idle has nobody to tell; the next send opens another.
    this.#transport.on('error', () => {})
  }

  async send (message: SendMailOptions, ctx: IntegrationContext): Promise<SentMessageInfo> {
    this.#waiting.add(ctx)
    try {
      return await this.#transport.sendMail({ ...message, signal: ctx.signal })
    } catch (error) {
      throw translate(error as Error, ctx, { credentials: this.#credentials })
    } finally {
      this.#waiting.delete(ctx)
    }
  }

  close (): void {
    this.#transport.close()
  }

  #latestRun (): IntegrationContext | undefined {
    return [...this.#waiting].reverse().find(run => !run.signal.aborted)
  }
}

/** The connection's pool, made on first use. */
export async function mailPool (ctx: IntegrationContext, make: () => MailPool): Promise<MailPool> {
  return await ctx.cache.get('mail-pool', async () => make(), { dispose: pool => pool.close() })
}
