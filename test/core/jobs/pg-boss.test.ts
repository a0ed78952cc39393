/**
 * What only the pg-boss engine does: queues made by several instances at once; an outcome lands only on
 * the attempt it belongs to, so an attempt that reports after pg-boss took its job for lost (and another
 * attempt took it up) changes nothing; and a PostgreSQL that cannot be reached surfaces as the store
 * being unavailable.
 */
import pg from 'pg'
import t from 'tap'
import { PgBossJobEngine } from '../../../core/jobs/pg-boss.js'
import { fixture, forEachBackend, gate, waitForJob } from './backends.js'
import { finished } from './places.js'

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
})

t.test('a PostgreSQL that cannot be reached makes calls fail as the store being unavailable', async (t) => {
  const engine = new PgBossJobEngine({ connectionString: 'postgres://hub@127.0.0.1:1/hub' })
  t.teardown(async () => await engine.stop())
  await t.rejects(engine.enqueue('k', {}), { code: 'HUB_ERR_STORE_UNAVAILABLE', statusCode: 503 })
  await t.rejects(engine.get('k:00000000-0000-4000-8000-000000000000'), { code: 'HUB_ERR_STORE_UNAVAILABLE' })
})
