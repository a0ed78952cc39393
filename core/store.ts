/**
 * Where the hub keeps its state: configs, test status, the audit trail, sessions and login state.
 * Keyv underneath, chosen by URL; on top of it the one thing Keyv lacks, an atomic read-modify-write.
 */
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import Keyv from 'keyv'

export interface HubStore {
  /** Whether several hub processes share this store (Redis, PostgreSQL), or one process owns it (SQLite). */
  readonly shared: boolean
  get<T>(key: string): Promise<T | undefined>
  /** Several values in one round trip, in the order of `keys`. */
  getMany<T>(keys: string[]): Promise<Array<T | undefined>>
  set(key: string, value: unknown, ttlMs?: number): Promise<void>
  delete(key: string): Promise<void>
  /**
   * Atomic read-modify-write: `change` sees the current value and returns the next one
   * (`undefined` deletes). If `change` throws, nothing is written. Resolves once the store has it.
   * `change` may run more than once (a shared store retries when another instance wrote first): keep it pure.
   */
  update<T>(key: string, change: (current: T | undefined) => T | undefined, ttlMs?: number): Promise<{ previous: T | undefined, next: T | undefined }>
  /** Reads and deletes in one step, so a single-use value can be used once. */
  take<T>(key: string): Promise<T | undefined>
  /** Rejects when the store cannot be reached. */
  ping(): Promise<void>
  close(): Promise<void>
}

/** The store could not be reached or failed; the API answers 503 and the process stays up. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError'
  readonly code = 'HUB_STORE_UNAVAILABLE'
}

/** Keyv-backed store whose atomic operations are serialized in this process: right for SQLite, which one process owns. */
export class KeyvStore implements HubStore {
  readonly shared: boolean = false
  protected readonly keyv: Keyv
  readonly #locks = new Map<string, Promise<unknown>>()

  constructor (keyv: Keyv) {
    this.keyv = keyv
    // Keyv re-emits adapter errors; they are thrown to the caller too (throwOnErrors), so only keep the emitter quiet.
    this.keyv.on('error', () => {})
  }

  async get<T>(key: string): Promise<T | undefined> {
    return await this.guard(async () => await this.keyv.get<T>(key))
  }

  async getMany<T>(keys: string[]): Promise<Array<T | undefined>> {
    return await this.guard(async () => await this.keyv.getMany<T>(keys))
  }

  async set (key: string, value: unknown, ttlMs?: number): Promise<void> {
    await this.guard(async () => await this.keyv.set(key, value, ttlMs))
  }

  async delete (key: string): Promise<void> {
    await this.guard(async () => await this.keyv.delete(key))
  }

  async update<T>(key: string, change: (current: T | undefined) => T | undefined, ttlMs?: number): Promise<{ previous: T | undefined, next: T | undefined }> {
    return await this.exclusive(key, async () => {
      const previous = await this.get<T>(key)
      const next = change(previous)
      if (next === undefined) await this.delete(key)
      else await this.set(key, next, ttlMs)
      return { previous, next }
    })
  }

  async take<T>(key: string): Promise<T | undefined> {
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

  override async get<T>(key: string): Promise<T | undefined> {
    const cached = this.#read(key)
    if (cached !== undefined) return structuredClone(cached.value) as T | undefined
    const raw = await this.guard(async () => await this.keyv.get<T>(key, { raw: true }))
    this.#remember(key, raw?.value, typeof raw?.expires === 'number' ? raw.expires : undefined)
    return raw?.value
  }

  /** Asks SQLite itself, not the cache. */
  override async ping (): Promise<void> {
    await this.guard(async () => await this.keyv.get('ping'))
  }

  override async getMany<T>(keys: string[]): Promise<Array<T | undefined>> {
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

  #remember (key: string, value: unknown, expires: number | undefined): void {
    if (this.#cache.size >= SqliteStore.CACHE_ENTRIES) this.#cache.delete(this.#cache.keys().next().value!)
    this.#cache.set(key, { value: structuredClone(value), expires })
  }
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
    return new SqliteStore(new Keyv({ store: adapter, namespace: 'hub', throwOnErrors: true }))
  }
  const { openSharedStore } = await import('./shared-store.js')
  return await openSharedStore(url)
}
