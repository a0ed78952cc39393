/**
 * Connections that watch themselves: every stored connection is tested again on a schedule (jobs,
 * jittered, capped, one at a time per connection across instances); each check records its outcome
 * and the connection's health (healthy, failing, expiring), and a change of health is announced to
 * the workspace's webhooks.
 */
import type { FastifyBaseLogger } from 'fastify'
import type { IntegrationEvents, IntegrationService } from '../integrations/service.js'
import type { JobEngine } from '../jobs/engine.js'
import type { HubMetrics } from '../metrics/metrics.js'
import type { HubStore } from '../storage/store.js'
import type { HubEvents } from '../webhooks/events.js'
import type { Workspaces } from '../workspaces/registry.js'

export interface HealthOptions {
  store: HubStore
  jobs: JobEngine
  service: IntegrationService
  workspaces: Workspaces
  events: HubEvents
  metrics: HubMetrics
  /** How often each connection is tested again, in ms (HUB_HEALTH_INTERVAL); 0 turns checks off. */
  intervalMs: number
  log: FastifyBaseLogger
}

export class HealthMonitor {
  constructor (private readonly options: HealthOptions) {}

  /** What the service tells the monitor: a connection created, changed or deleted. */
  readonly watcher: IntegrationEvents = {}
}
