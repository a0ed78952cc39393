/**
 * Actions queued for later (`Prefer: respond-async`): the answer is a job at once; the job engine runs
 * the action, retrying it with backoff on time-outs, failures to reach the remote, 5xx and 429
 * (honouring Retry-After), never on a refusal (4xx, field errors), for at most HUB_ACTION_RETRY_HOURS.
 * Every attempt carries the job's id as its Idempotency-Key, so a create that timed out is looked up
 * before it is made again. The job is found through its own workspace only.
 */
import type { ErrorBody } from '../api/types.js'
import { errors, HubError } from '../errors.js'
import { JobFailed, RetryLater, type JobEngine, type JobState } from '../jobs/engine.js'
import { keys } from '../storage/keys.js'
import type { HubStore } from '../storage/store.js'
import type { HubEvents } from './events.js'
import type { Workspaces } from '../workspaces/registry.js'
import type { ConnectionRef } from './record.js'
import { actionError, type IntegrationService } from './service.js'

const KIND = 'action'
/** Retries start 2 s after a failure and double, until HUB_ACTION_RETRY_HOURS (24) have passed. */
const FIRST_BACKOFF_MS = 2_000
const RETRY_HOURS = 24
const MAX_ATTEMPTS = 40

interface ActionJob {
  workspace: string
  epoch: string
  integration: string
  connection: string
  action: string
  input: unknown
  actor: string
}

/** What GET /api/jobs/:id shows. */
export interface JobView {
  id: string
  status: JobState['status']
  attempts: number
  createdAt: string
  finishedAt?: string
  nextAttemptAt?: string
  /** The action's output, once it succeeded. */
  result?: unknown
  /** The final error in the same words a direct call answers with (or the latest attempt's, while it retries). */
  error?: ErrorBody
}

interface JobIndex {
  epoch: string
  integration: string
  connection: string
  action: string
}

/** Failure codes a later attempt may not meet: the remote away, slow, or busy. */
const transientCodes = new Set(['TIMEOUT', 'UNREACHABLE', 'HUB_ERR_BUSY', 'HUB_ERR_STORE_UNAVAILABLE'])

export class QueuedActions {
  readonly #engine: JobEngine
  readonly #store: HubStore
  readonly #maxAgeMs: number
  readonly #backoffMs: number

  constructor (options: { engine: JobEngine, store: HubStore, service: IntegrationService, workspaces: Workspaces, events: HubEvents, retry: { hours?: number, firstBackoffMs?: number } }) {
    this.#engine = options.engine
    this.#store = options.store
    this.#maxAgeMs = (options.retry.hours ?? RETRY_HOURS) * 60 * 60 * 1000
    this.#backoffMs = options.retry.firstBackoffMs ?? FIRST_BACKOFF_MS
    const { service, workspaces, events } = options
    this.#engine.define<ActionJob>(KIND, async job => {
      const payload = job.payload
      const workspace = await workspaces.get(payload.workspace)
      if (workspace === undefined || workspace.epoch !== payload.epoch) throw new JobFailed({ code: 'HUB_ERR_UNKNOWN_WORKSPACE', message: errors.unknownWorkspace(payload.workspace).message })
      const ref: ConnectionRef = { workspace, integration: payload.integration, connection: payload.connection }
      const about = { job: job.id, integration: ref.integration, connection: ref.connection, action: payload.action }
      const last = job.attempt >= MAX_ATTEMPTS
      const fail = async (error: HubError, transient: boolean, retryAfterSeconds?: number): Promise<never> => {
        const reason = { code: error.code, message: error.message }
        if (!transient || last) {
          await events.emit(workspace, 'action.failed', { ...about, attempts: job.attempt, error: reason })
          throw new JobFailed(reason)
        }
        throw retryAfterSeconds === undefined ? Object.assign(new Error(error.message), { code: error.code }) : new RetryLater(retryAfterSeconds * 1000, reason)
      }
      let outcome
      try {
        outcome = await service.execute(ref, payload.action, payload.input, { actor: payload.actor, idempotency: { key: `job:${job.id}`, attempt: job.attempt } })
      } catch (error) {
        const hubError = error instanceof HubError ? error : errors.internal(error)
        return await fail(hubError, transientCodes.has(hubError.code))
      }
      if (outcome.ok) {
        await events.emit(workspace, 'action.completed', { ...about, attempts: job.attempt, result: outcome.value })
        return outcome.value
      }
      const { failure } = outcome
      const transient = transientCodes.has(failure.code) || failure.status === 429 || (failure.status !== undefined && failure.status >= 500)
      return await fail(actionError(outcome), transient && failure.fields.length === 0, failure.retryAfterSeconds)
    }, { concurrency: 4 })
  }

  /** Queues an action (input already checked by the caller) and answers its job. */
  async enqueue (ref: ConnectionRef, action: string, input: unknown, actor: string): Promise<JobView> {
    const payload: ActionJob = { workspace: ref.workspace.id, epoch: ref.workspace.epoch, integration: ref.integration, connection: ref.connection, action, input, actor }
    const id = await this.#engine.enqueue(KIND, payload, { retry: { attempts: MAX_ATTEMPTS, backoffMs: this.#backoffMs, maxAgeMs: this.#maxAgeMs } })
    const index: JobIndex = { epoch: ref.workspace.epoch, integration: ref.integration, connection: ref.connection, action }
    await this.#store.set(keys.job(ref.workspace.id, id), index, this.#maxAgeMs + 7 * 24 * 60 * 60 * 1000)
    return await this.get(ref.workspace, id) ?? { id, status: 'queued', attempts: 0, createdAt: new Date().toISOString() }
  }

  /** A job of this workspace, or undefined (unknown, or another workspace's). */
  async get (workspace: { id: string, epoch: string }, id: string): Promise<JobView | undefined> {
    const index = await this.#store.get<JobIndex>(keys.job(workspace.id, id))
    if (index === undefined || index.epoch !== workspace.epoch) return undefined
    const state = await this.#engine.get(id)
    if (state === undefined) return undefined
    return {
      id,
      status: state.status,
      attempts: state.attempts,
      createdAt: state.createdAt,
      ...(state.finishedAt === undefined ? {} : { finishedAt: state.finishedAt }),
      ...(state.nextAttemptAt === undefined ? {} : { nextAttemptAt: state.nextAttemptAt }),
      ...(state.status === 'succeeded' ? { result: state.result } : {}),
      ...(state.error === undefined ? {} : { error: { error: state.error.code, message: state.error.message } })
    }
  }
}
