/**
 * The hub without its web layer: the store, the master key, the plugins, the outbound client, the
 * workspaces and the service over their connections, assembled once. The Fastify plugin serves it;
 * the `hub` command (apply, plan, export, test) uses it directly.
 */
import type { FastifyBaseLogger } from 'fastify'
import type { IntegrationDefinition } from '../contract/contract.js'
import { loadBuiltinPlugins } from '../runtime/builtin-plugins.js'
import { PluginRegistry } from '../runtime/registry.js'
import { describeAllowance, networkAllowance, type AllowPrivate } from '../security/address-policy.js'
import { Outbound, type LookupFunction } from '../security/outbound.js'
import { loadKeys, SecretBox } from '../security/secret-box.js'
import { SessionStore } from '../security/sessions.js'
import { ScopedTokens } from '../security/tokens.js'
import ssoDefinition from '../sso/definition.js'
import { pastTheCache, withReadCache, type CacheOptions } from '../storage/cached.js'
import { openStore } from '../storage/open.js'
import type { HubStore } from '../storage/store.js'
import { SqliteStore } from '../storage/sqlite.js'
import type { JobEngine } from '../jobs/engine.js'
import { openJobEngine } from '../jobs/open.js'
import { QueuedActions } from '../integrations/queued-actions.js'
import type { HubEvents } from '../integrations/events.js'
import { Webhooks } from '../webhooks/webhooks.js'
import { HealthMonitor } from '../health/monitor.js'

/** Stored connections are tested again every six hours unless HUB_HEALTH_INTERVAL says otherwise. */
export const DEFAULT_HEALTH_INTERVAL_MS = 6 * 60 * 60 * 1000
import { Workspaces } from '../workspaces/registry.js'
import { AuditTrail } from '../integrations/audit.js'
import { IdempotencyKeys } from '../integrations/idempotency.js'
import { IntegrationService } from '../integrations/service.js'
import { HubMetrics } from '../metrics/metrics.js'

export interface HubCoreOptions {
  dataDir: string
  /**
   * A store URL or an open store (then the caller closes it). Either way the hub reads it through a
   * read cache (core/storage/cached.ts), one per store object, however many cores share it.
   */
  store: string | HubStore
  /** The read cache's bounds: its size, and how stale a value from a shared store may be at most. */
  storeCache?: CacheOptions
  encryptionKeys?: Buffer[] | undefined
  plugins?: Array<IntegrationDefinition<any, any> | string>
  builtinPlugins?: boolean
  allowPrivateNetwork?: AllowPrivate
  trustedCertificates?: string[] | undefined
  lookup?: LookupFunction
  outboundTimeoutMs: number
  maxConcurrentRuns: number
  log: FastifyBaseLogger
  metrics?: HubMetrics
  /** Runs background jobs; default: the engine that fits the store (BullMQ, pg-boss, the SQLite job table). */
  jobs?: JobEngine
  /** How queued actions are retried (HUB_ACTION_RETRY_HOURS). */
  actionRetry?: { hours?: number, firstBackoffMs?: number }
  /** How often stored connections are tested again, in ms (HUB_HEALTH_INTERVAL, default 6 h; 0: never). */
  healthIntervalMs?: number
}

export interface HubCore {
  store: HubStore
  registry: PluginRegistry
  outbound: Outbound
  workspaces: Workspaces
  service: IntegrationService
  audit: AuditTrail
  sessions: SessionStore
  tokens: ScopedTokens
  metrics: HubMetrics
  jobs: JobEngine
  /** Where events for the workspaces' webhooks go. */
  events: HubEvents
  webhooks: Webhooks
  health: HealthMonitor
  queuedActions: QueuedActions
  /** Starts the background work (jobs), once everything that defines a kind of job is in place. */
  start(): Promise<void>
  close(): Promise<void>
}

export async function openHubCore (options: HubCoreOptions): Promise<HubCore> {
  const store = withReadCache(typeof options.store === 'object' ? options.store : await openStore(options.store), options.storeCache)
  const ownsStore = typeof options.store !== 'object'
  const master = new SecretBox(await loadKeys(options.encryptionKeys, options.dataDir))
  const registry = new PluginRegistry()
  // Single sign-on is the core's own, in every hub.
  registry.add(ssoDefinition)
  if (options.builtinPlugins !== false) for (const plugin of await loadBuiltinPlugins()) registry.add(plugin)
  for (const plugin of options.plugins ?? []) {
    if (typeof plugin === 'string') await registry.load([plugin])
    else registry.add(plugin, 'options.plugins')
  }
  const allowance = networkAllowance(options.allowPrivateNetwork ?? false)
  const outbound = new Outbound({
    allowance,
    trustedCertificates: options.trustedCertificates,
    ...(options.lookup === undefined ? {} : { lookup: options.lookup })
  })
  options.log.info({ outbound: describeAllowance(allowance) }, `outbound calls may reach ${describeAllowance(allowance)}`)
  const audit = new AuditTrail(store)
  const metrics = options.metrics ?? new HubMetrics()
  const service = new IntegrationService({
    events: [metrics.watcher],
    registry,
    store,
    outbound,
    audit,
    // A running attempt that got no answer within two deadlines belongs to an instance that died.
    idempotency: new IdempotencyKeys(store, 2 * options.outboundTimeoutMs + 5_000),
    timeoutMs: options.outboundTimeoutMs,
    maxConcurrentRuns: options.maxConcurrentRuns,
    log: options.log
  })
  const workspaces = new Workspaces({ store, master, onDeleted: id => service.forgetWorkspace(id) })
  await workspaces.open()
  const jobs = options.jobs ?? await jobsFor(options.store, pastTheCache(store), options.log)
  const webhooks = new Webhooks({ store, jobs, outbound, workspaces, metrics, timeoutMs: options.outboundTimeoutMs, log: options.log })
  const events: HubEvents = webhooks
  const health = new HealthMonitor({ store, jobs, service, workspaces, events, metrics, intervalMs: options.healthIntervalMs ?? DEFAULT_HEALTH_INTERVAL_MS, log: options.log })
  service.watch(health.watcher)
  service.watch({
    changed: (ref, change) => {
      void events.emit(ref.workspace, 'connection.changed', { integration: ref.integration, connection: ref.connection, change: change.action, fields: change.fields, ...(change.version === undefined ? {} : { version: change.version }) })
        .catch((error: unknown) => options.log.error({ err: error }, 'connection.changed could not be announced'))
    }
  })
  const queuedActions = new QueuedActions({ engine: jobs, store, service, workspaces, events, retry: options.actionRetry ?? {} })
  metrics.queueDepths(async () => ({ action: await jobs.depth('action'), webhook: await jobs.depth('webhook') }))
  let started = false
  return {
    store,
    registry,
    outbound,
    workspaces,
    service,
    audit,
    sessions: new SessionStore(store),
    tokens: new ScopedTokens(store),
    metrics,
    jobs,
    events,
    webhooks,
    health,
    queuedActions,
    start: async () => {
      if (started) return
      started = true
      await jobs.start()
      // Plans the checks of connections stored before this start (or while checks were off).
      await health.start()
    },
    close: async () => {
      // An engine that only enqueued or read holds a pool or a client too: one handed over is its owner's to stop.
      if (options.jobs === undefined || started) await jobs.stop()
      service.close()
      await outbound.close()
      if (ownsStore) await store.close()
    }
  }
}

/**
 * The job engine that fits the store: on a URL, the one its scheme names (a `?key_prefix=` or
 * `?table_prefix=` keeps the jobs apart too); for a store handed over open, SQLite's own file, or the
 * in-memory table beside an in-memory store. A shared store handed over open needs `jobs` given.
 */
async function jobsFor (given: string | HubStore, store: HubStore, log: FastifyBaseLogger): Promise<JobEngine> {
  const jobLog = log.child({ room: 'jobs' })
  if (store instanceof SqliteStore) return await openJobEngine('sqlite://', { database: store.database, log: jobLog })
  if (typeof given !== 'string') {
    if (store.shared) throw new TypeError('A shared store handed over open needs its job engine too: pass `jobs`')
    return await openJobEngine('memory://', { log: jobLog })
  }
  const url = new URL(given)
  const prefix = url.searchParams.get('key_prefix') ?? url.searchParams.get('table_prefix')
  url.searchParams.delete('key_prefix')
  url.searchParams.delete('table_prefix')
  return await openJobEngine(url.href, { ...(prefix === null ? {} : { namespace: `hub_jobs_${prefix}` }), log: jobLog })
}
