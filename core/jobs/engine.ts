/**
 * Background jobs — connection re-checks, webhook deliveries, queued actions — behind one small
 * interface, whichever engine runs them: BullMQ on Redis, pg-boss on PostgreSQL, or a job table in the
 * SQLite store (open.ts picks the one that fits the store). Jobs are durable (they survive a crash of
 * the hub), each attempt is claimed by one instance, and failed attempts are retried with backoff.
 * Payloads, results and errors are JSON, so any instance can answer for any job. A kind defines how
 * long its finished jobs are kept, and whether its writes wait for the disk (DefineOptions).
 *
 * An attempt cut short (a crash, a timeout) may already have done its work before it is retried, so
 * handlers are idempotent (a webhook's id, an action's Idempotency-Key). They steer retries by what they
 * throw: RetryLater (not before a delay, e.g. a remote's Retry-After) or JobFailed (no more attempts),
 * recognised by a brand rather than `instanceof`, so that an error made by another copy of this module
 * (a bundled one, dist next to source) still counts.
 */

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed'

/** How a job's failed attempts are retried; stored with the job, so every instance applies the same. */
export interface RetryPolicy {
  /** Attempts in all, the first one included (default 3). */
  attempts?: number
  /** Wait before the second attempt, in ms; it doubles for each later one (default 1000). */
  backoffMs?: number
  /** A retry that would start later than this many ms after the job was due is not made (default: no limit). */
  maxAgeMs?: number
}

export interface EnqueueOptions {
  /**
   * While a job of this kind with this key is queued or running, enqueueing another one is a no-op that
   * returns the existing job's id (one re-check per connection, say). Once it has finished, a new one is made.
   */
  key?: string
  /** The first attempt starts no sooner than this many ms from now. */
  delayMs?: number
  retry?: RetryPolicy
}

export interface DefineOptions {
  /** Attempts of this kind that run at the same time on this instance (default 1). */
  concurrency?: number
  /** An attempt still running after this many ms is cut short: its signal aborts and it counts as failed (default 60 000). */
  timeoutMs?: number
  /**
   * How long a finished job of this kind stays readable through get(), in ms (default: the engine's
   * retention, 7 days, for results callers poll). Kinds nobody reads back, made by the thousand, keep
   * theirs briefly.
   */
  keepFinishedMs?: number
  /**
   * `false`: an enqueue or an outcome of this kind need not be on disk before it resolves — a kind
   * whose lost job is made again anyway (a check a later sweep plans again). SQLite commits them
   * without the sync, PostgreSQL without waiting for its log (`synchronous_commit = off`); either way
   * only a crash of the machine or the database server can lose them, never one of the hub. Redis
   * is as durable as the server's persistence for every kind.
   */
  durable?: boolean
}

/** What a handler is given. */
export interface RunningJob<P> {
  readonly id: string
  readonly kind: string
  readonly payload: P
  /** 1 for the first attempt; attempts cut short by a crash or a stop count too. */
  readonly attempt: number
  /** Aborts when the attempt runs out of time or the engine stops; the attempt then counts as failed. */
  readonly signal: AbortSignal
}

/** Resolves with the job's result (stored as JSON), or throws to fail the attempt. */
export type JobHandler<P> = (job: RunningJob<P>) => Promise<unknown>

/** An error as a job stores it and the API shows it: a stable code and words for a person, never a stack. */
export interface JobError {
  code: string
  message: string
}

export interface JobState {
  id: string
  kind: string
  status: JobStatus
  /** Attempts started so far. */
  attempts: number
  /** Once succeeded: what the handler resolved with. */
  result?: unknown
  /** Once failed: why. Before that, why the latest failed attempt failed (if one has). */
  error?: JobError
  /** ISO 8601, like every time here. */
  createdAt: string
  /** While queued: when the next attempt may start. */
  nextAttemptAt?: string
  /** When the latest attempt started. */
  startedAt?: string
  /** Once succeeded or failed: when. */
  finishedAt?: string
}

export interface JobEngine {
  /** Registers the handler of a kind of job (before start()); a kind is lower-case letters, digits and dashes. */
  define<P>(kind: string, handler: JobHandler<P>, options?: DefineOptions): void
  /**
   * Queues a job and resolves with its id once it is stored: synced to disk on SQLite, committed on
   * PostgreSQL, and on Redis as durable as the server's persistence is configured (a kind defined
   * `durable: false` on this instance skips the sync and the wait for the log).
   */
  enqueue<P>(kind: string, payload: P, options?: EnqueueOptions): Promise<string>
  /** A job's state, from any instance of the same engine; undefined for an unknown id, or one finished longer ago than its kind keeps it. */
  get(id: string): Promise<JobState | undefined>
  /** Jobs of a kind that wait for an attempt, now or later (a queue-depth gauge); running ones excluded. */
  depth(kind: string): Promise<number>
  /** Begins running the defined handlers. */
  start(): Promise<void>
  /** Stops taking jobs, waits (bounded) for running attempts, cuts the rest short, and closes connections. */
  stop(): Promise<void>
}

const retryLaterBrand = Symbol.for('integration-hub.RetryLater')
const jobFailedBrand = Symbol.for('integration-hub.JobFailed')

/**
 * Thrown by a handler: this attempt failed (it counts as one of the policy's attempts), and the next one
 * starts no sooner than `delayMs` from now, or later if the backoff says so.
 */
export class RetryLater extends Error {
  override name = 'RetryLater'
  readonly [retryLaterBrand] = true
  readonly code: string
  readonly delayMs: number

  constructor (delayMs: number, reason: JobError) {
    if (!Number.isFinite(delayMs) || delayMs < 0) throw new TypeError(`RetryLater needs a delay of 0 ms or more, not ${delayMs}`)
    super(reason.message, { cause: reason })
    this.code = reason.code
    this.delayMs = delayMs
  }
}

/** Thrown by a handler: the job failed for good; no retry would help (the remote refused the request, say). */
export class JobFailed extends Error {
  override name = 'JobFailed'
  readonly [jobFailedBrand] = true
  readonly code: string

  constructor (reason: JobError) {
    super(reason.message, { cause: reason })
    this.code = reason.code
  }
}

export const isRetryLater = (error: unknown): error is RetryLater => hasBrand(error, retryLaterBrand)

export const isJobFailed = (error: unknown): error is JobFailed => hasBrand(error, jobFailedBrand)

const hasBrand = (error: unknown, brand: symbol): boolean =>
  typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[brand] === true
