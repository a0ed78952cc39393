/**
 * What only the pg-boss engine does: queues made by several instances at once; an outcome lands only on
 * the attempt it belongs to, so an attempt that reports after pg-boss took its job for lost (and another
 * attempt took it up) changes nothing; a connection lost in the middle of a transaction fails that call
 * alone; and a PostgreSQL that cannot be reached surfaces as the store being unavailable.
 */
import pg from 'pg'
import t from 'tap'
import { PgBossJobEngine } from '../../../core/jobs/pg-boss.js'
import { startTcpProxy } from '../../support/tcp-proxy.js'
import { fixture, forEachBackend, gate, waitForJob } from './backends.js'
import { finished } from '../../support/job-places.js'

forEachBackend(['postgres'], async (t) => {
  t.test('regression: instances making the same new queues at once do not deadlock', async (t) => {
    // pg-boss's createQueue, run by several instances at once, deadlocked (40P01) about once per call.
    const { open } = fixture(t, 'postgres')
    const engines = [await open(), await open(), await open()]
    const kinds = ['first', 'second', 'third', 'fourth']
    const enqueued = await Promise.allSettled(engines.flatMap(engine => kinds.map(async kind => await engine.enqueue(kind, {}))))
    t.same(enqueued.filter(result => result.status === 'rejected'), [])
    for (const kind of kinds) t.equal(await engines[0]!.depth(kind), engines.length, `${kind}: one job per instance`)
  })

  t.test('an attempt that reports after its job was taken up again changes nothing', async (t) => {
    const { open, place } = fixture(t, 'postgres')
    const engine = await open()
    const firstRunning = gate()
    const releaseFirst = gate()
    const secondRunning = gate()
    const releaseSecond = gate()
    const firstReported = gate()
    engine.define('slow', async (job) => {
      if (job.attempt === 1) {
        firstRunning.open()
        await releaseFirst.promise
        setTimeout(firstReported.open, 300)
        return 'late first attempt'
      }
      secondRunning.open()
      await releaseSecond.promise
      return 'second attempt'
    }, { concurrency: 2 })
    await engine.start()
    const id = await engine.enqueue('slow', {}, { retry: { attempts: 3, backoffMs: 0 } })
    await firstRunning.promise
    // What pg-boss's maintenance does to an active job whose expiry passed.
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL })
    await client.connect()
    t.teardown(async () => await client.end())
    await client.query(`UPDATE ${place.where}.job SET state = 'retry', start_after = now() WHERE id = $1`, [id.split(':')[1]])
    await secondRunning.promise
    releaseFirst.open()
    await firstReported.promise
    t.match(await engine.get(id), { status: 'running', attempts: 2 }, 'the first attempt’s late result did not land on the second')
    releaseSecond.open()
    const state = await waitForJob(engine, id, finished)
    t.equal(state.status, 'succeeded')
    t.equal(state.result, 'second attempt')
  })

  t.test('regression: connections lost in the middle of transactions fail their calls, not the process', async (t) => {
    // A client checked out of the pool has no 'error' listener of the pool's: its connection ending
    // was thrown as an uncaught 'error' event, which tap reports (and which ends a hub).
    const { place } = fixture(t, 'postgres')
    const target = new URL(process.env.DATABASE_URL!)
    const proxy = await startTcpProxy({ targetHost: target.hostname, targetPort: Number(target.port || 5432) })
    t.teardown(() => proxy.close())
    const engine = new PgBossJobEngine({ connectionString: proxy.url(process.env.DATABASE_URL!), schema: place.where, stopTimeoutMs: 1_000 })
    t.teardown(async () => await engine.stop())
    // Kinds defined `durable: false` enqueue in a transaction of their own.
    engine.define('volatile', async () => 'ran', { durable: false })
    await engine.start()
    await engine.enqueue('volatile', {})
    for (let round = 0; round < 5; round++) {
      const enqueues = Array.from({ length: 20 }, async () => await engine.enqueue('volatile', {}))
      await new Promise(resolve => setImmediate(resolve))
      proxy.pause()
      const results = await Promise.allSettled(enqueues)
      for (const result of results) {
        if (result.status === 'rejected') t.match(result.reason, { code: 'HUB_ERR_STORE_UNAVAILABLE' })
      }
      proxy.resume()
    }
    let id: string | undefined
    for (let attempt = 0; attempt < 50 && id === undefined; attempt++) {
      id = await engine.enqueue('volatile', {}).catch(async () => { await new Promise(resolve => setTimeout(resolve, 100)); return undefined })
    }
    t.ok(id !== undefined, 'enqueues work again once the network is back')
  })
})

t.test('a PostgreSQL that cannot be reached makes calls fail as the store being unavailable', async (t) => {
  const engine = new PgBossJobEngine({ connectionString: 'postgres://hub@127.0.0.1:1/hub' })
  t.teardown(async () => await engine.stop())
  await t.rejects(engine.enqueue('k', {}), { code: 'HUB_ERR_STORE_UNAVAILABLE', statusCode: 503 })
  await t.rejects(engine.get('k:00000000-0000-4000-8000-000000000000'), { code: 'HUB_ERR_STORE_UNAVAILABLE' })
})
