/**
 * What only the Redis store does (the behaviour every store shares is in store.test.ts and
 * shared.test.ts): a sorted-set index per partition, kept by every write, pruned of expired keys by
 * `list`, and the reason `list` and `deletePrefix` cost what one partition holds. Counted with
 * MONITOR, which shows every command Redis runs, scripts' own included.
 */
import { type Test } from 'tap'
import { setTimeout as sleep } from 'node:timers/promises'
import { createClient } from '@redis/client'
import { openStore } from '../../../core/storage/open.js'
import type { HubStore } from '../../../core/storage/store.js'
import { forEachBackend, redis, RUN } from '../../support/backends.js'

type RedisClient = ReturnType<typeof createClient>

async function open (t: Test, url: string): Promise<HubStore> {
  const store = await openStore(url)
  t.teardown(async () => { await store.close() })
  return store
}

async function rawClient (t: Test, url: string): Promise<RedisClient> {
  const client: RedisClient = createClient({ url })
  await client.connect()
  t.teardown(() => { client.destroy() })
  return client
}

/** Every command Redis runs while `work` does, with `RUN` in it (so nothing of other test files). */
async function commandsDuring (t: Test, url: string, store: HubStore, work: () => Promise<void>): Promise<string[]> {
  const monitor = await rawClient(t, url)
  const seen: string[] = []
  await monitor.monitor((line) => { seen.push(String(line)) })
  await work()
  // MONITOR shows commands in the order Redis ran them: once it shows this one, it has shown the work's.
  const marker = `test:${RUN}:monitor-marker`
  await store.get(marker)
  for (let waited = 0; !seen.some(line => line.includes(marker)); waited += 10) {
    if (waited > 2_000) throw new Error('MONITOR did not show the marker')
    await sleep(10)
  }
  return seen.filter(line => line.includes(RUN) && !line.includes(marker))
}

forEachBackend([redis], async (t, backend) => {
  const url = backend.url(t)

  t.test('every write keeps its partition’s index, and deletePrefix leaves no index behind', async (t) => {
    const store = await open(t, url)
    const raw = await rawClient(t, url)
    const ws = `ws/${RUN}-index/`
    t.teardown(async () => { await store.deletePrefix(ws) })
    await store.set(`${ws}b`, 1)
    await store.update(`${ws}a`, () => 2, { log: () => ({ log: `${ws}audit`, entry: 'saved', capacity: 5 }) })
    await store.set(`${ws}c`, 3)
    await store.delete(`${ws}c`)
    await store.set('unpartitioned', 'no index for it')
    t.teardown(async () => { await store.delete('unpartitioned') })
    t.same(await raw.zRange(`hub-index:${ws}`, 0, -1), [`${ws}a`, `${ws}b`], 'the keys, not the deleted one')
    t.same(await raw.zRange(`hub-logs:${ws}`, 0, -1), [`${ws}audit`], 'the log’s name')
    t.equal(await store.take(`${ws}b`), 1)
    t.same(await raw.zRange(`hub-index:${ws}`, 0, -1), [`${ws}a`], 'take takes it out')

    t.equal(await store.deletePrefix(ws), 2)
    t.equal(await raw.exists([`hub-index:${ws}`, `hub-logs:${ws}`, `hub:${ws}a`, `hub-log:${ws}audit`]), 0, 'records, log and both indexes are gone')
  })

  t.test('an expired record leaves the index once list finds it gone', async (t) => {
    const store = await open(t, url)
    const raw = await rawClient(t, url)
    const ws = `ws/${RUN}-prune/`
    t.teardown(async () => { await store.deletePrefix(ws) })
    await store.set(`${ws}expiring`, 'soon gone', 100)
    await store.set(`${ws}lasting`, 'kept')
    await sleep(200)
    t.same(await raw.zRange(`hub-index:${ws}`, 0, -1), [`${ws}expiring`, `${ws}lasting`], 'Redis expired the record, not its index entry')
    t.same(await store.list(ws), [{ key: `${ws}lasting`, value: 'kept' }])
    t.same(await raw.zRange(`hub-index:${ws}`, 0, -1), [`${ws}lasting`], 'list dropped it')
    await store.set(`${ws}expiring`, 'back', 60_000)
    t.same(await store.list(ws), [{ key: `${ws}expiring`, value: 'back' }, { key: `${ws}lasting`, value: 'kept' }], 'a key written again is listed again')
  })

  t.test('list pages through a partition larger than one batch', async (t) => {
    const store = await open(t, url)
    const ws = `ws/${RUN}-pages/`
    t.teardown(async () => { await store.deletePrefix(ws) })
    const keys = Array.from({ length: 1_234 }, (_, i) => `${ws}${String(i).padStart(4, '0')}`)
    await Promise.all(keys.map(async (key, i) => { await store.set(key, i, i % 3 === 0 ? 100 : undefined) }))
    await sleep(200)
    const live = keys.filter((_, i) => i % 3 !== 0)
    t.same((await store.list(ws)).map(record => record.key), live, 'every live one, in order, across batches with expired keys in them')
    t.same((await store.list(ws, { limit: 700 })).map(record => record.key), live.slice(0, 700))
    t.equal(await store.deletePrefix(ws), live.length, 'deleted across batches too')
    t.same(await store.list(ws), [])
  })

  t.test('list and deletePrefix of a 10-record partition cost what it holds, not the 20,000 records beside it', async (t) => {
    const store = await open(t, url)
    const big = Array.from({ length: 100 }, (_, p) => `ws/${RUN}-big${p}/`)
    const small = `ws/${RUN}-small/`
    t.teardown(async () => { for (const partition of [...big, small]) await store.deletePrefix(partition) })
    for (const partition of big) {
      await Promise.all(Array.from({ length: 200 }, async (_, i) => { await store.set(`${partition}record/${i}`, { i }) }))
      await store.append({ log: `${partition}audit`, entry: 'saved', capacity: 10 })
    }
    for (let i = 0; i < 10; i++) await store.set(`${small}record/${i}`, { i })
    await store.append({ log: `${small}audit`, entry: 'saved', capacity: 10 })

    let listed = 0
    let deleted = 0
    const commands = await commandsDuring(t, url, store, async () => {
      listed = (await store.list(small)).length
      deleted = await store.deletePrefix(small)
    })
    t.equal(listed, 10)
    t.equal(deleted, 11, 'ten records and one log')
    t.equal((await store.list(big[42]!)).length, 200, 'the other partitions are all there')
    t.same(commands.filter(line => line.includes(`${RUN}-big`)), [], 'no command touched another partition')
    t.ok(commands.length <= 30, `${commands.length} commands, scripts’ own included, for 10 records and a log`)
    t.comment(`list + deletePrefix of 10 records and a log beside 20,000 records: ${commands.length} commands`)
  })
})
