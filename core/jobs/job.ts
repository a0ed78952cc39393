/**
 * What a job is made of, on every engine: the kinds define() registered, an id that names its kind
 * (`webhook-delivery:<uuid>`, so any instance knows which queue holds it), the payload as JSON, the
 * retry policy with its defaults filled in (stored with the job), and the state get() answers with.
 * Input is checked here, before anything is stored or run.
 */
import { randomUUID } from 'node:crypto'
import type { DefineOptions, EnqueueOptions, JobError, JobHandler, JobState, JobStatus, RetryPolicy } from './engine.js'

/** Also a valid BullMQ queue and pg-boss queue name, and never contains the id's separator. */
const KIND = /^[a-z][a-z0-9-]{0,62}$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const KEY_MAX_LENGTH = 512

const DEFAULT_CONCURRENCY = 1
const DEFAULT_TIMEOUT_MS = 60_000
const DEFAULT_ATTEMPTS = 3
const DEFAULT_BACKOFF_MS = 1_000
/** Finished jobs are kept a week unless their kind or the engine says otherwise. */
export const DEFAULT_RETAIN_MS = 7 * 24 * 60 * 60_000
const MIN_SWEEP_PERIOD_MS = 60_000
const MAX_SWEEP_PERIOD_MS = 60 * 60_000

/** A job's retry policy as stored with it. */
export interface StoredRetry {
  attempts: number
  backoffMs: number
  /** Epoch ms after which no retry starts: when the job was due, plus maxAgeMs. */
  giveUpAt?: number
}

export interface NewJob {
  /** `<kind>:<uuid>`, what callers see. */
  id: string
  /** The UUID alone, what BullMQ and pg-boss know the job by. */
  uuid: string
  kind: string
  key: string | undefined
  /** A JSON copy of the payload: what the handler will get, whichever instance runs it. */
  payload: unknown
  delayMs: number
  retry: StoredRetry
}

export function checkKind (kind: string): void {
  if (typeof kind !== 'string' || !KIND.test(kind)) {
    throw new TypeError(`A job kind is 1 to 63 lower-case letters, digits and dashes, starting with a letter: not ${JSON.stringify(kind)}`)
  }
}

export interface Definition {
  handler: JobHandler<unknown>
  concurrency: number
  timeoutMs: number
  /** Undefined: the engine's retention. */
  keepFinishedMs: number | undefined
  durable: boolean
}

/** The kinds an engine runs, as define() registered them: each once, all before start(). */
export class Definitions {
  readonly #kinds = new Map<string, Definition>()
  #started = false

  add (kind: string, handler: JobHandler<never>, options: DefineOptions = {}): void {
    checkKind(kind)
    if (this.#started) throw new Error(`define("${kind}") comes before start()`)
    if (this.#kinds.has(kind)) throw new Error(`The job kind "${kind}" is defined already`)
    if (typeof handler !== 'function') throw new TypeError(`The handler of "${kind}" must be a function`)
    const { concurrency = DEFAULT_CONCURRENCY, timeoutMs = DEFAULT_TIMEOUT_MS, keepFinishedMs, durable = true } = options
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new TypeError(`concurrency must be a whole number of 1 or more, not ${concurrency}`)
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new TypeError(`timeoutMs must be more than 0, not ${timeoutMs}`)
    if (keepFinishedMs !== undefined && !(Number.isFinite(keepFinishedMs) && keepFinishedMs >= 0)) throw new TypeError(`keepFinishedMs must be 0 or more, not ${keepFinishedMs}`)
    if (typeof durable !== 'boolean') throw new TypeError(`durable must be true or false, not ${JSON.stringify(durable)}`)
    this.#kinds.set(kind, { handler: handler as JobHandler<unknown>, concurrency, timeoutMs, keepFinishedMs, durable })
  }

  get (kind: string): Definition | undefined {
    return this.#kinds.get(kind)
  }

  /** How long finished jobs of a kind are kept: as defined here, else `retainMs` (the engine's, for kinds this instance does not define too). */
  keepFinishedMs (kind: string, retainMs: number): number {
    return this.#kinds.get(kind)?.keepFinishedMs ?? retainMs
  }

  /** Whether a kind's enqueues and outcomes wait for the disk: unless defined `durable: false` here. */
  durable (kind: string): boolean {
    return this.#kinds.get(kind)?.durable ?? true
  }

  /** The kinds defined here that keep their finished jobs for a time of their own, with that time. */
  ownRetention (): Array<[kind: string, keepFinishedMs: number]> {
    return [...this.#kinds].flatMap(([kind, { keepFinishedMs }]) => keepFinishedMs === undefined ? [] : [[kind, keepFinishedMs] as [string, number]])
  }

  /**
   * How often to delete finished jobs past their retention: hourly, or as often as the shortest
   * retention here (at least every minute), so that none stays more than about twice its time.
   */
  sweepPeriodMs (): number {
    const shortest = Math.min(MAX_SWEEP_PERIOD_MS, ...this.ownRetention().map(([, keep]) => keep))
    return Math.max(MIN_SWEEP_PERIOD_MS, shortest)
  }

  /** Closes the list; what start() runs. */
  start (): ReadonlyMap<string, Definition> {
    if (this.#started) throw new Error('start() was called already')
    this.#started = true
    return this.#kinds
  }
}

export function newJob (kind: string, payload: unknown, options: EnqueueOptions = {}, now = Date.now()): NewJob {
  checkKind(kind)
  const { key, delayMs = 0, retry } = options
  if (key !== undefined && (typeof key !== 'string' || key === '' || key.length > KEY_MAX_LENGTH)) {
    throw new TypeError(`key must be a string of 1 to ${KEY_MAX_LENGTH} characters`)
  }
  if (!Number.isFinite(delayMs) || delayMs < 0) throw new TypeError(`delayMs must be 0 or more, not ${delayMs}`)
  const uuid = randomUUID()
  return {
    id: jobId(kind, uuid),
    uuid,
    kind,
    key,
    payload: JSON.parse(JSON.stringify(payload ?? null)),
    delayMs,
    retry: storedRetry(retry, now + delayMs)
  }
}

/** The kind and UUID an id names, or undefined when it is not one of ours (an id typed into a URL, say). */
export function splitJobId (id: string): { kind: string, uuid: string } | undefined {
  const separator = id.indexOf(':')
  const kind = id.slice(0, separator)
  const uuid = id.slice(separator + 1)
  return separator > 0 && KIND.test(kind) && UUID.test(uuid) ? { kind, uuid } : undefined
}

export const jobId = (kind: string, uuid: string): string => `${kind}:${uuid}`

function storedRetry (policy: RetryPolicy = {}, dueAt: number): StoredRetry {
  const { attempts = DEFAULT_ATTEMPTS, backoffMs = DEFAULT_BACKOFF_MS, maxAgeMs } = policy
  if (!Number.isInteger(attempts) || attempts < 1) throw new TypeError(`retry.attempts must be a whole number of 1 or more, not ${attempts}`)
  if (!Number.isFinite(backoffMs) || backoffMs < 0) throw new TypeError(`retry.backoffMs must be 0 or more, not ${backoffMs}`)
  if (maxAgeMs !== undefined && (!Number.isFinite(maxAgeMs) || maxAgeMs < 0)) throw new TypeError(`retry.maxAgeMs must be 0 or more, not ${maxAgeMs}`)
  return maxAgeMs === undefined ? { attempts, backoffMs } : { attempts, backoffMs, giveUpAt: dueAt + maxAgeMs }
}

type Time = number | Date | null | undefined

/** The fields of a JobState as an engine has them: times as epoch ms or Dates, absent ones undefined or null. */
export interface StateFields {
  id: string
  kind: string
  status: JobStatus
  attempts: number
  result?: unknown
  error?: JobError
  createdAt: number | Date
  nextAttemptAt?: Time
  startedAt?: Time
  finishedAt?: Time
}

/** A JobState with ISO 8601 times and no members that are not there. */
export function jobState ({ createdAt, nextAttemptAt, startedAt, finishedAt, ...fields }: StateFields): JobState {
  const state: Record<string, unknown> = { ...fields, createdAt: iso(createdAt), nextAttemptAt: iso(nextAttemptAt), startedAt: iso(startedAt), finishedAt: iso(finishedAt) }
  for (const [name, value] of Object.entries(state)) if (value === undefined) delete state[name]
  return state as unknown as JobState
}

const iso = (time: Time): string | undefined => time === null || time === undefined ? undefined : new Date(time).toISOString()

/** Whether a job that finished at `finishedAt` (epoch ms) is past a retention of `keepMs`: then get() no longer answers for it, swept or not. */
export const pastRetention = (finishedAt: number | Date | null | undefined, keepMs: number, now = Date.now()): boolean =>
  finishedAt !== null && finishedAt !== undefined && new Date(finishedAt).getTime() + keepMs <= now
