/**
 * Jobs on Redis through BullMQ: a queue per kind, under a key prefix of their own (default `hub_jobs`),
 * a BullMQ worker per defined kind with the kind's concurrency. The connection is the hub's Redis client
 * (@redis/client, through BullMQ's node-redis adapter): ioredis, BullMQ's default, is not among the hub's
 * dependencies, and one Redis client for the store and the jobs is one set of reconnect and error
 * behaviours to know.
 * - `key` is BullMQ's deduplication id: without a ttl it holds while the job waits, is delayed or is
 *   active, and is released when the job completes or fails; every job keeps an id of its own.
 * - Retries: the attempt computes the delay (the backoff, or a RetryLater's delay) and a custom backoff
 *   strategy hands it to BullMQ, which keeps the same job delayed until then; a final failure is BullMQ's
 *   UnrecoverableError. The failed reason BullMQ stores is our JSON (`{ error, retryAt }`); stack traces
 *   are not kept.
 * - A dead instance's job stays active under a lock nobody renews; once it lapses (lockMs), another
 *   instance's stalled-job check puts the job back to wait, and its next attempt counts the lost one.
 * - A finished job is removed by age (`removeOnComplete` / `removeOnFail`, set at enqueue from its
 *   kind's keepFinishedMs), which BullMQ applies when later jobs of the queue finish; get() answers
 *   for none past it meanwhile. `durable: false` changes nothing here: every write is as durable as
 *   the server's persistence.
 */
import { createClient } from '@redis/client'
import { createNodeRedisClient, Queue, UnrecoverableError, Worker, type IRedisClient, type Job, type JobState as BullState } from 'bullmq'
import { jobErrors, runAttempt, type JobLog } from './attempt.js'
import type { DefineOptions, EnqueueOptions, JobEngine, JobError, JobHandler, JobState, JobStatus } from './engine.js'
import { checkKind, DEFAULT_RETAIN_MS, Definitions, jobId, jobState, newJob, pastRetention, splitJobId, type StoredRetry } from './job.js'
import { guarded } from './unavailable.js'

export interface BullMqJobEngineOptions {
  /** `redis://` or `rediss://`. */
  url: string
  /** Prefix of every Redis key of the jobs (default `hub_jobs`). */
  prefix?: string
  log?: JobLog
  /** How long an active job's lock lasts without renewal: how soon a dead instance's jobs run elsewhere (default 30 s). */
  lockMs?: number
  /** How long stop() waits for running attempts before it cuts them short (default 10 s). */
  stopTimeoutMs?: number
  /** How long finished jobs of kinds without a keepFinishedMs stay readable through get() (default 7 days). */
  retainMs?: number
}

/** What a job holds in BullMQ's `data`. */
interface Data {
  payload: unknown
  retry: StoredRetry
}

/** What an attempt leaves in BullMQ's `failedReason`, as JSON. */
interface Reported {
  error: JobError
  /** Epoch ms; only when retried. */
  retryAt?: number
}

const BACKOFF_TYPE = 'hub-scheduled'
const CONSISTENT_READ_TRIES = 5
/** Attempts are counted (and capped) by the retry policy, crashed ones included; BullMQ's cap on stalls is not needed on top. */
const UNLIMITED_STALLS = Number.MAX_SAFE_INTEGER

const statusOf: Partial<Record<BullState, JobStatus>> = {
  waiting: 'queued',
  delayed: 'queued',
  prioritized: 'queued',
  'waiting-children': 'queued',
  active: 'running',
  completed: 'succeeded',
  failed: 'failed'
}

/** A failed attempt to be retried after `delayMs`, as thrown to BullMQ. */
class ScheduledRetry extends Error {
  readonly delayMs: number

  constructor (error: JobError, delayMs: number) {
    super(JSON.stringify({ error, retryAt: Date.now() + delayMs } satisfies Reported))
    this.delayMs = delayMs
  }
}

export class BullMqJobEngine implements JobEngine {
  readonly #url: string
  readonly #prefix: string
  readonly #log: JobLog | undefined
  readonly #lockMs: number
  readonly #stopTimeoutMs: number
  readonly #retainMs: number
  readonly #definitions = new Definitions()
  /** Queues of the kinds this instance defines or has enqueued. */
  readonly #queues = new Map<string, Queue<Data>>()
  readonly #workers: Worker<Data>[] = []
  readonly #stopping = new AbortController()
  #redis: ReturnType<typeof createClient> | undefined
  #connection: IRedisClient | undefined

  constructor (options: BullMqJobEngineOptions) {
    this.#url = options.url
    this.#prefix = options.prefix ?? 'hub_jobs'
    this.#log = options.log
    this.#lockMs = options.lockMs ?? 30_000
    this.#stopTimeoutMs = options.stopTimeoutMs ?? 10_000
    this.#retainMs = options.retainMs ?? DEFAULT_RETAIN_MS
  }

  define<P>(kind: string, handler: JobHandler<P>, options?: DefineOptions): void {
    this.#definitions.add(kind, handler, options)
  }

  async enqueue<P>(kind: string, payload: P, options?: EnqueueOptions): Promise<string> {
    const job = newJob(kind, payload, options)
    const keep = this.#definitions.keepFinishedMs(kind, this.#retainMs)
    // BullMQ counts ages in whole seconds; get() hides a job at its exact time.
    const removal = keep === 0 ? true : { age: Math.ceil(keep / 1000) }
    const added = await guarded(async () => await this.#queue(kind).add(kind, { payload: job.payload, retry: job.retry }, {
      jobId: job.uuid,
      delay: job.delayMs,
      attempts: job.retry.attempts,
      backoff: { type: BACKOFF_TYPE },
      stackTraceLimit: 0,
      removeOnComplete: removal,
      removeOnFail: removal,
      ...(job.key === undefined ? {} : { deduplication: { id: job.key } })
    }))
    // On a duplicate key, BullMQ answers with the job that holds it.
    return jobId(kind, added.id ?? job.uuid)
  }

  async get (id: string): Promise<JobState | undefined> {
    const parts = splitJobId(id)
    if (parts === undefined) return undefined
    return await this.#reading(parts.kind, async (queue) => {
      // The job and its state are two reads: the job is read between two reads of the state that
      // agree, so that it says what that state is about (not the attempt that began in between).
      let state = await queue.getJobState(parts.uuid)
      for (let tries = 0; tries < CONSISTENT_READ_TRIES; tries++) {
        const job = await queue.getJob(parts.uuid)
        const after = await queue.getJobState(parts.uuid)
        const status = statusOf[after as BullState]
        if (job === undefined || status === undefined) return undefined
        if (after === state) return finished(status) && pastRetention(job.finishedOn, this.#definitions.keepFinishedMs(parts.kind, this.#retainMs)) ? undefined : toState(id, parts.kind, status, job)
        state = after
      }
      throw new Error(`job ${id} changed state at every read`)
    })
  }

  async depth (kind: string): Promise<number> {
    checkKind(kind)
    return await this.#reading(kind, async (queue) => await queue.getJobCountByTypes('waiting', 'delayed', 'prioritized'))
  }

  async start (): Promise<void> {
    const definitions = this.#definitions.start()
    for (const [kind, definition] of definitions) {
      const worker = new Worker<Data>(kind, async (job) => {
        const attempt = { id: jobId(kind, job.id!), kind, payload: job.data.payload, attempt: job.attemptsStarted, retry: job.data.retry }
        const outcome = await runAttempt(definition.handler, attempt, { timeoutMs: definition.timeoutMs, stopping: this.#stopping.signal, log: this.#log })
        if (outcome.status === 'succeeded') return outcome.result
        if (outcome.status === 'retry') throw new ScheduledRetry(outcome.error, outcome.delayMs)
        throw new UnrecoverableError(JSON.stringify({ error: outcome.error } satisfies Reported))
      }, {
        connection: this.#connect(),
        prefix: this.#prefix,
        concurrency: definition.concurrency,
        lockDuration: this.#lockMs,
        stalledInterval: this.#lockMs,
        maxStalledCount: UNLIMITED_STALLS,
        settings: { backoffStrategy: (_attemptsMade, _type, error) => error instanceof ScheduledRetry ? error.delayMs : 0 }
      })
      worker.on('error', (error) => this.#log?.warn({ err: error, kind }, 'a BullMQ worker reported an error'))
      this.#workers.push(worker)
    }
    await guarded(async () => { await Promise.all(this.#workers.map(async worker => await worker.waitUntilReady())) })
  }

  async stop (): Promise<void> {
    // A worker's close waits for its active jobs; those still running when the grace is over are cut short.
    const closed = Promise.all(this.#workers.map(async worker => await worker.close()))
    const grace = setTimeout(() => this.#stopping.abort(), this.#stopTimeoutMs)
    await closed.finally(() => clearTimeout(grace))
    await Promise.all([...this.#queues.values()].map(async queue => await queue.close()))
    this.#workers.length = 0
    this.#queues.clear()
    if (this.#redis?.isOpen === true) await this.#redis.close()
  }

  /** The Redis connection the queues and workers share (workers add their own blocking one), made once. */
  #connect (): IRedisClient {
    if (this.#connection === undefined) {
      this.#redis = createClient({
        url: this.#url,
        // Workers' blocking connections are copies of this one, with the same settings.
        socket: { connectTimeout: 5_000, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 5_000) }
      })
      this.#connection = createNodeRedisClient(this.#redis)
      this.#connection.on('error', (error: unknown) => this.#log?.warn({ err: error }, 'the Redis connection of the job engine failed'))
    }
    return this.#connection
  }

  #queue (kind: string): Queue<Data> {
    let queue = this.#queues.get(kind)
    if (queue === undefined) {
      queue = new Queue<Data>(kind, { connection: this.#connect(), prefix: this.#prefix })
      queue.on('error', (error) => this.#log?.warn({ err: error, kind }, 'a BullMQ queue reported an error'))
      this.#queues.set(kind, queue)
    }
    return queue
  }

  /**
   * Reads through the kind's queue; a kind this instance has not met (an id from a URL, say) gets a
   * queue for this read alone, which writes nothing to Redis, so ids made up by callers leave nothing behind.
   */
  async #reading<R>(kind: string, read: (queue: Queue<Data>) => Promise<R>): Promise<R> {
    const known = this.#queues.get(kind) ?? (this.#definitions.get(kind) === undefined ? undefined : this.#queue(kind))
    const queue = known ?? new Queue<Data>(kind, { connection: this.#connect(), prefix: this.#prefix, skipMetasUpdate: true })
    try {
      return await guarded(async () => await read(queue))
    } finally {
      if (known === undefined) await queue.close()
    }
  }
}

function toState (id: string, kind: string, status: JobStatus, job: Job<Data>): JobState {
  const failedReason = job.failedReason === '' ? undefined : job.failedReason
  const reported = failedReason === undefined ? undefined : parseReported(failedReason)
  return jobState({
    id,
    kind,
    status,
    attempts: job.attemptsStarted,
    result: status === 'succeeded' ? job.returnvalue : undefined,
    // A failed reason that is not ours is BullMQ's own (a lost lock, say): the attempt did not end.
    error: status === 'succeeded' || failedReason === undefined ? undefined : reported?.error ?? jobErrors.interrupted(),
    createdAt: job.timestamp,
    nextAttemptAt: status === 'queued' ? reported?.retryAt ?? job.timestamp + (job.opts.delay ?? 0) : undefined,
    startedAt: job.processedOn,
    finishedAt: finished(status) ? job.finishedOn : undefined
  })
}

const finished = (status: JobStatus): boolean => status === 'succeeded' || status === 'failed'

function parseReported (failedReason: string): Reported | undefined {
  try {
    const reported = JSON.parse(failedReason) as Partial<Reported> | null
    return typeof reported?.error?.code === 'string' ? reported as Reported : undefined
  } catch {
    return undefined
  }
}
