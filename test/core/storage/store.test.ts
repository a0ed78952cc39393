/**
 * One behaviour, three backends: every HubStore acts the same on SQLite, Redis and PostgreSQL.
 * Redis and PostgreSQL come from REDIS_URL and DATABASE_URL; without them those runs are skipped,
 * except under CI=true, where a missing variable fails.
 */
import t, { type Test } from 'tap'
import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { openStore, StoreUnavailableError, type HubStore } from '../../../core/storage/store.js'

/** Keys of this run, so parallel runs against the same servers never meet. */
const RUN = `test:${randomUUID().slice(0, 8)}`

const backends: Array<{ name: string, env?: string, url: (t: Test) => string | undefined }> = [
  { name: 'sqlite', url: (t) => `sqlite://${t.testdir()}/hub.sqlite` },
  { name: 'redis', env: 'REDIS_URL', url: () => process.env.REDIS_URL },
  { name: 'postgres', env: 'DATABASE_URL', url: () => process.env.DATABASE_URL }
]

interface Fixture {
  store: HubStore
  /** A key of this run; deleted when the test ends. */
  key: (name: string) => string
}

async function openFixture (t: Test, url: (t: Test) => string): Promise<Fixture> {
  const keys: string[] = []
  let store: HubStore | undefined
  // Registered before url(t) runs: teardowns run in order, and the SQLite folder must outlive the store.
  t.teardown(async () => {
    if (store === undefined) return
    for (const key of keys) await store.delete(key)
    await store.close()
  })
  store = await openStore(url(t))
  return {
    store,
    key: (name) => {
      const key = `${RUN}:${t.name}:${name}`
      keys.push(key)
      return key
    }
  }
}

for (const backend of backends) {
  const probe = backend.env === undefined ? 'always' : process.env[backend.env]
  if (probe === undefined || probe === '') {
    if (process.env.CI === 'true') {
      t.test(backend.name, async (t) => { t.fail(`${backend.env} is not set; it is required when CI=true`) })
    } else {
      t.test(backend.name, { skip: `${backend.env} is not set` }, async () => {})
    }
    continue
  }

  t.test(backend.name, async (t) => {
    const url = (t: Test): string => backend.url(t)!
    const open = async (t: Test): Promise<Fixture> => await openFixture(t, url)

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
      const { store, key } = await open(t)
      const log = key('log')
      for (let i = 1; i <= 7; i++) await store.append({ log, entry: { i }, capacity: 5 })
      t.same(await store.recent(log, 10), [{ i: 7 }, { i: 6 }, { i: 5 }, { i: 4 }, { i: 3 }], 'the oldest beyond the capacity are gone')
      t.same(await store.recent(log, 2), [{ i: 7 }, { i: 6 }])
      t.same(await store.recent(key('empty-log'), 10), [], 'a log never written is empty')
    })

    t.test('update appends its log entry only when it writes', async (t) => {
      const { store, key } = await open(t)
      const k = key('config')
      const log = key('config-log')
      const entry = (previous: unknown, next: unknown) => ({ log, entry: { previous: previous ?? null, next: next ?? null }, capacity: 10 })
      await store.update<number>(k, () => 1, { log: entry })
      await store.update<number>(k, n => n! + 1, { log: entry })
      await t.rejects(store.update<number>(k, () => { throw new Error('stale') }, { log: entry }))
      await store.update<number>(k, () => undefined, { log: (previous) => previous === undefined ? undefined : entry(previous, undefined) })
      await store.update<number>(k, () => undefined, { log: (previous) => previous === undefined ? undefined : entry(previous, undefined) })
      t.same(await store.recent(log, 10), [{ previous: 2, next: null }, { previous: 1, next: 2 }, { previous: null, next: 1 }])
      t.equal(await store.get(k), undefined)
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

    t.test('ping resolves while the store is reachable', async (t) => {
      const { store } = await open(t)
      await t.resolves(store.ping())
    })

    t.test('a closed store fails with StoreUnavailableError', async (t) => {
      const store = await openStore(url(t))
      await store.close()
      await t.rejects(store.get(`${RUN}:closed`), StoreUnavailableError)
      await t.rejects(store.set(`${RUN}:closed`, 1), StoreUnavailableError, 'and does not connect again to write')
      await t.rejects(store.update(`${RUN}:closed`, () => 1), StoreUnavailableError)
    })
  })
}
