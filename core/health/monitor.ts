/**
 * Connections that watch themselves: every stored connection is tested again on a schedule (jobs,
 * jittered, capped, one at a time per connection across instances); each check records its outcome
 * and the connection's health (healthy, failing, expiring), and a change of health is announced to
 * the workspace's webhooks.
 *
 * The schedule is a chain of jobs per connection, kept by the job engine, not in memory: each check
 * enqueues the next one, keyed by the connection's life and the next slot of schedule.ts, so a chain
 * enqueued twice is still one. A chain begins when a connection is created, and a sweep — at start,
 * then every interval (at least an hour apart) — begins one for each connection whose next check is
 * unplanned or long overdue (created while checks were off, or its chain lost with a store outage).
 * A chain ends by itself when its connection or workspace is gone; a connection created again under
 * the same name begins a chain of its own.
 *
 * A check is one write to the store: its test's outcome (the connection's last test), its health and
 * its entry in the health log together. Its jobs are `durable: false`: a check lost with the machine
 * is planned again by the next sweep, so they need not wait for the disk. The sweeps' jobs, one an
 * interval, do: a lost sweep would leave lost checks unplanned until the next start. Nobody reads a
 * finished check or sweep back, so they are kept an hour, not the engine's week.
 */
import { setImmediate } from 'node:timers/promises'
import type { FastifyBaseLogger } from 'fastify'
import { HubError } from '../errors.js'
import { connectionsOf, type ConnectionRef, type StoredConnectionRecord, type StoredRecord } from '../integrations/record.js'
import type { IntegrationEvents, IntegrationService } from '../integrations/service.js'
import { RetryLater, type JobEngine, type RetryPolicy, type RunningJob } from '../jobs/engine.js'
import type { HubMetrics } from '../metrics/metrics.js'
import { pastTheCache } from '../storage/cached.js'
import { keys } from '../storage/keys.js'
import type { HubStore } from '../storage/store.js'
import type { HubEvents } from '../integrations/events.js'
import type { Workspaces } from '../workspaces/registry.js'
import { Schedule, type ConnectionLife } from './schedule.js'
import { announcements, healthAfter, type CheckOutcome } from './status.js'

export interface HealthOptions {
  store: HubStore
  jobs: JobEngine
  service: IntegrationService
  workspaces: Workspaces
  events: HubEvents
  metrics: HubMetrics
  /** How often each connection is tested again, in ms (HUB_HEALTH_INTERVAL); 0 turns checks off. */
  intervalMs: number
  /** Checks running at once on one instance (default 8: a quarter of the hub's default 32 run slots, the rest left to tests and actions). */
  concurrency?: number
  log: FastifyBaseLogger
}

const CHECK = 'health-check'
const SWEEP = 'health-sweep'
const DEFAULT_CONCURRENCY = 8
/** Who a scheduled check runs as; it stays out of the audit trail. */
const ACTOR = 'health-check'
/** Sweeps run at start and then once an interval, but no more often than this. */
const MIN_SWEEP_PERIOD_MS = 60 * 60 * 1000
/** A sweep walks every workspace: far longer than a check may take. */
const SWEEP_TIMEOUT_MS = 30 * 60 * 1000
/** A check cut short (a crash, a stop) is tried again; the attempt after the last busy one goes on without it. */
const CHECK_ATTEMPTS = 5
/** How long finished checks and sweeps stay readable in the job engine (for someone looking into one). */
const KEEP_FINISHED_MS = 60 * 60 * 1000
/** Failures that say nothing about the connection: the hub is busy or cannot reach its store. */
const transientCodes = new Set(['HUB_ERR_BUSY', 'HUB_ERR_STORE_UNAVAILABLE'])
/** Failures that end the chain: the connection or its plugin is gone (a sweep begins a chain again if it comes back). */
const goneCodes = new Set(['HUB_ERR_NOT_CONFIGURED', 'HUB_ERR_UNKNOWN_INTEGRATION'])

/** A check's job: the connection's life and the slot it checks, in the interval the slot belongs to. */
interface CheckJob extends ConnectionLife {
  intervalMs: number
  slot: number
}

export class HealthMonitor {
  readonly #options: HealthOptions
  readonly #log: FastifyBaseLogger
  /** Undefined when scheduled checks are off; a manual check still records health. */
  readonly #schedule: Schedule | undefined
  /** How long a check waits before it tries again, after its attempt was cut short or the hub was busy. */
  readonly #backoffMs: number
  readonly #retry: RetryPolicy
  /**
   * Connections whose scheduled check runs on this instance now (at most `concurrency`): the check
   * records itself, so the `ran` event of its test is not recorded again (nor a manual test that ends meanwhile).
   */
  readonly #checking = new Set<string>()

  constructor (options: HealthOptions) {
    this.#options = options
    this.#log = options.log.child({ room: 'health' })
    this.#schedule = options.intervalMs > 0 ? new Schedule(options.intervalMs) : undefined
    this.#backoffMs = Math.min(Math.ceil(options.intervalMs / 10), 60_000)
    this.#retry = { attempts: CHECK_ATTEMPTS, backoffMs: this.#backoffMs }
    if (this.#schedule === undefined) return
    options.jobs.define<CheckJob>(CHECK, async job => await this.#check(job), { concurrency: options.concurrency ?? DEFAULT_CONCURRENCY, keepFinishedMs: KEEP_FINISHED_MS, durable: false })
    options.jobs.define<Record<string, never>>(SWEEP, async job => await this.#sweep(job), { timeoutMs: SWEEP_TIMEOUT_MS, keepFinishedMs: KEEP_FINISHED_MS })
  }

  /** What the service tells the monitor: a connection created, changed or deleted. */
  readonly watcher: IntegrationEvents = {
    changed: (ref, change) => {
      if (change.action === 'create' && this.#schedule !== undefined) this.#inBackground(this.#begin(ref), 'the first check of a new connection could not be planned')
    },
    ran: (ref, run) => {
      // "Check now": a test of the stored settings records health too (a scheduled check records its own).
      if (run.kind !== 'test' || !run.stored || run.result === undefined || this.#checking.has(refKey(ref))) return
      const { result } = run
      this.#inBackground(this.#recordManual(ref, result, Date.now() - run.durationMs), 'a manual check could not be recorded as health')
    }
  }

  /**
   * Begins the schedule once the job engine runs: a sweep now (one across instances starting
   * together), which then repeats every interval.
   */
  async start (): Promise<void> {
    if (this.#schedule === undefined) return
    await this.#options.jobs.enqueue(SWEEP, {}, { key: 'start' })
  }

  /** A new connection: its chain begins half an interval or more from now (its save has just tested it), and its health says when. */
  async #begin (ref: ConnectionRef): Promise<void> {
    const stored = await this.#stored(ref)
    if (stored === undefined || stored.health !== undefined) return
    const life = lifeOf(ref, stored)
    const due = await this.#plan(life, this.#schedule!.firstSlot(life, Date.now()))
    await this.#options.service.recordHealth(ref, stored, previous => previous ?? { status: 'unknown', nextCheckAt: due })
  }

  /** Enqueues the check of `slot` (a no-op when it is queued or running already); resolves to when it falls due. */
  async #plan (life: ConnectionLife, slot: number): Promise<string> {
    const schedule = this.#schedule!
    const due = schedule.dueAt(life, slot)
    const payload: CheckJob = { ...life, intervalMs: schedule.intervalMs, slot }
    await this.#options.jobs.enqueue(CHECK, payload, { key: schedule.key(life, slot), delayMs: Math.max(0, due - Date.now()), retry: this.#retry })
    return new Date(due).toISOString()
  }

  async #check (job: RunningJob<CheckJob>): Promise<{ checked: boolean, ended?: string }> {
    const { payload } = job
    const schedule = this.#schedule!
    const workspace = await this.#options.workspaces.get(payload.workspace)
    if (workspace === undefined || workspace.epoch !== payload.epoch) return { checked: false, ended: 'the workspace is gone' }
    const ref: ConnectionRef = { workspace, integration: payload.integration, connection: payload.connection }
    const stored = await this.#stored(ref)
    if (stored === undefined || stored.createdAt !== payload.createdAt) return { checked: false, ended: 'the connection is gone' }
    const checked = await this.#test(ref, job.attempt)
    if (checked === 'gone') return { checked: false, ended: 'the connection is gone' }
    // Planned after the check, never during it: the next check of this connection cannot overlap it.
    const now = Date.now()
    // A slot of another interval (HUB_HEALTH_INTERVAL changed) says nothing about this one's.
    const next = payload.intervalMs === schedule.intervalMs ? schedule.slotAfter(payload, payload.slot, now) : schedule.nextSlot(payload, now)
    const nextCheckAt = await this.#plan(payload, next)
    if (checked === 'skipped') return { checked: false }
    this.#options.metrics.healthCheck(payload.integration, checked.outcome.ok)
    await this.#record(ref, stored, checked.outcome, { nextCheckAt, asLastTest: checked.tested })
    return { checked: true }
  }

  /**
   * Tests the stored settings, leaving the outcome for #record to write; 'gone' when there are none any
   * more, 'skipped' when the hub stayed busy (or its store away) through every attempt. `tested`: the
   * test ran (its outcome is the connection's last test), rather than the settings being refused.
   */
  async #test (ref: ConnectionRef, attempt: number): Promise<{ outcome: CheckOutcome, tested: boolean } | 'gone' | 'skipped'> {
    const key = refKey(ref)
    this.#checking.add(key)
    try {
      return { outcome: await this.#options.service.test(ref, undefined, { actor: ACTOR, audit: false, record: false }), tested: true }
    } catch (error) {
      if (!(error instanceof HubError)) throw error
      if (goneCodes.has(error.code)) return 'gone'
      if (transientCodes.has(error.code)) {
        if (attempt < CHECK_ATTEMPTS) throw new RetryLater(this.#backoffMs, { code: error.code, message: error.message })
        this.#log.warn({ workspace: ref.workspace.id, integration: ref.integration, connection: ref.connection, code: error.code }, 'a scheduled check was skipped: the hub stayed busy, or could not reach its store')
        return 'skipped'
      }
      // The stored settings cannot be tested as they are (they no longer fit the schema, their key is gone): that is how the connection is.
      return { outcome: { ok: false, code: error.code, message: error.message }, tested: false }
    } finally {
      this.#checking.delete(key)
    }
  }

  /** A test of the stored settings someone ran, recorded unless the settings changed since it began. */
  async #recordManual (ref: ConnectionRef, result: CheckOutcome, startedAt: number): Promise<void> {
    const stored = await this.#stored(ref)
    if (stored === undefined || Date.parse(stored.updatedAt) >= startedAt) return
    await this.#record(ref, stored, result)
  }

  /** Records a check: the health after it, in the health log, and (`asLastTest`) as the connection's last test, in one write. */
  async #record (ref: ConnectionRef, stored: StoredConnectionRecord, outcome: CheckOutcome, scheduled: { nextCheckAt?: string, asLastTest?: boolean } = {}): Promise<void> {
    const at = new Date()
    const check = { at: at.toISOString(), ok: outcome.ok, ...(outcome.code === undefined ? {} : { code: outcome.code }), message: outcome.message }
    const recorded = await this.#options.service.recordHealth(ref, stored, previous => healthAfter(previous, outcome, at, scheduled.nextCheckAt), check, { asLastTest: scheduled.asLastTest })
    if (recorded === undefined) return
    const about = { integration: ref.integration, connection: ref.connection }
    for (const { type, data } of announcements(recorded.previous, recorded.next)) {
      this.#log.info({ workspace: ref.workspace.id, ...about, event: type }, 'the health of a connection changed')
      try {
        await this.#options.events.emit(ref.workspace, type, { ...about, ...data })
      } catch (error) {
        this.#log.error({ err: error, workspace: ref.workspace.id, ...about, event: type }, 'a change of health could not be announced')
      }
    }
  }

  /**
   * Begins a chain for each connection whose next check is unplanned, overdue by a whole interval, or
   * further ahead than an interval allows (the interval was shortened); a chain still alive is met on
   * its own key. One workspace's records at a time; then plans the next sweep.
   */
  async #sweep (job: RunningJob<Record<string, never>>): Promise<{ planned: number }> {
    const { workspaces, store, service } = this.#options
    const schedule = this.#schedule!
    const interval = schedule.intervalMs
    const started = Date.now()
    let planned = 0
    for (const { id } of await workspaces.list()) {
      // A store that answers at once (SQLite) would otherwise hold the event loop for the whole sweep.
      await setImmediate()
      job.signal.throwIfAborted()
      const workspace = await workspaces.get(id)
      if (workspace === undefined) continue
      const prefix = keys.integration(id, '')
      // Read past the cache: once an interval this reads every connection, which would push out what requests read.
      for (const { key, value } of await pastTheCache(store).list<StoredRecord>(prefix)) {
        const integration = key.slice(prefix.length)
        if (!pluginLoaded(service, integration)) continue
        const now = Date.now()
        for (const [connection, stored] of Object.entries(connectionsOf(value, workspace.epoch))) {
          const next = stored.health?.nextCheckAt === undefined ? undefined : Date.parse(stored.health.nextCheckAt)
          if (next !== undefined && next >= now - interval && next <= now + 2 * interval) continue
          const life = lifeOf({ workspace, integration, connection }, stored)
          await this.#plan(life, schedule.nextSlot(life, now))
          planned++
        }
      }
    }
    const period = Math.max(interval, MIN_SWEEP_PERIOD_MS)
    const slot = Math.floor(Date.now() / period) + 1
    await this.#options.jobs.enqueue(SWEEP, {}, { key: `sweep:${period}:${slot}`, delayMs: slot * period - Date.now() })
    if (planned > 0) this.#log.info({ planned, durationMs: Date.now() - started }, 'scheduled checks planned for connections without one')
    return { planned }
  }

  async #stored (ref: ConnectionRef): Promise<StoredConnectionRecord | undefined> {
    const record = await this.#options.store.get<StoredRecord>(keys.integration(ref.workspace.id, ref.integration))
    return connectionsOf(record, ref.workspace.epoch)[ref.connection]
  }

  #inBackground (work: Promise<void>, failure: string): void {
    work.catch((error: unknown) => this.#log.error({ err: error }, failure))
  }
}

function lifeOf (ref: ConnectionRef, stored: StoredConnectionRecord): ConnectionLife {
  return { workspace: ref.workspace.id, epoch: ref.workspace.epoch, integration: ref.integration, connection: ref.connection, createdAt: stored.createdAt }
}

/** Whether the integration's plugin is loaded (one removed from HUB_PLUGINS leaves its records behind). */
function pluginLoaded (service: IntegrationService, integration: string): boolean {
  try {
    service.integration(integration)
    return true
  } catch {
    return false
  }
}

const refKey = (ref: ConnectionRef): string => `${ref.workspace.id}/${ref.integration}/${ref.connection}`
