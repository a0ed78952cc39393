/**
 * The embedded default store: one SQLite file that one hub process owns. The file is locked for
 * that process (another one fails to open it, instead of both caching different truths), so every
 * write passes through here and reads are answered from memory, write-through.
 *
 * Synchronous (better-sqlite3). A durable commit is one sync of the write-ahead log on the event
 * loop, about 0.5 ms; handing it to the thread pool cost 2 ms after an idle wait on a virtual
 * machine, most of it waking threads. Values that expire (sessions, login state, counters of wrong tokens)
 * are committed without that sync: a power loss may forget them, and requests anyone can send never
 * wait on the disk.
 */
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import Database from 'better-sqlite3'
import { defaultDeserialize } from '@keyv/serialize'
import { startupErrors } from '../errors.js'
import { freeze, frozenCopy, StoreUnavailableError, type Frozen, type HubStore, type LogEntry, type UpdateOptions } from './store.js'

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS hub_record (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires INTEGER) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS hub_record_by_expiry ON hub_record (expires) WHERE expires IS NOT NULL;
  CREATE TABLE IF NOT EXISTS hub_log (id INTEGER PRIMARY KEY AUTOINCREMENT, log TEXT NOT NULL, entry TEXT NOT NULL);
  CREATE INDEX IF NOT EXISTS hub_log_by_log ON hub_log (log, id);
`

/** How long opening waits for another process to let go of the file (a hub still stopping, say). */
const BUSY_TIMEOUT_MS = 5_000
/** How often expired records are deleted (also once when opened); reads never return them anyway. */
const SWEEP_INTERVAL_MS = 10 * 60_000
const CACHE_ENTRIES = 10_000

interface Cached {
  value: unknown
  /** Epoch ms after which the value is gone (undefined: never). */
  expires: number | undefined
}

type Statement = Database.Statement<unknown[], unknown>

/** Opens (creating folder, file and tables when missing) the SQLite store at `file`; fails with HUB_ERR_STORE_UNUSABLE. */
export async function openSqliteStore (file: string): Promise<HubStore> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true })
  let db: Database.Database | undefined
  try {
    db = new Database(file, { timeout: BUSY_TIMEOUT_MS })
    // Exclusive before the first access: the lock is taken now and held until close, and no
    // shared-memory index is made (nothing else may read the file while this process writes it).
    db.pragma('locking_mode = EXCLUSIVE')
    db.pragma('journal_mode = WAL')
    db.exec(SCHEMA)
    moveKeyvRecords(db)
    return new SqliteStore(db)
  } catch (error) {
    db?.close()
    throw startupErrors.storeUnusable(file, (error as { code?: string }).code === 'SQLITE_BUSY'
      ? 'is in use by another process: one hub process owns it (stop the other one, or use Redis or PostgreSQL to run several)'
      : `cannot be opened: ${(error as Error).message}`, error)
  }
}

/**
 * Earlier versions kept records through Keyv, in a table `hub` of `hub:<key>` rows holding
 * `{"value":…,"expires":…}`: moved here once, in one transaction, with Keyv's own decoding.
 */
function moveKeyvRecords (db: Database.Database): void {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'hub'").get()
  if (table === undefined) return
  const insert = db.prepare('INSERT OR IGNORE INTO hub_record (key, value, expires) VALUES (?, ?, ?)')
  db.transaction(() => {
    for (const row of db.prepare('SELECT key, value FROM hub').all() as Array<{ key: string, value: string }>) {
      if (!row.key.startsWith('hub:')) continue
      const { value, expires } = defaultDeserialize(row.value) as { value?: unknown, expires?: number | null }
      if (value === undefined || (typeof expires === 'number' && expires <= Date.now())) continue
      insert.run(row.key.slice('hub:'.length), JSON.stringify(value), expires ?? null)
    }
    db.exec('DROP VIEW IF EXISTS hub_write; DROP TABLE hub')
  })()
}

class SqliteStore implements HubStore {
  readonly shared = false
  readonly #db: Database.Database
  readonly #cache = new Map<string, Cached>()
  readonly #select: Statement
  readonly #upsert: Statement
  readonly #delete: Statement
  readonly #append: Statement
  readonly #trim: Statement
  readonly #recent: Statement
  readonly #sweep: Statement
  readonly #transaction: (work: () => void) => void
  /** The connection's current `synchronous` setting: switched only when a commit needs the other. */
  #durable = false
  readonly #sweeper: NodeJS.Timeout

  constructor (db: Database.Database) {
    this.#db = db
    this.#select = db.prepare('SELECT value, expires FROM hub_record WHERE key = ?')
    this.#upsert = db.prepare('INSERT INTO hub_record (key, value, expires) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires = excluded.expires')
    this.#delete = db.prepare('DELETE FROM hub_record WHERE key = ?')
    this.#append = db.prepare('INSERT INTO hub_log (log, entry) VALUES (?, ?)')
    this.#trim = db.prepare('DELETE FROM hub_log WHERE log = ? AND id <= (SELECT id FROM hub_log WHERE log = ? ORDER BY id DESC LIMIT 1 OFFSET ?)')
    this.#recent = db.prepare('SELECT entry FROM hub_log WHERE log = ? ORDER BY id DESC LIMIT ?')
    this.#sweep = db.prepare('DELETE FROM hub_record WHERE expires <= ?')
    this.#transaction = db.transaction((work: () => void) => work())
    db.pragma('synchronous = NORMAL')
    this.#sweepExpired()
    this.#sweeper = setInterval(() => this.#sweepExpired(), SWEEP_INTERVAL_MS).unref()
  }

  async get<T>(key: string): Promise<Frozen<T> | undefined> {
    return this.#read(key).value as Frozen<T> | undefined
  }

  async getMany<T>(keys: string[]): Promise<Array<Frozen<T> | undefined>> {
    return keys.map(key => this.#read(key).value as Frozen<T> | undefined)
  }

  async set (key: string, value: unknown, ttlMs?: number): Promise<void> {
    const expires = expiry(ttlMs)
    this.#write(key, frozenCopy(value), expires, undefined, expires === undefined)
  }

  async delete (key: string): Promise<void> {
    await this.update(key, () => undefined)
  }

  /** Nothing else runs between reading and writing: the event loop is ours until the commit. */
  async update<T>(key: string, change: (current: Frozen<T> | undefined) => T | Frozen<T> | undefined, options: UpdateOptions<T> = {}): Promise<{ previous: Frozen<T> | undefined, next: Frozen<T> | undefined }> {
    const current = this.#read(key)
    const previous = current.value as Frozen<T> | undefined
    const next = frozenCopy(change(previous)) as Frozen<T> | undefined
    const entry = options.log?.(previous, next)
    if (previous === undefined && next === undefined && entry === undefined) return { previous, next }
    const expires = next === undefined ? undefined : expiry(options.ttlMs)
    // What lasts is synced to disk; a value that expires (or its removal) is not.
    const lasting = next === undefined ? current.expires === undefined : expires === undefined
    this.#write(key, next, expires, entry, lasting || entry !== undefined)
    return { previous, next }
  }

  async take<T>(key: string): Promise<Frozen<T> | undefined> {
    return (await this.update<T>(key, () => undefined)).previous
  }

  async append (entry: LogEntry): Promise<void> {
    this.#commit(true, () => this.#appendEntry(entry))
  }

  async recent<T>(log: string, limit: number): Promise<Array<Frozen<T>>> {
    const rows = this.#guard(() => this.#recent.all(log, limit)) as Array<{ entry: string }>
    return rows.map(row => freeze(JSON.parse(row.entry) as T))
  }

  /** Asks SQLite itself, not the cache. */
  async ping (): Promise<void> {
    this.#guard(() => this.#select.get('ping'))
  }

  async close (): Promise<void> {
    clearInterval(this.#sweeper)
    this.#cache.clear()
    if (this.#db.open) this.#db.close()
  }

  #read (key: string): Cached {
    const cached = this.#cache.get(key)
    if (cached !== undefined && (cached.expires === undefined || cached.expires > Date.now())) return cached
    const row = this.#guard(() => this.#select.get(key)) as { value: string, expires: number | null } | undefined
    if (row === undefined || (row.expires !== null && row.expires <= Date.now())) return this.#remember(key, undefined, undefined)
    return this.#remember(key, freeze(JSON.parse(row.value)), row.expires ?? undefined)
  }

  /** Stores (or, with undefined, deletes) a frozen value and appends the log entry, in one commit. */
  #write (key: string, value: unknown, expires: number | undefined, entry: LogEntry | undefined, durable: boolean): void {
    this.#commit(durable, () => {
      if (value === undefined) this.#delete.run(key)
      else this.#upsert.run(key, JSON.stringify(value), expires ?? null)
      if (entry !== undefined) this.#appendEntry(entry)
    })
    this.#remember(key, value, expires)
  }

  #appendEntry ({ log, entry, capacity }: LogEntry): void {
    this.#append.run(log, JSON.stringify(entry))
    this.#trim.run(log, log, capacity)
  }

  /** One transaction; synced to disk before it returns when `durable`. */
  #commit (durable: boolean, work: () => void): void {
    this.#guard(() => {
      if (durable !== this.#durable) {
        // In WAL mode FULL syncs the log at every commit, NORMAL only at checkpoints (and stays
        // consistent). Set anew each time: SQLite applies this pragma when it compiles it.
        this.#db.pragma(durable ? 'synchronous = FULL' : 'synchronous = NORMAL')
        this.#durable = durable
      }
      this.#transaction(work)
    })
  }

  #sweepExpired (): void {
    try {
      this.#commit(false, () => this.#sweep.run(Date.now()))
    } catch {
      // A failing store shows in ping and in the next request; the sweep tries again later.
    }
  }

  #remember (key: string, value: unknown, expires: number | undefined): Cached {
    const cached = { value, expires }
    this.#cache.delete(key)
    if (this.#cache.size >= CACHE_ENTRIES) this.#cache.delete(this.#cache.keys().next().value!)
    this.#cache.set(key, cached)
    return cached
  }

  #guard<R>(operation: () => R): R {
    try {
      return operation()
    } catch (error) {
      throw new StoreUnavailableError('the store failed', { cause: error })
    }
  }
}

const expiry = (ttlMs: number | undefined): number | undefined => ttlMs === undefined ? undefined : Date.now() + ttlMs
