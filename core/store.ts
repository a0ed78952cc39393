/**
 * Where the hub keeps its state: configs, test status, the audit trail, sessions and login state.
 * Keyv underneath, chosen by URL; on top of it what Keyv lacks: an atomic read-modify-write, and
 * capped append-only logs (the audit trail) written in the same atomic step as an update.
 */
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import Keyv from 'keyv'

/**
 * A value as the store hands it out: deeply frozen, since the single-process store shares one copy
 * between all readers instead of copying it on every read. Change a value by writing a new one.
 */
export type Frozen<T> = T extends (...args: never[]) => unknown ? T : T extends object ? { readonly [K in keyof T]: Frozen<T[K]> } : T

/** An entry for a capped log: the newest `capacity` entries of `log` are kept. */
export interface LogEntry {
  log: string
  entry: unknown
  capacity: number
}

export interface UpdateOptions<T> {
  /** The next value expires after this many ms. */
  ttlMs?: number
  /**
   * An entry to append to a log in the same atomic write as the update (so both are stored, or
   * neither): called with what `change` saw and returned; undefined appends nothing.
   */
  log?: (previous: Frozen<T> | undefined, next: Frozen<T> | undefined) => LogEntry | undefined
}

export interface HubStore {
  /** Whether several hub processes share this store (Redis, PostgreSQL), or one process owns it (SQLite). */
  readonly shared: boolean
  get<T>(key: string): Promise<Frozen<T> | undefined>
  /** Several values in one round trip, in the order of `keys`. */
  getMany<T>(keys: string[]): Promise<Array<Frozen<T> | undefined>>
  set(key: string, value: unknown, ttlMs?: number): Promise<void>
  delete(key: string): Promise<void>
  /**
   * Atomic read-modify-write: `change` sees the current value and returns the next one
   * (`undefined` deletes). If `change` throws, nothing is written. Resolves once the store has it.
   * `change` may run more than once (a shared store retries when another instance wrote first): keep it pure.
   */
  update<T>(key: string, change: (current: Frozen<T> | undefined) => T | Frozen<T> | undefined, options?: UpdateOptions<T>): Promise<{ previous: Frozen<T> | undefined, next: Frozen<T> | undefined }>
  /** Reads and deletes in one step, so a single-use value can be used once. */
  take<T>(key: string): Promise<Frozen<T> | undefined>
  /** Appends to a capped log; the oldest entries beyond its capacity are dropped. */
  append(entry: LogEntry): Promise<void>
  /** A log's newest entries, newest first, at most `limit`. */
  recent<T>(log: string, limit: number): Promise<Array<Frozen<T>>>
  /** Rejects when the store cannot be reached. */
  ping(): Promise<void>
  close(): Promise<void>
}

/** The store could not be reached or failed; the API answers 503 and the process stays up. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError'
  readonly code = 'HUB_STORE_UNAVAILABLE'
}

/**
 * Keyv-backed store whose atomic operations are serialized in this process: right for a store one
 * process owns. On any Keyv backend a log is an array under one key (`log:<name>`); SQLite keeps
 * its logs in a table of their own.
 */
export class KeyvStore implements HubStore {
  readonly shared: boolean = false
  protected readonly keyv: Keyv
  readonly #locks = new Map<string, Promise<unknown>>()

  constructor (keyv: Keyv) {
    this.keyv = keyv
    // Keyv re-emits adapter errors; they are thrown to the caller too (throwOnErrors), so only keep the emitter quiet.
    this.keyv.on('error', () => {})
  }

  async get<T>(key: string): Promise<Frozen<T> | undefined> {
    return freeze(await this.guard(async () => await this.keyv.get<T>(key)))
  }

  async getMany<T>(keys: string[]): Promise<Array<Frozen<T> | undefined>> {
    return (await this.guard(async () => await this.keyv.getMany<T>(keys))).map(freeze)
  }

  async set (key: string, value: unknown, ttlMs?: number): Promise<void> {
    await this.guard(async () => await this.keyv.set(key, value, ttlMs))
  }

  async delete (key: string): Promise<void> {
    await this.guard(async () => await this.keyv.delete(key))
  }

  async update<T>(key: string, change: (current: Frozen<T> | undefined) => T | Frozen<T> | undefined, options: UpdateOptions<T> = {}): Promise<{ previous: Frozen<T> | undefined, next: Frozen<T> | undefined }> {
    return await this.exclusive(key, async () => {
      const previous = await this.get<T>(key)
      const next = frozenCopy(change(previous)) as Frozen<T> | undefined
      await this.write(key, next, options.ttlMs, options.log?.(previous, next))
      return { previous, next }
    })
  }

  async append (entry: LogEntry): Promise<void> {
    await this.update<unknown[]>(logKey(entry.log), entries => [...(entries ?? []), entry.entry].slice(-entry.capacity))
  }

  async recent<T>(log: string, limit: number): Promise<Array<Frozen<T>>> {
    const entries = await this.get<T[]>(logKey(log)) ?? []
    return entries.slice(-limit).reverse() as Array<Frozen<T>>
  }

  /** Stores (or, with undefined, deletes) a value, then appends the log entry. */
  protected async write (key: string, value: unknown, ttlMs: number | undefined, entry: LogEntry | undefined): Promise<void> {
    if (value === undefined) await this.delete(key)
    else await this.set(key, value, ttlMs)
    if (entry !== undefined) await this.append(entry)
  }

  async take<T>(key: string): Promise<Frozen<T> | undefined> {
    return (await this.update<T>(key, () => undefined)).previous
  }

  async ping (): Promise<void> {
    await this.get('ping')
  }

  #closed = false

  async close (): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await this.keyv.disconnect()
  }

  protected async guard<R>(operation: () => Promise<R>): Promise<R> {
    try {
      return await operation()
    } catch (error) {
      throw new StoreUnavailableError('the store failed', { cause: error })
    }
  }

  /** Runs `operation` after every earlier operation on the same key has settled. */
  protected async exclusive<R>(key: string, operation: () => Promise<R>): Promise<R> {
    const previous = this.#locks.get(key) ?? Promise.resolve()
    const current = previous.then(operation, operation)
    const settled = current.catch(() => {})
    this.#locks.set(key, settled)
    try {
      return await current
    } finally {
      if (this.#locks.get(key) === settled) this.#locks.delete(key)
    }
  }
}

const logKey = (log: string): string => `log:${log}`

type SqliteQuery = (sql: string, ...parameters: unknown[]) => Promise<unknown[]>

/**
 * Beside Keyv's `hub` table: the logs, and `hub_write`, a view whose INSTEAD OF trigger stores (or,
 * with a NULL value, deletes) a record and appends a log entry, trimmed to its capacity. One INSERT
 * into it is one statement, so SQLite commits both together, with a single sync of its log to disk.
 */
const SQLITE_SCHEMA = [
  'CREATE TABLE IF NOT EXISTS hub_log (id INTEGER PRIMARY KEY AUTOINCREMENT, log TEXT NOT NULL, entry TEXT NOT NULL)',
  'CREATE INDEX IF NOT EXISTS hub_log_by_log ON hub_log (log, id)',
  'CREATE VIEW IF NOT EXISTS hub_write (key, value, log, entry, capacity) AS SELECT NULL, NULL, NULL, NULL, NULL WHERE 0',
  `CREATE TRIGGER IF NOT EXISTS hub_write INSTEAD OF INSERT ON hub_write BEGIN
     INSERT OR REPLACE INTO hub (key, value) SELECT NEW.key, NEW.value WHERE NEW.key IS NOT NULL AND NEW.value IS NOT NULL;
     DELETE FROM hub WHERE NEW.value IS NULL AND key = NEW.key;
     INSERT INTO hub_log (log, entry) VALUES (NEW.log, NEW.entry);
     DELETE FROM hub_log WHERE log = NEW.log
       AND id <= (SELECT id FROM hub_log WHERE log = NEW.log ORDER BY id DESC LIMIT 1 OFFSET NEW.capacity);
   END`
]

interface Cached {
  value: unknown
  /** Epoch ms after which the value is gone (undefined: never). */
  expires: number | undefined
}

/**
 * The SQLite store: one process owns the file, so every write passes through here and reads can be
 * answered from memory (write-through, so nothing is acknowledged before SQLite has it).
 */
class SqliteStore extends KeyvStore {
  static readonly CACHE_ENTRIES = 10_000
  readonly #cache = new Map<string, Cached>()
  readonly #query: SqliteQuery

  constructor (keyv: Keyv, query: SqliteQuery) {
    super(keyv)
    this.#query = query
  }

  /** A value and a log entry in one statement (see SQLITE_SCHEMA): one transaction, one sync to disk. */
  protected override async write (key: string, value: unknown, ttlMs: number | undefined, entry: LogEntry | undefined): Promise<void> {
    if (entry === undefined) return await super.write(key, value, ttlMs, undefined)
    const expires = ttlMs === undefined ? undefined : Date.now() + ttlMs
    this.#cache.delete(key)
    const record = value === undefined ? null : await this.keyv.serialize!({ value, expires })
    await this.#insertWrite(this.keyv._getKeyPrefix(key), record, entry)
    this.#remember(key, value, expires)
  }

  override async append (entry: LogEntry): Promise<void> {
    await this.#insertWrite(null, null, entry)
  }

  override async recent<T>(log: string, limit: number): Promise<Array<Frozen<T>>> {
    const rows = await this.guard(async () => await this.#query('SELECT entry FROM hub_log WHERE log = ? ORDER BY id DESC LIMIT ?', log, limit)) as Array<{ entry: string }>
    return rows.map(row => freeze(JSON.parse(row.entry) as T))
  }

  async #insertWrite (key: string | null, record: string | null, entry: LogEntry): Promise<void> {
    await this.guard(async () => await this.#query(
      'INSERT INTO hub_write (key, value, log, entry, capacity) VALUES (?, ?, ?, ?, ?)',
      key, record, entry.log, JSON.stringify(entry.entry), entry.capacity
    ))
  }

  override async get<T>(key: string): Promise<Frozen<T> | undefined> {
    const cached = this.#read(key)
    if (cached !== undefined) return cached.value as Frozen<T> | undefined
    const raw = await this.guard(async () => await this.keyv.get<T>(key, { raw: true }))
    return this.#remember(key, raw?.value, typeof raw?.expires === 'number' ? raw.expires : undefined) as Frozen<T> | undefined
  }

  /** Asks SQLite itself, not the cache. */
  override async ping (): Promise<void> {
    await this.guard(async () => await this.keyv.get('ping'))
  }

  override async getMany<T>(keys: string[]): Promise<Array<Frozen<T> | undefined>> {
    const cached = keys.map(key => this.#read(key))
    if (cached.every(entry => entry !== undefined)) return cached.map(entry => entry.value as Frozen<T> | undefined)
    return await Promise.all(keys.map(async key => await this.get<T>(key)))
  }

  override async set (key: string, value: unknown, ttlMs?: number): Promise<void> {
    this.#cache.delete(key)
    await super.set(key, value, ttlMs)
    this.#remember(key, value, ttlMs === undefined ? undefined : Date.now() + ttlMs)
  }

  override async delete (key: string): Promise<void> {
    this.#cache.delete(key)
    await super.delete(key)
    this.#remember(key, undefined, undefined)
  }

  #read (key: string): Cached | undefined {
    const cached = this.#cache.get(key)
    if (cached?.expires !== undefined && cached.expires <= Date.now()) {
      this.#cache.delete(key)
      return undefined
    }
    return cached
  }

  /** Caches (and returns) a frozen copy, which every reader then shares. */
  #remember (key: string, value: unknown, expires: number | undefined): unknown {
    if (this.#cache.size >= SqliteStore.CACHE_ENTRIES) this.#cache.delete(this.#cache.keys().next().value!)
    const shared = frozenCopy(value)
    this.#cache.set(key, { value: shared, expires })
    return shared
  }
}

/** Values frozen all the way down by this module, which can be shared as they are. */
const deeplyFrozen = new WeakSet<object>()

/** Freezes a value no one else holds (one just parsed), all the way down. */
export function freeze<T>(value: T): Frozen<T> {
  if (typeof value === 'object' && value !== null && !deeplyFrozen.has(value)) {
    for (const child of Object.values(value)) freeze(child)
    Object.freeze(value)
    deeplyFrozen.add(value)
  }
  return value as Frozen<T>
}

/** A frozen copy of a value the caller may still hold and change (none needed when it is already frozen). */
export function frozenCopy<T>(value: T): Frozen<T> {
  if (typeof value !== 'object' || value === null || deeplyFrozen.has(value)) return value as Frozen<T>
  return freeze(structuredClone(value))
}

/** Opens the store a URL names. SQLite files live in a folder that is created when missing. */
export async function openStore (url: string): Promise<HubStore> {
  const { protocol } = new URL(url)
  if (protocol === 'sqlite:') {
    const file = url.slice('sqlite://'.length)
    await mkdir(path.dirname(path.resolve(file)), { recursive: true })
    const { default: KeyvSqlite } = await import('@keyv/sqlite')
    const adapter = new KeyvSqlite({ uri: `sqlite://${file}`, table: 'hub', busyTimeout: 5000 })
    // Write-ahead logging: a save costs one fsync of the log instead of two of the database, and a
    // crash (kill -9) still loses nothing that was acknowledged.
    await adapter.query('PRAGMA journal_mode = WAL')
    for (const statement of SQLITE_SCHEMA) await adapter.query(statement)
    return new SqliteStore(new Keyv({ store: adapter, namespace: 'hub', throwOnErrors: true }), adapter.query)
  }
  const { openSharedStore } = await import('./shared-store.js')
  return await openSharedStore(url)
}
