/**
 * A read cache in front of a store: `get`, `getMany` and `list` are answered from memory when they
 * can be, every other call goes to the store. The hub opens every store through it (core/hub/open.ts).
 *
 * Kept true by the store's change feed (`CacheableStore.watch`), not by guessing:
 * - A write through the store object (this wrapper's or anyone's holding the same object) is reported
 *   before the write resolves, and forgets the key and every cached list whose prefix covers it (a
 *   `deletePrefix`, everything under the prefix): a read after a write always reads the write.
 * - On Redis and PostgreSQL, another instance's write is forgotten here when its notification arrives:
 *   sent in the same script (Redis PUBLISH) or statement (PostgreSQL pg_notify, delivered at commit)
 *   as the write, typically within a few milliseconds on a LAN (docs/performance.md has the figure).
 *   Until then this instance may serve the value it had: that is the staleness window. It is bounded
 *   by `maxStaleMs` (default 1000 ms) whatever happens to the feed: nothing read from a shared store is
 *   served longer than that after the read began, so a write elsewhere is seen here at most
 *   `maxStaleMs` after it committed, even if its notification were lost on a connection that seems up.
 * - While the feed is not listening (not yet connected, or its connection lost: the client noticed an
 *   error, a close, a failed heartbeat), changes may go unheard: the cache is emptied and bypassed
 *   until the feed listens again, and nothing read before that is kept.
 * - A read in flight when a change to what it reads comes in is not kept (it may have read before
 *   the change): every change counts a generation, and a read keeps what it got only if no change to
 *   its key or prefix came in since it began.
 * SQLite and memory are one process's own, so every write is reported and nothing expires for being old.
 *
 * What it keeps: values and absences (a token or a counter that does not exist is asked for as often as
 * one that does), and whole lists (`list` without a limit). Values are frozen and shared, as the stores
 * hand them out, and each is dropped at its own expiry: an expiring value is never served after it.
 * Not kept: what `take` returns (single-use), logs (`recent`), lists asked for with a limit (read
 * from the store), and lists weighing more than a tenth of the cache (a scan of every workspace
 * evicts nothing). Memory is bounded: at most `maxEntries` records, a list weighing as many records as
 * it holds; the least recently used go first.
 */
import { partitionOf, prefixPartition } from './partitions.js'
import { listLimit, type CacheableStore, type Expiring, type ExpiringRecord, type Frozen, type HubStore, type ListOptions, type LogEntry, type StoreChange, type StoredRecord, type UpdateOptions } from './store.js'

export interface CacheOptions {
  /** The most records kept: a value counts one, a list as many as it holds (at least one). Default 50 000. */
  maxEntries?: number
  /**
   * How long, at most, a value read from a shared store is served before it is read again, in ms
   * (default 1000): the bound on how stale a read can be, should a notification go missing. Values of
   * an embedded store stay until they expire, change or are evicted, unless this is given.
   */
  maxStaleMs?: number
}

export const DEFAULT_MAX_ENTRIES = 50_000
export const DEFAULT_MAX_STALE_MS = 1_000
/** A list weighing more than this share of the cache is read every time instead. */
const LARGEST_LIST_SHARE = 0.1

/** A kept value or list, in the recency order (a doubly linked list, newest first). */
interface Slot {
  list: boolean
  /** The key, or the list's prefix. */
  name: string
  /** Its partition ('' for a key outside any). */
  partition: string
  /** The value (undefined: none), or the list's records. */
  value: unknown
  /** Served until then (epoch ms): its expiry, or how long it may be served since it was read. */
  until: number
  weight: number
  newer: Slot | undefined
  older: Slot | undefined
}

/** A read from the store under way: when it began, and the generation it began at. */
interface Fill {
  startedAt: number
  generation: number
}

/** What the cache has done, for tests and diagnostics. */
export interface CacheStats {
  hits: number
  misses: number
  /** Records kept (see `maxEntries`). */
  weight: number
  /** Whether the feed listens, so that reads are kept. */
  listening: boolean
}

/** Wrappers by the store they wrap: one store object has one cache, however many times it is handed over. */
const wrappers = new WeakMap<HubStore, CachedStore>()

/**
 * The store behind a read cache: `store` itself when it is one already, the cache already in front
 * of it when there is one, else a new one. A store that offers no change feed (one of a host app's
 * own) is returned as it is: caching it could serve what another instance changed.
 */
export function withReadCache (store: HubStore, options: CacheOptions = {}): HubStore {
  if (store instanceof CachedStore) return store
  if (!isCacheable(store)) return store
  let wrapper = wrappers.get(store)
  if (wrapper === undefined) wrappers.set(store, wrapper = new CachedStore(store, options))
  return wrapper
}

/** What the read cache in front of `store` holds for `key` now (see `CachedStore.peek`); undefined when it does not know or there is none. */
export function cachedValue<T> (store: HubStore, key: string): { value: Frozen<T> | undefined } | undefined {
  return store instanceof CachedStore ? store.peek<T>(key) : undefined
}

/**
 * The store behind the read cache in front of `store`, or `store` itself when there is none: for
 * what should read past the cache, such as a scan of every workspace, which would otherwise push out
 * what requests read.
 */
export function pastTheCache (store: HubStore): HubStore {
  return store instanceof CachedStore ? store.backend : store
}

function isCacheable (store: HubStore): store is CacheableStore {
  const candidate = store as Partial<CacheableStore>
  return typeof candidate.watch === 'function' && typeof candidate.getEntries === 'function' && typeof candidate.listEntries === 'function'
}

export class CachedStore implements HubStore {
  readonly shared: boolean
  /** The store behind the cache. */
  readonly backend: CacheableStore
  readonly compact?: () => Promise<void>
  readonly #maxWeight: number
  readonly #maxStaleMs: number
  readonly #values = new Map<string, Slot>()
  readonly #lists = new Map<string, Slot>()
  /** Kept values and kept lists per partition, for the changes that name a prefix or a key in it. */
  readonly #valuesIn = new Map<string, Set<Slot>>()
  readonly #listsIn = new Map<string, Set<Slot>>()
  #newest: Slot | undefined
  #oldest: Slot | undefined
  #weight = 0
  #listening = false
  #closed = false
  /** Counts the changes heard. */
  #generation = 0
  /** Reads under way, by the generation they began at: how many (generations only grow, so the first is the oldest). */
  readonly #fills = new Map<number, number>()
  /** The changes heard since the oldest read under way began. */
  #recent: Array<{ generation: number, change: StoreChange }> = []
  #hits = 0
  #misses = 0
  readonly #unwatch: () => void

  constructor (backend: CacheableStore, options: CacheOptions = {}) {
    const { maxEntries = DEFAULT_MAX_ENTRIES, maxStaleMs = backend.shared ? DEFAULT_MAX_STALE_MS : Infinity } = options
    if (!(Number.isInteger(maxEntries) && maxEntries > 0)) throw new RangeError(`maxEntries must be a whole number above 0, got ${maxEntries}`)
    if (!(maxStaleMs > 0)) throw new RangeError(`maxStaleMs must be a positive number of milliseconds, got ${maxStaleMs}`)
    this.backend = backend
    this.shared = backend.shared
    this.#maxWeight = maxEntries
    this.#maxStaleMs = maxStaleMs
    if (backend.compact !== undefined) this.compact = async () => { await backend.compact!() }
    // Last: an embedded store says `listening` at once.
    this.#unwatch = backend.watch({
      changed: change => { this.#forget(change) },
      listening: () => { this.#listening = !this.#closed },
      deaf: () => {
        this.#listening = false
        this.#forget({ everything: true })
      }
    })
  }

  stats (): CacheStats {
    return { hits: this.#hits, misses: this.#misses, weight: this.#weight, listening: this.#listening }
  }

  async get<T>(key: string): Promise<Frozen<T> | undefined> {
    const slot = this.#values.get(key)
    if (slot !== undefined && this.#fresh(slot, Date.now())) return slot.value as Frozen<T> | undefined
    this.#misses++
    return (await this.#read([key]))[0] as Frozen<T> | undefined
  }

  /**
   * What the cache holds for `key` now, without reading the store: `{ value }` (an undefined value: known
   * to be absent), or undefined when it does not know. For answers derived from an earlier read, to
   * check that what they rest on is unchanged (see `cachedValue`).
   */
  peek<T>(key: string): { value: Frozen<T> | undefined } | undefined {
    const slot = this.#values.get(key)
    return slot !== undefined && this.#fresh(slot, Date.now()) ? { value: slot.value as Frozen<T> | undefined } : undefined
  }

  async getMany<T>(keys: string[]): Promise<Array<Frozen<T> | undefined>> {
    const now = Date.now()
    const values = new Array<Frozen<T> | undefined>(keys.length)
    let missing: number[] | undefined
    for (let i = 0; i < keys.length; i++) {
      const slot = this.#values.get(keys[i]!)
      if (slot !== undefined && this.#fresh(slot, now)) values[i] = slot.value as Frozen<T> | undefined
      else (missing ??= []).push(i)
    }
    if (missing === undefined) return values
    this.#misses += missing.length
    const read = await this.#read(missing.map(i => keys[i]!))
    missing.forEach((index, i) => { values[index] = read[i] as Frozen<T> | undefined })
    return values
  }

  async list<T>(prefix: string, options?: ListOptions): Promise<Array<StoredRecord<T>>> {
    prefixPartition(prefix)
    const limit = listLimit(options)
    const slot = this.#lists.get(prefix)
    if (slot !== undefined && this.#fresh(slot, Date.now())) return (slot.value as Array<StoredRecord<T>>).slice(0, limit)
    this.#misses++
    if (limit !== undefined) return await this.backend.list<T>(prefix, options)
    const fill = this.#beginFill()
    const records = await this.#settled(fill, this.backend.listEntries(prefix))
    const listed = records.map(({ key, value }) => Object.freeze({ key, value: value as Frozen<T> }))
    const changes = this.#endFill(fill)
    if (changes?.every(change => !touchesPrefix(change, prefix)) === true) this.#keepList(prefix, listed, records, fill!.startedAt)
    return listed.slice()
  }

  async set (key: string, value: unknown, ttlMs?: number): Promise<void> {
    await this.backend.set(key, value, ttlMs)
  }

  async delete (key: string): Promise<void> {
    await this.backend.delete(key)
  }

  async update<T>(key: string, change: (current: Frozen<T> | undefined) => T | Frozen<T> | undefined, options?: UpdateOptions<T>): Promise<{ previous: Frozen<T> | undefined, next: Frozen<T> | undefined }> {
    return await this.backend.update(key, change, options)
  }

  async take<T>(key: string): Promise<Frozen<T> | undefined> {
    return await this.backend.take<T>(key)
  }

  async deletePrefix (prefix: string): Promise<number> {
    return await this.backend.deletePrefix(prefix)
  }

  async append (entry: LogEntry): Promise<void> {
    await this.backend.append(entry)
  }

  async recent<T>(log: string, limit: number): Promise<Array<Frozen<T>>> {
    return await this.backend.recent<T>(log, limit)
  }

  async ping (): Promise<void> {
    await this.backend.ping()
  }

  async close (): Promise<void> {
    if (!this.#closed) {
      this.#closed = true
      this.#listening = false
      this.#unwatch()
      this.#forget({ everything: true })
    }
    await this.backend.close()
  }

  /** Whether a slot may be served at `now` (moving it to the front), else drops it. */
  #fresh (slot: Slot, now: number): boolean {
    if (slot.until <= now) {
      this.#remove(slot)
      return false
    }
    this.#hits++
    if (slot !== this.#newest) {
      this.#unlink(slot)
      this.#link(slot)
    }
    return true
  }

  /** Reads values from the store, keeping those no change came in for meanwhile. */
  async #read (keys: string[]): Promise<unknown[]> {
    const fill = this.#beginFill()
    const entries = await this.#settled(fill, this.backend.getEntries(keys))
    const changes = this.#endFill(fill)
    if (changes !== undefined) {
      keys.forEach((key, i) => {
        if (changes.every(change => !touchesKey(change, key))) this.#keepValue(key, entries[i], fill!.startedAt)
      })
    }
    return entries.map(entry => entry?.value)
  }

  /** A read's outcome; a failed read is no longer under way either. */
  async #settled<R>(fill: Fill | undefined, reading: Promise<R>): Promise<R> {
    try {
      return await reading
    } catch (error) {
      this.#endFill(fill)
      throw error
    }
  }

  /** Registers a read beginning now; undefined when what it reads cannot be kept (the feed is not listening). */
  #beginFill (): Fill | undefined {
    if (!this.#listening) return undefined
    const generation = this.#generation
    this.#fills.set(generation, (this.#fills.get(generation) ?? 0) + 1)
    return { startedAt: Date.now(), generation }
  }

  /**
   * Ends a read: the changes heard since it began (usually none), or undefined when nothing it read
   * may be kept (not listening, or the feed went deaf meanwhile).
   */
  #endFill (fill: Fill | undefined): StoreChange[] | undefined {
    if (fill === undefined) return undefined
    const changes = fill.generation === this.#generation ? [] : this.#recent.filter(({ generation }) => generation > fill.generation).map(({ change }) => change)
    const count = this.#fills.get(fill.generation)! - 1
    if (count > 0) {
      this.#fills.set(fill.generation, count)
    } else {
      this.#fills.delete(fill.generation)
      const oldest = this.#fills.keys().next().value
      this.#recent = oldest === undefined ? [] : this.#recent.filter(({ generation }) => generation > oldest)
    }
    if (!this.#listening || changes.some(change => 'everything' in change)) return undefined
    return changes
  }

  #keepValue (key: string, entry: Expiring<unknown> | undefined, startedAt: number): void {
    const slot = this.#values.get(key)
    if (slot !== undefined) this.#remove(slot)
    this.#add(this.#values, this.#valuesIn, {
      list: false,
      name: key,
      partition: partitionOf(key) ?? '',
      value: entry?.value,
      until: Math.min(entry?.expires ?? Infinity, startedAt + this.#maxStaleMs),
      weight: 1,
      newer: undefined,
      older: undefined
    })
  }

  #keepList (prefix: string, listed: Array<StoredRecord<unknown>>, records: Array<ExpiringRecord<unknown>>, startedAt: number): void {
    const weight = Math.max(1, listed.length)
    if (weight > this.#maxWeight * LARGEST_LIST_SHARE) return
    const slot = this.#lists.get(prefix)
    if (slot !== undefined) this.#remove(slot)
    let until = startedAt + this.#maxStaleMs
    for (const { expires } of records) if (expires !== undefined && expires < until) until = expires
    this.#add(this.#lists, this.#listsIn, { list: true, name: prefix, partition: prefixPartition(prefix), value: listed, until, weight, newer: undefined, older: undefined })
  }

  #add (slots: Map<string, Slot>, byPartition: Map<string, Set<Slot>>, slot: Slot): void {
    slots.set(slot.name, slot)
    let inPartition = byPartition.get(slot.partition)
    if (inPartition === undefined) byPartition.set(slot.partition, inPartition = new Set())
    inPartition.add(slot)
    this.#link(slot)
    this.#weight += slot.weight
    while (this.#weight > this.#maxWeight && this.#oldest !== undefined) this.#remove(this.#oldest)
  }

  #remove (slot: Slot): void {
    const [slots, byPartition] = slot.list ? [this.#lists, this.#listsIn] : [this.#values, this.#valuesIn]
    if (slots.get(slot.name) !== slot) return
    slots.delete(slot.name)
    const inPartition = byPartition.get(slot.partition)!
    inPartition.delete(slot)
    if (inPartition.size === 0) byPartition.delete(slot.partition)
    this.#unlink(slot)
    this.#weight -= slot.weight
  }

  #link (slot: Slot): void {
    slot.older = this.#newest
    slot.newer = undefined
    if (this.#newest !== undefined) this.#newest.newer = slot
    this.#newest = slot
    this.#oldest ??= slot
  }

  #unlink (slot: Slot): void {
    if (slot.newer !== undefined) slot.newer.older = slot.older
    else this.#newest = slot.older
    if (slot.older !== undefined) slot.older.newer = slot.newer
    else this.#oldest = slot.newer
    slot.newer = slot.older = undefined
  }

  /** Drops what a change may have made stale, and tells the reads under way. */
  #forget (change: StoreChange): void {
    this.#generation++
    if (this.#fills.size > 0) this.#recent.push({ generation: this.#generation, change })
    if ('key' in change) {
      const slot = this.#values.get(change.key)
      if (slot !== undefined) this.#remove(slot)
      const partition = partitionOf(change.key)
      for (const list of (partition === undefined ? undefined : this.#listsIn.get(partition)) ?? []) {
        if (change.key.startsWith(list.name)) this.#remove(list)
      }
      return
    }
    const partition = 'prefix' in change ? partitionOf(change.prefix) : undefined
    if (partition === undefined) {
      this.#values.clear()
      this.#lists.clear()
      this.#valuesIn.clear()
      this.#listsIn.clear()
      this.#newest = this.#oldest = undefined
      this.#weight = 0
      return
    }
    const { prefix } = change as { prefix: string }
    for (const slot of this.#valuesIn.get(partition) ?? []) if (slot.name.startsWith(prefix)) this.#remove(slot)
    for (const list of this.#listsIn.get(partition) ?? []) if (list.name.startsWith(prefix) || prefix.startsWith(list.name)) this.#remove(list)
  }
}

/** Whether a change may have changed the value of `key`. */
function touchesKey (change: StoreChange, key: string): boolean {
  return 'key' in change ? change.key === key : 'prefix' in change ? key.startsWith(change.prefix) : true
}

/** Whether a change may have changed what `list(prefix)` returns. */
function touchesPrefix (change: StoreChange, prefix: string): boolean {
  return 'key' in change ? change.key.startsWith(prefix) : 'prefix' in change ? change.prefix.startsWith(prefix) || prefix.startsWith(change.prefix) : true
}
