/**
 * A workspace's webhooks: where its host platform wants to hear of events (connection.failing, …),
 * each with a signing secret shown once; deliveries as jobs, signed as Standard Webhooks specifies,
 * retried with backoff for 24 hours, each attempt recorded.
 *
 * An event is queued once per webhook that asked for its type (the job's key is the webhook and the
 * event's id), and delivered at least once: a receiver may see an id again and should ignore it then.
 * A delivery reads its webhook when it runs, so a changed URL applies to pending deliveries; a webhook
 * deleted (or made again under its name, which is another webhook with another secret), switched off
 * by a 410, or a workspace deleted ends them without another attempt.
 *
 * A provisioning file may declare a webhook, with the secret its receiver knows: the file then
 * manages it (as it does connections) — the API may read and test it, not change or delete it.
 */
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import { errors, HubError } from '../errors.js'
import { JobFailed, RetryLater, type JobEngine, type RunningJob } from '../jobs/engine.js'
import type { HubMetrics } from '../metrics/metrics.js'
import type { Outbound } from '../security/outbound.js'
import type { WorkspaceIdentity } from '../security/sessions.js'
import { keys } from '../storage/keys.js'
import type { Frozen, HubStore } from '../storage/store.js'
import type { Workspace, Workspaces } from '../workspaces/registry.js'
import { attemptDelivery, retryDelay, type AttemptResult, type Message } from './delivery.js'
import type { HubEvents, HubEventType, SubscribableEvent } from '../integrations/events.js'
import { urlProblem } from './target.js'

export interface WebhookOptions {
  store: HubStore
  jobs: JobEngine
  outbound: Outbound
  workspaces: Workspaces
  metrics: HubMetrics
  /** Deadline of one delivery attempt, in ms. */
  timeoutMs: number
  log: FastifyBaseLogger
}

/** A webhook's name within its workspace: lower-case letters, digits and dashes (1–63). */
export const WEBHOOK_NAME = '^[a-z0-9-]{1,63}$'
/** Webhooks per workspace: each event is sent once per webhook, so their number bounds what one event costs. */
export const MAX_WEBHOOKS = 20
/** Deliveries are retried for this long after the event. */
export const RETRY_FOR_MS = 24 * 60 * 60_000
/** Attempts kept in a webhook's deliveries log. */
export const DELIVERY_LOG_SIZE = 200

const KIND = 'webhook'
/** More than the schedule fits into 24 hours (about 35): a backstop, not the limit that usually applies. */
const MAX_ATTEMPTS = 60

/** A webhook as the API shows it: never its secret. */
export interface WebhookView {
  name: string
  url: string
  events: SubscribableEvent[]
  createdAt: string
  updatedAt: string
  /** Set when the receiver answered 410 Gone: nothing is sent until the webhook is saved again. */
  disabled?: { at: string, reason: string }
  /** Set when a provisioning file declares it: only that file changes or deletes it. */
  managed?: { file: string }
}

/** One delivery attempt, as `GET …/deliveries` lists it. */
export interface DeliveryView {
  eventId: string
  type: HubEventType
  attempt: number
  status: 'delivered' | 'failed'
  /** The receiver's HTTP status, when it answered. */
  httpStatus?: number
  durationMs: number
  /** When the attempt was made. */
  at: string
  /** Why it failed, in words. */
  error?: string
  /** When the next attempt is due; absent when this was the last one. */
  nextAttemptAt?: string
}

interface WebhookRecord {
  name: string
  /** The workspace's epoch: a record left behind by a deleted namesake workspace is nobody's. */
  epoch: string
  /** This webhook's own id: one deleted and made again under its name is another webhook. */
  id: string
  url: string
  events: SubscribableEvent[]
  /** The signing secret (`whsec_…`), sealed with the workspace's data key. */
  secret: string
  createdAt: string
  updatedAt: string
  disabled?: { at: string, reason: string }
  managed?: { file: string }
}

/** An attempt in the deliveries log: the view, and which webhook of that name it was for. */
interface DeliveryRecord extends DeliveryView {
  webhookId: string
}

/** What a delivery job carries: everything but the secret, which is read (and opened) when it runs. */
interface DeliveryJob {
  workspace: string
  epoch: string
  webhook: string
  webhookId: string
  type: HubEventType
  eventId: string
  /** Epoch ms: deliveries end RETRY_FOR_MS after it. */
  emittedAt: number
  /** `{ type, timestamp, data }` as JSON text: the same bytes on every attempt. */
  body: string
}

interface HubEvent extends Message {
  type: HubEventType
  emittedAt: number
}

export interface WebhookSettings {
  url: string
  events: SubscribableEvent[]
}

/** What provisioning passes to `put`; the API never does. */
export interface ProvisionedSettings {
  /** The signing secret (`whsec_…`) the file gives, instead of one the hub makes: replaces the stored one. */
  secret?: string
  /** Saves the webhook as managed by this provisioning file. */
  managed?: { file: string }
}

export class Webhooks implements HubEvents {
  readonly #store: HubStore
  readonly #jobs: JobEngine
  readonly #outbound: Outbound
  readonly #workspaces: Workspaces
  readonly #metrics: HubMetrics
  readonly #timeoutMs: number
  readonly #log: FastifyBaseLogger

  constructor (options: WebhookOptions) {
    this.#store = options.store
    this.#jobs = options.jobs
    this.#outbound = options.outbound
    this.#workspaces = options.workspaces
    this.#metrics = options.metrics
    this.#timeoutMs = options.timeoutMs
    this.#log = options.log.child({ room: 'webhooks' })
    // The attempt has its own deadline; the job's is a backstop with room for the store's writes.
    this.#jobs.define<DeliveryJob>(KIND, async job => await this.#deliver(job), { concurrency: 8, timeoutMs: options.timeoutMs + 15_000 })
  }

  /** Queues one delivery per webhook of the workspace that asked for this type. */
  async emit (workspace: WorkspaceIdentity, type: HubEventType, data: Record<string, unknown>): Promise<void> {
    const subscribed = (await this.#records(workspace)).filter(record => record.disabled === undefined && record.events.some(wanted => wanted === type))
    if (subscribed.length === 0) return
    const event = newEvent(type, data)
    await Promise.all(subscribed.map(async record => {
      const job: DeliveryJob = { workspace: workspace.id, epoch: workspace.epoch, webhook: record.name, webhookId: record.id, type, eventId: event.id, emittedAt: event.emittedAt, body: event.body }
      // Backoff and the 24 hours are the handler's (retryDelay); these only back it up.
      await this.#jobs.enqueue(KIND, job, { key: `${workspace.id}/${record.name}/${event.id}`, retry: { attempts: MAX_ATTEMPTS, backoffMs: 0, maxAgeMs: RETRY_FOR_MS } })
    }))
  }

  async list (workspace: Workspace): Promise<WebhookView[]> {
    return (await this.#records(workspace)).map(viewOf)
  }

  async get (workspace: Workspace, name: string): Promise<WebhookView> {
    return viewOf(await this.#existing(workspace, name))
  }

  /**
   * Creates a webhook (`created`, with the secret it made: the only time that is shown) or changes its
   * URL and events (the secret is kept unless `provisioned` gives one; a webhook a 410 switched off is
   * switched on again). One a provisioning file manages changes only through that file.
   */
  async put (workspace: Workspace, name: string, settings: WebhookSettings, provisioned: ProvisionedSettings = {}): Promise<{ created: boolean, webhook: WebhookView, secret?: string }> {
    const key = keys.webhook(workspace.id, name)
    const stored = ownRecord(workspace, await this.#store.get<WebhookRecord>(key))
    refuseManaged(stored, provisioned.managed)
    const problem = urlProblem(this.#outbound, settings.url)
    if (problem !== undefined) throw errors.validation([{ field: 'url', message: problem }])
    const given = provisioned.secret
    const badSecret = given === undefined ? undefined : secretProblem(given)
    if (badSecret !== undefined) throw errors.validation([{ field: 'secret', message: badSecret }])
    if (stored === undefined && (await this.#records(workspace)).length >= MAX_WEBHOOKS) throw errors.tooManyWebhooks(MAX_WEBHOOKS)
    const secret = given ?? `whsec_${randomBytes(32).toString('base64')}`
    const sealed = (await workspace.sealingBox()).seal(secret, secretPlace(workspace.id, name))
    const id = randomUUID()
    const now = new Date().toISOString()
    const events = [...new Set(settings.events)]
    const managed = provisioned.managed === undefined ? {} : { managed: { file: provisioned.managed.file } }
    const { previous, next } = await this.#store.update<WebhookRecord>(key, current => {
      const own = ownRecord(workspace, current)
      if (own === undefined) return { name, epoch: workspace.epoch, id, url: settings.url, events, secret: sealed, createdAt: now, updatedAt: now, ...managed }
      refuseManaged(own, provisioned.managed)
      const { disabled: _switchedOn, managed: _claim, ...kept } = own
      return { ...kept, url: settings.url, events, ...(given === undefined ? {} : { secret: sealed }), updatedAt: now, ...managed }
    })
    const created = ownRecord(workspace, previous) === undefined
    return { created, webhook: viewOf(next!), ...(created && given === undefined ? { secret } : {}) }
  }

  /** Deletes a webhook, ending its pending deliveries; a managed one only for its provisioning (`managed` naming the same file). */
  async remove (workspace: Workspace, name: string, options: { managed?: { file: string } } = {}): Promise<void> {
    const { previous } = await this.#store.update<WebhookRecord>(keys.webhook(workspace.id, name), current => {
      const own = ownRecord(workspace, current)
      if (own === undefined) return current
      refuseManaged(own, options.managed)
      return undefined
    })
    if (ownRecord(workspace, previous) === undefined) throw errors.unknownWebhook(name)
  }

  /** Hands a managed webhook back to the API (its provisioning file no longer declares it). */
  async release (workspace: Workspace, name: string): Promise<void> {
    await this.#store.update<WebhookRecord>(keys.webhook(workspace.id, name), current => {
      const own = ownRecord(workspace, current)
      if (own?.managed === undefined) return current
      const { managed: _released, ...released } = own
      return released
    })
  }

  /**
   * The webhook's signing secret, for provisioning to compare or export; undefined for an unknown
   * webhook or a secret that no longer opens (its key is gone: applying a file replaces it).
   */
  async secretOf (workspace: Workspace, name: string): Promise<string | undefined> {
    const record = ownRecord(workspace, await this.#store.get<WebhookRecord>(keys.webhook(workspace.id, name)))
    if (record === undefined) return undefined
    try {
      return workspace.box().open(record.secret, secretPlace(workspace.id, name))
    } catch {
      return undefined
    }
  }

  /** Whether the webhook's stored signing secret is `secret`, compared without showing it. */
  async hasSecret (workspace: Workspace, name: string, secret: string): Promise<boolean> {
    const stored = await this.secretOf(workspace, name)
    if (stored === undefined) return false
    const [a, b] = [Buffer.from(stored), Buffer.from(secret)]
    return a.length === b.length && timingSafeEqual(a, b)
  }

  /** Sends a `ping` to one webhook now, once, and answers how it went (recorded like any attempt). */
  async ping (workspace: Workspace, name: string): Promise<DeliveryView> {
    const record = await this.#existing(workspace, name)
    const event = newEvent('ping', { webhook: name })
    const result = await this.#attempt(workspace, record, event)
    return await this.#record(workspace, record, event, 1, result, undefined)
  }

  /** The webhook's latest attempts, newest first. */
  async deliveries (workspace: Workspace, name: string, limit: number): Promise<DeliveryView[]> {
    const record = await this.#existing(workspace, name)
    const entries = await this.#store.recent<DeliveryRecord>(keys.deliveries(workspace.id, name), DELIVERY_LOG_SIZE)
    return entries.filter(entry => entry.webhookId === record.id).slice(0, limit).map(({ webhookId: _webhook, ...view }) => view as DeliveryView)
  }

  async #deliver (job: RunningJob<DeliveryJob>): Promise<unknown> {
    const { payload } = job
    const workspace = await this.#workspaces.get(payload.workspace)
    const record = workspace?.epoch === payload.epoch ? ownRecord(workspace, await this.#store.get<WebhookRecord>(keys.webhook(payload.workspace, payload.webhook))) : undefined
    if (workspace === undefined || record === undefined || record.id !== payload.webhookId || record.disabled !== undefined) {
      this.#log.debug({ workspace: payload.workspace, webhook: payload.webhook, event: payload.eventId }, 'the webhook is gone or switched off: its delivery ends')
      throw new JobFailed({ code: 'HUB_ERR_UNKNOWN_WEBHOOK', message: `The webhook “${payload.webhook}” was deleted or switched off; its pending deliveries end.` })
    }
    const event: HubEvent = { id: payload.eventId, type: payload.type, emittedAt: payload.emittedAt, body: payload.body }
    const result = await this.#attempt(workspace, record, event, job.signal)
    if (result.delivered) {
      await this.#record(workspace, record, event, job.attempt, result, undefined)
      return { httpStatus: result.httpStatus }
    }
    // 410 Gone: the receiver wants nothing more from this webhook (Standard Webhooks: disable it).
    const gone = result.httpStatus === 410
    const waitMs = retryDelay(job.attempt, result.retryAfterMs)
    const last = gone || job.attempt >= MAX_ATTEMPTS || Date.now() + waitMs > payload.emittedAt + RETRY_FOR_MS
    const failed = gone ? { ...result, error: `${result.error} The receiver wants no more deliveries: the webhook is switched off until it is saved again.` } : result
    if (gone) await this.#switchOff(workspace, record, failed.error)
    await this.#record(workspace, record, event, job.attempt, failed, last ? undefined : Date.now() + waitMs)
    const reason = { code: failed.code, message: failed.error }
    throw last ? new JobFailed(reason) : new RetryLater(waitMs, reason)
  }

  async #attempt (workspace: Workspace, record: Frozen<WebhookRecord>, message: Message, signal?: AbortSignal): Promise<AttemptResult> {
    let secret: string
    try {
      secret = workspace.box().open(record.secret, secretPlace(workspace.id, record.name))
    } catch (error) {
      const unreadable = error instanceof HubError ? error : errors.secretUnreadable(`the webhook “${record.name}”`, error)
      return { delivered: false, startedAt: Date.now(), durationMs: 0, code: unreadable.code, error: unreadable.message }
    }
    return await attemptDelivery({ outbound: this.#outbound, url: record.url, secret, message, timeoutMs: this.#timeoutMs, ...(signal === undefined ? {} : { signal }) })
  }

  /** Appends an attempt to the webhook's deliveries log, counts it, and answers its view. */
  async #record (workspace: Workspace, record: Frozen<WebhookRecord>, event: HubEvent, attempt: number, result: AttemptResult, nextAttemptAt: number | undefined): Promise<DeliveryView> {
    const view: DeliveryView = {
      eventId: event.id,
      type: event.type,
      attempt,
      status: result.delivered ? 'delivered' : 'failed',
      ...(result.httpStatus === undefined ? {} : { httpStatus: result.httpStatus }),
      durationMs: result.durationMs,
      at: new Date(result.startedAt).toISOString(),
      ...(result.delivered ? {} : { error: result.error }),
      ...(nextAttemptAt === undefined ? {} : { nextAttemptAt: new Date(nextAttemptAt).toISOString() })
    }
    const about = { workspace: workspace.id, webhook: record.name, event: event.id, type: event.type, attempt, httpStatus: result.httpStatus }
    if (!result.delivered && result.unexplained !== undefined) this.#log.warn({ ...about, err: result.unexplained }, 'a webhook delivery failed in a way the hub could not describe')
    else this.#log.info({ ...about, outcome: view.status, code: result.delivered ? undefined : result.code }, result.delivered ? 'webhook delivered' : 'webhook delivery failed')
    this.#metrics.delivery(event.type, result.delivered)
    // A crash may forget an attempt's line; it does not forget the delivery, which the job holds.
    await this.#store.append({ log: keys.deliveries(workspace.id, record.name), entry: { ...view, webhookId: record.id } satisfies DeliveryRecord, capacity: DELIVERY_LOG_SIZE, durable: false })
    return view
  }

  async #switchOff (workspace: Workspace, record: Frozen<WebhookRecord>, reason: string): Promise<void> {
    const at = new Date().toISOString()
    await this.#store.update<WebhookRecord>(keys.webhook(workspace.id, record.name), current =>
      current === undefined || current.id !== record.id || current.epoch !== workspace.epoch ? current : { ...current, disabled: { at, reason } })
  }

  async #records (workspace: WorkspaceIdentity): Promise<Array<Frozen<WebhookRecord>>> {
    const stored = await this.#store.list<WebhookRecord>(keys.webhooks(workspace.id))
    return stored.map(({ value }) => value).filter(record => record.epoch === workspace.epoch)
  }

  async #existing (workspace: Workspace, name: string): Promise<Frozen<WebhookRecord>> {
    const record = ownRecord(workspace, await this.#store.get<WebhookRecord>(keys.webhook(workspace.id, name)))
    if (record === undefined) throw errors.unknownWebhook(name)
    return record
  }
}

/** A new event: a stable id (`msg_…`, as Standard Webhooks' examples name them) and the recommended `{ type, timestamp, data }`. */
function newEvent (type: HubEventType, data: Record<string, unknown>): HubEvent {
  const emittedAt = Date.now()
  return { id: `msg_${randomBytes(16).toString('base64url')}`, type, emittedAt, body: JSON.stringify({ type, timestamp: new Date(emittedAt).toISOString(), data }) }
}

const secretPlace = (workspace: string, name: string): string => `${workspace}/webhooks/${name}/secret`

/**
 * Why a given signing secret is not one Standard Webhooks libraries take, in words (never repeating
 * it); undefined when it is: `whsec_` and the base64 of 24 to 64 bytes.
 */
export function secretProblem (secret: string): string | undefined {
  const key = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(secret)?.[1]
  const bytes = key !== undefined && key.length % 4 === 0 ? Buffer.from(key, 'base64').length : 0
  if (bytes >= 24 && bytes <= 64) return undefined
  return 'Signing secret must be whsec_ and the base64 of 24 to 64 random bytes, as Standard Webhooks specifies (make one with: echo "whsec_$(openssl rand -base64 32)").'
}

/** A managed webhook changes only through its own provisioning file. */
function refuseManaged (record: Frozen<WebhookRecord> | undefined, managed: { file: string } | undefined): void {
  if (record?.managed !== undefined && record.managed.file !== managed?.file) throw errors.managed(`The webhook "${record.name}"`, record.managed.file)
}

function ownRecord (workspace: WorkspaceIdentity, record: Frozen<WebhookRecord> | undefined): Frozen<WebhookRecord> | undefined {
  return record?.epoch === workspace.epoch ? record : undefined
}

function viewOf (record: Frozen<WebhookRecord>): WebhookView {
  return {
    name: record.name,
    url: record.url,
    events: [...record.events],
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    ...(record.disabled === undefined ? {} : { disabled: { ...record.disabled } }),
    ...(record.managed === undefined ? {} : { managed: { file: record.managed.file } })
  }
}
