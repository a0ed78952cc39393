/**
 * The listening end of the PostgreSQL store's change feed: a connection of its own (a pooled one goes
 * back to the pool, and its LISTEN with it) that LISTENs to the tables' channel and hands every
 * notification to the feed. The feed listens once LISTEN has returned: every transaction that commits
 * from then on notifies this connection. When the connection fails (an error, the server closing it,
 * a heartbeat unanswered within BACKEND_TIMEOUT_MS) the feed is deaf at once, and a new connection is
 * dialled after a backoff (100 ms doubling to 2 s), until the store closes.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import { BACKEND_TIMEOUT_MS, CONNECT_TIMEOUT_MS } from './backend-calls.js'
import type { ChangeFeed } from './change-feed.js'

/** How often the connection is asked to answer, so that a silent one is found out. */
const HEARTBEAT_MS = 5_000
/** What the connection calls itself in `pg_stat_activity`. */
export const listenerName = (channel: string): string => `integration-hub ${channel}`

export class PostgresListener {
  readonly #connectionString: string
  readonly #channel: string
  readonly #feed: ChangeFeed
  #client: pg.Client | undefined
  #closed = false
  #failures = 0
  #redial: NodeJS.Timeout | undefined
  #heartbeat: NodeJS.Timeout | undefined

  constructor (connectionString: string, channel: string, feed: ChangeFeed) {
    this.#connectionString = connectionString
    this.#channel = channel
    this.#feed = feed
    void this.#connect()
  }

  async close (): Promise<void> {
    this.#closed = true
    clearTimeout(this.#redial)
    const client = this.#client
    if (client !== undefined) await this.#lost(client)
  }

  async #connect (): Promise<void> {
    const client = new pg.Client({
      connectionString: this.#connectionString,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      query_timeout: BACKEND_TIMEOUT_MS,
      keepAlive: true,
      application_name: listenerName(this.#channel)
    })
    this.#client = client
    client.on('notification', ({ channel, payload }) => {
      if (channel === this.#channel) this.#feed.heard(payload ?? '')
    })
    client.on('error', () => { void this.#lost(client) })
    client.on('end', () => { void this.#lost(client) })
    try {
      await client.connect()
      await client.query(`LISTEN ${this.#channel}`)
    } catch {
      await this.#lost(client)
      return
    }
    // Lost or closed meanwhile.
    if (this.#client !== client) return
    this.#failures = 0
    this.#heartbeat = setInterval(() => {
      client.query('SELECT 1').catch(async () => { await this.#lost(client) })
    }, HEARTBEAT_MS).unref()
    this.#feed.listening()
  }

  /**
   * The connection is of no more use: the feed goes deaf, and (unless closed) another is dialled.
   * Resolves once this one has ended, or after BACKEND_TIMEOUT_MS (a silent server never confirms).
   */
  async #lost (client: pg.Client): Promise<void> {
    if (this.#client !== client) return
    this.#client = undefined
    clearInterval(this.#heartbeat)
    this.#feed.deaf()
    if (!this.#closed) this.#redial = setTimeout(() => { void this.#connect() }, Math.min(100 * 2 ** this.#failures++, 2_000)).unref()
    await Promise.race([client.end().catch(() => {}), sleep(BACKEND_TIMEOUT_MS, undefined, { ref: false })])
  }
}
