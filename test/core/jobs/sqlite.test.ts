/**
 * What only the SQLite engine does: commits that acknowledge are synced to disk and the store's setting
 * is restored; rows left running by a dead process are queued again at start, their attempt counted;
 * the poller sleeps until the next job falls due instead of polling; old finished jobs are deleted.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import Database from 'better-sqlite3'
import t, { type Test } from 'tap'
import { SqliteJobEngine } from '../../../core/jobs/sqlite.js'
import { waitForJob } from './backends.js'
import { finished, openSqliteFile } from './places.js'

function open (t: Test, options: Database.Options = {}): Database.Database {
  const db = openSqliteFile(`${t.testdir()}/hub.sqlite`, options)
  t.teardown(() => db.close())
  return db
}

t.test('an enqueue commits with synchronous = FULL, then leaves the store’s setting as it was', async (t) => {
  const db = open(t)
  const engine = new SqliteJobEngine(db)
  const pragmas: string[] = []
  const pragma = db.pragma.bind(db)
  db.pragma = ((source: string, options?: Database.PragmaOptions) => {
    pragmas.push(source)
    return pragma(source, options)
  }) as typeof db.pragma
  await engine.enqueue('k', {})
  t.same(pragmas, ['synchronous', 'synchronous = FULL', 'synchronous = 1'])
  t.equal(pragma('synchronous', { simple: true }), 1, 'NORMAL again')
})

t.test('a row a dead process left running is queued again at start, its attempt counted', async (t) => {
  const db = open(t)
  const before = new SqliteJobEngine(db)
  const resumed = await before.enqueue('k', {}, { retry: { attempts: 3 } })
  const exhausted = await before.enqueue('k', {}, { retry: { attempts: 1 } })
  db.prepare("UPDATE hub_job SET status = 'running', attempts = 1, started_at = ?").run(Date.now())

  const after = new SqliteJobEngine(db)
  t.teardown(async () => await after.stop())
  const attempts: Array<[string, number]> = []
  after.define('k', async (job) => { attempts.push([job.id, job.attempt]) })
  await after.start()
  t.equal((await waitForJob(after, resumed, finished)).status, 'succeeded')
  const gaveUp = await waitForJob(after, exhausted, finished)
  t.equal(gaveUp.status, 'failed', 'a job whose last attempt died with the process fails')
  t.strictSame(gaveUp.error, { code: 'HUB_ERR_JOB_INTERRUPTED', message: 'The hub stopped while the job was running.' })
  t.same(attempts, [[resumed, 2]], 'the other ran once more, as its second attempt')
})

t.test('the poller sleeps until the next job is due, and wakes when one is enqueued', async (t) => {
  const claims: number[] = []
  const db = open(t, { verbose: (sql) => { if (String(sql).includes("SET status = 'running'")) claims.push(Date.now()) } })
  const engine = new SqliteJobEngine(db)
  t.teardown(async () => await engine.stop())
  engine.define('k', async () => {})
  await engine.start()
  const started = Date.now()
  const later = await engine.enqueue('k', {}, { delayMs: 800 })
  await sleep(400)
  t.ok(claims.length <= 2, `${claims.length} claims while nothing was due (at start, at the enqueue)`)
  const now = await engine.enqueue('k', {})
  await waitForJob(engine, now, finished, 200)
  await waitForJob(engine, later, finished)
  t.ok(claims.length <= 8, `${claims.length} claims in all: at the enqueues, as attempts ended, when the delayed job fell due`)
  t.ok(claims.at(-1)! - started >= 790, 'the last one when the delayed job fell due')
})

t.test('finished jobs older than retainMs are deleted', async (t) => {
  const db = open(t)
  const engine = new SqliteJobEngine(db, { retainMs: 1_000 })
  t.teardown(async () => await engine.stop())
  const old = await engine.enqueue('k', {})
  const fresh = await engine.enqueue('k', {})
  db.prepare("UPDATE hub_job SET status = 'succeeded', result = 'null', finished_at = ? WHERE id = ?").run(Date.now() - 2_000, old)
  db.prepare("UPDATE hub_job SET status = 'succeeded', result = 'null', finished_at = ? WHERE id = ?").run(Date.now(), fresh)
  await engine.start()
  t.equal(await engine.get(old), undefined)
  t.equal((await engine.get(fresh))?.status, 'succeeded')
})

t.test('a closed database makes calls fail as the store being unavailable', async (t) => {
  const db = open(t)
  const engine = new SqliteJobEngine(db)
  db.close()
  await t.rejects(engine.enqueue('k', {}), { code: 'HUB_ERR_STORE_UNAVAILABLE', statusCode: 503 })
  await t.rejects(engine.get('k:00000000-0000-4000-8000-000000000000'), { code: 'HUB_ERR_STORE_UNAVAILABLE' })
})
