/**
 * (j) The job engines, each with the test suite's settings (test/support/job-places.ts): on SQLite, and
 * on Redis (BullMQ) and PostgreSQL (pg-boss) when REDIS_URL and DATABASE_URL are set. Per engine, beside
 * the same figure for a kind defined `durable: false`:
 *   - what an enqueue takes on an engine not yet started (SQLite syncs each durable one to disk);
 *   - the time from an enqueue to its handler starting on an idle engine, the two kinds in turn;
 *   - the jobs per second one instance runs, handlers that do nothing, 10 at a time.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { JobEngine } from '../core/jobs/engine.js'
import { openEngine, openSqliteFile, removePlace, type BackendName, type Place } from '../test/support/job-places.js'
import { median, percentile } from './load.js'
import { count, ratio2, skipped, type Row } from './report.js'

const ENQUEUES = 200
const PICKUPS = 50
const THROUGHPUT_JOBS = 1_000
const CONCURRENCY = 10

const engines: Array<{ backend: BackendName, name: string, variable?: string }> = [
  { backend: 'sqlite', name: 'SQLite' },
  { backend: 'redis', name: 'Redis (BullMQ)', variable: 'REDIS_URL' },
  { backend: 'postgres', name: 'PostgreSQL (pg-boss)', variable: 'DATABASE_URL' }
]

/** One figure for each kind: the durable one, and the one defined `durable: false`. */
interface Figures { durable: number[], volatile: number[] }

export async function measureJobs (): Promise<Row[]> {
  const rows: Row[] = []
  for (const { backend, name, variable } of engines) {
    if (variable !== undefined && (process.env[variable] ?? '') === '') {
      rows.push(skipped(`(j) the job engine on ${name}`, `${variable} is not set`))
      continue
    }
    rows.push(...await measureEngine(backend, name))
  }
  return rows
}

async function measureEngine (backend: BackendName, name: string): Promise<Row[]> {
  const folder = await mkdtemp(path.join(tmpdir(), 'hub-bench-jobs-'))
  const place: Place = { backend, where: backend === 'sqlite' ? path.join(folder, 'hub.sqlite') : `hubbench_${process.pid}` }
  const db = backend === 'sqlite' ? openSqliteFile(place.where) : undefined
  const engine: JobEngine = await openEngine(place, db)
  const waiting = new Map<number, () => void>()
  const handler = async (job: { payload: { i: number } }): Promise<void> => { waiting.get(job.payload.i)?.() }
  const kinds = { durable: 'noop', volatile: 'noop-volatile' } as const
  engine.define(kinds.durable, handler, { concurrency: CONCURRENCY })
  engine.define(kinds.volatile, handler, { concurrency: CONCURRENCY, durable: false })
  let next = 0
  /** Resolves once the handler of a job enqueued now has started; how long that took. */
  const pickUp = async (kind: string): Promise<number> => {
    const i = next++
    const started = new Promise<void>(resolve => waiting.set(i, resolve))
    const before = performance.now()
    await engine.enqueue(kind, { i })
    await started
    return performance.now() - before
  }
  try {
    const enqueues: Figures = { durable: [], volatile: [] }
    for (let i = 0; i < ENQUEUES; i++) {
      for (const which of ['durable', 'volatile'] as const) {
        const before = performance.now()
        await engine.enqueue(kinds[which], { i: -1 })
        enqueues[which].push(performance.now() - before)
      }
    }
    await engine.start()
    // The enqueued jobs run first: the pick-ups are measured on an idle engine.
    while (await engine.depth(kinds.durable) + await engine.depth(kinds.volatile) > 0) await sleep(50)
    await sleep(200)
    const pickups: Figures = { durable: [], volatile: [] }
    for (let i = 0; i < PICKUPS; i++) {
      pickups.durable.push(await pickUp(kinds.durable))
      pickups.volatile.push(await pickUp(kinds.volatile))
    }
    const perSecond = async (kind: string): Promise<number> => {
      const before = performance.now()
      let left = THROUGHPUT_JOBS
      const allRan = new Promise<void>(resolve => {
        for (let j = 0; j < THROUGHPUT_JOBS; j++) waiting.set(next + j, () => { if (--left === 0) resolve() })
      })
      const first = next
      next += THROUGHPUT_JOBS
      await Promise.all(Array.from({ length: THROUGHPUT_JOBS }, async (_, j) => await engine.enqueue(kind, { i: first + j })))
      await allRan
      return THROUGHPUT_JOBS / ((performance.now() - before) / 1000)
    }
    const rates = { durable: await perSecond(kinds.durable), volatile: await perSecond(kinds.volatile) }
    const spread = (figures: number[]): string => `${ms(median(figures))} / ${ms(percentile(figures, 0.95))}`
    const times = (figures: Figures): Pick<Row, 'hub' | 'baseline' | 'result'> => ({
      hub: spread(figures.durable),
      baseline: `${spread(figures.volatile)} (durable: false)`,
      result: `×${ratio2(median(figures.durable) / median(figures.volatile))} at the median`
    })
    return [
      { benchmark: `(j) ${name}: enqueue, ms median / p95 of ${ENQUEUES}, engine not started`, ...times(enqueues), goal: '—' },
      { benchmark: `(j) ${name}: enqueue to handler start on an idle engine, ms median / p95 of ${PICKUPS}`, ...times(pickups), goal: '—' },
      {
        benchmark: `(j) ${name}: jobs/s, ${count(THROUGHPUT_JOBS)} jobs enqueued at once, ${CONCURRENCY} at a time, handlers that do nothing`,
        hub: `${Math.round(rates.durable)} jobs/s`,
        baseline: `${Math.round(rates.volatile)} jobs/s (durable: false)`,
        result: `×${ratio2(rates.durable / rates.volatile)}`,
        goal: '—'
      }
    ]
  } finally {
    await engine.stop()
    db?.close()
    await removePlace(place)
    await rm(folder, { recursive: true, force: true })
  }
}

const ms = (value: number): string => value.toFixed(2)
