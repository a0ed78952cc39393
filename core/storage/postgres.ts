/**
 * The store several hub instances share on PostgreSQL (`postgres://`, `postgresql://`), on a `pg`
 * pool of its own, in tables of its own (postgres-tables.ts), created at first use. Every write
 * notifies the tables' channel in its own statement; the first watcher of the change feed opens the
 * connection that listens to it (postgres-listener.ts).
 *
 * `?table_prefix=<name>` in the URL (lowercase letters, digits, _) names the tables `<name>_record` and
 * `<name>_log` and the sequence `<name>_revision` instead of `hub_…`: several hubs, or parallel test
 * files, can share one database without meeting. The parameter is not passed on to the server.
 *
 * Compare-and-set is one conditional statement on the record's revision, a log entry is inserted (and
 * its log trimmed) by the same statement (a data-modifying CTE), and PostgreSQL having no TTL, expired
 * rows are swept when a store opens and every SWEEP_INTERVAL_MS (reads never return them anyway).
 */
import pg from 'pg'
import { BACKEND_TIMEOUT_MS, BackendCalls, CONNECT_TIMEOUT_MS } from './backend-calls.js'
import { ChangeFeed, changeMessage } from './change-feed.js'
import { SwappingUpdates } from './compare-and-set.js'
import { prefixEnd, prefixPartition } from './partitions.js'
import { PostgresListener } from './postgres-listener.js'
import { DEFAULT_TABLE_PREFIX, statements, type Statements } from './postgres-tables.js'
import { expiresAt, freeze, listLimit, type CacheableStore, type Expiring, type ExpiringRecord, type Frozen, type ListOptions, type LogEntry, type StoredRecord, type StoreWatcher, type UpdateOptions } from './store.js'

const SWEEP_INTERVAL_MS = 10 * 60_000

interface Row {
  key: string
  value: string
  /** bigint columns come back as strings. */
  expires: string | null
  revision: string
}

/**
 * Opens a PostgreSQL store without waiting for the server: the tables are made (and expired rows
 * swept) in the background, and again by the first operation if that failed.
 */
export function openPostgresStore (url: string): PostgresStore {
  const connection = new URL(url)
  const prefix = connection.searchParams.get('table_prefix') ?? DEFAULT_TABLE_PREFIX
  connection.searchParams.delete('table_prefix')
  return new PostgresStore(connection.href, statements(prefix))
}

export class PostgresStore implements CacheableStore {
  readonly shared = true
  readonly #sql: Statements
  readonly #connectionString: string
  readonly #pool: pg.Pool
  readonly #calls = new BackendCalls()
  /** Deaf until its listener listens. */
  readonly #feed = new ChangeFeed(false)
  #listener: PostgresListener | undefined
  #tables: Promise<void> | undefined
  readonly #sweeper: NodeJS.Timeout
  readonly #updates = new SwappingUpdates({
    read: async (key) => {
      const row = (await this.#query<Row>(this.#sql.read, [key])).rows[0]
      return row === undefined ? { value: undefined, version: undefined } : { value: liveValue(row), version: row.revision }
    },
    swap: async (key, version, next, ttlMs, entry) => await this.#swap(key, version, next, ttlMs, entry),
    append: async (entry) => { await this.append(entry) }
  })

  constructor (connectionString: string, sql: Statements) {
    this.#sql = sql
    this.#connectionString = connectionString
    this.#pool = new pg.Pool({
      connectionString,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      // A timed-out query's connection is discarded, not reused.
      query_timeout: BACKEND_TIMEOUT_MS,
      idleTimeoutMillis: 10_000,
      keepAlive: true
    })
    // An idle connection died (server restart, network): the pool drops it and the next query opens another.
    this.#pool.on('error', (error) => { this.#calls.clientFailed(error) })
    this.#sweeper = setInterval(() => { void this.#sweep() }, SWEEP_INTERVAL_MS).unref()
    void this.#sweep()
  }

  async get<T>(key: string): Promise<Frozen<T> | undefined> {
    const row = (await this.#query<Row>(this.#sql.read, [key])).rows[0]
    return row === undefined ? undefined : liveValue<T>(row)
  }

  async getMany<T>(keys: string[]): Promise<Array<Frozen<T> | undefined>> {
    if (keys.length === 0) return []
    const { rows } = await this.#query<Row>(this.#sql.readMany, [keys, Date.now()])
    const values = new Map(rows.map(row => [row.key, row.value]))
    return keys.map(key => parse<T>(values.get(key)))
  }

  async getEntries (keys: string[]): Promise<Array<Expiring<unknown> | undefined>> {
    if (keys.length === 0) return []
    const { rows } = await this.#query<Row>(this.#sql.readMany, [keys, Date.now()])
    const found = new Map(rows.map(row => [row.key, row]))
    return keys.map(key => {
      const row = found.get(key)
      return row === undefined ? undefined : { value: parse(row.value)!, expires: expiryOf(row) }
    })
  }

  async set (key: string, value: unknown, ttlMs?: number): Promise<void> {
    const expires = expiresAt(ttlMs)
    if (value === undefined) {
      await this.delete(key)
      return
    }
    await this.#query(this.#sql.put, [key, JSON.stringify(value), expires ?? null, changeMessage({ key })])
    this.#feed.changed({ key })
  }

  async delete (key: string): Promise<void> {
    await this.#query(this.#sql.delete, [key, changeMessage({ key })])
    this.#feed.changed({ key })
  }

  async update<T>(key: string, change: (current: Frozen<T> | undefined) => T | Frozen<T> | undefined, options: UpdateOptions<T> = {}): Promise<{ previous: Frozen<T> | undefined, next: Frozen<T> | undefined }> {
    return await this.#updates.update(key, change, options)
  }

  async take<T>(key: string): Promise<Frozen<T> | undefined> {
    const row = (await this.#query<Row>(this.#sql.take, [key, changeMessage({ key })])).rows[0]
    if (row === undefined) return undefined
    this.#feed.changed({ key })
    return liveValue<T>(row)
  }

  async list<T>(prefix: string, options?: ListOptions): Promise<Array<StoredRecord<T>>> {
    prefixPartition(prefix)
    const limit = listLimit(options)
    const { rows } = await this.#query<Row>(this.#sql.list, [prefix, prefixEnd(prefix), Date.now(), limit ?? null])
    return rows.map(row => ({ key: row.key, value: parse<T>(row.value)! }))
  }

  async listEntries (prefix: string): Promise<Array<ExpiringRecord<unknown>>> {
    prefixPartition(prefix)
    const { rows } = await this.#query<Row>(this.#sql.list, [prefix, prefixEnd(prefix), Date.now(), null])
    return rows.map(row => ({ key: row.key, value: parse(row.value)!, expires: expiryOf(row) }))
  }

  async deletePrefix (prefix: string): Promise<number> {
    prefixPartition(prefix)
    const { rows } = await this.#query<{ deleted: string }>(this.#sql.deletePrefix, [prefix, prefixEnd(prefix), Date.now(), changeMessage({ prefix })])
    this.#feed.changed({ prefix })
    return Number(rows[0]!.deleted)
  }

  async append ({ log, entry, capacity }: LogEntry): Promise<void> {
    await this.#query(this.#sql.append, [log, JSON.stringify(entry), capacity])
  }

  async recent<T>(log: string, limit: number): Promise<Array<Frozen<T>>> {
    if (!(limit > 0)) return []
    const { rows } = await this.#query<{ entry: string }>(this.#sql.recent, [log, limit])
    return rows.map(row => freeze(JSON.parse(row.entry) as T))
  }

  /** The first watcher opens the listening connection; it stays open until the store closes. */
  watch (watcher: StoreWatcher): () => void {
    const unwatch = this.#feed.watch(watcher)
    if (!this.#calls.closed) this.#listener ??= new PostgresListener(this.#connectionString, this.#sql.channel, this.#feed)
    return unwatch
  }

  async ping (): Promise<void> {
    await this.#calls.run(async () => await this.#pool.query('SELECT 1'))
  }

  async close (): Promise<void> {
    if (this.#calls.closed) return
    this.#calls.close()
    clearInterval(this.#sweeper)
    this.#feed.deaf()
    await Promise.all([this.#pool.end(), this.#listener?.close()])
  }

  /**
   * One conditional statement: it writes only if the record still has `version`, and then notifies,
   * and appends `entry`.
   */
  async #swap (key: string, version: string | undefined, next: unknown, ttlMs: number | undefined, entry: LogEntry | undefined): Promise<boolean> {
    const value = next === undefined ? undefined : JSON.stringify(next)
    const expires = expiresAt(ttlMs) ?? null
    const [swap, values] = version === undefined
      ? [this.#sql.insertIfMissing, [key, value, expires]]
      : value === undefined
        ? [this.#sql.deleteIfRevision, [key, version]]
        : [this.#sql.updateIfRevision, [key, value, expires, version]]
    const appending = entry === undefined ? [] : [entry.log, JSON.stringify(entry.entry), entry.capacity]
    const swapped = (await this.#query(this.#sql.swapping(swap, values.length, entry !== undefined), [...values, changeMessage({ key }), ...appending])).rowCount === 1
    if (swapped) this.#feed.changed({ key })
    return swapped
  }

  /** Runs a statement once the tables exist (creating them again after a failed attempt). */
  async #query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, values: unknown[]): Promise<pg.QueryResult<R>> {
    return await this.#calls.run(async () => {
      this.#tables ??= this.#createTables().catch((error: unknown) => {
        this.#tables = undefined
        throw error
      })
      await this.#tables
      return await this.#pool.query<R>(sql, values)
    })
  }

  /** In one transaction under an advisory lock: a second instance starting at once waits, then finds them made. */
  async #createTables (): Promise<void> {
    const client = await this.#pool.connect()
    // A checked-out client is not the pool's to watch: a connection lost meanwhile fails the query
    // under way, and would also be thrown as an 'error' event nobody listens to, ending the process.
    const lost = (): void => {}
    client.on('error', lost)
    try {
      await client.query('BEGIN')
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [this.#sql.lockName])
      for (const statement of this.#sql.create) await client.query(statement)
      await client.query('COMMIT')
      client.off('error', lost)
      client.release()
    } catch (error) {
      client.off('error', lost)
      // Closed, not handed back: the connection may be broken or still in the transaction (closing rolls it back).
      client.release(true)
      throw error
    }
  }

  /** Deletes the expired records, which only a read would otherwise hide (an abandoned login is never read again). */
  async #sweep (): Promise<void> {
    try {
      await this.#query(this.#sql.sweep, [Date.now()])
    } catch {
      // The server is away; the next sweep deletes what this one could not.
    }
  }
}

function liveValue<T> (row: Pick<Row, 'value' | 'expires'>): Frozen<T> | undefined {
  return row.expires !== null && Number(row.expires) <= Date.now() ? undefined : parse<T>(row.value)
}

const expiryOf = (row: Row): number | undefined => row.expires === null ? undefined : Number(row.expires)

function parse<T> (value: string | undefined): Frozen<T> | undefined {
  return value === undefined ? undefined : freeze(JSON.parse(value) as T)
}
