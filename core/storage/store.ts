/**
 * What the hub asks of the place it keeps its state (configs, test status, the audit trail, sessions,
 * login state): the `HubStore` interface and what every backend shares about values. No backend lives
 * here; open.ts turns a URL into one (sqlite.ts, the embedded default; redis.ts; postgres.ts; memory.ts).
 * Every backend is also a `CacheableStore` (values with their expiry, a change feed: change-feed.ts),
 * which the read cache in front of it needs (cached.ts).
 */

/**
 * A value as the store hands it out: deeply frozen, since a store may share one copy between all
 * readers instead of copying it on every read. Change a value by writing a new one.
 */
export type Frozen<T> = T extends (...args: never[]) => unknown ? T : T extends object ? { readonly [K in keyof T]: Frozen<T[K]> } : T

/** An entry for a capped log: the newest `capacity` entries of `log` are kept. */
export interface LogEntry {
  log: string
  entry: unknown
  capacity: number
  /**
   * `false`: the entry need not be on disk before the append resolves (SQLite skips the sync). For
   * records of what happened that a crash may forget, at a rate anyone can cause (action runs).
   */
  durable?: boolean
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

export interface ListOptions {
  /** At most this many records (the first ones in key order). */
  limit?: number
}

/** A record as `list` returns it. */
export interface StoredRecord<T> {
  key: string
  value: Frozen<T>
}

/**
 * Keys are `/`-separated paths (`ws/acme/integration/jira/default`). A key's *partition* is its first
 * two segments and the slash after them (`ws/acme/`, `hub/workspace/`): everything of one workspace is
 * in one partition. `list` and `deletePrefix` take a prefix that is a partition or lies inside one (it
 * has at least two `/`) and refuse anything else with a TypeError, so a backend can keep one index per
 * partition and answer from it alone. Logs are named the same way (`ws/acme/audit`). Key order is the
 * byte order of the keys' UTF-8 encoding.
 */
export interface HubStore {
  /** Whether several hub processes share this store (Redis, PostgreSQL), or one process owns it (SQLite, memory). */
  readonly shared: boolean
  get<T>(key: string): Promise<Frozen<T> | undefined>
  /** Several values in one round trip, in the order of `keys`. */
  getMany<T>(keys: string[]): Promise<Array<Frozen<T> | undefined>>
  /** Stores `value` (`undefined` deletes); it expires after `ttlMs` when given (a positive number of ms, else a RangeError). */
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
  /**
   * Every live (unexpired) record whose key starts with `prefix`, in key order, at most `limit`.
   * Costs what the records under the prefix cost, never what the rest of the store holds.
   */
  list<T>(prefix: string, options?: ListOptions): Promise<Array<StoredRecord<T>>>
  /**
   * Deletes every record whose key starts with `prefix` and every log whose name does; resolves to how
   * many live records and logs went. Costs what it deletes, never what the rest of the store holds.
   * Not promised to be one atomic step (Redis deletes in batches): a write racing with it under the
   * prefix may or may not survive.
   */
  deletePrefix(prefix: string): Promise<number>
  /** Appends to a capped log; the oldest entries beyond its capacity are dropped. */
  append(entry: LogEntry): Promise<void>
  /** A log's newest entries, newest first, at most `limit`. */
  recent<T>(log: string, limit: number): Promise<Array<Frozen<T>>>
  /**
   * Rewrites the store's files so that nothing deleted stays readable in freed space (after a key
   * rotation, say). Only stores with files of their own have it (SQLite).
   */
  compact?(): Promise<void>
  /** Rejects when the store cannot be reached. */
  ping(): Promise<void>
  close(): Promise<void>
}

/** A live value and when it expires (epoch ms; undefined: never), as a read cache keeps it. */
export interface Expiring<T> {
  value: Frozen<T>
  expires: number | undefined
}

/** A record as `listEntries` returns it: `list`'s, with its expiry. */
export interface ExpiringRecord<T> extends StoredRecord<T> {
  expires: number | undefined
}

/** What changed, as a change feed reports it: one record, every record under a prefix, or anything at all. */
export type StoreChange = { key: string } | { prefix: string } | { everything: true }

/** Who listens to a store's change feed (see `CacheableStore.watch`). */
export interface StoreWatcher {
  /** The record, or the records, that `change` names may have changed. */
  changed(change: StoreChange): void
  /** From now on every change is reported, until `deaf`. */
  listening(): void
  /**
   * Changes may go unreported from now until `listening` (the feed's connection was lost, or the store
   * closed): whatever was read before may be stale.
   */
  deaf(): void
}

/**
 * A store that a read cache can stand in front of (cached.ts): every backend open.ts opens is one.
 * The reads say when each value expires, and a change feed says what changed.
 */
export interface CacheableStore extends HubStore {
  /** `getMany`, with each value's expiry (no later than the store's own). */
  getEntries(keys: string[]): Promise<Array<Expiring<unknown> | undefined>>
  /** `list` without a limit, with each record's expiry. */
  listEntries(prefix: string): Promise<Array<ExpiringRecord<unknown>>>
  /**
   * Reports every change to a record: those written through this store object, before the write
   * resolves, and on a shared store those of every other instance too, as their notifications come in.
   * The watcher hears `listening` once all of them are reported (at once on an embedded store; on a
   * shared one once its feed connection listens) and `deaf` whenever that stops being so. Logs are not
   * reported. Returns the function that stops the reports.
   */
  watch(watcher: StoreWatcher): () => void
}

/** The store could not be reached or failed; the API answers 503 and the process stays up. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError'
  readonly code = 'HUB_STORE_UNAVAILABLE'
}

/** When a value written now with `ttlMs` expires (epoch ms), or undefined for one that lasts. */
export function expiresAt (ttlMs: number | undefined): number | undefined {
  if (ttlMs === undefined) return undefined
  if (!(ttlMs > 0 && Number.isFinite(ttlMs))) throw new RangeError(`ttlMs must be a positive number of milliseconds, got ${ttlMs}`)
  return Date.now() + Math.ceil(ttlMs)
}

/** The `limit` of `list` options (undefined: no limit), checked. */
export function listLimit (options: ListOptions | undefined): number | undefined {
  const limit = options?.limit
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) throw new RangeError(`limit must be a whole number, 0 or more, got ${limit}`)
  return limit
}

/** Values frozen all the way down by this module, which can be shared as they are. */
const deeplyFrozen = new WeakSet<object>()

/** Freezes a value no one else holds (one just parsed), all the way down. */
export function freeze<T> (value: T): Frozen<T> {
  if (typeof value === 'object' && value !== null && !deeplyFrozen.has(value)) {
    for (const child of Object.values(value)) freeze(child)
    Object.freeze(value)
    deeplyFrozen.add(value)
  }
  return value as Frozen<T>
}

/** A frozen copy of a value the caller may still hold and change (none needed when it is already frozen). */
export function frozenCopy<T> (value: T): Frozen<T> {
  if (typeof value !== 'object' || value === null || deeplyFrozen.has(value)) return value as Frozen<T>
  return freeze(structuredClone(value))
}
