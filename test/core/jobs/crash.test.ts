/**
 * Durability: a hub killed with SIGKILL while it enqueues and runs jobs of a durable kind and of one
 * defined `durable: false`, then killed again while it runs them, loses none of the jobs it
 * acknowledged: the second kind skips only the sync to disk, which a killed process does not need.
 * After a last clean run every acknowledged job has succeeded; no attempt was claimed
 * twice; nothing ran a job again once its success was recorded; and a handler ran to completion
 * without its success being recorded only where a kill struck in between.
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import type { Test } from 'tap'
import { forEachBackend, testPlace } from './backends.js'
import { openEngine, openSqliteFile, type Place } from '../../support/job-places.js'

const root = fileURLToPath(new URL('../../..', import.meta.url))
/** Attempts running at once in a child: 4 of each kind. */
const CONCURRENCY = 8
const KILLS = 2

interface Child { killed: () => Promise<void>, exited: Promise<number | null> }

function startChild (t: Test, place: Place, log: string, mode: string, count = 0): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/core/jobs/crash-child.ts', place.backend, place.where, log, mode, String(count)], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] })
  const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)))
  t.teardown(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL') })
  return {
    exited,
    killed: async () => {
      child.kill('SIGKILL')
      await exited
    }
  }
}

const lines = (log: string, kind: string): string[][] => {
  let text = ''
  try {
    text = readFileSync(log, 'utf8')
  } catch {}
  return text.split('\n').filter(line => line.startsWith(`${kind} `)).map(line => line.split(' ').slice(1))
}

async function untilDone (log: string, atLeast: number): Promise<void> {
  const deadline = Date.now() + 20_000
  while (lines(log, 'done').length < atLeast) {
    if (Date.now() > deadline) throw new Error(`fewer than ${atLeast} attempts ended within 20 s`)
    await sleep(5)
  }
}

forEachBackend(['sqlite', 'redis', 'postgres'], async (t, backend) => {
  const place = testPlace(t, backend)
  const log = `${t.testdir()}/attempts.log`

  const producer = startChild(t, place, log, 'produce', 100)
  await untilDone(log, 15)
  await producer.killed()
  // Killed again halfway through what is left, however fast the first one got.
  const left = lines(log, 'ack').length + lines(log, 'ack-volatile').length - new Set(lines(log, 'done').map(([id]) => id)).size
  const consumer = startChild(t, place, log, 'consume')
  await untilDone(log, lines(log, 'done').length + Math.max(1, Math.floor(left / 2)))
  await consumer.killed()
  t.equal(await startChild(t, place, log, 'finish').exited, 0, 'a last run finishes every acknowledged job and stops cleanly')

  const acked = lines(log, 'ack').map(([id]) => id!)
  const ackedVolatile = lines(log, 'ack-volatile').map(([id]) => id!)
  t.ok(acked.length >= 8 && ackedVolatile.length >= 7, `${acked.length} durable and ${ackedVolatile.length} volatile jobs were acknowledged before the first kill`)
  const db = backend === 'sqlite' ? openSqliteFile(place.where) : undefined
  const engine = await openEngine(place, db)
  t.teardown(async () => {
    await engine.stop()
    db?.close()
  })
  const starts = lines(log, 'start').map(([id, attempt]) => `${id} ${attempt}`)
  const dones = lines(log, 'done').map(([id, attempt]) => `${id} ${attempt}`)
  t.equal(new Set(starts).size, starts.length, 'no attempt was claimed twice')
  const cutShort = starts.filter(start => !dones.includes(start)).length
  t.ok(cutShort >= 1, `the kills struck ${cutShort} running attempts`)
  const lost: string[] = []
  const goneVolatile: string[] = []
  const reranAfterSuccess: string[] = []
  let unrecordedCompletions = 0
  for (const id of [...acked, ...ackedVolatile]) {
    const state = await engine.get(id)
    if (state === undefined && ackedVolatile.includes(id)) {
      goneVolatile.push(id)
      continue
    }
    if (state?.status !== 'succeeded') {
      lost.push(`${id}: ${JSON.stringify(state)}`)
      continue
    }
    const recorded = (state.result as { attempt: number }).attempt
    if (!dones.includes(`${id} ${recorded}`)) lost.push(`${id}: its recorded attempt ${recorded} never ended`)
    if (starts.some(start => start.startsWith(`${id} `) && Number(start.split(' ')[1]) > recorded)) reranAfterSuccess.push(id)
    unrecordedCompletions += dones.filter(done => done.startsWith(`${id} `) && done !== `${id} ${recorded}`).length
  }
  t.same(lost, [], 'every acknowledged job that is still there succeeded')
  // What `durable: false` gives up is the sync to disk: only a crash of the machine or of the database server may lose such a job.
  t.same(goneVolatile, [], 'no volatile job was lost either: a killed hub is no crash of the machine')
  t.same(reranAfterSuccess, [], 'no job ran again once its success was recorded')
  t.ok(unrecordedCompletions <= KILLS * CONCURRENCY, `${unrecordedCompletions} completions went unrecorded, each where a kill struck between a handler's end and its record`)
})
