/**
 * A store in this process's memory, gone when it ends: for tests, and for host apps that want no
 * persistence. Values go through JSON on the way in, so what comes back is what a persistent store
 * would give back. Records and logs are kept per partition, so `list` and `deletePrefix` look at one
 * partition, never at the whole store. Its change feed reports every write as it is made (all writes
 * are this object's own).
 */
import { ChangeFeed } from './change-feed.js'
import { KeyLocks } from './key-locks.js'
import { compareKeys, partitionOf, prefixPartition } from './partitions.js'
import { expiresAt, freeze, listLimit, StoreUnavailableError, type CacheableStore, type Expiring, type ExpiringRecord, type Frozen, type ListOptions, type LogEntry, type StoredRecord, type StoreWatcher, type UpdateOptions } from './store.js'

interface Entry {
  value: unknown
  /** Epoch ms after which the value is gone (undefined: never). */
  expires: number | undefined
}

interface Partition {
  records: Map<string, Entry>
  logs: Map<string, unknown[]>
}

/** Where keys and logs outside any partition (fewer than two `/`) are kept. */
const UNPARTITIONED = ''
/** How often expired records are dropped; reads never return them anyway. */
const SWEEP_INTERVAL_MS = 10 * 60_000

export class MemoryStore implements CacheableStore {
  readonly shared = false
  readonly #partitions = new Map<string, Partition>()
  readonly #locks = new KeyLocks()
  /** Every write is this object's own, so the feed reports them all from the start. */
  readonly #feed = new ChangeFeed(true)
  readonly #sweeper = setInterval(() => this.#sweepExpired(), SWEEP_INTERVAL_MS).unref()
  #closed = false

  async get<T>(key: string): Promise<Frozen<T> | undefined> {
    this.#checkOpen()
    return this.#read(key) as Frozen<T> | undefined
  }

  async getMany<T>(keys: string[]): Promise<Array<Frozen<T> | undefined>> {
    this.#checkOpen()
    return keys.map(key => this.#read(key) as Frozen<T> | undefined)
  }

  async getEntries (keys: string[]): Promise<Array<Expiring<unknown> | undefined>> {
    this.#checkOpen()
    return keys.map(key => this.#entry(key) as Expiring<unknown> | undefined)
  }

  async set (key: string, value: unknown, ttlMs?: number): Promise<void> {
    this.#checkOpen()
    this.#write(key, copyOf(value), expiresAt(ttlMs))
    this.#feed.changed({ key })
  }

  async delete (key: string): Promise<void> {
    await this.update(key, () => undefined)
  }

  /**
   * Queued per key, though the read, `change` and the write run without a pause: an update that
   * `change` or `log` starts on the same key runs after this one, instead of being overwritten by it.
   */
  async update<T>(key: string, change: (current: Frozen<T> | undefined) => T | Frozen<T> | undefined, options: UpdateOptions<T> = {}): Promise<{ previous: Frozen<T> | undefined, next: Frozen<T> | undefined }> {
    return await this.#locks.exclusive(key, async () => {
      this.#checkOpen()
      const previous = this.#read(key) as Frozen<T> | undefined
      const next = copyOf(change(previous)) as Frozen<T> | undefined
      const entry = options.log?.(previous, next)
      this.#write(key, next, next === undefined ? undefined : expiresAt(options.ttlMs))
      if (entry !== undefined) this.#appendEntry(entry)
      if (previous !== undefined || next !== undefined) this.#feed.changed({ key })
      return { previous, next }
    })
  }

  async take<T>(key: string): Promise<Frozen<T> | undefined> {
    return (await this.update<T>(key, () => undefined)).previous
  }

  async list<T>(prefix: string, options?: ListOptions): Promise<Array<StoredRecord<T>>> {
    const limit = listLimit(options)
    return this.#listed(prefix).slice(0, limit).map(({ key, value }) => ({ key, value: value as Frozen<T> }))
  }

  async listEntries (prefix: string): Promise<Array<ExpiringRecord<unknown>>> {
    return this.#listed(prefix).map(({ key, value, expires }) => ({ key, value: value as Frozen<unknown>, expires }))
  }

  async deletePrefix (prefix: string): Promise<number> {
    const partition = prefixPartition(prefix)
    this.#checkOpen()
    const held = this.#partitions.get(partition)
    if (held === undefined) return 0
    const now = Date.now()
    let deleted = 0
    for (const [key, entry] of held.records) {
      if (!key.startsWith(prefix)) continue
      if (live(entry, now)) deleted++
      held.records.delete(key)
    }
    for (const log of held.logs.keys()) {
      if (!log.startsWith(prefix)) continue
      deleted++
      held.logs.delete(log)
    }
    if (held.records.size === 0 && held.logs.size === 0) this.#partitions.delete(partition)
    this.#feed.changed({ prefix })
    return deleted
  }

  async append (entry: LogEntry): Promise<void> {
    this.#checkOpen()
    this.#appendEntry(entry)
  }

  async recent<T>(log: string, limit: number): Promise<Array<Frozen<T>>> {
    this.#checkOpen()
    const entries = this.#partitions.get(partitionOf(log) ?? UNPARTITIONED)?.logs.get(log) ?? []
    return (limit > 0 ? entries.slice(-limit).reverse() : []) as Array<Frozen<T>>
  }

  watch (watcher: StoreWatcher): () => void {
    return this.#feed.watch(watcher)
  }

  async ping (): Promise<void> {
    this.#checkOpen()
  }

  async close (): Promise<void> {
    this.#closed = true
    clearInterval(this.#sweeper)
    this.#partitions.clear()
    this.#feed.deaf()
  }

  #read (key: string): unknown {
    return this.#entry(key)?.value
  }

  /** The live entry of a key (dropping it when it expired). */
  #entry (key: string): Entry | undefined {
    const records = this.#partitions.get(partitionOf(key) ?? UNPARTITIONED)?.records
    const entry = records?.get(key)
    if (entry === undefined) return undefined
    if (live(entry, Date.now())) return entry
    records!.delete(key)
    return undefined
  }

  /** The live records under a prefix, in key order. */
  #listed (prefix: string): Array<Entry & { key: string }> {
    const partition = prefixPartition(prefix)
    this.#checkOpen()
    const now = Date.now()
    const found: Array<Entry & { key: string }> = []
    for (const [key, entry] of this.#partitions.get(partition)?.records ?? []) {
      if (key.startsWith(prefix) && live(entry, now)) found.push({ key, ...entry })
    }
    return found.sort((a, b) => compareKeys(a.key, b.key))
  }

  /** Stores a frozen value, or with undefined deletes. */
  #write (key: string, value: unknown, expires: number | undefined): void {
    const name = partitionOf(key) ?? UNPARTITIONED
    if (value === undefined) {
      this.#partitions.get(name)?.records.delete(key)
      return
    }
    this.#partition(name).records.set(key, { value, expires })
  }

  #appendEntry ({ log, entry, capacity }: LogEntry): void {
    const logs = this.#partition(partitionOf(log) ?? UNPARTITIONED).logs
    const entries = logs.get(log) ?? []
    entries.push(copyOf(entry))
    if (entries.length > capacity) entries.splice(0, entries.length - capacity)
    logs.set(log, entries)
  }

  #partition (name: string): Partition {
    let partition = this.#partitions.get(name)
    if (partition === undefined) this.#partitions.set(name, partition = { records: new Map(), logs: new Map() })
    return partition
  }

  #sweepExpired (): void {
    const now = Date.now()
    for (const { records } of this.#partitions.values()) {
      for (const [key, entry] of records) if (!live(entry, now)) records.delete(key)
    }
  }

  #checkOpen (): void {
    if (this.#closed) throw new StoreUnavailableError('the store is closed')
  }
}

const live = (entry: Entry, now: number): boolean => entry.expires === undefined || entry.expires > now

/** A frozen copy, through JSON as a persistent store would keep it (undefined stays undefined: nothing to store). */
function copyOf<T> (value: T): Frozen<T> {
  return (value === undefined ? undefined : freeze(JSON.parse(JSON.stringify(value)))) as Frozen<T>
}
