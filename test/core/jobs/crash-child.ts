/**
 * A hub process for crash.test.ts, killed with SIGKILL in the middle of its work. It opens a job engine
 * on the place it is given and runs the `work` kind, each attempt writing a `start` and a `done` line to
 * the log (plain appends: what was written survives the kill). `produce` also enqueues jobs one by one,
 * logging `ack <id>` once each enqueue has resolved; `consume` only runs jobs; `finish` runs them until
 * every acknowledged job has finished, then stops cleanly and exits.
 *
 * node --import tsx test/core/jobs/crash-child.ts <backend> <where> <log> produce|consume|finish [count]
 */
import { appendFileSync, readFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { finished, openEngine, openSqliteFile, type BackendName } from './places.js'

const [backend, where, log, mode, count = '0'] = process.argv.slice(2) as [BackendName, string, string, string, string?]
const db = backend === 'sqlite' ? openSqliteFile(where) : undefined
const engine = await openEngine({ backend, where }, db)
engine.define<{ n: number }>('work', async (job) => {
  appendFileSync(log, `start ${job.id} ${job.attempt}\n`)
  await sleep(20 + Math.random() * 60)
  appendFileSync(log, `done ${job.id} ${job.attempt}\n`)
  return { attempt: job.attempt }
}, { concurrency: 4, timeoutMs: 1_000 })
await engine.start()

if (mode === 'produce') {
  for (let n = 0; n < Number(count); n++) {
    const id = await engine.enqueue('work', { n }, { retry: { attempts: 10, backoffMs: 50 } })
    appendFileSync(log, `ack ${id}\n`)
    await sleep(2)
  }
}

if (mode === 'finish') {
  const acked = readFileSync(log, 'utf8').split('\n').filter(line => line.startsWith('ack ')).map(line => line.slice(4))
  for (const id of acked) {
    while (!finished(await engine.get(id))) await sleep(50)
  }
  await engine.stop()
  db?.close()
}
