/**
 * The store several hub instances share on Redis (`redis://`, `rediss://`), on @redis/client.
 *
 * Layout: a record is a JSON string under `hub:<key>`, with PX when it expires; a log is a list under
 * `hub-log:<name>`. Each partition (see `HubStore`) has two sorted sets, all scores 0 so they sort by
 * key bytes: `hub-index:<partition>` holds its record keys and `hub-logs:<partition>` its log names.
 * `?key_prefix=<name>` in the URL (lowercase letters, digits, _) puts `<name>` where `hub` is, so
 * several hubs, or parallel test files, can share one Redis without meeting; it is not passed on.
 * Every write changes record and index in one script, so `list` and `deletePrefix` read one index's
 * range (ZRANGE … BYLEX) and touch only that partition. A record that expired leaves its key in the
 * index until a `list` finds it gone and drops it. Scripts name keys they derive from an index, so
 * this needs one Redis server (or a primary), not a cluster.
 *
 * Change feed: the script that changes a record also PUBLISHes the change (change-feed.ts) to
 * `<prefix>-changes`, in the same atomic step; the first watcher opens the connection subscribed to
 * it (redis-subscriber.ts). Reads for a cache (`getEntries`, `listEntries`) take each record's PTTL in
 * the same script as its value, its expiry counted from before the call was sent (never later than
 * Redis's own).
 *
 * Resilience: no offline queue (a command fails at once instead of being sent, maybe much later,
 * after its caller was told it failed); every operation bounded by BACKEND_TIMEOUT_MS; the client
 * redials forever until close(), and opening does not fail while Redis is away.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { createClient } from '@redis/client'
import { BackendCalls, CONNECT_TIMEOUT_MS } from './backend-calls.js'
import { ChangeFeed, changeMessage } from './change-feed.js'
import { SwappingUpdates } from './compare-and-set.js'
import { partitionOf, prefixEnd, prefixPartition } from './partitions.js'
import { RedisSubscriber } from './redis-subscriber.js'
import { expiresAt, freeze, listLimit, type CacheableStore, type Expiring, type ExpiringRecord, type Frozen, type ListOptions, type LogEntry, type StoredRecord, type StoreWatcher, type UpdateOptions } from './store.js'

const DEFAULT_KEY_PREFIX = 'hub'
/** No '-': then no prefix's `<prefix>:` can be another's `<prefix>-log:`. */
const KEY_PREFIX = /^[a-z0-9_]{1,40}$/
/** Index members read (or deleted) per round trip: one script never blocks Redis for long. */
const BATCH = 500

/**
 * Appends to a capped log and indexes its name. KEYS[n] the log, KEYS[n+1] its partition's log index;
 * `entry` '' appends nothing, `name` '' indexes nothing (a log outside any partition).
 */
const APPEND_LOG = `
local function appendLog (log, index, entry, capacity, name)
  if entry == '' then return end
  redis.call('RPUSH', log, entry)
  redis.call('LTRIM', log, -tonumber(capacity), -1)
  if name ~= '' then redis.call('ZADD', index, 0, name) end
end
`

/**
 * Writes a record and its index entry, and appends a log entry, all in one step. Compare-and-set in a
 * script: WATCH/MULTI/EXEC belongs to the connection, which the client shares between all callers.
 * KEYS: the record, its partition's index, the log, the log's partition index.
 * ARGV: '1' to compare (else write regardless), the expected record ('' none), the next record
 * ('' delete), PX ('' none), the key as indexed ('' none), the log entry ('' none), its capacity, the
 * log's name as indexed ('' none), the change feed's channel, the change. Returns nil when the record
 * is not the expected one, else { the record as it was ('' none) }.
 */
const WRITE_SCRIPT = `${APPEND_LOG}
local current = redis.call('GET', KEYS[1]) or ''
if ARGV[1] == '1' and current ~= ARGV[2] then return false end
if ARGV[3] == '' then
  redis.call('DEL', KEYS[1])
  if ARGV[5] ~= '' then redis.call('ZREM', KEYS[2], ARGV[5]) end
else
  if ARGV[4] == '' then redis.call('SET', KEYS[1], ARGV[3]) else redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4]) end
  if ARGV[5] ~= '' then redis.call('ZADD', KEYS[2], 0, ARGV[5]) end
end
appendLog(KEYS[3], KEYS[4], ARGV[6], ARGV[7], ARGV[8])
if current ~= '' or ARGV[3] ~= '' then redis.call('PUBLISH', ARGV[9], ARGV[10]) end
return { current }
`

/** KEYS: the log, its partition's log index. ARGV: the entry, the capacity, the name as indexed ('' none). */
const APPEND_SCRIPT = `${APPEND_LOG}
appendLog(KEYS[1], KEYS[2], ARGV[1], ARGV[2], ARGV[3])
return 0
`

/**
 * Deletes the first ARGV[3] records of a range of a partition, then as many of its logs as that leaves
 * room for, and publishes the change when it found any. KEYS: the partition's record index, its log
 * index. ARGV: the range's ZRANGE BYLEX min and max, the batch size, the record and log key prefixes,
 * the change feed's channel, the change. Returns { index entries visited, keys deleted }.
 */
const DELETE_RANGE_SCRIPT = `
local batch = tonumber(ARGV[3])
local visited, deleted = 0, 0
for _, kind in ipairs({ { KEYS[1], ARGV[4] }, { KEYS[2], ARGV[5] } }) do
  if visited < batch then
    local members = redis.call('ZRANGE', kind[1], ARGV[1], ARGV[2], 'BYLEX', 'LIMIT', 0, batch - visited)
    for _, member in ipairs(members) do deleted = deleted + redis.call('DEL', kind[2] .. member) end
    if #members > 0 then redis.call('ZREM', kind[1], unpack(members)) end
    visited = visited + #members
  end
end
if visited > 0 then redis.call('PUBLISH', ARGV[6], ARGV[7]) end
return { visited, deleted }
`

/** KEYS: records. Returns each one's value (nil: none) and PTTL, in turn. */
const READ_SCRIPT = `
local reply = {}
for i, key in ipairs(KEYS) do
  reply[2 * i - 1] = redis.call('GET', key)
  reply[2 * i] = redis.call('PTTL', key)
end
return reply
`

/**
 * Drops from a partition's index the keys a `list` found without a record, if they still have none
 * (one may have been written since). KEYS[1] the index; ARGV[1] the record key prefix, the rest the keys.
 */
const PRUNE_SCRIPT = `
for i = 2, #ARGV do
  if redis.call('EXISTS', ARGV[1] .. ARGV[i]) == 0 then redis.call('ZREM', KEYS[1], ARGV[i]) end
end
return 0
`

type RedisClient = ReturnType<typeof createClient>

/** Where a store keeps what (see the header). */
interface Layout {
  record: string
  log: string
  recordIndex: string
  logIndex: string
  /** The change feed's channel. */
  changes: string
}

/** Opens a Redis store; while Redis is away it opens anyway, failing each operation until Redis is back. */
export async function openRedisStore (url: string): Promise<RedisStore> {
  const connection = new URL(url)
  const prefix = connection.searchParams.get('key_prefix') ?? DEFAULT_KEY_PREFIX
  if (!KEY_PREFIX.test(prefix)) throw new TypeError(`A Redis key prefix is lowercase letters, digits and _ (at most 40), got ${JSON.stringify(prefix)}`)
  connection.searchParams.delete('key_prefix')
  const layout = { record: `${prefix}:`, log: `${prefix}-log:`, recordIndex: `${prefix}-index:`, logIndex: `${prefix}-logs:`, changes: `${prefix}-changes` }
  const calls = new BackendCalls()
  const client: RedisClient = createClient({
    url: connection.href,
    disableOfflineQueue: true,
    // Keeps a healthy idle connection from reaching the socket timeout; a silent one is dropped and redialled.
    pingInterval: 5_000,
    socket: {
      connectTimeout: CONNECT_TIMEOUT_MS,
      socketTimeout: 15_000,
      // Redial forever (the store must come back by itself), but not after close().
      reconnectStrategy: (retries: number) => calls.closed ? false : Math.min(100 * 2 ** retries, 2_000)
    }
  })
  client.on('error', (error: unknown) => { calls.clientFailed(error) })
  // Give the first connection a moment, then let it keep trying in the background.
  const connected = client.connect().catch(() => {})
  await Promise.race([connected, sleep(CONNECT_TIMEOUT_MS, undefined, { ref: false })])
  return new RedisStore(client, calls, layout)
}

export class RedisStore implements CacheableStore {
  readonly shared = true
  readonly #client: RedisClient
  readonly #calls: BackendCalls
  readonly #layout: Layout
  /** Deaf until its subscriber listens. */
  readonly #feed = new ChangeFeed(false)
  #subscriber: RedisSubscriber | undefined
  readonly #updates = new SwappingUpdates({
    read: async (key) => {
      const record = await this.#calls.run(async () => await this.#client.get(this.#layout.record + key))
      return record === null ? { value: undefined, version: undefined } : { value: freeze(JSON.parse(record)), version: record }
    },
    swap: async (key, version, next, ttlMs, entry) => await this.#write(key, version ?? '', next, ttlMs, entry) !== undefined,
    append: async (entry) => { await this.append(entry) }
  })

  constructor (client: RedisClient, calls: BackendCalls, layout: Layout) {
    this.#client = client
    this.#calls = calls
    this.#layout = layout
  }

  async get<T>(key: string): Promise<Frozen<T> | undefined> {
    return parse<T>(await this.#calls.run(async () => await this.#client.get(this.#layout.record + key)))
  }

  async getMany<T>(keys: string[]): Promise<Array<Frozen<T> | undefined>> {
    if (keys.length === 0) return []
    const records = await this.#calls.run(async () => await this.#client.mGet(keys.map(key => this.#layout.record + key)))
    return records.map(record => parse<T>(record))
  }

  async getEntries (keys: string[]): Promise<Array<Expiring<unknown> | undefined>> {
    return keys.length === 0 ? [] : await this.#readEntries(keys)
  }

  async set (key: string, value: unknown, ttlMs?: number): Promise<void> {
    expiresAt(ttlMs)
    await this.#write(key, undefined, value, ttlMs, undefined)
  }

  async delete (key: string): Promise<void> {
    await this.#write(key, undefined, undefined, undefined, undefined)
  }

  async update<T>(key: string, change: (current: Frozen<T> | undefined) => T | Frozen<T> | undefined, options: UpdateOptions<T> = {}): Promise<{ previous: Frozen<T> | undefined, next: Frozen<T> | undefined }> {
    return await this.#updates.update(key, change, options)
  }

  async take<T>(key: string): Promise<Frozen<T> | undefined> {
    const record = await this.#write(key, undefined, undefined, undefined, undefined)
    return record === undefined || record === '' ? undefined : parse<T>(record)
  }

  async list<T>(prefix: string, options?: ListOptions): Promise<Array<StoredRecord<T>>> {
    const index = this.#layout.recordIndex + prefixPartition(prefix)
    const limit = listLimit(options)
    const read = async (keys: string[]): Promise<Array<Frozen<T> | undefined>> =>
      (await this.#calls.run(async () => await this.#client.mGet(keys.map(key => this.#layout.record + key)))).map(record => parse<T>(record))
    return (await this.#listed(index, prefix, limit, read)).map(([key, value]) => ({ key, value }))
  }

  async listEntries (prefix: string): Promise<Array<ExpiringRecord<unknown>>> {
    const index = this.#layout.recordIndex + prefixPartition(prefix)
    return (await this.#listed(index, prefix, undefined, async keys => await this.#readEntries(keys))).map(([key, entry]) => ({ key, ...entry }))
  }

  async deletePrefix (prefix: string): Promise<number> {
    const partition = prefixPartition(prefix)
    const range = [`[${prefix}`, `(${prefixEnd(prefix)}`]
    const announced = [this.#layout.changes, changeMessage({ prefix })]
    let deleted = 0
    try {
      for (;;) {
        const [visited, keys] = await this.#eval(DELETE_RANGE_SCRIPT, [this.#layout.recordIndex + partition, this.#layout.logIndex + partition], [...range, String(BATCH), this.#layout.record, this.#layout.log, ...announced]) as [number, number]
        deleted += keys
        if (visited < BATCH) return deleted
      }
    } finally {
      // Batches that ran before a failed one deleted what they did.
      this.#feed.changed({ prefix })
    }
  }

  async append ({ log, entry, capacity }: LogEntry): Promise<void> {
    const partition = partitionOf(log)
    await this.#eval(APPEND_SCRIPT, [this.#layout.log + log, partition === undefined ? this.#layout.log + log : this.#layout.logIndex + partition], [JSON.stringify(entry), String(capacity), partition === undefined ? '' : log])
  }

  async recent<T>(log: string, limit: number): Promise<Array<Frozen<T>>> {
    if (!(limit > 0)) return []
    const entries = await this.#calls.run(async () => await this.#client.lRange(this.#layout.log + log, -limit, -1))
    return entries.reverse().map(entry => freeze(JSON.parse(entry) as T))
  }

  /** The first watcher opens the subscribed connection; it stays open until the store closes. */
  watch (watcher: StoreWatcher): () => void {
    const unwatch = this.#feed.watch(watcher)
    if (!this.#calls.closed) this.#subscriber ??= new RedisSubscriber(this.#client, this.#layout.changes, this.#feed)
    return unwatch
  }

  async ping (): Promise<void> {
    await this.#calls.run(async () => await this.#client.ping())
  }

  async close (): Promise<void> {
    this.#calls.close()
    this.#feed.deaf()
    this.#subscriber?.close()
    // destroy(), not a graceful close: that would wait forever for replies a lost connection never brings.
    if (this.#client.isOpen) this.#client.destroy()
  }

  /**
   * The live records of a range of an index, at most `limit`, a batch of keys at a time, each batch's
   * records read by `read`; keys whose record is gone are dropped from the index.
   */
  async #listed<R>(index: string, prefix: string, limit: number | undefined, read: (keys: string[]) => Promise<Array<R | undefined>>): Promise<Array<[string, R]>> {
    const max = `(${prefixEnd(prefix)}`
    let min = `[${prefix}`
    const found: Array<[string, R]> = []
    for (;;) {
      const count = Math.min(BATCH, (limit ?? Infinity) - found.length)
      if (count === 0) return found
      const keys = await this.#calls.run(async () => await this.#client.zRange(index, min, max, { BY: 'LEX', LIMIT: { offset: 0, count } }))
      if (keys.length === 0) return found
      const records = await read(keys)
      const gone = keys.filter((_, i) => records[i] === undefined)
      if (gone.length > 0) await this.#eval(PRUNE_SCRIPT, [index], [this.#layout.record, ...gone])
      keys.forEach((key, i) => { if (records[i] !== undefined) found.push([key, records[i]!]) })
      if (keys.length < count) return found
      min = `(${keys.at(-1)!}`
    }
  }

  /** Values with their expiry, in one script; the expiry counted from before the script was sent. */
  async #readEntries (keys: string[]): Promise<Array<Expiring<unknown> | undefined>> {
    const sent = Date.now()
    const reply = await this.#eval(READ_SCRIPT, keys.map(key => this.#layout.record + key), []) as Array<string | number | null>
    return keys.map((_, i) => {
      const record = reply[2 * i] as string | null
      const ttl = reply[2 * i + 1] as number
      return record === null ? undefined : { value: parse(record)!, expires: ttl >= 0 ? sent + ttl : undefined }
    })
  }

  /**
   * Writes `value` (undefined: deletes) in one script, only if the record is still `expected` when
   * that is given ('' for none); resolves to the record as it was ('' none), or undefined when it was
   * not the expected one.
   */
  async #write (key: string, expected: string | undefined, value: unknown, ttlMs: number | undefined, entry: LogEntry | undefined): Promise<string | undefined> {
    const partition = partitionOf(key)
    const logPartition = entry === undefined ? undefined : partitionOf(entry.log)
    const record = this.#layout.record + key
    const reply = await this.#eval(WRITE_SCRIPT, [
      record,
      partition === undefined ? record : this.#layout.recordIndex + partition,
      entry === undefined ? record : this.#layout.log + entry.log,
      logPartition === undefined ? record : this.#layout.logIndex + logPartition
    ], [
      expected === undefined ? '0' : '1',
      expected ?? '',
      value === undefined ? '' : JSON.stringify(value),
      value === undefined || ttlMs === undefined ? '' : String(Math.ceil(ttlMs)),
      partition === undefined ? '' : key,
      entry === undefined ? '' : JSON.stringify(entry.entry),
      entry === undefined ? '' : String(entry.capacity),
      logPartition === undefined ? '' : entry!.log,
      this.#layout.changes,
      changeMessage({ key })
    ]) as [string] | null
    if (reply !== null) this.#feed.changed({ key })
    return reply?.[0]
  }

  async #eval (script: string, keys: string[], args: string[]): Promise<unknown> {
    return await this.#calls.run(async () => await this.#client.eval(script, { keys, arguments: args }))
  }
}

function parse<T> (record: string | null): Frozen<T> | undefined {
  return record === null ? undefined : freeze(JSON.parse(record) as T)
}
