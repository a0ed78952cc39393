/**
 * Measures the job engines on this machine (not a test; run by hand, figures for docs/performance.md):
 * per engine, the time an enqueue takes (SQLite syncs each one to disk), the time from an enqueue to its
 * handler starting on an idle engine, and the jobs per second one instance runs (concurrency 10, handlers
 * that do nothing). Redis and PostgreSQL are measured when REDIS_URL and DATABASE_URL are set.
 *
 * node --import tsx test/core/jobs/measure-engines.ts
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import type { JobEngine } from '../../../core/jobs/engine.js'
import { openEngine, openSqliteFile, removePlace, type BackendName, type Place } from './places.js'

const ENQUEUES = 200
const PICKUPS = 50
const THROUGHPUT_JOBS = 1_000

const percentile = (values: number[], p: number): number => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!
const ms = (value: number): string => value.toFixed(2)

async function measure (backend: BackendName): Promise<string> {
  const folder = mkdtempSync(path.join(tmpdir(), 'hub-jobs-'))
  const place: Place = { backend, where: backend === 'sqlite' ? path.join(folder, 'hub.sqlite') : `hubmeasure_${process.pid}` }
  const db = backend === 'sqlite' ? openSqliteFile(place.where) : undefined
  const engine: JobEngine = await openEngine(place, db)
  const waiting = new Map<number, () => void>()
  engine.define<{ i: number }>('noop', async (job) => { waiting.get(job.payload.i)?.() }, { concurrency: 10 })
  try {
    const enqueues: number[] = []
    for (let i = 0; i < ENQUEUES; i++) {
      const before = performance.now()
      await engine.enqueue('idle', { i })
      enqueues.push(performance.now() - before)
    }
    await engine.start()
    const pickups: number[] = []
    for (let i = 0; i < PICKUPS; i++) {
      const before = performance.now()
      const running = new Promise<void>(resolve => waiting.set(-1 - i, resolve))
      await engine.enqueue('noop', { i: -1 - i })
      await running
      pickups.push(performance.now() - before)
    }
    let left = THROUGHPUT_JOBS
    const allRan = new Promise<void>(resolve => {
      for (let i = 0; i < THROUGHPUT_JOBS; i++) waiting.set(i, () => { if (--left === 0) resolve() })
    })
    const before = performance.now()
    await Promise.all(Array.from({ length: THROUGHPUT_JOBS }, async (_, i) => await engine.enqueue('noop', { i })))
    await allRan
    const perSecond = THROUGHPUT_JOBS / ((performance.now() - before) / 1000)
    return `| ${backend} | ${ms(percentile(enqueues, 0.5))} / ${ms(percentile(enqueues, 0.95))} | ${ms(percentile(pickups, 0.5))} / ${ms(percentile(pickups, 0.95))} | ${perSecond.toFixed(0)} |`
  } finally {
    await engine.stop()
    db?.close()
    await removePlace(place)
    rmSync(folder, { recursive: true, force: true })
  }
}

console.log(`| engine | enqueue, ms median / p95 of ${ENQUEUES} | enqueue to handler start, ms median / p95 of ${PICKUPS} | jobs/s, ${THROUGHPUT_JOBS} jobs, concurrency 10 |`)
console.log('|---|---|---|---|')
for (const backend of ['sqlite', 'redis', 'postgres'] as const) {
  if (backend === 'redis' && process.env.REDIS_URL === undefined) continue
  if (backend === 'postgres' && process.env.DATABASE_URL === undefined) continue
  console.log(await measure(backend))
}
