/**
 * Several hub instances on one Redis or one PostgreSQL: races between two store instances, what one
 * sees of the other's writes and deletions, the records as the backend holds them, and outages
 * injected with a TCP proxy (see backends.ts for which run where).
 */
import { type Test } from 'tap'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { createClient } from '@redis/client'
import { openStore } from '../../../core/storage/open.js'
import { StoreUnavailableError, type HubStore } from '../../../core/storage/store.js'
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy.js'
import { connectPostgres, forEachBackend, postgres, redis, RUN, type Backend } from '../../support/backends.js'

const ROUNDS = 200
const CONCURRENT = 10

class VersionConflict extends Error {}

interface Raw {
  /** The record of a hub key as the backend holds it: its stored text, and ms until it expires (undefined: never). */
  record: (key: string) => Promise<{ text: string, expiresInMs: number | undefined } | undefined>
  close: () => Promise<void>
}

/** Reads records past the store, with the backend's own client, where redis.ts and postgres.ts say they are. */
async function rawAccess (backend: Backend, url: string): Promise<Raw> {
  if (backend === redis) {
    const client = createClient({ url })
    await client.connect()
    return {
      record: async (key) => {
        const text = await client.get(`hub:${key}`)
        if (text === null) return undefined
        const ttl = await client.pTTL(`hub:${key}`)
        return { text, expiresInMs: ttl === -1 ? undefined : ttl }
      },
      close: async () => { client.destroy() }
    }
  }
  const { client, prefix } = await connectPostgres(url)
  return {
    record: async (key) => {
      const { rows } = await client.query(`SELECT value, expires FROM ${prefix}_record WHERE key = $1`, [key])
      const row = rows[0] as { value: string, expires: string | null } | undefined
      return row === undefined ? undefined : { text: row.value, expiresInMs: row.expires === null ? undefined : Number(row.expires) - Date.now() }
    },
    close: async () => { await client.end() }
  }
}

async function open (t: Test, url: string): Promise<HubStore> {
  const store = await openStore(url)
  t.teardown(async () => { await store.close() })
  return store
}

async function proxyTo (t: Test, url: string, defaultPort: number): Promise<TcpProxy> {
  const target = new URL(url)
  const proxy = await startTcpProxy({ targetHost: target.hostname, targetPort: Number(target.port || defaultPort) })
  t.teardown(async () => { await proxy.close() })
  return proxy
}

/** Milliseconds until `operation` settles; asserts it rejected with StoreUnavailableError. */
async function timeFailure (t: Test, label: string, operation: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await t.rejects(operation(), StoreUnavailableError, `${label} fails with StoreUnavailableError`)
  return Math.round(performance.now() - started)
}

/** Milliseconds until `operation` first succeeds, trying every 100 ms for at most `withinMs`. */
async function timeRecovery (operation: () => Promise<unknown>, withinMs: number): Promise<number> {
  const started = performance.now()
  for (;;) {
    try {
      await operation()
      return Math.round(performance.now() - started)
    } catch (error) {
      if (performance.now() - started > withinMs) throw error
      await sleep(100)
    }
  }
}

forEachBackend([redis, postgres], async (t, backend) => {
  const url = backend.url(t)
  const defaultPort = backend === redis ? 6379 : 5432

  t.test(`${ROUNDS} rounds of ${CONCURRENT} concurrent increments from two instances lose nothing`, async (t) => {
    const stores = [await open(t, url), await open(t, url)]
    const key = `test:${RUN}:counter`
    t.teardown(async () => { await stores[0]!.delete(key) })
    let changes = 0
    const increment = (n: number | undefined): number => {
      changes++
      return (n ?? 0) + 1
    }
    const started = performance.now()
    for (let round = 0; round < ROUNDS; round++) {
      await Promise.all(Array.from({ length: CONCURRENT }, async (_, i) => await stores[i % 2]!.update(key, increment)))
    }
    const elapsed = Math.round(performance.now() - started)
    const increments = ROUNDS * CONCURRENT
    t.equal(await stores[0]!.get(key), increments, 'every increment counted: no lost update')
    t.equal(await stores[1]!.get(key), increments, 'both instances read the same count')
    t.ok(changes > increments, 'the instances did collide, so the retry path ran')
    t.comment(`${increments} increments in ${elapsed} ms, ${changes - increments} lost compare-and-sets retried, 0 lost updates`)
  })

  t.test('a version check raced by two instances lets exactly one win', async (t) => {
    const stores = [await open(t, url), await open(t, url)]
    const key = `test:${RUN}:versioned`
    t.teardown(async () => { await stores[0]!.delete(key) })
    const wrongRounds: string[] = []
    let collisions = 0
    for (let round = 0; round < 100; round++) {
      await stores[0]!.set(key, { version: 1, savedBy: 'nobody' })
      let changes = 0
      const save = async (store: HubStore, savedBy: string) => await store.update<{ version: number, savedBy: string }>(key, (current) => {
        changes++
        if (current?.version !== 1) throw new VersionConflict(`expected version 1, found ${current?.version}`)
        return { version: 2, savedBy }
      })
      const results = await Promise.allSettled([save(stores[0]!, 'a'), save(stores[1]!, 'b')])
      const winners = results.flatMap((result) => result.status === 'fulfilled' ? [result.value.next!.savedBy] : [])
      const losers = results.flatMap((result) => result.status === 'rejected' ? [result.reason] : [])
      const stored = await stores[1]!.get<{ savedBy: string }>(key)
      if (winners.length !== 1 || !(losers[0] instanceof VersionConflict) || stored?.savedBy !== winners[0]) {
        wrongRounds.push(`round ${round}: winners ${JSON.stringify(winners)}, stored ${JSON.stringify(stored)}`)
      }
      // Three or more runs of `change`: the loser read version 1 too and lost the compare-and-set.
      if (changes > 2) collisions++
    }
    t.same(wrongRounds, [], '100 rounds, exactly one winner each, and its write stands')
    t.ok(collisions > 0, 'some rounds were real races')
    t.comment(`version race: ${collisions} of 100 rounds had both instances read version 1`)
  })

  t.test('take raced by two instances gives the value to exactly one', async (t) => {
    const stores = [await open(t, url), await open(t, url)]
    const key = `test:${RUN}:login-state`
    const wrongRounds: string[] = []
    for (let round = 0; round < 100; round++) {
      await stores[round % 2]!.set(key, { round }, 60_000)
      const taken = await Promise.all([0, 1, 0, 1].map(async (i) => await stores[i]!.take(key)))
      const got = taken.filter((value) => value !== undefined)
      if (got.length !== 1) wrongRounds.push(`round ${round}: taken ${got.length} times`)
    }
    t.same(wrongRounds, [], '100 rounds, each value taken exactly once')
  })

  t.test('what one instance writes under a prefix, the other lists at once', async (t) => {
    const [a, b] = [await open(t, url), await open(t, url)]
    const ws = `ws/${RUN}-listed/`
    t.teardown(async () => { await a.deletePrefix(ws) })
    await a.set(`${ws}one`, 1)
    t.same(await b.list(ws), [{ key: `${ws}one`, value: 1 }])
    await b.update(`${ws}two`, () => 2)
    await b.delete(`${ws}one`)
    t.same(await a.list(ws), [{ key: `${ws}two`, value: 2 }], 'an update adds to the list, a delete takes out')
    t.equal(await a.take(`${ws}two`), 2)
    t.same(await b.list(ws), [], 'and so does take')
  })

  t.test('a partition deleted on one instance is gone for the other at once', async (t) => {
    const [a, b] = [await open(t, url), await open(t, url)]
    const ws = `ws/${RUN}-deleted/`
    const neighbour = `ws/${RUN}-deleted-not/`
    t.teardown(async () => { await a.deletePrefix(neighbour) })
    await b.set(`${ws}integration/jira`, { url: 'https://jira.example' })
    await b.update(`${ws}integration/smtp`, () => ({ host: 'mail.example' }), { log: () => ({ log: `${ws}audit`, entry: 'saved', capacity: 10 }) })
    await b.set(neighbour + 'x', 'kept')
    t.same(await a.get(`${ws}integration/jira`), { url: 'https://jira.example' }, 'A sees what B wrote')

    t.equal(await a.deletePrefix(ws), 3, 'two records and the audit log')
    t.equal(await b.get(`${ws}integration/jira`), undefined, 'B reads nothing')
    t.same(await b.getMany([`${ws}integration/jira`, `${ws}integration/smtp`]), [undefined, undefined])
    t.same(await b.list(ws), [], 'B lists nothing')
    t.same(await b.recent(`${ws}audit`, 10), [], 'B finds no log')
    t.same(await b.update(`${ws}integration/smtp`, (current) => current ?? 'fresh'), { previous: undefined, next: 'fresh' }, 'B’s update starts from nothing')
    t.equal(await b.get(neighbour + 'x'), 'kept', 'a partition that only starts the same is untouched')
    await b.deletePrefix(ws)
  })

  t.test('a record past its ttl leaves the backend, not only reads', async (t) => {
    const writer = await open(t, url)
    const raw = await rawAccess(backend, url)
    t.teardown(async () => { await raw.close() })
    const key = `test:${RUN}:abandoned-login`
    t.equal(await raw.record(key), undefined, 'nothing stored yet')
    await writer.set(key, { nonce: 'never used' }, 1_000)
    t.ok(await raw.record(key), 'the record is stored')
    await sleep(1_200)
    // Nobody reads the key; opening an instance (as a restart or a scale-out does) starts a sweep.
    await open(t, url)
    const gone = await timeRecovery(async () => { if (await raw.record(key) !== undefined) throw new Error('still stored') }, 3_000)
    t.pass(`the expired record left the backend (${gone} ms after a store opened)`)
  })

  t.test('records are plain JSON, with their expiry, where the store’s header says', async (t) => {
    const store = await open(t, url)
    const raw = await rawAccess(backend, url)
    t.teardown(async () => { await raw.close() })
    const [lasting, expiring] = [`test:${RUN}:json`, `test:${RUN}:json-expiring`]
    t.teardown(async () => { await store.delete(lasting) })
    await store.update(lasting, () => ({ url: ':colon-led', n: 1 }))
    await store.set(expiring, 'soon', 60_000)
    t.same(await raw.record(lasting), { text: '{"url":":colon-led","n":1}', expiresInMs: undefined })
    const record = await raw.record(expiring)
    t.equal(record?.text, '"soon"')
    t.ok(record!.expiresInMs! > 55_000 && record!.expiresInMs! <= 60_000, `expires in ${record?.expiresInMs} ms`)
    t.equal(await store.take(expiring), 'soon')
    t.equal(await raw.record(expiring), undefined, 'take removed the record itself')
  })

  t.test('closing one instance leaves the other working', async (t) => {
    const first = await openStore(url)
    const second = await open(t, url)
    await first.ping()
    await first.close()
    await t.resolves(second.ping())
    await t.resolves(second.update(`test:${RUN}:after-close`, () => undefined))
  })

  t.test('an outage fails calls within 2 s and the same store recovers', async (t) => {
    const proxy = await proxyTo(t, url, defaultPort)
    const store = await open(t, proxy.url(url))
    const key = `ws/${RUN}-outage/key`
    t.teardown(async () => { await store.delete(key) })
    await store.set(key, 'before')
    t.equal(await store.get(key), 'before')

    proxy.pause()
    const ping = await timeFailure(t, 'ping', async () => { await store.ping() })
    const get = await timeFailure(t, 'get', async () => await store.get(key))
    const update = await timeFailure(t, 'update', async () => await store.update(key, () => 'during'))
    const take = await timeFailure(t, 'take', async () => await store.take(key))
    const list = await timeFailure(t, 'list', async () => await store.list(`ws/${RUN}-outage/`))
    const deletePrefix = await timeFailure(t, 'deletePrefix', async () => await store.deletePrefix(`ws/${RUN}-outage/`))
    for (const [name, ms] of Object.entries({ ping, get, update, take, list, deletePrefix })) t.ok(ms <= 2_000, `${name} failed in ${ms} ms`)

    proxy.resume()
    const recovery = await timeRecovery(async () => { await store.ping() }, 10_000)
    t.equal(await store.get(key), 'before', 'nothing was written during the outage')
    await store.update(key, () => 'after')
    t.equal(await store.get(key), 'after', 'the same instance writes again')
    t.comment(`outage: ping failed in ${ping} ms, get in ${get} ms, update in ${update} ms, take in ${take} ms, list in ${list} ms, deletePrefix in ${deletePrefix} ms; working again ${recovery} ms after the network came back`)
  })

  t.test('a store opened during an outage works once the backend is back', async (t) => {
    const proxy = await proxyTo(t, url, defaultPort)
    proxy.pause()
    const started = performance.now()
    const store = await open(t, proxy.url(url))
    const opening = Math.round(performance.now() - started)
    t.ok(opening <= 2_000, `opening returned in ${opening} ms, without failing`)
    const ping = await timeFailure(t, 'ping', async () => { await store.ping() })
    t.ok(ping <= 2_000, `ping failed in ${ping} ms`)
    proxy.resume()
    const recovery = await timeRecovery(async () => { await store.ping() }, 10_000)
    t.comment(`opened while down: ping failed in ${ping} ms; working ${recovery} ms after the network came back`)
  })
})
