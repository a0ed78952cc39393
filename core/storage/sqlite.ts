/**
 * The embedded default store: one SQLite file that one hub process owns. The file is locked for
 * that process (another one fails to open it, instead of both caching different truths), so every
 * write passes through this object: its change feed reports all of them, which keeps a read cache in
 * front of it (cached.ts, as the hub opens it) exact.
 *
 * Synchronous (better-sqlite3): a durable commit is one sync of the write-ahead log on the event loop
 * (docs/performance.md has what that costs). Values that expire (sessions, login state, counters of
 * wrong tokens) are committed without that sync: a power loss may forget them, and requests anyone
 * can send never wait on the disk.
 *
 * The folder (when this creates it) is private to the hub's user (0700), and so are the file and its
 * write-ahead log (0600: SQLite gives the log the mode of the file, which is created here first).
 */
import { mkdir, open } from 'node:fs/promises'
import path from 'node:path'
import Database from 'better-sqlite3'
import { startupErrors } from '../errors.js'
import { ChangeFeed } from './change-feed.js'
import { prefixEnd, prefixPartition } from './partitions.js'
import { expiresAt, freeze, frozenCopy, listLimit, StoreUnavailableError, type CacheableStore, type Expiring, type ExpiringRecord, type Frozen, type ListOptions, type LogEntry, type StoredRecord, type StoreWatcher, type UpdateOptions } from './store.js'

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

/**
 * Appends a capped log takes between trims. A trim looks `capacity` rows back and deletes the oldest
 * beyond them: at each append that cost a send through the hub more than its audit entry did (at the
 * audit trail's 5000), every fiftieth of the capacity it is a small share. Until its next trim a log
 * holds a few rows more than its capacity, which `recent` never returns.
 */
const trimEvery = (capacity: number): number => Math.max(1, Math.ceil(capacity / 50))

interface Stored {
  value: unknown
  /** Epoch ms after which the value is gone (undefined: never). */
  expires: number | undefined
}

interface Row {
  key: string
  value: string
  expires: number | null
}

type Statement = Database.Statement<unknown[], unknown>

/** Opens (creating folder, file and tables when missing) the SQLite store at `file`; fails with HUB_ERR_STORE_UNUSABLE. */
export async function openSqliteStore (file: string): Promise<SqliteStore> {
  let db: Database.Database | undefined
  try {
    await createPrivately(file)
    db = new Database(file, { timeout: BUSY_TIMEOUT_MS })
    // Exclusive before the first access: the lock is taken now and held until close, and no
    // shared-memory index is made (nothing else may read the file while this process writes it).
    db.pragma('locking_mode = EXCLUSIVE')
    db.pragma('journal_mode = WAL')
    // What VACUUM and large sorts would write to temporary files stays in memory instead.
    db.pragma('temp_store = MEMORY')
    db.exec(SCHEMA)
    return new SqliteStore(db)
  } catch (error) {
    db?.close()
    throw startupErrors.storeUnusable(file, (error as { code?: string }).code === 'SQLITE_BUSY'
      ? 'is in use by another process: one hub process owns it (stop the other one, or use Redis or PostgreSQL to run several)'
      : `cannot be opened: ${(error as Error).message}`, error)
  }
}

/** Creates the folder (0700) and the empty file (0600) when they are missing; leaves existing ones as they are. */
async function createPrivately (file: string): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 })
  // 'a' creates a missing file with this mode and never truncates an existing one.
  await (await open(file, 'a', 0o600)).close()
}

export class SqliteStore implements CacheableStore {
  readonly shared = false
  /**
   * The connection to the file, for the job engine only: it keeps its own tables in the same file.
   * Leave the connection's settings (pragmas) as they are; this store switches `synchronous` itself.
   */
  readonly database: Database.Database
  readonly #feed = new ChangeFeed(true)
  readonly #select: Statement
  readonly #upsert: Statement
  readonly #delete: Statement
  readonly #list: Statement
  readonly #deleteRecords: Statement
  readonly #deleteLogs: Statement
  readonly #append: Statement
  readonly #trim: Statement
  readonly #recent: Statement
  readonly #sweep: Statement
  readonly #transaction: (work: () => void) => void
  /** The connection's current `synchronous` setting: switched only when a commit needs the other. */
  #durable = false
  /** Each log appended to since the file was opened: its capacity, and the appends since its last trim. */
  readonly #logs = new Map<string, { capacity: number, untrimmed: number }>()
  readonly #sweeper: NodeJS.Timeout

  constructor (db: Database.Database) {
    this.database = db
    this.#select = db.prepare('SELECT value, expires FROM hub_record WHERE key = ?')
    this.#upsert = db.prepare('INSERT INTO hub_record (key, value, expires) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires = excluded.expires')
    this.#delete = db.prepare('DELETE FROM hub_record WHERE key = ?')
    // Prefixes as ranges of the primary key (and of the log index): only the rows under the prefix are read.
    this.#list = db.prepare('SELECT key, value, expires FROM hub_record WHERE key >= ? AND key < ? AND (expires IS NULL OR expires > ?) ORDER BY key LIMIT ?')
    this.#deleteRecords = db.prepare('DELETE FROM hub_record WHERE key >= ? AND key < ? RETURNING key, expires')
    this.#deleteLogs = db.prepare('DELETE FROM hub_log WHERE log >= ? AND log < ? RETURNING log')
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

  async getEntries (keys: string[]): Promise<Array<Expiring<unknown> | undefined>> {
    return keys.map(key => {
      const stored = this.#read(key)
      return stored.value === undefined ? undefined : stored as Expiring<unknown>
    })
  }

  async set (key: string, value: unknown, ttlMs?: number): Promise<void> {
    const expires = expiresAt(ttlMs)
    this.#write(key, value, expires, undefined, expires === undefined)
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
    const expires = next === undefined ? undefined : expiresAt(options.ttlMs)
    // What lasts is synced to disk; a value that expires (or its removal) is not.
    const lasting = next === undefined ? current.expires === undefined : expires === undefined
    this.#write(key, next, expires, entry, lasting || entry !== undefined)
    return { previous, next }
  }

  async take<T>(key: string): Promise<Frozen<T> | undefined> {
    return (await this.update<T>(key, () => undefined)).previous
  }

  async list<T>(prefix: string, options?: ListOptions): Promise<Array<StoredRecord<T>>> {
    prefixPartition(prefix)
    const limit = listLimit(options)
    return this.#listed(prefix, limit).map(row => ({ key: row.key, value: freeze(JSON.parse(row.value) as T) }))
  }

  async listEntries (prefix: string): Promise<Array<ExpiringRecord<unknown>>> {
    prefixPartition(prefix)
    return this.#listed(prefix, undefined).map(row => ({ key: row.key, value: freeze(JSON.parse(row.value)), expires: row.expires ?? undefined }))
  }

  async deletePrefix (prefix: string): Promise<number> {
    prefixPartition(prefix)
    const end = prefixEnd(prefix)
    const now = Date.now()
    let records: Array<{ key: string, expires: number | null }> = []
    let logs = new Set<string>()
    this.#commit(true, () => {
      records = this.#deleteRecords.all(prefix, end) as typeof records
      logs = new Set((this.#deleteLogs.all(prefix, end) as Array<{ log: string }>).map(row => row.log))
    })
    for (const log of this.#logs.keys()) if (log.startsWith(prefix)) this.#logs.delete(log)
    this.#feed.changed({ prefix })
    return records.filter(row => row.expires === null || row.expires > now).length + logs.size
  }

  async append (entry: LogEntry): Promise<void> {
    this.#commit(entry.durable !== false, () => this.#appendEntry(entry))
  }

  async recent<T>(log: string, limit: number): Promise<Array<Frozen<T>>> {
    const capacity = this.#logs.get(log)?.capacity ?? Infinity
    const rows = this.#guard(() => this.#recent.all(log, Math.max(Math.min(limit, capacity), 0))) as Array<{ entry: string }>
    return rows.map(row => freeze(JSON.parse(row.entry) as T))
  }

  /**
   * Rewrites the file without its free pages (VACUUM), then moves the write-ahead log into it and
   * empties the log, so what was deleted is left neither in the file nor in the log.
   */
  async compact (): Promise<void> {
    this.#guard(() => {
      this.database.exec('VACUUM')
      this.database.pragma('wal_checkpoint(TRUNCATE)')
    })
  }

  watch (watcher: StoreWatcher): () => void {
    return this.#feed.watch(watcher)
  }

  async ping (): Promise<void> {
    this.#guard(() => this.#select.get('ping'))
  }

  async close (): Promise<void> {
    clearInterval(this.#sweeper)
    if (this.database.open) {
      // Left as their capacities say, so that the next process finds them so.
      try {
        this.#commit(true, () => {
          for (const [log, { capacity, untrimmed }] of this.#logs) if (untrimmed > 0) this.#trim.run(log, log, capacity)
        })
      } catch {
        // A failing store is closed all the same; the next append to each log trims it.
      }
      this.database.close()
    }
    this.#feed.deaf()
  }

  #read (key: string): Stored {
    const row = this.#guard(() => this.#select.get(key)) as Omit<Row, 'key'> | undefined
    if (row === undefined || (row.expires !== null && row.expires <= Date.now())) return { value: undefined, expires: undefined }
    return { value: freeze(JSON.parse(row.value)), expires: row.expires ?? undefined }
  }

  /** The live rows under a prefix, in key order, at most `limit`. */
  #listed (prefix: string, limit: number | undefined): Row[] {
    return this.#guard(() => this.#list.all(prefix, prefixEnd(prefix), Date.now(), limit ?? -1)) as Row[]
  }

  /** Stores (or, with undefined, deletes) a value and appends the log entry, in one commit. */
  #write (key: string, value: unknown, expires: number | undefined, entry: LogEntry | undefined, durable: boolean): void {
    this.#commit(durable, () => {
      if (value === undefined) this.#delete.run(key)
      else this.#upsert.run(key, JSON.stringify(value), expires ?? null)
      if (entry !== undefined) this.#appendEntry(entry)
    })
    this.#feed.changed({ key })
  }

  #appendEntry ({ log, entry, capacity }: LogEntry): void {
    this.#append.run(log, JSON.stringify(entry))
    const kept = this.#logs.get(log)
    // The first append since opening trims at once: an earlier process may have ended without trimming.
    if (kept === undefined || kept.capacity !== capacity || kept.untrimmed + 1 >= trimEvery(capacity)) {
      this.#trim.run(log, log, capacity)
      this.#logs.set(log, { capacity, untrimmed: 0 })
    } else {
      kept.untrimmed++
    }
  }

  /** One transaction; synced to disk before it returns when `durable`. */
  #commit (durable: boolean, work: () => void): void {
    this.#guard(() => {
      if (durable !== this.#durable) {
        // In WAL mode FULL syncs the log at every commit, NORMAL only at checkpoints (and stays
        // consistent). Set anew each time: SQLite applies this pragma when it compiles it.
        this.database.pragma(durable ? 'synchronous = FULL' : 'synchronous = NORMAL')
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

  #guard<R>(operation: () => R): R {
    try {
      return operation()
    } catch (error) {
      throw new StoreUnavailableError('the store failed', { cause: error })
    }
  }
}
