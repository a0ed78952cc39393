/**
 * One behaviour, three engines: every JobEngine acts the same on SQLite, Redis (BullMQ) and PostgreSQL
 * (pg-boss) — results readable from another instance, retries with backoff, final failures, RetryLater,
 * keys, delays, depth, timeouts, a kind's retention of finished jobs.
 */
import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { errors } from '../../../core/errors.js'
import { JobFailed, RetryLater, type JobEngine } from '../../../core/jobs/engine.js'
import { fixture, forEachBackend, gate, waitForJob } from './backends.js'
import { finished } from '../../support/job-places.js'

forEachBackend(['sqlite', 'redis', 'postgres'], async (t, backend) => {
  t.test('a job runs once, and any instance reads its result', async (t) => {
    const { open } = fixture(t, backend)
    const worker = await open()
    const seen: unknown[] = []
    worker.define<{ n: number }>('echo', async (job) => {
      seen.push({ id: job.id, kind: job.kind, payload: job.payload, attempt: job.attempt })
      return { doubled: job.payload.n * 2 }
    })
    await worker.start()
    const id = await worker.enqueue('echo', { n: 21 })
    t.match(id, /^echo:[0-9a-f-]{36}$/, 'the id names the kind')
    const state = await waitForJob(worker, id, finished)
    t.same(seen, [{ id, kind: 'echo', payload: { n: 21 }, attempt: 1 }], 'the handler ran once, with the payload')

    const reader = await open()
    const read = await reader.get(id)
    t.same(read, state, 'a second instance reads the same state')
    t.equal(read!.status, 'succeeded')
    t.same(read!.result, { doubled: 42 })
    t.equal(read!.attempts, 1)
    t.notOk('error' in read!, 'no error')
    t.notOk('nextAttemptAt' in read!, 'no next attempt')
    const { createdAt, startedAt, finishedAt } = read!
    t.ok(Date.parse(createdAt) <= Date.parse(startedAt!) && Date.parse(startedAt!) <= Date.parse(finishedAt!), 'created, started and finished, in that order')
  })

  t.test('failed attempts are retried with a doubling backoff until one succeeds', async (t) => {
    const { open } = fixture(t, backend)
    const engine = await open()
    const starts: number[] = []
    engine.define('flaky', async (job) => {
      starts.push(Date.now())
      if (job.attempt < 3) throw errors.remoteFailed('The service answered 503.', {})
      return 'third time lucky'
    })
    await engine.start()
    const id = await engine.enqueue('flaky', {}, { retry: { attempts: 3, backoffMs: 200 } })
    const state = await waitForJob(engine, id, finished)
    t.equal(state.status, 'succeeded')
    t.equal(state.result, 'third time lucky')
    t.equal(state.attempts, 3, 'three attempts')
    t.equal(starts.length, 3)
    t.ok(starts[1]! - starts[0]! >= 200, `the second attempt came at least 200 ms after the first (${starts[1]! - starts[0]!} ms)`)
    t.ok(starts[2]! - starts[1]! >= 400, `the third at least 400 ms after the second (${starts[2]! - starts[1]!} ms)`)
  })

  t.test('a job fails for good after its last attempt, with the error in words and no stack', async (t) => {
    const { open } = fixture(t, backend)
    const engine = await open()
    let attempts = 0
    engine.define('doomed', async () => {
      attempts++
      throw errors.remoteFailed('The service answered 500.', { detail: 'Internal Server Error' })
    })
    await engine.start()
    const id = await engine.enqueue('doomed', {}, { retry: { attempts: 2, backoffMs: 50 } })
    const state = await waitForJob(engine, id, finished)
    t.equal(state.status, 'failed')
    t.equal(state.attempts, 2)
    t.equal(attempts, 2, 'no attempt beyond the policy')
    t.strictSame(state.error, { code: 'HUB_ERR_REMOTE_FAILED', message: 'The service answered 500.' })
    t.notOk('result' in state)
    t.ok(state.finishedAt !== undefined)
  })

  t.test('JobFailed fails the job at once', async (t) => {
    const { open } = fixture(t, backend)
    const engine = await open()
    let attempts = 0
    engine.define('refused', async () => {
      attempts++
      throw new JobFailed(errors.actionRejected('Jira refused the issue: the project does not exist.', {}))
    })
    await engine.start()
    const id = await engine.enqueue('refused', {}, { retry: { attempts: 5, backoffMs: 10 } })
    const state = await waitForJob(engine, id, finished)
    t.equal(state.status, 'failed')
    t.equal(attempts, 1)
    t.strictSame(state.error, { code: 'HUB_ERR_ACTION_REJECTED', message: 'Jira refused the issue: the project does not exist.' })
  })

  t.test('an error the hub did not describe is stored as an internal error and logged, not shown', async (t) => {
    const { open } = fixture(t, backend)
    const logged: unknown[] = []
    const engine = await open({ warn: (details: unknown) => { logged.push(details) } })
    engine.define('leaky', async () => { throw new Error('connect ECONNREFUSED 10.1.2.3:443 token=s3cr3t') })
    await engine.start()
    const id = await engine.enqueue('leaky', {}, { retry: { attempts: 1 } })
    const state = await waitForJob(engine, id, finished)
    t.strictSame(state.error, { code: 'HUB_ERR_INTERNAL', message: errors.internal().message })
    t.notMatch(JSON.stringify(state), /s3cr3t|10\.1\.2\.3/, 'the raw message is not stored')
    t.match(logged, [{ job: id, err: { message: /ECONNREFUSED/ } }], 'the log has it')
  })

  t.test('RetryLater delays the next attempt at least as long as asked, keeping the job id', async (t) => {
    const { open } = fixture(t, backend)
    const engine = await open()
    const starts: number[] = []
    let thrownAt = 0
    engine.define('limited', async (job) => {
      starts.push(Date.now())
      if (job.attempt === 1) {
        thrownAt = Date.now()
        throw new RetryLater(800, errors.rateLimited(1))
      }
      return 'done'
    })
    await engine.start()
    const id = await engine.enqueue('limited', {}, { retry: { attempts: 3, backoffMs: 10 } })
    const waiting = await waitForJob(engine, id, state => state?.status === 'queued' && state.attempts === 1)
    t.strictSame(waiting.error, { code: 'HUB_ERR_RATE_LIMITED', message: errors.rateLimited(1).message }, 'while it waits, get says why')
    t.ok(Date.parse(waiting.nextAttemptAt!) >= thrownAt + 800 - 5, 'and when it will be tried again')
    const state = await waitForJob(engine, id, finished)
    t.equal(state.status, 'succeeded')
    t.equal(state.id, id, 'the same job')
    t.equal(state.attempts, 2)
    t.ok(starts[1]! - thrownAt >= 800, `the second attempt came ${starts[1]! - thrownAt} ms after the first failed`)
  })

  t.test('a retry that would start past maxAgeMs is not made', async (t) => {
    const { open } = fixture(t, backend)
    const engine = await open()
    let attempts = 0
    engine.define('stale', async () => {
      attempts++
      throw errors.remoteFailed('The receiver answered 502.', {})
    })
    await engine.start()
    // Retries due 300 ms, then 300 + 600 ms after the start: the second would be past 600 ms.
    const id = await engine.enqueue('stale', {}, { retry: { attempts: 10, backoffMs: 300, maxAgeMs: 600 } })
    const state = await waitForJob(engine, id, finished)
    t.equal(state.status, 'failed')
    t.equal(attempts, 2)
    t.equal(state.error?.code, 'HUB_ERR_REMOTE_FAILED')
  })

  t.test('a key dedupes while its job is queued or running, and allows a new job once it finished', async (t) => {
    const { open } = fixture(t, backend)
    const engine = await open()
    const release = gate()
    const started = gate()
    const payloads: unknown[] = []
    engine.define<{ round?: number }>('recheck', async (job) => {
      payloads.push(job.payload)
      if (job.payload.round === undefined) return
      started.open()
      await release.promise
    }, { concurrency: 2 })
    const first = await engine.enqueue('recheck', { round: 1 }, { key: 'connection-1', delayMs: 300 })
    t.equal(await engine.enqueue('recheck', { round: 2 }, { key: 'connection-1' }), first, 'while queued: the same job')
    t.not(await engine.enqueue('recheck', { other: true }, { key: 'connection-2' }), first, 'another key: another job')
    await engine.start()
    await started.promise
    t.equal((await engine.get(first))!.status, 'running')
    t.equal(await engine.enqueue('recheck', { round: 3 }, { key: 'connection-1' }), first, 'while running: the same job')
    release.open()
    await waitForJob(engine, first, finished)
    const second = await engine.enqueue('recheck', { round: 4 }, { key: 'connection-1' })
    t.not(second, first, 'once finished: a new job')
    await waitForJob(engine, second, finished)
    t.same(payloads.filter(payload => (payload as { round?: number }).round !== undefined), [{ round: 1 }, { round: 4 }], 'the deduplicated payloads never ran')
  })

  t.test('delayMs holds the first attempt back', async (t) => {
    const { open } = fixture(t, backend)
    const engine = await open()
    let startedAt = 0
    engine.define('later', async () => { startedAt = Date.now() })
    await engine.start()
    const enqueuedAt = Date.now()
    const id = await engine.enqueue('later', {}, { delayMs: 700 })
    const queued = await engine.get(id)
    t.equal(queued!.status, 'queued')
    t.ok(Math.abs(Date.parse(queued!.nextAttemptAt!) - (enqueuedAt + 700)) < 250, 'get says when it will run')
    await waitForJob(engine, id, finished)
    t.ok(startedAt - enqueuedAt >= 700 - 5, `it started ${startedAt - enqueuedAt} ms after it was enqueued`)
  })

  t.test('depth counts the jobs of a kind that wait, now or later', async (t) => {
    const { open } = fixture(t, backend)
    const engine = await open()
    t.equal(await engine.depth('queued-up'), 0, 'a kind never used')
    await engine.enqueue('queued-up', { n: 1 })
    await engine.enqueue('queued-up', { n: 2 })
    await engine.enqueue('queued-up', { n: 3 }, { delayMs: 60_000 })
    await engine.enqueue('elsewhere', {})
    t.equal(await engine.depth('queued-up'), 3)
    t.equal(await engine.depth('elsewhere'), 1)
    const runner = await open()
    runner.define('queued-up', async () => {})
    await runner.start()
    const deadline = Date.now() + 10_000
    while (await engine.depth('queued-up') > 1 && Date.now() < deadline) await sleep(25)
    t.equal(await engine.depth('queued-up'), 1, 'the two due ones ran; the delayed one waits')
  })

  t.test('an attempt past its timeout is cut short through its signal and counts as failed', async (t) => {
    const { open } = fixture(t, backend)
    const engine = await open()
    const reasons: string[] = []
    engine.define('slow', async (job) => {
      await new Promise<void>(resolve => job.signal.addEventListener('abort', () => resolve()))
      reasons.push((job.signal.reason as DOMException).name)
    }, { timeoutMs: 300 })
    await engine.start()
    const id = await engine.enqueue('slow', {}, { retry: { attempts: 2, backoffMs: 10 } })
    const state = await waitForJob(engine, id, finished)
    t.equal(state.status, 'failed')
    t.equal(state.attempts, 2)
    t.strictSame(state.error, { code: 'HUB_ERR_JOB_TIMEOUT', message: 'The job did not finish within 0.3 s.' })
    t.same(reasons, ['TimeoutError', 'TimeoutError'], 'each attempt saw its signal abort')
  })

  t.test('a finished job is gone once past its kind’s keepFinishedMs: from get at once, from the backend soon after; other kinds keep theirs', async (t) => {
    const { open, stop, stored } = fixture(t, backend)
    const define = (engine: JobEngine): void => {
      engine.define<{ fail?: boolean }>('brief', async (job) => {
        if (job.payload.fail === true) throw new JobFailed({ code: 'HUB_ERR_REMOTE_FAILED', message: 'Refused.' })
        return 'done'
      }, { keepFinishedMs: 1_000, concurrency: 2 })
      engine.define('kept', async () => 'kept')
    }
    const first = await open()
    define(first)
    await first.start()
    const succeeded = await first.enqueue('brief', {})
    const failed = await first.enqueue('brief', { fail: true }, { retry: { attempts: 1 } })
    const kept = await first.enqueue('kept', {})
    for (const id of [succeeded, failed, kept]) await waitForJob(first, id, finished)
    t.equal((await first.get(succeeded))?.status, 'succeeded', 'readable within its retention')
    t.equal((await first.get(failed))?.status, 'failed')
    await sleep(1_100)
    t.equal(await first.get(succeeded), undefined, 'a success past its retention is gone from get')
    t.equal(await first.get(failed), undefined, 'and so is a failure')
    t.equal((await first.get(kept))?.status, 'succeeded', 'a kind without a retention of its own keeps the engine’s')

    // Deleted too: by the sweep of the next start (SQLite, PostgreSQL), or as later jobs of the kind finish (BullMQ).
    await stop(first)
    const second = await open()
    define(second)
    await second.start()
    await waitForJob(second, await second.enqueue('brief', {}), finished)
    await waitForJob(second, await second.enqueue('brief', { fail: true }, { retry: { attempts: 1 } }), finished)
    t.notOk(await stored(succeeded), 'the success is deleted')
    t.notOk(await stored(failed), 'the failure is deleted')
    t.ok(await stored(kept), 'the other kind’s job is still there')
  })

  t.test('get answers undefined for an id that is no job', async (t) => {
    const { open } = fixture(t, backend)
    const engine = await open()
    engine.define('known', async () => {})
    for (const id of ['', 'nope', 'known:not-a-uuid', `known:${randomUUID()}`, `never-used:${randomUUID()}`, `Bad Kind:${randomUUID()}`]) {
      t.equal(await engine.get(id), undefined, JSON.stringify(id))
    }
  })

  t.test('stop hands back attempts that outlive its grace, and another instance runs them', async (t) => {
    const { open, stop } = fixture(t, backend)
    const first = await open()
    const started = gate()
    const handled: Array<{ attempt: number, aborted: boolean }> = []
    first.define('long', async (job) => {
      started.open()
      await new Promise<void>(resolve => job.signal.addEventListener('abort', () => resolve()))
      handled.push({ attempt: job.attempt, aborted: job.signal.aborted })
    })
    await first.start()
    const id = await first.enqueue('long', {}, { retry: { attempts: 3, backoffMs: 10 } })
    await started.promise
    await stop(first)
    t.same(handled, [{ attempt: 1, aborted: true }], 'the running attempt was cut short')
    const queued = await waitForJob(await open(), id, state => state?.status === 'queued')
    t.strictSame(queued.error, { code: 'HUB_ERR_JOB_INTERRUPTED', message: 'The hub stopped while the job was running.' })

    const second = await open()
    second.define('long', async (job) => job.attempt)
    await second.start()
    const state = await waitForJob(second, id, finished)
    t.equal(state.status, 'succeeded')
    t.equal(state.result, 2, 'the next instance ran it as the second attempt')
  })
})
