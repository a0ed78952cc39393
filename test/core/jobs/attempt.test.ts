/**
 * One attempt, as every engine runs it: what a handler's outcome and errors become, and the cases no
 * engine test reaches on its own — an error from another copy of this module, a result JSON cannot hold,
 * an attempt claimed as the engine stops, one beyond the policy after a crash.
 */
import t from 'tap'
import { runAttempt, type Attempt } from '../../../core/jobs/attempt.js'
import { isRetryLater, JobFailed, RetryLater } from '../../../core/jobs/engine.js'

const job = (attempt = 1): Attempt => ({ id: 'k:00000000-0000-4000-8000-000000000000', kind: 'k', payload: { n: 1 }, attempt, retry: { attempts: 3, backoffMs: 100 } })
const options = { timeoutMs: 1_000, stopping: new AbortController().signal, log: undefined }

t.test('a result comes back as JSON; undefined as null', async (t) => {
  t.same(await runAttempt(async () => ({ at: new Date(0) }), job(), options), { status: 'succeeded', result: { at: '1970-01-01T00:00:00.000Z' } })
  t.same(await runAttempt(async () => undefined, job(), options), { status: 'succeeded', result: null })
})

t.test('RetryLater and JobFailed count by their brand, whichever copy of the module made them', async (t) => {
  const foreignRetryLater = Object.assign(new Error('Slow down.'), { [Symbol.for('integration-hub.RetryLater')]: true, code: 'HUB_ERR_RATE_LIMITED', delayMs: 5_000 })
  const foreignJobFailed = Object.assign(new Error('No such project.'), { [Symbol.for('integration-hub.JobFailed')]: true, code: 'HUB_ERR_ACTION_REJECTED' })
  t.ok(isRetryLater(foreignRetryLater))
  t.same(await runAttempt(async () => { throw foreignRetryLater }, job(), options), { status: 'retry', error: { code: 'HUB_ERR_RATE_LIMITED', message: 'Slow down.' }, delayMs: 5_000 })
  t.same(await runAttempt(async () => { throw foreignJobFailed }, job(), options), { status: 'failed', error: { code: 'HUB_ERR_ACTION_REJECTED', message: 'No such project.' } })
  t.same(await runAttempt(async () => { throw new JobFailed({ code: 'C', message: 'M' }) }, job(), options), { status: 'failed', error: { code: 'C', message: 'M' } })
})

t.test('an error with a hub error code keeps its words; any other is an internal error, logged', async (t) => {
  const logged: unknown[] = []
  const log = { warn: (details: unknown) => { logged.push(details) } }
  const described = Object.assign(new Error('The service answered 503.'), { code: 'HUB_ERR_REMOTE_FAILED' })
  t.same(await runAttempt(async () => { throw described }, job(), { ...options, log }), { status: 'retry', error: { code: 'HUB_ERR_REMOTE_FAILED', message: 'The service answered 503.' }, delayMs: 100 })
  const system = Object.assign(new Error('connect ECONNREFUSED 10.1.2.3:443'), { code: 'ECONNREFUSED' })
  t.match(await runAttempt(async () => { throw system }, job(), { ...options, log }), { status: 'retry', error: { code: 'HUB_ERR_INTERNAL', message: /inside the hub/ } })
  t.match(logged, [{ err: system, attempt: 1 }], 'only the one the hub did not describe is logged')
})

t.test('the backoff doubles per attempt, and a RetryLater delay shorter than it does not shorten it', async (t) => {
  t.same(await runAttempt(async () => { throw new RetryLater(10, { code: 'C', message: 'M' }) }, job(2), options), { status: 'retry', error: { code: 'C', message: 'M' }, delayMs: 200 })
  t.throws(() => new RetryLater(-1, { code: 'C', message: 'M' }), TypeError)
})

t.test('a handler that throws before it returns a promise fails its attempt like any other', async (t) => {
  const handler = (): Promise<unknown> => { throw new JobFailed({ code: 'C', message: 'M' }) }
  t.same(await runAttempt(handler, job(), options), { status: 'failed', error: { code: 'C', message: 'M' } })
})

t.test('a result JSON cannot hold fails the attempt as an internal error', async (t) => {
  const outcome = await runAttempt(async () => ({ n: 1n }), job(), options)
  t.match(outcome, { status: 'retry', error: { code: 'HUB_ERR_INTERNAL' } })
})

t.test('an attempt claimed as the engine stops is handed back without running', async (t) => {
  const stopping = new AbortController()
  stopping.abort()
  let ran = false
  const outcome = await runAttempt(async () => { ran = true }, job(), { ...options, stopping: stopping.signal })
  t.equal(ran, false)
  t.same(outcome, { status: 'retry', error: { code: 'HUB_ERR_JOB_INTERRUPTED', message: 'The hub stopped while the job was running.' }, delayMs: 100 })
})

t.test('an attempt beyond the policy (the last one died with its process) fails the job without running', async (t) => {
  let ran = false
  const outcome = await runAttempt(async () => { ran = true }, job(4), options)
  t.equal(ran, false)
  t.same(outcome, { status: 'failed', error: { code: 'HUB_ERR_JOB_INTERRUPTED', message: 'The hub stopped while the job was running.' } })
})
