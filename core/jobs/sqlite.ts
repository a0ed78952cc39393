/**
 * Jobs in the SQLite file of the hub's store, in a table of their own (`hub_job`). One process owns the
 * file (the store locks it), so a poller per kind with an in-process cap on running attempts is all the
 * claiming there is, and a row left `running` at start belongs to a process that died: it is queued
 * again, its attempt counted. The poller is woken by an enqueue in this process and otherwise sleeps until
 * the next job falls due.
 *
 * The engine uses the store's handle and leaves closing it to the store: stop() the engine first. One
 * started engine per file (a second would take the first one's running jobs for a dead process's).
 *
 * A commit at `synchronous = NORMAL` is safe from a crash of the process, not from a power loss.
 * Commits that acknowledge something — an enqueue, a job's result or final failure — are synced to
 * disk first (FULL), unless their kind is defined `durable: false`; a lost claim or retry schedule
 * would only repeat an attempt. Every commit sets the level it needs and then the store's setting
 * again: the store leaves FULL behind after a durable commit of its own, which would sync the next
 * commit here too.
 *
 * Finished rows are deleted once past their kind's retention, by a sweep at start and then hourly (or
 * as often as the shortest retention, at least every minute); get() answers for none past it meanwhile.
 */
import type Database from 'better-sqlite3'
import { runAttempt, jobErrors, type JobLog, type Outcome } from './attempt.js'
import type { DefineOptions, EnqueueOptions, JobEngine, JobHandler, JobState, JobStatus } from './engine.js'
import { checkKind, DEFAULT_RETAIN_MS, Definitions, jobState, newJob, pastRetention, type StoredRetry } from './job.js'
import { Poller } from './poller.js'
import { guarded } from './unavailable.js'

// No lease column (locked_until): with one process on the file, a running row is this process's own,
// or a dead one's; and an attempt's deadline is kept in memory (attempt.ts).
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS hub_job (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    key TEXT,
    payload TEXT NOT NULL,
    retry TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    run_at INTEGER NOT NULL,
    started_at INTEGER,
    finished_at INTEGER,
    result TEXT,
    error TEXT,
    created_at INTEGER NOT NULL
  );
  CREATE UNIQUE INDEX IF NOT EXISTS hub_job_by_key ON hub_job (kind, key) WHERE key IS NOT NULL AND status IN ('queued', 'running');
  CREATE INDEX IF NOT EXISTS hub_job_due ON hub_job (kind, run_at) WHERE status = 'queued';
  CREATE INDEX IF NOT EXISTS hub_job_finished ON hub_job (finished_at) WHERE status IN ('succeeded', 'failed');
`

/** SQLite's levels of `synchronous`, by number. */
const SYNCHRONOUS = ['OFF', 'NORMAL', 'FULL', 'EXTRA'] as const
const SYNCHRONOUS_NORMAL = 1
const SYNCHRONOUS_FULL = 2

export interface SqliteJobEngineOptions {
  log?: JobLog
  /** How long stop() waits for running attempts before it cuts them short (default 10 s). */
  stopTimeoutMs?: number
  /** How long finished jobs of kinds without a keepFinishedMs stay readable through get() (default 7 days). */
  retainMs?: number
}

interface Row {
  id: string
  kind: string
  payload: string
  retry: string
  status: JobStatus
  attempts: number
  run_at: number
  started_at: number | null
  finished_at: number | null
  result: string | null
  error: string | null
  created_at: number
}

type Claimed = Pick<Row, 'id' | 'kind' | 'payload' | 'retry' | 'attempts'>
type Statement = Database.Statement<unknown[], unknown>

export class SqliteJobEngine implements JobEngine {
  readonly #db: Database.Database
  readonly #log: JobLog | undefined
  readonly #stopTimeoutMs: number
  readonly #retainMs: number
  readonly #definitions = new Definitions()
  readonly #pollers = new Map<string, Poller<Claimed>>()
  readonly #stopping = new AbortController()
  #sweeper: NodeJS.Timeout | undefined
  readonly #insert: Statement
  readonly #findByKey: Statement
  readonly #claim: Statement
  readonly #nextDue: Statement
  readonly #succeed: Statement
  readonly #retry: Statement
  readonly #fail: Statement
  readonly #requeueInterrupted: Statement
  readonly #select: Statement
  readonly #count: Statement
  readonly #sweep: Statement
  readonly #sweepKind: Statement
  readonly #transaction: (work: () => unknown) => unknown

  constructor (db: Database.Database, options: SqliteJobEngineOptions = {}) {
    this.#db = db
    this.#log = options.log
    this.#stopTimeoutMs = options.stopTimeoutMs ?? 10_000
    this.#retainMs = options.retainMs ?? DEFAULT_RETAIN_MS
    db.exec(SCHEMA)
    this.#insert = db.prepare("INSERT INTO hub_job (id, kind, key, payload, retry, status, run_at, created_at) VALUES (?, ?, ?, ?, ?, 'queued', ?, ?)")
    this.#findByKey = db.prepare("SELECT id FROM hub_job WHERE kind = ? AND key = ? AND status IN ('queued', 'running')")
    this.#claim = db.prepare(`
      UPDATE hub_job SET status = 'running', attempts = attempts + 1, started_at = @now
      WHERE id IN (SELECT id FROM hub_job WHERE kind = @kind AND status = 'queued' AND run_at <= @now ORDER BY run_at LIMIT @limit)
      RETURNING id, kind, payload, retry, attempts`)
    this.#nextDue = db.prepare("SELECT MIN(run_at) AS next FROM hub_job WHERE kind = ? AND status = 'queued'")
    // Guarded by the attempt: an outcome only lands on the attempt it belongs to.
    this.#succeed = db.prepare("UPDATE hub_job SET status = 'succeeded', result = ?, error = NULL, finished_at = ? WHERE id = ? AND status = 'running' AND attempts = ?")
    this.#retry = db.prepare("UPDATE hub_job SET status = 'queued', error = ?, run_at = ? WHERE id = ? AND status = 'running' AND attempts = ?")
    this.#fail = db.prepare("UPDATE hub_job SET status = 'failed', error = ?, finished_at = ? WHERE id = ? AND status = 'running' AND attempts = ?")
    this.#requeueInterrupted = db.prepare("UPDATE hub_job SET status = 'queued', error = ?, run_at = ? WHERE status = 'running'")
    this.#select = db.prepare('SELECT * FROM hub_job WHERE id = ?')
    this.#count = db.prepare("SELECT COUNT(*) AS count FROM hub_job WHERE kind = ? AND status = 'queued'")
    // Kinds with a retention of their own are swept by #sweepKind, the rest (`kinds`: a JSON array of the former) by this.
    this.#sweep = db.prepare("DELETE FROM hub_job WHERE status IN ('succeeded', 'failed') AND finished_at <= ? AND kind NOT IN (SELECT value FROM json_each(?))")
    this.#sweepKind = db.prepare("DELETE FROM hub_job WHERE status IN ('succeeded', 'failed') AND finished_at <= ? AND kind = ?")
    this.#transaction = db.transaction((work: () => unknown) => work())
  }

  define<P>(kind: string, handler: JobHandler<P>, options?: DefineOptions): void {
    this.#definitions.add(kind, handler, options)
  }

  async enqueue<P>(kind: string, payload: P, options?: EnqueueOptions): Promise<string> {
    const now = Date.now()
    const job = newJob(kind, payload, options, now)
    const id = await guarded(() => this.#commit(this.#definitions.durable(kind), () => {
      const existing = job.key === undefined ? undefined : this.#findByKey.get(kind, job.key) as { id: string } | undefined
      if (existing !== undefined) return existing.id
      this.#insert.run(job.id, kind, job.key ?? null, JSON.stringify(job.payload), JSON.stringify(job.retry), now + job.delayMs, now)
      return job.id
    }))
    this.#pollers.get(kind)?.wake()
    return id
  }

  async get (id: string): Promise<JobState | undefined> {
    const row = await guarded(() => this.#select.get(id) as Row | undefined)
    return row === undefined || pastRetention(row.finished_at, this.#definitions.keepFinishedMs(row.kind, this.#retainMs)) ? undefined : toState(row)
  }

  async depth (kind: string): Promise<number> {
    checkKind(kind)
    return await guarded(() => (this.#count.get(kind) as { count: number }).count)
  }

  async start (): Promise<void> {
    const definitions = this.#definitions.start()
    this.#commit(false, () => this.#requeueInterrupted.run(JSON.stringify(jobErrors.interrupted()), Date.now()))
    this.#sweepFinished()
    // Not unref'd: a started engine keeps its process alive while it waits for work, as the other engines' connections do.
    this.#sweeper = setInterval(() => this.#sweepFinished(), this.#definitions.sweepPeriodMs())
    for (const [kind, definition] of definitions) {
      const poller = new Poller<Claimed>({
        concurrency: definition.concurrency,
        claim: async (limit) => this.#commit(false, () => this.#claim.all({ kind, now: Date.now(), limit }) as Claimed[]),
        run: async (claimed) => {
          const attempt = { id: claimed.id, kind, payload: JSON.parse(claimed.payload), attempt: claimed.attempts, retry: JSON.parse(claimed.retry) as StoredRetry }
          this.#record(claimed, definition.durable, await runAttempt(definition.handler, attempt, { timeoutMs: definition.timeoutMs, stopping: this.#stopping.signal, log: this.#log }))
        },
        idleMs: async () => {
          const { next } = this.#nextDue.get(kind) as { next: number | null }
          return next === null ? undefined : next - Date.now()
        },
        onError: (error) => this.#log?.warn({ err: error, kind }, 'claiming jobs from SQLite failed; trying again')
      })
      this.#pollers.set(kind, poller)
      poller.start()
    }
  }

  async stop (): Promise<void> {
    clearInterval(this.#sweeper)
    await Promise.all([...this.#pollers.values()].map(async poller => await poller.stop(this.#stopTimeoutMs, () => this.#stopping.abort())))
    this.#pollers.clear()
  }

  #record (claimed: Claimed, durable: boolean, outcome: Outcome): void {
    const guard = [claimed.id, claimed.attempts] as const
    try {
      switch (outcome.status) {
        case 'succeeded':
          this.#commit(durable, () => this.#succeed.run(JSON.stringify(outcome.result), Date.now(), ...guard))
          break
        case 'retry':
          this.#commit(false, () => this.#retry.run(JSON.stringify(outcome.error), Date.now() + outcome.delayMs, ...guard))
          break
        case 'failed':
          this.#commit(durable, () => this.#fail.run(JSON.stringify(outcome.error), Date.now(), ...guard))
          break
      }
    } catch (error) {
      // Left `running`: queued again at the next start, its attempt counted.
      this.#log?.warn({ err: error, job: claimed.id }, 'recording the outcome of a job attempt in SQLite failed')
    }
  }

  /**
   * Runs `work` in one transaction: synced to disk before it returns when `durable` (FULL, or more if
   * so set), else without the sync (NORMAL, or less if so set). The setting is put back after.
   */
  #commit<R>(durable: boolean, work: () => R): R {
    const previous = this.#db.pragma('synchronous', { simple: true }) as number
    const level = durable ? Math.max(previous, SYNCHRONOUS_FULL) : Math.min(previous, SYNCHRONOUS_NORMAL)
    if (level !== previous) this.#db.pragma(`synchronous = ${SYNCHRONOUS[level]}`)
    try {
      return this.#transaction(work) as R
    } finally {
      if (level !== previous) this.#db.pragma(`synchronous = ${SYNCHRONOUS[previous]}`)
    }
  }

  #sweepFinished (): void {
    try {
      const own = this.#definitions.ownRetention()
      const now = Date.now()
      this.#commit(false, () => {
        for (const [kind, keepFinishedMs] of own) this.#sweepKind.run(now - keepFinishedMs, kind)
        this.#sweep.run(now - this.#retainMs, JSON.stringify(own.map(([kind]) => kind)))
      })
    } catch (error) {
      this.#log?.warn({ err: error }, 'deleting old finished jobs from SQLite failed; trying again later')
    }
  }
}

function toState (row: Row): JobState {
  return jobState({
    id: row.id,
    kind: row.kind,
    status: row.status,
    attempts: row.attempts,
    result: row.status === 'succeeded' && row.result !== null ? JSON.parse(row.result) : undefined,
    error: row.error === null ? undefined : JSON.parse(row.error),
    createdAt: row.created_at,
    nextAttemptAt: row.status === 'queued' ? row.run_at : undefined,
    startedAt: row.started_at,
    finishedAt: row.finished_at
  })
}
