/**
 * Where the hub keeps its state: configs, test status, the audit trail, sessions and login state.
 * Chosen by URL: SQLite, the embedded default (sqlite-store.ts), or Redis or PostgreSQL behind Keyv
 * (shared-store.ts). Every store has what Keyv lacks: an atomic read-modify-write, and capped
 * append-only logs (the audit trail) written in the same atomic step as an update.
 */
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
 * Keyv-backed store whose atomic operations are serialized in this process: right for a Keyv store
 * one process owns (an in-memory one, say), and the base of the shared stores. A log is an array
 * under one key (`log:<name>`) unless a subclass keeps logs natively.
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
      const entry = options.log?.(previous, next)
      if (next === undefined) await this.delete(key)
      else await this.set(key, next, options.ttlMs)
      if (entry !== undefined) await this.append(entry)
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

/** Opens the store a URL names: SQLite (the embedded default), Redis or PostgreSQL. */
export async function openStore (url: string): Promise<HubStore> {
  if (new URL(url).protocol === 'sqlite:') {
    const { openSqliteStore } = await import('./sqlite.js')
    return await openSqliteStore(url.slice('sqlite://'.length))
  }
  const { openSharedStore } = await import('./shared.js')
  return await openSharedStore(url)
}
