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
 * Resilience: no offline queue (a command fails at once instead of being sent, maybe much later,
 * after its caller was told it failed); every operation bounded by BACKEND_TIMEOUT_MS; the client
 * redials forever until close(), and opening does not fail while Redis is away.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { createClient } from '@redis/client'
import { BackendCalls, CONNECT_TIMEOUT_MS } from './backend-calls.js'
import { SwappingUpdates } from './compare-and-set.js'
import { partitionOf, prefixEnd, prefixPartition } from './partitions.js'
import { expiresAt, freeze, listLimit, type Frozen, type HubStore, type ListOptions, type LogEntry, type StoredRecord, type UpdateOptions } from './store.js'

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
 * log's name as indexed ('' none). Returns nil when the record is not the expected one, else
 * { the record as it was ('' none) }.
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
return { current }
`

/** KEYS: the log, its partition's log index. ARGV: the entry, the capacity, the name as indexed ('' none). */
const APPEND_SCRIPT = `${APPEND_LOG}
appendLog(KEYS[1], KEYS[2], ARGV[1], ARGV[2], ARGV[3])
return 0
`

/**
 * Deletes the first ARGV[3] records of a range of a partition, then as many of its logs as that leaves
 * room for. KEYS: the partition's record index, its log index. ARGV: the range's ZRANGE BYLEX min and
 * max, the batch size, the record and log key prefixes. Returns { index entries visited, keys deleted }.
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
return { visited, deleted }
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
}

/** Opens a Redis store; while Redis is away it opens anyway, failing each operation until Redis is back. */
export async function openRedisStore (url: string): Promise<RedisStore> {
  const connection = new URL(url)
  const prefix = connection.searchParams.get('key_prefix') ?? DEFAULT_KEY_PREFIX
  if (!KEY_PREFIX.test(prefix)) throw new TypeError(`A Redis key prefix is lowercase letters, digits and _ (at most 40), got ${JSON.stringify(prefix)}`)
  connection.searchParams.delete('key_prefix')
  const layout = { record: `${prefix}:`, log: `${prefix}-log:`, recordIndex: `${prefix}-index:`, logIndex: `${prefix}-logs:` }
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

export class RedisStore implements HubStore {
  readonly shared = true
  readonly #client: RedisClient
  readonly #calls: BackendCalls
  readonly #layout: Layout
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
    const max = `(${prefixEnd(prefix)}`
    let min = `[${prefix}`
    const found: Array<StoredRecord<T>> = []
    for (;;) {
      const count = Math.min(BATCH, (limit ?? Infinity) - found.length)
      if (count === 0) return found
      const keys = await this.#calls.run(async () => await this.#client.zRange(index, min, max, { BY: 'LEX', LIMIT: { offset: 0, count } }))
      if (keys.length === 0) return found
      const records = await this.#calls.run(async () => await this.#client.mGet(keys.map(key => this.#layout.record + key)))
      const gone = keys.filter((_, i) => records[i] === null)
      if (gone.length > 0) await this.#eval(PRUNE_SCRIPT, [index], [this.#layout.record, ...gone])
      keys.forEach((key, i) => { if (records[i] !== null) found.push({ key, value: parse<T>(records[i]!)! }) })
      if (keys.length < count) return found
      min = `(${keys.at(-1)!}`
    }
  }

  async deletePrefix (prefix: string): Promise<number> {
    const partition = prefixPartition(prefix)
    const range = [`[${prefix}`, `(${prefixEnd(prefix)}`]
    let deleted = 0
    for (;;) {
      const [visited, keys] = await this.#eval(DELETE_RANGE_SCRIPT, [this.#layout.recordIndex + partition, this.#layout.logIndex + partition], [...range, String(BATCH), this.#layout.record, this.#layout.log]) as [number, number]
      deleted += keys
      if (visited < BATCH) return deleted
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

  async ping (): Promise<void> {
    await this.#calls.run(async () => await this.#client.ping())
  }

  async close (): Promise<void> {
    this.#calls.close()
    // destroy(), not a graceful close: that would wait forever for replies a lost connection never brings.
    if (this.#client.isOpen) this.#client.destroy()
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
      logPartition === undefined ? '' : entry!.log
    ]) as [string] | null
    return reply?.[0]
  }

  async #eval (script: string, keys: string[], args: string[]): Promise<unknown> {
    return await this.#calls.run(async () => await this.#client.eval(script, { keys, arguments: args }))
  }
}

function parse<T> (record: string | null): Frozen<T> | undefined {
  return record === null ? undefined : freeze(JSON.parse(record) as T)
}
