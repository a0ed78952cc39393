/**
 * The job tests' fixtures: engines on a place of the test's own (test/support/job-places.ts), all
 * stopped and the place removed when the test ends, and one subtest per backend. Redis and PostgreSQL come from REDIS_URL and
 * DATABASE_URL; without them their runs are skipped with the reason, except under CI=true, where a
 * missing variable fails.
 */
import { randomBytes } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import type Database from 'better-sqlite3'
import t, { type Test } from 'tap'
import type { JobLog } from '../../../core/jobs/attempt.js'
import type { JobEngine, JobState } from '../../../core/jobs/engine.js'
import { jobStored, openEngine, openSqliteFile, removePlace, type BackendName, type Place } from '../../support/job-places.js'

const variables: Record<BackendName, string | undefined> = { sqlite: undefined, redis: 'REDIS_URL', postgres: 'DATABASE_URL' }

export interface Fixture {
  place: Place
  /** A new engine instance on the test's place; stopped when the test ends (unless stopped before). */
  open: (log?: JobLog) => Promise<JobEngine>
  /** Stops an engine opened here (and forgets it). */
  stop: (engine: JobEngine) => Promise<void>
  /** Whether the place still holds the job at all (job-places.ts’s jobStored). */
  stored: (id: string) => Promise<boolean>
}

/** A place of the test's own, removed when the test ends (after the teardowns registered before). */
export function testPlace (t: Test, backend: BackendName): Place {
  const place = { backend, where: backend === 'sqlite' ? `${t.testdir()}/hub.sqlite` : `hubtest_${randomBytes(6).toString('hex')}` }
  t.teardown(async () => await removePlace(place))
  return place
}

/** Engines on a place of the test's own, all stopped when the test ends, before the place goes. */
export function fixture (t: Test, backend: BackendName): Fixture {
  const engines = new Set<JobEngine>()
  const opened: { db?: Database.Database } = {}
  // Registered before testPlace's: teardowns run in order, and the engines must stop before their place goes.
  t.teardown(async () => {
    await Promise.all([...engines].map(async engine => await engine.stop()))
    opened.db?.close()
  })
  const place = testPlace(t, backend)
  const db = opened.db = backend === 'sqlite' ? openSqliteFile(place.where) : undefined
  return {
    place,
    open: async (log) => {
      const engine = await openEngine(place, db, log)
      engines.add(engine)
      return engine
    },
    stop: async (engine) => {
      engines.delete(engine)
      await engine.stop()
    },
    stored: async (id) => await jobStored(place, id, db)
  }
}

/**
 * Runs `body` as a subtest per backend; a backend whose server is not configured is skipped with the
 * reason, or fails under CI=true.
 */
export function forEachBackend (names: BackendName[], body: (t: Test, backend: BackendName) => Promise<void>): void {
  for (const backend of names) {
    const variable = variables[backend]
    if (variable !== undefined && (process.env[variable] ?? '') === '') {
      if (process.env.CI === 'true') t.test(backend, async (t) => { t.fail(`${variable} is not set; it is required when CI=true`) })
      else t.test(backend, { skip: `${variable} is not set` }, async () => {})
      continue
    }
    t.test(backend, async (t) => await body(t, backend))
  }
}

/** Polls a job until `done` says so (or fails the wait after `timeoutMs`). */
export async function waitForJob (engine: JobEngine, id: string, done: (state: JobState | undefined) => boolean, timeoutMs = 15_000): Promise<JobState> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const state = await engine.get(id)
    if (done(state)) return state!
    if (Date.now() > deadline) throw new Error(`job ${id} did not get there within ${timeoutMs} ms; last seen ${JSON.stringify(state)}`)
    await sleep(25)
  }
}

/** A promise with its resolve outside: a gate a handler waits at. */
export function gate (): { promise: Promise<void>, open: () => void } {
  let open!: () => void
  const promise = new Promise<void>(resolve => { open = resolve })
  return { promise, open }
}
