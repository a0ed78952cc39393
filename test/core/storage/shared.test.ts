/**
 * Several hub instances on one Redis or one PostgreSQL: races between two store instances, records that
 * plain Keyv reads, and outages injected with a TCP proxy. REDIS_URL and DATABASE_URL name the servers;
 * without them those runs are skipped, except under CI=true, where a missing variable fails.
 */
import t, { type Test } from 'tap'
import { randomUUID } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import Keyv from 'keyv'
import KeyvRedis from '@keyv/redis'
import KeyvPostgres from '@keyv/postgres'
import { openStore, StoreUnavailableError, type HubStore } from '../../../core/storage/store.js'
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy.js'

/** Keys of this run, so parallel runs against the same servers never meet. */
const RUN = `test:${randomUUID().slice(0, 8)}`
const ROUNDS = 200
const CONCURRENT = 10

const backends = [
  { name: 'redis', env: 'REDIS_URL', defaultPort: 6379, plainKeyv: (url: string) => new Keyv({ store: new KeyvRedis(url), namespace: 'hub' }) },
  { name: 'postgres', env: 'DATABASE_URL', defaultPort: 5432, plainKeyv: (url: string) => new Keyv({ store: new KeyvPostgres({ uri: url }), namespace: 'hub' }) }
]

class VersionConflict extends Error {}

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

for (const backend of backends) {
  const url = process.env[backend.env]
  if (url === undefined || url === '') {
    if (process.env.CI === 'true') {
      t.test(backend.name, async (t) => { t.fail(`${backend.env} is not set; it is required when CI=true`) })
    } else {
      t.test(backend.name, { skip: `${backend.env} is not set` }, async () => {})
    }
    continue
  }

  t.test(backend.name, async (t) => {
    t.test(`${ROUNDS} rounds of ${CONCURRENT} concurrent increments from two instances lose nothing`, async (t) => {
      const stores = [await open(t, url), await open(t, url)]
      const key = `${RUN}:counter`
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
      const key = `${RUN}:versioned`
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
      const key = `${RUN}:login-state`
      const wrongRounds: string[] = []
      for (let round = 0; round < 100; round++) {
        await stores[round % 2]!.set(key, { round }, 60_000)
        const taken = await Promise.all([0, 1, 0, 1].map(async (i) => await stores[i]!.take(key)))
        const got = taken.filter((value) => value !== undefined)
        if (got.length !== 1) wrongRounds.push(`round ${round}: taken ${got.length} times`)
      }
      t.same(wrongRounds, [], '100 rounds, each value taken exactly once')
    })

    t.test('a record past its ttl leaves the backend, not only reads', async (t) => {
      const writer = await open(t, url)
      const plain = backend.plainKeyv(url)
      t.teardown(async () => { await plain.disconnect() })
      const key = `${RUN}:abandoned-login`
      const record = async (): Promise<unknown> => await plain.store.get(plain._getKeyPrefix(key))
      t.equal(await record(), undefined, 'nothing stored yet')
      await writer.set(key, { nonce: 'never used' }, 1_000)
      t.ok(await record(), 'the record is stored')
      await sleep(1_200)
      // Nobody reads the key; opening an instance (as a restart or a scale-out does) starts a sweep.
      await open(t, url)
      const gone = await timeRecovery(async () => { if (await record() !== undefined) throw new Error('still stored') }, 3_000)
      t.pass(`the expired record left the backend (${gone} ms after a store opened)`)
    })

    t.test('records are the ones plain Keyv reads and writes', async (t) => {
      const store = await open(t, url)
      const plain = backend.plainKeyv(url)
      t.teardown(async () => { await plain.disconnect() })
      const key = `${RUN}:interop`
      await store.update(key, () => ({ url: ':colon-led', n: 1 }))
      t.same(await plain.get(key), { url: ':colon-led', n: 1 }, 'Keyv reads what update wrote')
      await plain.set(key, { n: 2 }, 60_000)
      t.same(await store.update<{ n: number }>(key, (current) => ({ n: current!.n + 1 })), { previous: { n: 2 }, next: { n: 3 } }, 'update reads what Keyv wrote')
      t.same(await store.take(key), { n: 3 })
      t.equal(await plain.get(key), undefined, 'take removed the very record Keyv reads')
    })

    t.test('closing one instance leaves the other working', async (t) => {
      const first = await openStore(url)
      const second = await open(t, url)
      await first.ping()
      await first.close()
      await t.resolves(second.ping())
      await t.resolves(second.update(`${RUN}:after-close`, () => undefined))
    })

    t.test('an outage fails calls within 2 s and the same store recovers', async (t) => {
      const proxy = await proxyTo(t, url, backend.defaultPort)
      const store = await open(t, proxy.url(url))
      const key = `${RUN}:outage`
      t.teardown(async () => { await store.delete(key) })
      await store.set(key, 'before')
      t.equal(await store.get(key), 'before')

      proxy.pause()
      const ping = await timeFailure(t, 'ping', async () => { await store.ping() })
      const get = await timeFailure(t, 'get', async () => await store.get(key))
      const update = await timeFailure(t, 'update', async () => await store.update(key, () => 'during'))
      const take = await timeFailure(t, 'take', async () => await store.take(key))
      t.ok(ping <= 2_000, `ping failed in ${ping} ms`)
      t.ok(get <= 2_000, `get failed in ${get} ms`)
      t.ok(update <= 2_000, `update failed in ${update} ms`)
      t.ok(take <= 2_000, `take failed in ${take} ms`)

      proxy.resume()
      const recovery = await timeRecovery(async () => { await store.ping() }, 10_000)
      t.equal(await store.get(key), 'before', 'nothing was written during the outage')
      await store.update(key, () => 'after')
      t.equal(await store.get(key), 'after', 'the same instance writes again')
      t.comment(`outage: ping failed in ${ping} ms, get in ${get} ms, update in ${update} ms, take in ${take} ms; working again ${recovery} ms after the network came back`)
    })

    t.test('a store opened during an outage works once the backend is back', async (t) => {
      const proxy = await proxyTo(t, url, backend.defaultPort)
      proxy.pause()
      const store = await open(t, proxy.url(url))
      const ping = await timeFailure(t, 'ping', async () => { await store.ping() })
      t.ok(ping <= 2_000, `ping failed in ${ping} ms`)
      proxy.resume()
      const recovery = await timeRecovery(async () => { await store.ping() }, 10_000)
      t.comment(`opened while down: ping failed in ${ping} ms; working ${recovery} ms after the network came back`)
    })
  })
}
