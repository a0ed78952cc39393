/**
 * The stores several hub instances share: Redis and PostgreSQL behind Keyv. Keyv has no compare-and-set,
 * so `update` and `take` work on the record Keyv itself reads (same key, same `{"value":…,"expires":…}`
 * envelope) with one atomic backend operation each:
 * - `update` reads the record, lets `change` compute the next one and writes it only if the record is
 *   still the one it read (a Lua script on Redis, a conditional INSERT/UPDATE/DELETE on PostgreSQL);
 *   when another instance got there first it reads again and retries, so `change` may run more than once.
 * - `take` is one GETDEL on Redis and one `DELETE … RETURNING` on PostgreSQL.
 * Every backend failure, and every operation that gets no answer within BACKEND_TIMEOUT_MS, surfaces as
 * StoreUnavailableError; the clients reconnect on their own, so the same store works again once the
 * backend is back, and opening does not fail when it is away (it waits at most CONNECT_TIMEOUT_MS).
 */
import { setTimeout as sleep } from 'node:timers/promises'
import Keyv from 'keyv'
import KeyvRedis, { createClient } from '@keyv/redis'
import KeyvPostgres from '@keyv/postgres'
import pg from 'pg'
import { freeze, frozenCopy, KeyvStore, StoreUnavailableError, type Frozen, type HubStore, type LogEntry, type UpdateOptions } from './store.js'

/** How long one store operation may wait for the backend before it fails (ping must fail within 2 s). */
const BACKEND_TIMEOUT_MS = 1_500
/**
 * How long the clients may take to connect. Shorter than BACKEND_TIMEOUT_MS: a command that waited for a
 * connection is dropped before its caller is told it failed, never sent afterwards.
 */
const CONNECT_TIMEOUT_MS = 1_000
/** How often PostgreSQL stores delete expired records (also once when opened). */
const SWEEP_INTERVAL_MS = 10 * 60_000
/** Lost compare-and-sets before an update gives up; only other instances can make it lose (see `exclusive`). */
const MAX_UPDATE_ATTEMPTS = 50

/** Opens a Redis (`redis://`, `rediss://`) or PostgreSQL (`postgres://`, `postgresql://`) store. */
export async function openSharedStore (url: string): Promise<HubStore> {
  const { protocol } = new URL(url)
  switch (protocol) {
    case 'redis:':
    case 'rediss:':
      return await openRedisStore(url)
    case 'postgres:':
    case 'postgresql:':
      return openPostgresStore(url)
    default:
      throw new TypeError(`Unsupported store URL scheme "${protocol}": use sqlite://, redis://, rediss://, postgres:// or postgresql://`)
  }
}

/** A Keyv store whose atomic operations hold across processes, given a compare-and-set on raw records. */
abstract class SharedKeyvStore extends KeyvStore {
  override readonly shared = true
  #closed = false
  /** What the client last complained about (a refused login, say), kept as the cause of a timeout. */
  #lastClientError: unknown

  constructor (keyv: Keyv) {
    super(keyv)
    this.keyv.on('error', (error: unknown) => { this.#lastClientError = error })
  }

  /** The key the backend holds for a hub key: Keyv's namespace prefix plus whatever the adapter adds. */
  protected abstract recordKey (key: string): string
  /** The record as stored (Keyv's serialized envelope), or undefined when there is none. */
  protected abstract readRecord (recordKey: string): Promise<string | undefined>
  /**
   * Replaces the record (undefined: deletes it) only if it still is `expected`, and then appends the
   * log entry, all in one atomic step; false (and nothing written) when the record is not `expected`.
   */
  protected abstract swapRecord (recordKey: string, expected: string | undefined, next: string | undefined, ttlMs: number | undefined, entry?: LogEntry): Promise<boolean>
  /** Deletes the record and returns what it was, in one step. */
  protected abstract takeRecord (recordKey: string): Promise<string | undefined>

  override async get<T>(key: string): Promise<Frozen<T> | undefined> {
    const recordKey = this.recordKey(key)
    const record = await this.guard(async () => await this.readRecord(recordKey))
    const envelope = await this.unseal<T>(record)
    // Keyv would delete an expired record by key alone, which could drop a value another instance has
    // just written in its place; delete it only if it is still the expired one.
    if (record !== undefined && envelope === undefined) {
      await this.guard(async () => await this.swapRecord(recordKey, record, undefined, undefined))
    }
    return freeze(envelope?.value)
  }

  override async getMany<T>(keys: string[]): Promise<Array<Frozen<T> | undefined>> {
    return await Promise.all(keys.map(async key => await this.get<T>(key)))
  }

  override async update<T>(key: string, change: (current: Frozen<T> | undefined) => T | Frozen<T> | undefined, options: UpdateOptions<T> = {}): Promise<{ previous: Frozen<T> | undefined, next: Frozen<T> | undefined }> {
    const ttl = normalizeTtl(options.ttlMs)
    const recordKey = this.recordKey(key)
    // Updates of one key from this instance queue up here, so only other instances can make a swap fail.
    return await this.exclusive(key, async () => {
      for (let attempt = 1; ; attempt++) {
        const record = await this.guard(async () => await this.readRecord(recordKey))
        const previous = freeze((await this.unseal<T>(record))?.value)
        const next = frozenCopy(change(previous)) as Frozen<T> | undefined
        const entry = options.log?.(previous, next)
        if (record === undefined && next === undefined) {
          if (entry !== undefined) await this.append(entry)
          return { previous, next }
        }
        const nextRecord = next === undefined ? undefined : await this.seal(next, ttl)
        if (await this.guard(async () => await this.swapRecord(recordKey, record, nextRecord, ttl, entry))) return { previous, next }
        if (attempt === MAX_UPDATE_ATTEMPTS) {
          throw new StoreUnavailableError(`the store kept changing under an update (${attempt} attempts)`)
        }
        // Spread out the instances that keep colliding on this key.
        await sleep(Math.random() * Math.min(attempt, 10))
      }
    })
  }

  override async take<T>(key: string): Promise<Frozen<T> | undefined> {
    const recordKey = this.recordKey(key)
    const record = await this.guard(async () => await this.takeRecord(recordKey))
    return freeze((await this.unseal<T>(record))?.value)
  }

  override async close (): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await super.close()
  }

  /**
   * Bounds every backend call, so a silent backend fails the call instead of hanging it, and refuses
   * calls after close(), which the adapters would otherwise answer by connecting again.
   */
  protected override async guard<R>(operation: () => Promise<R>): Promise<R> {
    return await super.guard(async () => {
      if (this.#closed) throw new Error('the store is closed')
      const result = await withDeadline(operation(), BACKEND_TIMEOUT_MS, () => this.#lastClientError)
      this.#lastClientError = undefined
      return result
    })
  }

  /** Serializes like `Keyv.set`, so Keyv (and `get`) read what `update` wrote. */
  private async seal (value: unknown, ttlMs: number | undefined): Promise<string> {
    const expires = ttlMs === undefined ? undefined : Date.now() + ttlMs
    return await this.keyv.serialize!({ value, expires })
  }

  /** The envelope in a record, or undefined when there is none or it has expired (Keyv's own rule). */
  private async unseal<T>(record: string | undefined): Promise<{ value: T | undefined } | undefined> {
    if (record === undefined) return undefined
    const envelope = await this.keyv.deserialize!<T>(record)
    if (envelope === undefined || envelope === null) return undefined
    if (typeof envelope.expires === 'number' && Date.now() > envelope.expires) return undefined
    return { value: envelope.value }
  }
}

/** Keyv's reading of a TTL (0 or none: no expiry), in whole milliseconds as Redis' PX wants. */
function normalizeTtl (ttlMs: number | undefined): number | undefined {
  if (ttlMs === undefined || ttlMs === 0) return undefined
  if (!(ttlMs > 0 && Number.isFinite(ttlMs))) throw new RangeError(`ttlMs must be a positive number of milliseconds, got ${ttlMs}`)
  return Math.ceil(ttlMs)
}

async function withDeadline<R>(work: Promise<R>, ms: number, lastClientError: () => unknown): Promise<R> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => { reject(new Error(`the store did not answer within ${ms} ms`, { cause: lastClientError() })) }, ms)
  })
  try {
    return await Promise.race([work, deadline])
  } finally {
    clearTimeout(timer)
  }
}

// ---------------------------------------------------------------------------------------------- Redis

/**
 * Compare-and-set in one script, which Redis runs atomically. WATCH/MULTI/EXEC would do the same, but
 * WATCH belongs to the connection and the client multiplexes every caller on one: one caller's EXEC
 * would drop the watches of another caller's transaction on a different key.
 * KEYS[1] the record, KEYS[2] a log (optional); ARGV[1] the expected record ('' none), ARGV[2] the next
 * one ('' delete), ARGV[3] PX ('' none), ARGV[4] the log entry and ARGV[5] the log's capacity.
 */
const SWAP_SCRIPT = `
local current = redis.call('GET', KEYS[1]) or ''
if current ~= ARGV[1] then return 0 end
if ARGV[2] == '' then
  redis.call('DEL', KEYS[1])
elseif ARGV[3] == '' then
  redis.call('SET', KEYS[1], ARGV[2])
else
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
end
if KEYS[2] then
  redis.call('RPUSH', KEYS[2], ARGV[4])
  redis.call('LTRIM', KEYS[2], -tonumber(ARGV[5]), -1)
end
return 1
`

type RedisClient = ReturnType<typeof createClient>

async function openRedisStore (url: string): Promise<HubStore> {
  const client: RedisClient = createClient({
    url,
    // No queue while disconnected: a command fails at once rather than being sent, maybe much later,
    // after its caller was told it failed.
    disableOfflineQueue: true,
    // Keeps a healthy idle connection from reaching the socket timeout; a silent one is dropped and redialled.
    pingInterval: 5_000,
    socket: {
      connectTimeout: CONNECT_TIMEOUT_MS,
      socketTimeout: 15_000,
      // Redial forever (the store must come back by itself), but not after close().
      reconnectStrategy: (retries: number) => client.isOpen ? Math.min(100 * 2 ** retries, 2_000) : false
    }
  })
  const adapter = new KeyvRedis(client)
  const store = new RedisStore(new Keyv({ store: adapter, namespace: 'hub', throwOnErrors: true }), adapter, client)
  // Give the first connection a moment, then let it keep trying in the background: while Redis is
  // away every operation fails with StoreUnavailableError, and the store works again once it is back.
  const connected = client.connect().catch(() => {})
  await Promise.race([connected, sleep(CONNECT_TIMEOUT_MS, undefined, { ref: false })])
  return store
}

class RedisStore extends SharedKeyvStore {
  readonly #adapter: KeyvRedis<unknown>
  readonly #client: RedisClient

  constructor (keyv: Keyv, adapter: KeyvRedis<unknown>, client: RedisClient) {
    super(keyv)
    this.#adapter = adapter
    this.#client = client
  }

  protected recordKey (key: string): string {
    return this.#adapter.createKeyPrefix(this.keyv._getKeyPrefix(key), this.#adapter.namespace)
  }

  protected async readRecord (recordKey: string): Promise<string | undefined> {
    return (await this.#client.get(recordKey)) ?? undefined
  }

  protected async swapRecord (recordKey: string, expected: string | undefined, next: string | undefined, ttlMs: number | undefined, entry?: LogEntry): Promise<boolean> {
    const swapped = await this.#client.eval(SWAP_SCRIPT, {
      keys: entry === undefined ? [recordKey] : [recordKey, this.#logKey(entry.log)],
      arguments: [
        expected ?? '',
        next ?? '',
        ttlMs === undefined ? '' : String(ttlMs),
        ...(entry === undefined ? [] : [JSON.stringify(entry.entry), String(entry.capacity)])
      ]
    })
    return swapped === 1
  }

  override async append (entry: LogEntry): Promise<void> {
    const key = this.#logKey(entry.log)
    await this.guard(async () => await this.#client.multi().rPush(key, JSON.stringify(entry.entry)).lTrim(key, -entry.capacity, -1).exec())
  }

  override async recent<T>(log: string, limit: number): Promise<Array<Frozen<T>>> {
    const entries = await this.guard(async () => await this.#client.lRange(this.#logKey(log), -limit, -1))
    return entries.reverse().map(entry => freeze(JSON.parse(entry) as T))
  }

  /** A Redis list beside the records, under the same prefix. */
  #logKey (log: string): string {
    return this.recordKey(`log:${log}`)
  }

  protected async takeRecord (recordKey: string): Promise<string | undefined> {
    return (await this.#client.getDel(recordKey)) ?? undefined
  }

  override async close (): Promise<void> {
    // destroy(), not a graceful close: that would wait forever for replies a lost connection never brings.
    if (this.#client.isOpen) this.#client.destroy()
    await super.close()
  }
}

// ----------------------------------------------------------------------------------------- PostgreSQL

/**
 * @keyv/postgres on a pool of its own. The package's pool is one per process, ended for every instance by
 * the first one that disconnects, has no timeouts (a silent server hangs each query) and no 'error'
 * listener (a dropped idle connection would crash the process).
 */
class PooledKeyvPostgres extends KeyvPostgres {
  readonly pool: pg.Pool
  #table: Promise<void> | undefined

  constructor (url: string) {
    // The base constructor calls connect() and creates the table through it once this constructor is done.
    super({ uri: url })
    this.pool = new pg.Pool({
      connectionString: url,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      // A timed-out query's connection is discarded, not reused.
      query_timeout: BACKEND_TIMEOUT_MS,
      idleTimeoutMillis: 10_000,
      keepAlive: true
    })
    // An idle connection died (server restart, network): the pool drops it and the next query opens another.
    this.pool.on('error', () => {})
  }

  override async connect (): Promise<(sql: string, values?: unknown[]) => Promise<any[]>> {
    return async (sql, values) => (await this.run(sql, values)).rows
  }

  override async disconnect (): Promise<void> {
    await this.pool.end()
  }

  /** Runs a statement once the table exists (creating it again after a failed attempt). */
  async run (sql: string, values?: unknown[]): Promise<{ rows: Array<Record<string, unknown>>, rowCount: number | null }> {
    this.#table ??= this.createTable()
    await this.#table
    return await this.pool.query(sql, values)
  }

  get tableName (): string {
    return `${this.opts.schema ?? 'public'}.${this.opts.table ?? 'keyv'}`
  }

  /** The logs, beside Keyv's table. */
  get logTableName (): string {
    return `${this.tableName}_log`
  }

  private async createTable (): Promise<void> {
    try {
      for (const statement of [
        `CREATE TABLE IF NOT EXISTS ${this.tableName}(key VARCHAR(${Number(this.opts.keySize ?? 255)}) PRIMARY KEY, value TEXT )`,
        `CREATE TABLE IF NOT EXISTS ${this.logTableName}(id BIGSERIAL PRIMARY KEY, log TEXT NOT NULL, entry TEXT NOT NULL)`,
        `CREATE INDEX IF NOT EXISTS ${this.opts.table ?? 'keyv'}_log_by_log ON ${this.logTableName} (log, id)`
      ]) await this.createOnce(statement)
    } catch (error) {
      this.#table = undefined
      throw error
    }
  }

  /** Two instances creating a table at once: one loses on the table or its type name, and the table is there. */
  private async createOnce (statement: string): Promise<void> {
    try {
      await this.pool.query(statement)
    } catch (error) {
      const { code } = error as { code?: string }
      if (code !== '23505' && code !== '42P07') throw error
    }
  }
}

function openPostgresStore (url: string): HubStore {
  const adapter = new PooledKeyvPostgres(url)
  return new PostgresStore(new Keyv({ store: adapter, namespace: 'hub', throwOnErrors: true }), adapter)
}

class PostgresStore extends SharedKeyvStore {
  readonly #adapter: PooledKeyvPostgres
  readonly #sweeper: NodeJS.Timeout

  constructor (keyv: Keyv, adapter: PooledKeyvPostgres) {
    super(keyv)
    this.#adapter = adapter
    this.#sweeper = setInterval(() => { void this.sweep() }, SWEEP_INTERVAL_MS).unref()
    void this.sweep()
  }

  override async close (): Promise<void> {
    clearInterval(this.#sweeper)
    await super.close()
  }

  /**
   * Deletes the hub's expired records: PostgreSQL has no TTL, and Keyv only hides an expired record
   * (deleting it when read), so a value never read again, like an abandoned login, would stay forever.
   */
  private async sweep (): Promise<void> {
    try {
      await this.guard(async () => await this.#adapter.run(
        `DELETE FROM ${this.#adapter.tableName} WHERE key LIKE $1
           AND (CASE WHEN value LIKE '%"expires":%' THEN (value::jsonb ->> 'expires')::numeric END) < $2`,
        [`${this.keyv.namespace}:%`, Date.now()]
      ))
    } catch {
      // The backend is away; the next sweep deletes what this one could not.
    }
  }

  protected recordKey (key: string): string {
    return this.keyv._getKeyPrefix(key)
  }

  protected async readRecord (recordKey: string): Promise<string | undefined> {
    const { rows } = await this.#adapter.run(`SELECT value FROM ${this.#adapter.tableName} WHERE key = $1`, [recordKey])
    return rows[0]?.value as string | undefined
  }

  /**
   * Each case is one statement whose WHERE (or ON CONFLICT) is the comparison, so it is atomic; a log
   * entry is inserted by the same statement, for each row it changed (so only when it did).
   */
  protected async swapRecord (recordKey: string, expected: string | undefined, next: string | undefined, _ttlMs: number | undefined, entry?: LogEntry): Promise<boolean> {
    const table = this.#adapter.tableName
    if (expected === undefined && next === undefined) return true
    const [swap, values] = expected === undefined
      ? [`INSERT INTO ${table} (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, [recordKey, next]]
      : next === undefined
        ? [`DELETE FROM ${table} WHERE key = $1 AND value = $2`, [recordKey, expected]]
        : [`UPDATE ${table} SET value = $3 WHERE key = $1 AND value = $2`, [recordKey, expected, next]]
    if (entry === undefined) return (await this.#adapter.run(swap, values)).rowCount === 1
    const log = this.#adapter.logTableName
    const { rowCount } = await this.#adapter.run(
      `WITH swapped AS (${swap} RETURNING 1) INSERT INTO ${log} (log, entry) SELECT $${values.length + 1}, $${values.length + 2} FROM swapped`,
      [...values, entry.log, JSON.stringify(entry.entry)]
    )
    if (rowCount === 1) await this.#trim(entry)
    return rowCount === 1
  }

  override async append (entry: LogEntry): Promise<void> {
    await this.guard(async () => await this.#adapter.run(`INSERT INTO ${this.#adapter.logTableName} (log, entry) VALUES ($1, $2)`, [entry.log, JSON.stringify(entry.entry)]))
    await this.#trim(entry)
  }

  override async recent<T>(log: string, limit: number): Promise<Array<Frozen<T>>> {
    const { rows } = await this.guard(async () => await this.#adapter.run(`SELECT entry FROM ${this.#adapter.logTableName} WHERE log = $1 ORDER BY id DESC LIMIT $2`, [log, limit]))
    return rows.map(row => freeze(JSON.parse(row.entry as string) as T))
  }

  /**
   * Drops a log's entries beyond its capacity: housekeeping after an append that is already stored,
   * so a failure is not the append's (the next append trims what this one could not).
   */
  async #trim (entry: LogEntry): Promise<void> {
    const log = this.#adapter.logTableName
    try {
      await this.guard(async () => await this.#adapter.run(
        `DELETE FROM ${log} WHERE log = $1 AND id <= (SELECT id FROM ${log} WHERE log = $1 ORDER BY id DESC OFFSET $2 LIMIT 1)`,
        [entry.log, entry.capacity]
      ))
    } catch {}
  }

  protected async takeRecord (recordKey: string): Promise<string | undefined> {
    const { rows } = await this.#adapter.run(`DELETE FROM ${this.#adapter.tableName} WHERE key = $1 RETURNING value`, [recordKey])
    return rows[0]?.value as string | undefined
  }
}
