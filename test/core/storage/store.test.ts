/**
 * One behaviour, four backends: every HubStore acts the same in memory, on SQLite, Redis and
 * PostgreSQL (see backends.ts for which run where), and the same again behind the read cache the hub
 * opens each of them through (core/storage/cached.ts), its feed listening.
 */
import { type Test } from 'tap'
import { setTimeout as sleep } from 'node:timers/promises'
import { CachedStore, withReadCache } from '../../../core/storage/cached.js'
import { openStore } from '../../../core/storage/open.js'
import { StoreUnavailableError, type HubStore } from '../../../core/storage/store.js'
import { forEachBackend, memory, postgres, redis, renamed, RUN, sqlite, type Backend } from '../../support/backends.js'

type Opener = (url: string) => Promise<HubStore>

/** A store behind a read cache whose feed listens (a shared store's subscribes within a moment). */
async function openCached (url: string): Promise<HubStore> {
  const store = withReadCache(await openStore(url)) as CachedStore
  for (let waited = 0; !store.stats().listening; waited += 10) {
    if (waited > 5_000) throw new Error(`the change feed of ${url} is not listening after 5 s`)
    await sleep(10)
  }
  return store
}

interface Fixture {
  store: HubStore
  /** A key of this run; deleted when the test ends. */
  key: (name: string) => string
  /** A partition of this run (`ws/<run>-<n><name>/`); deleted when the test ends. */
  partition: (name: string) => string
}

let fixtures = 0

async function openFixture (t: Test, url: (t: Test) => string, opener: Opener): Promise<Fixture> {
  const keys: string[] = []
  const partitions: string[] = []
  const opened: { store?: HubStore } = {}
  const id = `${RUN}-${++fixtures}`
  // Registered before url(t) runs: teardowns run in order, and the SQLite folder must outlive the store.
  t.teardown(async () => {
    if (opened.store === undefined) return
    for (const key of keys) await opened.store.delete(key)
    for (const partition of partitions) await opened.store.deletePrefix(partition)
    await opened.store.close()
  })
  const store = opened.store = await opener(url(t))
  return {
    store,
    key: (name) => {
      const key = `test:${id}:${name}`
      keys.push(key)
      return key
    },
    partition: (name) => {
      const partition = `ws/${id}${name}/`
      partitions.push(partition)
      return partition
    }
  }
}

const backends = [memory, sqlite, redis, postgres]
forEachBackend(backends, async (t, backend) => { contract(t, backend, openStore) })
forEachBackend(backends.map(backend => renamed(backend, `${backend.name} behind a read cache`)), async (t, backend) => { contract(t, backend, openCached) })

function contract (t: Test, backend: Backend, opener: Opener): void {
  const open = async (t: Test): Promise<Fixture> => await openFixture(t, backend.url, opener)

  t.test('get, set and delete', async (t) => {
    const { store, key } = await open(t)
    const k = key('config')
    t.equal(await store.get(k), undefined, 'a missing key reads as undefined')
    await store.set(k, { url: 'https://example.test', port: 443, tags: ['a', ':b'], on: true })
    t.same(await store.get(k), { url: 'https://example.test', port: 443, tags: ['a', ':b'], on: true })
    await store.set(k, 'replaced')
    t.equal(await store.get(k), 'replaced')
    await store.delete(k)
    t.equal(await store.get(k), undefined)
    await t.resolves(store.delete(k), 'deleting a missing key is fine')
    await store.set(k, 'again')
    await store.set(k, undefined)
    t.equal(await store.get(k), undefined, 'setting undefined deletes')
  })

  t.test('getMany reads several keys, in order', async (t) => {
    const { store, key } = await open(t)
    const [a, b, missing] = [key('a'), key('b'), key('missing')]
    await store.set(a, 1)
    await store.set(b, { two: 2 })
    t.same(await store.getMany([b, missing, a]), [{ two: 2 }, undefined, 1])
    t.same(await store.getMany([]), [])
  })

  t.test('values with a ttl expire', async (t) => {
    const { store, key } = await open(t)
    const set = key('set')
    const updated = key('updated')
    await store.set(set, 'short-lived', 1_000)
    await store.update<string>(updated, () => 'short-lived', { ttlMs: 1_000 })
    t.equal(await store.get(set), 'short-lived')
    t.equal(await store.get(updated), 'short-lived')
    await sleep(1_200)
    t.equal(await store.get(set), undefined, 'set with a ttl')
    t.equal(await store.get(updated), undefined, 'update with a ttl')
    t.equal(await store.take(set), undefined, 'take sees it gone too')
    const seen = await store.update<string>(updated, (current) => current ?? 'fresh')
    t.same(seen, { previous: undefined, next: 'fresh' }, 'update sees it gone too')
  })

  t.test('a ttl that is not a positive number is refused, and nothing is written', async (t) => {
    const { store, key } = await open(t)
    const k = key('ttl')
    await t.rejects(store.set(k, 1, 0), RangeError)
    await t.rejects(store.update(k, () => 1, { ttlMs: -5 }), RangeError)
    t.equal(await store.get(k), undefined)
  })

  t.test('update reads, changes and writes', async (t) => {
    const { store, key } = await open(t)
    const k = key('counter')
    t.same(await store.update<number>(k, (n) => (n ?? 0) + 1), { previous: undefined, next: 1 })
    t.same(await store.update<number>(k, (n) => (n ?? 0) + 1), { previous: 1, next: 2 })
    t.equal(await store.get(k), 2)
  })

  t.test('update whose change throws writes nothing', async (t) => {
    const { store, key } = await open(t)
    const existing = key('existing')
    const missing = key('missing')
    await store.set(existing, { version: 1 })
    const conflict = new Error('stale version')
    await t.rejects(store.update(existing, () => { throw conflict }), conflict, 'the error reaches the caller as it is')
    await t.rejects(store.update(missing, () => { throw conflict }), conflict)
    t.same(await store.get(existing), { version: 1 })
    t.equal(await store.get(missing), undefined)
  })

  t.test('update that returns undefined deletes', async (t) => {
    const { store, key } = await open(t)
    const k = key('session')
    await store.set(k, { user: 'ada' })
    t.same(await store.update(k, () => undefined), { previous: { user: 'ada' }, next: undefined })
    t.equal(await store.get(k), undefined)
  })

  t.test('values come back frozen: a reader cannot change what the next reader sees', async (t) => {
    const { store, key } = await open(t)
    const k = key('frozen')
    const written = { name: 'ada', tags: ['a'] }
    await store.set(k, written)
    written.tags.push('changed after set')
    const read = await store.get<{ name: string, tags: string[] }>(k)
    t.same(read, { name: 'ada', tags: ['a'] }, 'the store kept what was written, not the caller’s later change')
    t.throws(() => { (read as { name: string }).name = 'eve' }, TypeError)
    t.throws(() => { (read!.tags as string[]).push('b') }, TypeError, 'all the way down')
    const { next } = await store.update<{ n: number }>(k, () => ({ n: 1 }))
    t.ok(Object.isFrozen(next), 'update hands back a frozen value too')
    t.same(await store.get(k), { n: 1 })
  })

  t.test('a log keeps its newest entries, newest first', async (t) => {
    const { store, partition } = await open(t)
    const log = `${partition('log')}log`
    for (let i = 1; i <= 7; i++) await store.append({ log, entry: { i }, capacity: 5 })
    t.same(await store.recent(log, 10), [{ i: 7 }, { i: 6 }, { i: 5 }, { i: 4 }, { i: 3 }], 'the oldest beyond the capacity are gone')
    t.same(await store.recent(log, 2), [{ i: 7 }, { i: 6 }])
    t.same(await store.recent(log, 0), [], 'a limit of 0 is no entries, not all of them')
    t.same(await store.recent(`${partition('log')}empty`, 10), [], 'a log never written is empty')
  })

  t.test('update appends its log entry only when it writes', async (t) => {
    const { store, key, partition } = await open(t)
    const k = key('config')
    const log = `${partition('config')}log`
    const entry = (previous: unknown, next: unknown) => ({ log, entry: { previous: previous ?? null, next: next ?? null }, capacity: 10 })
    await store.update<number>(k, () => 1, { log: entry })
    await store.update<number>(k, n => n! + 1, { log: entry })
    await t.rejects(store.update<number>(k, () => { throw new Error('stale') }, { log: entry }))
    await store.update<number>(k, () => undefined, { log: (previous) => previous === undefined ? undefined : entry(previous, undefined) })
    await store.update<number>(k, () => undefined, { log: (previous) => previous === undefined ? undefined : entry(previous, undefined) })
    t.same(await store.recent(log, 10), [{ previous: 2, next: null }, { previous: 1, next: 2 }, { previous: null, next: 1 }])
    t.equal(await store.get(k), undefined)
  })

  t.test('an update’s log entry keeps its log capped', async (t) => {
    const { store, partition } = await open(t)
    const ws = partition('capped')
    for (let i = 1; i <= 6; i++) await store.update<number>(`${ws}counter`, () => i, { log: () => ({ log: `${ws}audit`, entry: i, capacity: 3 }) })
    t.same(await store.recent(`${ws}audit`, 10), [6, 5, 4])
  })

  t.test('take is single-use', async (t) => {
    const { store, key } = await open(t)
    const k = key('login-state')
    await store.set(k, { nonce: 'n-1' }, 60_000)
    t.same(await store.take(k), { nonce: 'n-1' })
    t.equal(await store.take(k), undefined, 'a second take finds nothing')
    t.equal(await store.get(k), undefined)

    await store.set(k, { nonce: 'n-2' })
    const taken = await Promise.all(Array.from({ length: 5 }, async () => await store.take(k)))
    t.same(taken.filter((value) => value !== undefined), [{ nonce: 'n-2' }], 'concurrent takes: exactly one gets it')
  })

  t.test('list returns the live records under a prefix, in byte order', async (t) => {
    const { store, partition } = await open(t)
    const a = partition('a')
    const ab = partition('ab')
    // In UTF-16 order (JavaScript's <) the emoji would sort before U+FFFD; in UTF-8 byte order it comes after.
    const names = ['b', 'a/2', 'a/10', 'a', 'é', '\uFFFD', '\u{1F600}', 'Z']
    for (const name of names.toReversed()) await store.set(`${a}${name}`, { name })
    await store.set(`${ab}x`, 'another partition')
    await store.set(`${a}expiring`, 'soon gone', 200)

    const listed = await store.list<{ name: string }>(a)
    t.same(listed.map(record => record.key), [`${a}Z`, `${a}a`, `${a}a/10`, `${a}a/2`, `${a}b`, `${a}expiring`, `${a}é`, `${a}\uFFFD`, `${a}\u{1F600}`], 'all of them, in byte order, nothing of ws/…ab/')
    t.same(listed[1], { key: `${a}a`, value: { name: 'a' } }, 'each with its value')
    t.ok(Object.isFrozen(listed[1]!.value), 'frozen, like every value the store hands out')

    t.same((await store.list(a, { limit: 3 })).map(record => record.key), [`${a}Z`, `${a}a`, `${a}a/10`], 'at most limit, the first ones')
    t.same(await store.list(a, { limit: 0 }), [])
    t.same((await store.list(`${a}a`)).map(record => record.key), [`${a}a`, `${a}a/10`, `${a}a/2`], 'a prefix inside a partition')
    t.same((await store.list(`${a}a/`)).map(record => record.key), [`${a}a/10`, `${a}a/2`])
    t.same(await store.list(`${ab}`), [{ key: `${ab}x`, value: 'another partition' }])
    t.same(await store.list(partition('empty')), [], 'a partition never written is empty')

    await sleep(300)
    t.notOk((await store.list(a)).some(record => record.key === `${a}expiring`), 'an expired record is not listed')
    t.equal((await store.list(a, { limit: 6 })).at(-1)?.key, `${a}é`, 'nor counted against the limit')
  })

  t.test('deletePrefix deletes a partition’s records and logs, and nothing of another', async (t) => {
    const { store, partition, key } = await open(t)
    const a = partition('a')
    const ab = partition('ab')
    for (const ws of [a, ab]) {
      await store.set(`${ws}integration/jira`, { ws })
      await store.set(`${ws}session/s1`, { ws }, 60_000)
      await store.update(`${ws}integration/smtp`, () => ({ ws }), { log: () => ({ log: `${ws}audit`, entry: { ws }, capacity: 10 }) })
      await store.append({ log: `${ws}health/jira/default`, entry: 'ok', capacity: 10 })
    }
    const outside = key('outside')
    await store.set(outside, 'kept')

    t.equal(await store.deletePrefix(a), 5, 'three records and two logs')
    t.same(await store.list(a), [])
    t.equal(await store.get(`${a}integration/jira`), undefined)
    t.equal(await store.get(`${a}session/s1`), undefined)
    t.same(await store.recent(`${a}audit`, 10), [], 'its logs are gone')
    t.same(await store.recent(`${a}health/jira/default`, 10), [])

    t.same((await store.list(ab)).map(record => record.key), [`${ab}integration/jira`, `${ab}integration/smtp`, `${ab}session/s1`], 'ws/…ab/ is untouched')
    t.same(await store.recent(`${ab}audit`, 10), [{ ws: ab }], 'and so are its logs')
    t.same(await store.recent(`${ab}health/jira/default`, 10), ['ok'])
    t.equal(await store.get(outside), 'kept')

    t.equal(await store.deletePrefix(a), 0, 'deleting again finds nothing')
    await store.set(`${a}integration/jira`, { again: true })
    t.same(await store.get(`${a}integration/jira`), { again: true }, 'the partition can be written again')
    t.same((await store.list(a)).map(record => record.key), [`${a}integration/jira`])
  })

  t.test('deletePrefix inside a partition deletes only that range', async (t) => {
    const { store, partition } = await open(t)
    const ws = partition('range')
    for (const name of ['session/1', 'session/2', 'sessions', 'token/1']) await store.set(`${ws}${name}`, name)
    await store.append({ log: `${ws}session/log`, entry: 1, capacity: 5 })
    t.equal(await store.deletePrefix(`${ws}session/`), 3, 'two records and a log')
    t.same((await store.list(ws)).map(record => record.key), [`${ws}sessions`, `${ws}token/1`])
  })

  t.test('deletePrefix counts live records only', async (t) => {
    const { store, partition } = await open(t)
    const ws = partition('expired')
    await store.set(`${ws}gone`, 1, 100)
    await store.set(`${ws}kept`, 2)
    await sleep(200)
    t.equal(await store.deletePrefix(ws), 1)
    t.same(await store.list(ws), [])
  })

  t.test('a prefix that lies in no partition is refused, and nothing is deleted', async (t) => {
    const { store, partition } = await open(t)
    const ws = partition('refused')
    await store.set(`${ws}x`, 1)
    const wsName = ws.slice(0, -1)
    for (const prefix of ['', 'ws', 'ws/', wsName]) {
      await t.rejects(store.list(prefix), TypeError, `list(${JSON.stringify(prefix)})`)
      await t.rejects(store.deletePrefix(prefix), { name: 'TypeError', message: /at least two "\/"/ }, `deletePrefix(${JSON.stringify(prefix)})`)
    }
    t.same(await store.list(ws), [{ key: `${ws}x`, value: 1 }], 'the partition is all there')
  })

  t.test('ping resolves while the store is reachable', async (t) => {
    const { store } = await open(t)
    await t.resolves(store.ping())
  })

  t.test('a closed store fails with StoreUnavailableError', async (t) => {
    const store = await opener(backend.url(t))
    await store.close()
    const key = `test:${RUN}:closed`
    await t.rejects(store.get(key), StoreUnavailableError)
    await t.rejects(store.set(key, 1), StoreUnavailableError, 'and does not connect again to write')
    await t.rejects(store.update(key, () => 1), StoreUnavailableError)
    await t.rejects(store.list(`ws/${RUN}/`), StoreUnavailableError)
    await t.rejects(store.deletePrefix(`ws/${RUN}/`), StoreUnavailableError)
    await t.rejects(store.ping(), StoreUnavailableError)
    await t.resolves(store.close(), 'closing again is fine')
  })
}
