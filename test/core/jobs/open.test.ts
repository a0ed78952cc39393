/**
 * openJobEngine picks the engine that fits the store's URL; a SQLite store must hand over its database.
 */
import t from 'tap'
import { BullMqJobEngine } from '../../../core/jobs/bullmq.js'
import { openJobEngine } from '../../../core/jobs/open.js'
import { PgBossJobEngine } from '../../../core/jobs/pg-boss.js'
import { SqliteJobEngine } from '../../../core/jobs/sqlite.js'
import { waitForJob } from './backends.js'
import { finished, openSqliteFile } from '../../support/job-places.js'

t.test('each scheme gets its engine (none connects before it is used)', async (t) => {
  const db = openSqliteFile(`${t.testdir()}/hub.sqlite`)
  t.teardown(() => db.close())
  const cases = [
    ['sqlite:///data/hub.sqlite', SqliteJobEngine],
    ['memory://', SqliteJobEngine],
    ['redis://127.0.0.1:1', BullMqJobEngine],
    ['rediss://cache.example:6380', BullMqJobEngine],
    ['postgres://hub@127.0.0.1:1/hub', PgBossJobEngine],
    ['postgresql://hub@127.0.0.1:1/hub', PgBossJobEngine]
  ] as const
  for (const [url, kind] of cases) {
    const engine = await openJobEngine(url, { database: db })
    t.ok(engine instanceof kind, `${url}: ${kind.name}`)
    await engine.stop()
  }
})

t.test('a memory store gets jobs that run, in memory', async (t) => {
  const engine = await openJobEngine('memory://')
  t.teardown(async () => await engine.stop())
  engine.define('ping', async () => 'pong')
  await engine.start()
  const id = await engine.enqueue('ping', {})
  await waitForJob(engine, id, finished)
  t.equal((await engine.get(id))?.result, 'pong')
})

t.test('a sqlite store without its database, or an unknown scheme, is refused', async (t) => {
  await t.rejects(openJobEngine('sqlite:///data/hub.sqlite'), { name: 'TypeError', message: /database handle/ })
  await t.rejects(openJobEngine('mysql://db/hub'), { name: 'TypeError', message: /Unsupported store URL scheme "mysql:"/ })
})
