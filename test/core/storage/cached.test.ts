/**
 * The read cache (core/storage/cached.ts) on the memory store, whose change feed the tests can hold
 * up or drop: what it keeps and for how long, what it forgets on a change, the bound on its size, and
 * what it does when the feed goes deaf. That it behaves as every store does is store.test.ts's; two
 * instances on Redis and PostgreSQL are cached-shared.test.ts's.
 */
import t, { type Test } from 'tap'
import { setTimeout as sleep } from 'node:timers/promises'
import { CachedStore, cachedValue, withReadCache } from '../../../core/storage/cached.js'
import { MemoryStore } from '../../../core/storage/memory.js'
import { StoreUnavailableError, type Expiring, type ExpiringRecord, type HubStore, type StoreWatcher } from '../../../core/storage/store.js'

/** A memory store that counts the reads the cache makes, can hold them up, and can drop its feed's reports. */
class ProbedStore extends MemoryStore {
  reads = 0
  lists = 0
  /** While set, a read takes its values first, then waits for it: a change may come in meanwhile. */
  hold: Promise<void> | undefined
  /** While true, changes are not reported (a notification lost on a connection that seems up). */
  muted = false
  readonly watchers: StoreWatcher[] = []

  override async getEntries (keys: string[]): Promise<Array<Expiring<unknown> | undefined>> {
    this.reads++
    const entries = await super.getEntries(keys)
    await this.hold
    return entries
  }

  override async listEntries (prefix: string): Promise<Array<ExpiringRecord<unknown>>> {
    this.lists++
    const records = await super.listEntries(prefix)
    await this.hold
    return records
  }

  override watch (watcher: StoreWatcher): () => void {
    this.watchers.push(watcher)
    return super.watch({ ...watcher, changed: change => { if (!this.muted) watcher.changed(change) } })
  }
}

function cached (t: Test, options: ConstructorParameters<typeof CachedStore>[1] = {}): { store: CachedStore, backend: ProbedStore } {
  const backend = new ProbedStore()
  const store = new CachedStore(backend, options)
  t.teardown(async () => { await store.close() })
  return { store, backend }
}

t.test('a value read once is served from memory: the same frozen object, one read of the store', async t => {
  const { store, backend } = cached(t)
  await store.set('ws/a/integration/jira', { url: 'https://jira.example' })
  const first = await store.get('ws/a/integration/jira')
  const second = await store.get('ws/a/integration/jira')
  t.same(first, { url: 'https://jira.example' })
  t.equal(second, first, 'the very object')
  t.ok(Object.isFrozen(second))
  t.equal(backend.reads, 1)
  t.same(await store.getMany(['ws/a/integration/jira', 'ws/a/integration/smtp']), [first, undefined])
  t.same(await store.getMany(['ws/a/integration/smtp', 'ws/a/integration/jira']), [undefined, first])
  t.equal(backend.reads, 2, 'getMany read only the key it had not seen, and then nothing')
  t.match(store.stats(), { hits: 4, misses: 2, weight: 2, listening: true })
})

t.test('an absence is kept too, until something is written there', async t => {
  const { store, backend } = cached(t)
  const key = 'hub/guesses/10.0.0.1/3'
  t.equal(await store.get(key), undefined)
  t.equal(await store.get(key), undefined)
  t.equal(backend.reads, 1)
  await store.update<number>(key, count => (count ?? 0) + 1, { ttlMs: 60_000 })
  t.equal(await store.get(key), 1, 'the write is read at once')
})

t.test('every write through the store object is read at once, made through the cache or not', async t => {
  const { store, backend } = cached(t)
  const key = 'ws/a/token/1'
  await store.set(key, { revokedAt: null })
  t.same(await store.get(key), { revokedAt: null })
  await backend.set(key, { revokedAt: 'now' })
  t.same(await store.get(key), { revokedAt: 'now' }, 'written past the cache, on the same store object')
  await backend.update(key, () => undefined)
  t.equal(await store.get(key), undefined)
  await store.set(key, 'taken soon')
  t.equal(await store.get(key), 'taken soon')
  t.equal(await backend.take(key), 'taken soon')
  t.equal(await store.get(key), undefined, 'taken')
})

t.test('what take returns is never kept, and logs are read from the store', async t => {
  const { store, backend } = cached(t)
  await store.set('ws/a/sso-login/s1', { nonce: 'n' }, 60_000)
  t.same(await store.take('ws/a/sso-login/s1'), { nonce: 'n' })
  t.equal(await store.take('ws/a/sso-login/s1'), undefined, 'single-use')
  t.equal(backend.reads, 0, 'take read nothing through the cache')
  await store.append({ log: 'ws/a/audit', entry: 1, capacity: 5 })
  t.same(await store.recent('ws/a/audit', 5), [1])
  await backend.append({ log: 'ws/a/audit', entry: 2, capacity: 5 })
  t.same(await store.recent('ws/a/audit', 5), [2, 1])
})

t.test('a list is kept until a record under its prefix changes; deletePrefix forgets values and lists under it', async t => {
  const { store, backend } = cached(t)
  await store.set('ws/a/token/1', 1)
  await store.set('ws/a/token/2', 2)
  await store.set('ws/a/webhook/w', 'w')
  const tokens = await store.list('ws/a/token/')
  t.same(tokens, [{ key: 'ws/a/token/1', value: 1 }, { key: 'ws/a/token/2', value: 2 }])
  tokens.pop()
  t.same(await store.list('ws/a/token/'), [{ key: 'ws/a/token/1', value: 1 }, { key: 'ws/a/token/2', value: 2 }], 'a caller changing its array changes nothing kept')
  t.same(await store.list('ws/a/token/', { limit: 1 }), [{ key: 'ws/a/token/1', value: 1 }], 'a limit is served from a kept list')
  t.equal(backend.lists, 1)
  await store.set('ws/a/webhook/w', 'changed')
  await store.list('ws/a/token/')
  t.equal(backend.lists, 1, 'a write outside the prefix keeps the list')
  await store.set('ws/a/token/3', 3)
  t.same((await store.list('ws/a/token/')).map(record => record.value), [1, 2, 3], 'a write under it does not')
  t.same((await store.list('ws/a/')).length, 4)
  t.equal(await store.get('ws/a/webhook/w'), 'changed')
  await store.set('ws/ab/token/1', 'another partition')
  t.equal(await store.deletePrefix('ws/a/'), 4)
  t.same(await store.list('ws/a/token/'), [])
  t.same(await store.list('ws/a/'), [])
  t.equal(await store.get('ws/a/webhook/w'), undefined)
  t.equal(await store.get('ws/ab/token/1'), 'another partition')
  await backend.deletePrefix('ws/ab/token/')
  t.equal(await store.get('ws/ab/token/1'), undefined, 'a deletePrefix past the cache, on the same store object')
})

t.test('an expiring value, or a list holding one, is never served after its expiry', async t => {
  const { store } = cached(t)
  await store.set('ws/a/session/s', 'soon gone', 150)
  await store.set('ws/a/session/t', 'lasting', 60_000)
  t.equal(await store.get('ws/a/session/s'), 'soon gone')
  t.equal((await store.list('ws/a/session/')).length, 2)
  await sleep(200)
  t.equal(await store.get('ws/a/session/s'), undefined)
  t.same(await store.list('ws/a/session/'), [{ key: 'ws/a/session/t', value: 'lasting' }])
})

t.test('memory is bounded: the least recently used go first, a list weighs its records, a large list is not kept', async t => {
  const { store, backend } = cached(t, { maxEntries: 20 })
  for (let i = 0; i < 30; i++) await store.set(`ws/a/integration/${i}`, i)
  for (let i = 0; i < 15; i++) await store.get(`ws/a/integration/${i}`)
  await store.get('ws/a/integration/0')
  for (let i = 15; i < 30; i++) await store.get(`ws/a/integration/${i}`)
  t.equal(store.stats().weight, 20, 'at the cap, not over it')
  const reads = backend.reads
  await store.get('ws/a/integration/0')
  await store.get('ws/a/integration/29')
  t.equal(backend.reads, reads, 'the recently used are still there')
  await store.get('ws/a/integration/1')
  t.equal(backend.reads, reads + 1, 'the least recently used was evicted')

  for (let i = 0; i < 3; i++) await store.set(`ws/b/token/${i}`, i)
  await store.list('ws/b/token/')
  t.ok(store.stats().weight <= 20)
  await store.list('ws/b/token/')
  t.equal(backend.lists, 2, 'a list weighing more than a tenth of the cache is read each time')
  const small = cached(t, { maxEntries: 40 })
  for (let i = 0; i < 3; i++) await small.store.set(`ws/b/token/${i}`, i)
  await small.store.list('ws/b/token/')
  t.equal(small.store.stats().weight, 3, 'a list weighs as many records as it holds')
})

t.test('a read under way when a change to what it reads comes in is not kept', async t => {
  const { store, backend } = cached(t)
  await store.set('ws/a/token/1', 'old')
  await store.set('ws/a/token/2', 'unchanged')
  let release!: () => void
  backend.hold = new Promise(resolve => { release = resolve })
  const reading = store.getMany(['ws/a/token/1', 'ws/a/token/2'])
  const listing = store.list('ws/a/token/')
  await backend.set('ws/a/token/1', 'new')
  backend.hold = undefined
  release()
  t.same(await reading, ['old', 'unchanged'], 'the read began before the write')
  t.same((await listing).map(record => record.value), ['old', 'unchanged'])
  t.equal(await store.get('ws/a/token/1'), 'new', 'but what it read was not kept')
  t.same((await store.list('ws/a/token/')).map(record => record.value), ['new', 'unchanged'])
  const reads = backend.reads
  t.equal(await store.get('ws/a/token/2'), 'unchanged')
  t.equal(backend.reads, reads, 'a key the change did not touch was kept')
})

t.test('a deaf feed empties the cache, and reads go to the store until it listens again', async t => {
  const { store, backend } = cached(t)
  await store.set('ws/a/token/1', 'before')
  await store.get('ws/a/token/1')
  const [watcher] = backend.watchers
  watcher!.deaf()
  t.match(store.stats(), { listening: false, weight: 0 })
  backend.muted = true
  await backend.set('ws/a/token/1', 'unheard')
  t.equal(await store.get('ws/a/token/1'), 'unheard', 'a change the feed did not report is read')
  const reads = backend.reads
  await store.get('ws/a/token/1')
  t.equal(backend.reads, reads + 1, 'nothing is kept while deaf')
  backend.muted = false
  let release!: () => void
  backend.hold = new Promise(resolve => { release = resolve })
  const begunDeaf = store.get('ws/a/token/1')
  watcher!.listening()
  backend.hold = undefined
  release()
  await begunDeaf
  await store.get('ws/a/token/1')
  t.equal(backend.reads, reads + 3, 'a read begun while deaf is not kept either')
  await store.get('ws/a/token/1')
  t.equal(backend.reads, reads + 3, 'listening again, reads are kept')
})

t.test('a change whose report is lost is served for maxStaleMs at most', async t => {
  const { store, backend } = cached(t, { maxStaleMs: 100 })
  await store.set('ws/a/token/1', 'old')
  await store.get('ws/a/token/1')
  backend.muted = true
  await backend.set('ws/a/token/1', 'new')
  t.equal(await store.get('ws/a/token/1'), 'old', 'stale, within the bound')
  await sleep(120)
  t.equal(await store.get('ws/a/token/1'), 'new', 'read again once the bound passed')
})

t.test('peek tells what the cache holds now, without reading: a value, a kept absence, or nothing known', async t => {
  const { store, backend } = cached(t, { maxStaleMs: 100 })
  t.equal(store.peek('ws/a/integration/jira'), undefined, 'nothing read yet: not known')
  await store.get('ws/a/integration/jira')
  t.same(store.peek('ws/a/integration/jira'), { value: undefined }, 'known to be absent')
  await store.set('ws/a/integration/jira', { url: 'https://jira.example' })
  t.equal(store.peek('ws/a/integration/jira'), undefined, 'a write makes it unknown again')
  const read = await store.get('ws/a/integration/jira')
  t.equal(store.peek<object>('ws/a/integration/jira')?.value, read, 'the very object get served')
  t.equal(cachedValue(store, 'ws/a/integration/jira')?.value, read)
  t.equal(cachedValue(backend, 'ws/a/integration/jira'), undefined, 'a store without a cache knows nothing without reading')
  await sleep(150)
  t.equal(store.peek('ws/a/integration/jira'), undefined, 'past maxStaleMs it is not known either')
  t.equal(backend.reads, 2, 'peeking reads nothing')
})

t.test('a closed cache serves nothing from memory', async t => {
  const backend = new MemoryStore()
  const store = new CachedStore(backend)
  await store.set('ws/a/token/1', 1)
  await store.get('ws/a/token/1')
  await store.close()
  await t.rejects(store.get('ws/a/token/1'), StoreUnavailableError)
  await t.rejects(store.list('ws/a/'), StoreUnavailableError)
})

t.test('one cache per store object; a store without a change feed is not cached', async t => {
  const backend = new MemoryStore()
  t.teardown(async () => { await backend.close() })
  const first = withReadCache(backend)
  t.ok(first instanceof CachedStore)
  t.equal(withReadCache(backend), first, 'handed over twice, one cache')
  t.equal(withReadCache(first), first, 'a cache is not cached again')
  const foreign = { shared: true, get: async () => undefined } as unknown as HubStore
  t.equal(withReadCache(foreign), foreign, 'a host app’s own store is used as it is')
  t.throws(() => new CachedStore(new MemoryStore(), { maxEntries: 0 }), RangeError)
  t.throws(() => new CachedStore(new MemoryStore(), { maxStaleMs: -1 }), RangeError)
})
