/**
 * A hub process for crash.test.ts, killed with SIGKILL in the middle of its work. It opens a job engine
 * on the place it is given and runs two kinds, `work` and `volatile` (`durable: false`), each attempt
 * writing a `start` and a `done` line to the log (plain appends: what was written survives the kill).
 * `produce` also enqueues jobs one by one, the two kinds in turn, logging `ack <id>` or
 * `ack-volatile <id>` once each enqueue has resolved; `consume` only runs jobs; `finish` runs them until
 * every acknowledged job has finished (or, for a volatile one, is gone), then stops cleanly and exits.
 *
 * node --import tsx test/core/jobs/crash-child.ts <backend> <where> <log> produce|consume|finish [count]
 */
import { appendFileSync, readFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import type { RunningJob } from '../../../core/jobs/engine.js'
import { finished, openEngine, openSqliteFile, type BackendName } from '../../support/job-places.js'

const [backend, where, log, mode, count = '0'] = process.argv.slice(2) as [BackendName, string, string, string, string?]
const db = backend === 'sqlite' ? openSqliteFile(where) : undefined
const engine = await openEngine({ backend, where }, db)
const work = async (job: RunningJob<{ n: number }>): Promise<{ attempt: number }> => {
  appendFileSync(log, `start ${job.id} ${job.attempt}\n`)
  await sleep(20 + Math.random() * 60)
  appendFileSync(log, `done ${job.id} ${job.attempt}\n`)
  return { attempt: job.attempt }
}
engine.define('work', work, { concurrency: 4, timeoutMs: 1_000 })
engine.define('volatile', work, { concurrency: 4, timeoutMs: 1_000, durable: false })
await engine.start()

if (mode === 'produce') {
  for (let n = 0; n < Number(count); n++) {
    const durable = n % 2 === 0
    const id = await engine.enqueue(durable ? 'work' : 'volatile', { n }, { retry: { attempts: 10, backoffMs: 50 } })
    appendFileSync(log, `${durable ? 'ack' : 'ack-volatile'} ${id}\n`)
    await sleep(2)
  }
}

if (mode === 'finish') {
  const acked = (kind: string): string[] => readFileSync(log, 'utf8').split('\n').filter(line => line.startsWith(`${kind} `)).map(line => line.slice(kind.length + 1))
  for (const id of acked('ack')) {
    while (!finished(await engine.get(id))) await sleep(50)
  }
  for (const id of acked('ack-volatile')) {
    for (let state = await engine.get(id); state !== undefined && !finished(state); state = await engine.get(id)) await sleep(50)
  }
  await engine.stop()
  db?.close()
}
