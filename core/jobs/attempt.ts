/**
 * One attempt of a job, the same on every engine: the handler runs under its deadline with a signal
 * that also aborts when the engine stops; what it throws becomes a stored error (`{ code, message }`:
 * never a stack, and only the words of an error the hub wrote — one with a `HUB_ERR_…` code, such as a
 * HubError; any other error could carry an address or a secret, so it is logged and stored as an
 * internal error); and the outcome tells the engine what to record: the result, a retry no sooner than a
 * delay, or the final failure. Engines only store and claim.
 */
import type { FastifyBaseLogger } from 'fastify'
import { errors } from '../errors.js'
import { isJobFailed, isRetryLater, type JobError, type JobHandler } from './engine.js'
import type { StoredRetry } from './job.js'

export type JobLog = Pick<FastifyBaseLogger, 'warn'>

export type Outcome =
  | { status: 'succeeded', result: unknown }
  | { status: 'retry', error: JobError, delayMs: number }
  | { status: 'failed', error: JobError }

export interface Attempt {
  id: string
  kind: string
  payload: unknown
  /** 1-based; attempts cut short by a crash or a stop included. */
  attempt: number
  retry: StoredRetry
}

export interface AttemptOptions {
  timeoutMs: number
  /** Aborts when the engine gives up waiting for running attempts. */
  stopping: AbortSignal
  log: JobLog | undefined
}

/** The errors an engine records on its own (an attempt no handler ended). */
export const jobErrors = {
  /** The process running the attempt stopped or died before it ended. */
  interrupted: (): JobError => ({ code: 'HUB_ERR_JOB_INTERRUPTED', message: 'The hub stopped while the job was running.' }),
  timedOut: (timeoutMs: number): JobError => ({ code: 'HUB_ERR_JOB_TIMEOUT', message: `The job did not finish within ${timeoutMs / 1000} s.` })
}

interface Failure {
  reason: JobError
  final: boolean
  notBeforeMs: number
}

export async function runAttempt (handler: JobHandler<unknown>, job: Attempt, options: AttemptOptions): Promise<Outcome> {
  // The previous attempt was the last one allowed, and a crash or a stop cut it short.
  if (job.attempt > job.retry.attempts) return { status: 'failed', error: jobErrors.interrupted() }
  // Claimed while the engine began to stop: handed back untouched rather than started and cut short.
  if (options.stopping.aborted) return afterFailure(job, { reason: jobErrors.interrupted(), final: false, notBeforeMs: 0 })

  const controller = new AbortController()
  let cutShortBy: JobError | undefined
  const cutShort = (reason: JobError, signalReason: DOMException): void => {
    cutShortBy ??= reason
    controller.abort(signalReason)
  }
  const aborted = new Promise<never>((_resolve, reject) => {
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true })
  })
  const timer = setTimeout(() => cutShort(jobErrors.timedOut(options.timeoutMs), new DOMException('The job ran out of time.', 'TimeoutError')), options.timeoutMs)
  const onStop = (): void => cutShort(jobErrors.interrupted(), new DOMException('The job engine is stopping.', 'AbortError'))
  options.stopping.addEventListener('abort', onStop)
  const running = Promise.resolve().then(async () => await handler({ id: job.id, kind: job.kind, payload: job.payload, attempt: job.attempt, signal: controller.signal }))
  // Once the attempt is cut short, how a handler that ignored its signal ends no longer matters.
  running.catch(() => {})
  try {
    const value = await Promise.race([running, aborted])
    return { status: 'succeeded', result: value === undefined ? null : JSON.parse(JSON.stringify(value)) }
  } catch (error) {
    return afterFailure(job, cutShortBy === undefined ? classify(error, job, options.log) : { reason: cutShortBy, final: false, notBeforeMs: 0 })
  } finally {
    clearTimeout(timer)
    options.stopping.removeEventListener('abort', onStop)
  }
}

function classify (error: unknown, job: Attempt, log: JobLog | undefined): Failure {
  if (isJobFailed(error)) return { reason: { code: error.code, message: error.message }, final: true, notBeforeMs: 0 }
  if (isRetryLater(error)) return { reason: { code: error.code, message: error.message }, final: false, notBeforeMs: error.delayMs }
  if (isDescribed(error)) return { reason: { code: error.code, message: error.message }, final: false, notBeforeMs: 0 }
  log?.warn({ err: error, job: job.id, attempt: job.attempt }, 'a job attempt failed with an error the hub did not describe')
  const { code, message } = errors.internal()
  return { reason: { code, message }, final: false, notBeforeMs: 0 }
}

/** An error the hub wrote, by its code (recognised by shape, whichever copy of the hub made it). */
const isDescribed = (error: unknown): error is JobError =>
  typeof error === 'object' && error !== null && typeof (error as JobError).message === 'string' &&
  typeof (error as JobError).code === 'string' && /^HUB_ERR_[A-Z0-9_]+$/.test((error as JobError).code)

function afterFailure (job: Attempt, { reason, final, notBeforeMs }: Failure): Outcome {
  if (final || job.attempt >= job.retry.attempts) return { status: 'failed', error: reason }
  const delayMs = Math.max(job.retry.backoffMs * 2 ** Math.min(job.attempt - 1, 30), notBeforeMs)
  if (job.retry.giveUpAt !== undefined && Date.now() + delayMs > job.retry.giveUpAt) return { status: 'failed', error: reason }
  return { status: 'retry', error: reason, delayMs }
}
