/**
 * Jobs on PostgreSQL through pg-boss 10, in a schema of their own (default `hub_jobs`): a queue per
 * kind, created on first use, and a poller per kind that claims with pg-boss's fetch (`FOR UPDATE SKIP
 * LOCKED`: an attempt goes to one instance) up to this instance's cap on running attempts. It looks
 * again when this process enqueues, when the next queued job falls due, and at least every
 * pollIntervalMs for what other instances queued.
 *
 * Where pg-boss has no word for what the interface promises, SQL on pg-boss's own table runs in the same
 * transaction as pg-boss's statement (pg-boss takes a `db` for that):
 * - `key`: pg-boss's policies keep one job per singletonKey in one state only (short: queued, singleton:
 *   active, stately: one of each), none "one queued or running"; a unique partial index over the states
 *   before `completed` does, and pg-boss's insert (ON CONFLICT DO NOTHING) then returns no id.
 * - an outcome lands only on the attempt it belongs to (the job still `active`, same retry count), never
 *   on a later attempt of a job whose expiry passed while this one ran;
 * - a retry starts after the delay the attempt computed (the backoff, or a RetryLater's delay) — the same
 *   job, one id for the API throughout — and a final failure leaves no retries.
 * - a kind's keepFinishedMs: pg-boss keeps finished jobs for one time across queues (archived after
 *   12 h, deleted deleteAfterSeconds later: the engine's retainMs); the finished jobs of a kind with a
 *   time of its own are deleted by this instance's sweep (at start, then hourly or as often as the
 *   shortest such time), and get() answers for none past it meanwhile;
 * - `durable: false`: its enqueues and outcomes commit with `synchronous_commit = off` (PostgreSQL
 *   answers before its log is on disk; a crash of the server, not of the hub, may lose them).
 * pg-boss's own retryLimit/retryDelay/retryBackoff (seconds, with jitter) apply to attempts that never
 * reported: when an instance dies, pg-boss's maintenance fails its jobs once their expiry passes (an
 * attempt's timeout plus a margin) and retries them.
 */
import pg from 'pg'
import PgBoss from 'pg-boss'
import { jobErrors, runAttempt, type JobLog, type Outcome } from './attempt.js'
import type { DefineOptions, EnqueueOptions, JobEngine, JobError, JobHandler, JobState, JobStatus } from './engine.js'
import { checkKind, DEFAULT_RETAIN_MS, Definitions, jobId, jobState, newJob, pastRetention, splitJobId, type StoredRetry } from './job.js'
import { Poller } from './poller.js'
import { guarded } from './unavailable.js'

export interface PgBossJobEngineOptions {
  connectionString: string
  /** The PostgreSQL schema pg-boss keeps its tables in (default `hub_jobs`). */
  schema?: string
  log?: JobLog
  /** How often each kind's poller looks for jobs other instances queued (default 2 s; at least 0.5 s). */
  pollIntervalMs?: number
  /** How often pg-boss's maintenance runs, across instances: when a dead instance's jobs are retried (default 30 s). */
  maintenanceIntervalMs?: number
  /** How long stop() waits for running attempts before it cuts them short (default 10 s). */
  stopTimeoutMs?: number
  /** How long finished jobs of kinds without a keepFinishedMs stay readable through get() (default 7 days). */
  retainMs?: number
}

/** What a job holds in pg-boss's `data`. */
interface Data {
  payload: unknown
  retry: StoredRetry
}

/** What an attempt leaves in pg-boss's `output` (pg-boss's own expiry leaves `{ value: { message } }`). */
interface Output {
  result?: unknown
  error?: JobError
}

/** After an attempt's timeout, how long pg-boss waits before it takes the attempt for lost. */
const EXPIRY_MARGIN_SECONDS = 2
const SEND_TRIES = 3
const QUEUE_TRIES = 5
/** PostgreSQL's SQLSTATE for a transaction it cancelled to break a deadlock. */
const DEADLOCK_DETECTED = '40P01'

const statusOf: Record<PgBoss.JobWithMetadata['state'], JobStatus> = {
  created: 'queued',
  retry: 'queued',
  active: 'running',
  completed: 'succeeded',
  failed: 'failed',
  // Never cancelled by the hub; shown as what it is for the API, a job that will not run.
  cancelled: 'failed'
}

export class PgBossJobEngine implements JobEngine {
  readonly #schema: string
  readonly #log: JobLog | undefined
  readonly #pollIntervalMs: number
  readonly #stopTimeoutMs: number
  readonly #retainMs: number
  readonly #pool: pg.Pool
  readonly #boss: PgBoss
  readonly #definitions = new Definitions()
  readonly #pollers = new Map<string, Poller<PgBoss.JobWithMetadata<Data>>>()
  readonly #queues = new Map<string, Promise<void>>()
  /** The queue being made, which the next one waits for. */
  #queueMaking: Promise<void> = Promise.resolve()
  readonly #stopping = new AbortController()
  #connected: Promise<void> | undefined
  #sweeper: NodeJS.Timeout | undefined

  constructor (options: PgBossJobEngineOptions) {
    this.#schema = options.schema ?? 'hub_jobs'
    if (!/^[a-z_][a-z0-9_]{0,49}$/.test(this.#schema)) throw new TypeError(`schema must be lower-case letters, digits and underscores: not ${JSON.stringify(this.#schema)}`)
    this.#log = options.log
    this.#pollIntervalMs = Math.max(options.pollIntervalMs ?? 2_000, 500)
    this.#stopTimeoutMs = options.stopTimeoutMs ?? 10_000
    this.#retainMs = options.retainMs ?? DEFAULT_RETAIN_MS
    this.#pool = new pg.Pool({ connectionString: options.connectionString, application_name: 'integration-hub jobs' })
    this.#pool.on('error', (error) => this.#log?.warn({ err: error }, 'an idle PostgreSQL connection of the job engine failed'))
    this.#boss = new PgBoss({
      db: executor(this.#pool),
      schema: this.#schema,
      schedule: false,
      maintenanceIntervalSeconds: Math.max(Math.round((options.maintenanceIntervalMs ?? 30_000) / 1000), 1),
      deleteAfterSeconds: Math.max(Math.round(this.#retainMs / 1000), 1)
    })
    this.#boss.on('error', (error) => this.#log?.warn({ err: error }, 'pg-boss reported an error'))
  }

  define<P>(kind: string, handler: JobHandler<P>, options?: DefineOptions): void {
    this.#definitions.add(kind, handler, options)
  }

  async enqueue<P>(kind: string, payload: P, options?: EnqueueOptions): Promise<string> {
    const job = newJob(kind, payload, options)
    await this.#queue(kind)
    const data: Data = { payload: job.payload, retry: job.retry }
    const sendOptions: PgBoss.SendOptions = {
      id: job.uuid,
      singletonKey: job.key,
      // Seconds, fractions kept: pg-boss adds them to the database's clock.
      startAfter: job.delayMs > 0 ? job.delayMs / 1000 : undefined,
      retryLimit: job.retry.attempts - 1,
      retryDelay: Math.ceil(job.retry.backoffMs / 1000),
      retryBackoff: job.retry.backoffMs > 0
    }
    const durable = this.#definitions.durable(kind)
    const send = async (): Promise<string | null> => {
      if (durable) return await this.#boss.send(kind, data, sendOptions)
      let sent: string | null = null
      await this.#transaction(async (client) => {
        await client.query('SET LOCAL synchronous_commit = off')
        sent = await this.#boss.send(kind, data, { ...sendOptions, db: executor(client) })
      })
      return sent
    }
    return await guarded(async () => {
      for (let tries = 0; tries < SEND_TRIES; tries++) {
        if (await send() !== null) {
          this.#pollers.get(kind)?.wake()
          return job.id
        }
        // The key is taken: the job holding it, unless it finished in the meantime (then send again).
        const holder = await this.#pool.query<{ id: string }>(`SELECT id FROM ${this.#schema}.job WHERE name = $1 AND singleton_key = $2 AND state < 'completed'`, [kind, job.key])
        if (holder.rows[0] !== undefined) return jobId(kind, holder.rows[0].id)
      }
      throw new Error(`pg-boss stored no job in queue ${kind}`)
    })
  }

  async get (id: string): Promise<JobState | undefined> {
    const parts = splitJobId(id)
    if (parts === undefined) return undefined
    const job = await guarded(async () => {
      await this.#connect()
      return await this.#boss.getJobById<Data>(parts.kind, parts.uuid, { includeArchive: true })
    })
    if (job === null) return undefined
    const status = statusOf[job.state]
    if ((status === 'succeeded' || status === 'failed') && pastRetention(job.completedOn, this.#definitions.keepFinishedMs(parts.kind, this.#retainMs))) return undefined
    const output = job.output as Output | null
    return jobState({
      id,
      kind: parts.kind,
      status,
      attempts: job.startedOn === null ? 0 : job.retryCount + 1,
      result: status === 'succeeded' ? output?.result : undefined,
      // An output without our error is pg-boss's own: the attempt expired (its instance died).
      error: status === 'succeeded' || output === null ? undefined : output.error ?? jobErrors.interrupted(),
      createdAt: job.createdOn,
      nextAttemptAt: status === 'queued' ? job.startAfter : undefined,
      startedAt: job.startedOn,
      finishedAt: status === 'succeeded' || status === 'failed' ? job.completedOn : undefined
    })
  }

  async depth (kind: string): Promise<number> {
    checkKind(kind)
    return await guarded(async () => {
      await this.#connect()
      return await this.#boss.getQueueSize(kind)
    })
  }

  async start (): Promise<void> {
    const definitions = this.#definitions.start()
    for (const [kind, definition] of definitions) {
      await this.#queue(kind)
      const poller = new Poller<PgBoss.JobWithMetadata<Data>>({
        concurrency: definition.concurrency,
        claim: async (limit) => await this.#boss.fetch<Data>(kind, { batchSize: limit, includeMetadata: true }),
        run: async (job) => {
          const attempt = { id: jobId(kind, job.id), kind, payload: job.data.payload, attempt: job.retryCount + 1, retry: job.data.retry }
          await this.#record(job, definition.durable, await runAttempt(definition.handler, attempt, { timeoutMs: definition.timeoutMs, stopping: this.#stopping.signal, log: this.#log }))
        },
        idleMs: async () => Math.min(this.#pollIntervalMs, await this.#untilNextDue(kind)),
        onError: (error) => this.#log?.warn({ err: error, kind }, 'claiming jobs from PostgreSQL failed; trying again')
      })
      this.#pollers.set(kind, poller)
      poller.start()
    }
    if (this.#definitions.ownRetention().length > 0) {
      await this.#sweepFinished()
      this.#sweeper = setInterval(() => { void this.#sweepFinished() }, this.#definitions.sweepPeriodMs())
    }
  }

  async stop (): Promise<void> {
    clearInterval(this.#sweeper)
    await Promise.all([...this.#pollers.values()].map(async poller => await poller.stop(this.#stopTimeoutMs, () => this.#stopping.abort())))
    this.#pollers.clear()
    await this.#boss.stop({ graceful: false, close: false })
    await this.#pool.end()
  }

  /** Deletes the finished jobs of kinds with a retention of their own once past it, archived or not. */
  async #sweepFinished (): Promise<void> {
    try {
      for (const [kind, keepFinishedMs] of this.#definitions.ownRetention()) {
        for (const table of ['job', 'archive']) {
          await this.#pool.query(`DELETE FROM ${this.#schema}.${table} WHERE name = $1 AND state >= 'completed' AND completed_on <= now() - $2 * interval '1 millisecond'`, [kind, keepFinishedMs])
        }
      }
    } catch (error) {
      this.#log?.warn({ err: error }, 'deleting old finished jobs from PostgreSQL failed; trying again later')
    }
  }

  /** Ms until the next queued job of a kind falls due, by the database's clock (Infinity when none waits). */
  async #untilNextDue (kind: string): Promise<number> {
    const { rows } = await this.#pool.query<{ ms: number | null }>(
      `SELECT EXTRACT(epoch FROM min(start_after) - now()) * 1000 AS ms FROM ${this.#schema}.job WHERE name = $1 AND state < 'active'`, [kind])
    const ms = rows[0]?.ms
    return ms == null ? Infinity : Number(ms)
  }

  /** Installs (or migrates) pg-boss's schema and the index behind `key`, once. */
  async #connect (): Promise<void> {
    this.#connected ??= (async () => {
      await this.#boss.start()
      await this.#transaction(async (client) => {
        // Instances starting together take turns, and look in the catalog first: CREATE INDEX locks the
        // job table even when the index exists, and deadlocks with another instance's createQueue.
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${this.#schema}.job_by_key`])
        const { rows } = await client.query<{ found: string | null }>('SELECT to_regclass($1) AS found', [`${this.#schema}.job_by_key`])
        if (rows[0]?.found !== null) return
        await client.query(`CREATE UNIQUE INDEX job_by_key ON ${this.#schema}.job (name, singleton_key) WHERE state < 'completed' AND singleton_key IS NOT NULL`)
      })
    })().catch((error: unknown) => {
      this.#connected = undefined
      throw error
    })
    await this.#connected
  }

  /**
   * The queue of a kind, made once; its expiry follows the kind's timeout where this instance defines
   * it. pg-boss's createQueue adds a table and constraints in one transaction, and two of them at once
   * deadlock: this instance makes one queue at a time, and when another instance's creation collides
   * with it PostgreSQL cancels one of the two, which is then tried again (and finds the queue there).
   */
  async #queue (kind: string): Promise<void> {
    let made = this.#queues.get(kind)
    if (made === undefined) {
      made = this.#queueMaking.then(async () => await guarded(async () => await this.#makeQueue(kind)))
      this.#queueMaking = made.catch(() => {})
      made.catch(() => this.#queues.delete(kind))
      this.#queues.set(kind, made)
    }
    await made
  }

  async #makeQueue (kind: string): Promise<void> {
    await this.#connect()
    const definition = this.#definitions.get(kind)
    const options: PgBoss.Queue = definition === undefined ? { name: kind } : { name: kind, expireInSeconds: Math.ceil(definition.timeoutMs / 1000) + EXPIRY_MARGIN_SECONDS }
    for (let tries = 1; ; tries++) {
      try {
        if (await this.#boss.getQueue(kind) === null) await this.#boss.createQueue(kind, options)
        if (definition !== undefined) await this.#boss.updateQueue(kind, options)
        return
      } catch (error) {
        if ((error as { code?: string }).code !== DEADLOCK_DETECTED || tries === QUEUE_TRIES) throw error
      }
    }
  }

  async #record (job: PgBoss.JobWithMetadata<Data>, durable: boolean, outcome: Outcome): Promise<void> {
    const table = `${this.#schema}.job`
    const key = [job.name, job.id]
    try {
      await this.#transaction(async (client) => {
        const db = { db: executor(client) }
        if (!durable) await client.query('SET LOCAL synchronous_commit = off')
        const current = await client.query(`SELECT 1 FROM ${table} WHERE name = $1 AND id = $2 AND state = 'active' AND retry_count = $3 FOR UPDATE`, [...key, job.retryCount])
        if (current.rowCount === 0) return
        switch (outcome.status) {
          case 'succeeded':
            await this.#boss.complete(job.name, job.id, { result: outcome.result } satisfies Output, db)
            break
          case 'retry':
            await this.#boss.fail(job.name, job.id, { error: outcome.error } satisfies Output, db)
            await client.query(`UPDATE ${table} SET start_after = now() + $3 * interval '1 millisecond' WHERE name = $1 AND id = $2`, [...key, outcome.delayMs])
            break
          case 'failed':
            await client.query(`UPDATE ${table} SET retry_limit = retry_count WHERE name = $1 AND id = $2`, key)
            await this.#boss.fail(job.name, job.id, { error: outcome.error } satisfies Output, db)
            break
        }
      })
    } catch (error) {
      // Left active: pg-boss's maintenance retries it once its expiry passes.
      this.#log?.warn({ err: error, job: jobId(job.name, job.id) }, 'recording the outcome of a job attempt in PostgreSQL failed')
    }
  }

  async #transaction (work: (client: pg.PoolClient) => Promise<void>): Promise<void> {
    const client = await this.#pool.connect()
    let broken = false
    // A checked-out client is not the pool's to watch: a connection lost meanwhile fails the query
    // under way, and would also be thrown as an 'error' event nobody listens to, ending the process.
    const lost = (): void => { broken = true }
    client.on('error', lost)
    try {
      await client.query('BEGIN')
      await work(client)
      await client.query('COMMIT')
    } catch (error) {
      await client.query('ROLLBACK').catch(() => { broken = true })
      throw error
    } finally {
      client.off('error', lost)
      client.release(broken)
    }
  }
}

/** pg-boss's way in to a pool or to a client inside a transaction. */
const executor = (queryable: pg.Pool | pg.PoolClient): PgBoss.Db => ({
  executeSql: async (text, values) => await queryable.query(text, values)
})
