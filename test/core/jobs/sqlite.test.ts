/**
 * What only the SQLite engine does: commits that acknowledge are synced to disk and the store's setting
 * is restored, those of a kind defined `durable: false` are not, whatever the store left behind; rows
 * left running by a dead process are queued again at start, their attempt counted; the poller sleeps
 * until the next job falls due instead of polling; old finished jobs are deleted, by their kind's
 * retention where it has one.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import Database from 'better-sqlite3'
import t, { type Test } from 'tap'
import { SqliteJobEngine } from '../../../core/jobs/sqlite.js'
import { waitForJob } from './backends.js'
import { finished, openSqliteFile } from '../../support/job-places.js'

function open (t: Test, options: Database.Options = {}): Database.Database {
  const db = openSqliteFile(`${t.testdir()}/hub.sqlite`, options)
  t.teardown(() => db.close())
  return db
}

/** The pragmas the engine runs on `db` from now on. */
function pragmasOf (db: Database.Database): string[] {
  const pragmas: string[] = []
  const pragma = db.pragma.bind(db)
  db.pragma = ((source: string, options?: Database.PragmaOptions) => {
    pragmas.push(source)
    return pragma(source, options)
  }) as typeof db.pragma
  return pragmas
}

t.test('an enqueue commits with synchronous = FULL, then leaves the store’s setting as it was', async (t) => {
  const db = open(t)
  const engine = new SqliteJobEngine(db)
  const pragmas = pragmasOf(db)
  await engine.enqueue('k', {})
  t.same(pragmas, ['synchronous', 'synchronous = FULL', 'synchronous = NORMAL'])
  t.equal(db.pragma('synchronous', { simple: true }), 1, 'NORMAL again')
})

t.test('a kind defined durable: false is never synced, even where the store left FULL behind', async (t) => {
  const db = open(t)
  const engine = new SqliteJobEngine(db)
  t.teardown(async () => await engine.stop())
  engine.define('volatile', async () => 'done', { durable: false })
  engine.define('durable', async () => 'done')
  const pragmas = pragmasOf(db)
  await engine.start()
  await waitForJob(engine, await engine.enqueue('volatile', {}), finished)
  t.notOk(pragmas.includes('synchronous = FULL'), `its enqueue, claim and success at NORMAL: ${pragmas.filter(pragma => pragma !== 'synchronous').join(', ') || 'no change'}`)

  // The store syncs its own durable commits with FULL and leaves it set until a commit that needs less.
  db.pragma('synchronous = FULL')
  pragmas.length = 0
  await waitForJob(engine, await engine.enqueue('volatile', {}), finished)
  const lowered = ['synchronous', 'synchronous = NORMAL', 'synchronous = FULL']
  t.ok(pragmas.length >= 9, 'its enqueue, claim and success each…')
  t.same(pragmas, Array.from({ length: pragmas.length / 3 }, () => lowered).flat(), '…lowered the setting for its commit, then put the store’s back')
  t.equal(db.pragma('synchronous', { simple: true }), 2)

  db.pragma('synchronous = NORMAL')
  pragmas.length = 0
  await waitForJob(engine, await engine.enqueue('durable', {}), finished)
  t.equal(pragmas.filter(pragma => pragma === 'synchronous = FULL').length, 2, 'a durable kind’s enqueue and success are synced')
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

t.test('at start, finished jobs of a kind with keepFinishedMs are deleted by it, the others by retainMs', async (t) => {
  const db = open(t)
  const before = new SqliteJobEngine(db, { retainMs: 10_000 })
  const finishedAgo = async (kind: string, ms: number): Promise<string> => {
    const id = await before.enqueue(kind, {})
    db.prepare("UPDATE hub_job SET status = 'succeeded', result = 'null', finished_at = ? WHERE id = ?").run(Date.now() - ms, id)
    return id
  }
  await finishedAgo('brief', 2_000)
  const briefFresh = await finishedAgo('brief', 0)
  const otherOld = await finishedAgo('other', 2_000)
  await finishedAgo('other', 20_000)

  const engine = new SqliteJobEngine(db, { retainMs: 10_000 })
  t.teardown(async () => await engine.stop())
  engine.define('brief', async () => {}, { keepFinishedMs: 1_000 })
  await engine.start()
  const left = (db.prepare('SELECT id FROM hub_job').all() as Array<{ id: string }>).map(row => row.id)
  t.same(left.sort(), [briefFresh, otherOld].sort(), 'the brief kind’s old job and the other kind’s one past retainMs are deleted')
})

t.test('a closed database makes calls fail as the store being unavailable', async (t) => {
  const db = open(t)
  const engine = new SqliteJobEngine(db)
  db.close()
  await t.rejects(engine.enqueue('k', {}), { code: 'HUB_ERR_STORE_UNAVAILABLE', statusCode: 503 })
  await t.rejects(engine.get('k:00000000-0000-4000-8000-000000000000'), { code: 'HUB_ERR_STORE_UNAVAILABLE' })
})
