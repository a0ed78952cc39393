/**
 * The hub's Prometheus metrics (prom-client, in a registry of its own): the process, HTTP request
 * durations by route, connection tests and actions by integration and outcome, health checks, webhook
 * deliveries and job queue depth. Labels name integrations, actions, routes and outcomes — never a
 * workspace, a connection's name or anything from its settings.
 */
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client'
import type { IntegrationEvents } from '../integrations/service.js'
import { RequestDurations } from './request-durations.js'

export class HubMetrics {
  readonly registry = new Registry()
  readonly #requests = new RequestDurations()
  readonly #tests: Counter<'integration' | 'outcome'>
  readonly #actions: Counter<'integration' | 'action' | 'outcome'>
  readonly #checks: Counter<'integration' | 'outcome'>
  readonly #deliveries: Counter<'event' | 'outcome'>
  readonly #queued: Gauge<'kind'>
  #depths: () => Promise<Record<string, number>> = async () => ({})

  constructor () {
    collectDefaultMetrics({ register: this.registry, prefix: 'hub_' })
    this.registry.registerMetric(this.#requests.asMetric())
    this.#tests = new Counter({ name: 'hub_connection_tests_total', help: 'Connection tests (drafts and stored settings) by integration and outcome', labelNames: ['integration', 'outcome'], registers: [this.registry] })
    this.#actions = new Counter({ name: 'hub_actions_total', help: 'Action runs by integration, action and outcome', labelNames: ['integration', 'action', 'outcome'], registers: [this.registry] })
    this.#checks = new Counter({ name: 'hub_health_checks_total', help: 'Scheduled re-checks of stored connections by integration and outcome', labelNames: ['integration', 'outcome'], registers: [this.registry] })
    this.#deliveries = new Counter({ name: 'hub_webhook_deliveries_total', help: 'Webhook delivery attempts by event type and outcome', labelNames: ['event', 'outcome'], registers: [this.registry] })
    const metrics = this
    this.#queued = new Gauge({
      name: 'hub_jobs_waiting',
      help: 'Jobs waiting for an attempt, by kind',
      labelNames: ['kind'],
      registers: [this.registry],
      async collect () {
        for (const [kind, depth] of Object.entries(await metrics.#depths())) this.set({ kind }, depth)
      }
    })
  }

  /** What the integration service reports, counted. */
  readonly watcher: IntegrationEvents = {
    ran: (ref, run) => {
      const outcome = run.ok ? 'passed' : 'failed'
      if (run.kind === 'test') this.#tests.inc({ integration: ref.integration, outcome })
      else this.#actions.inc({ integration: ref.integration, action: run.name ?? '', outcome })
    }
  }

  request (method: string, route: string, statusCode: number, seconds: number): void {
    this.#requests.observe(method, route, statusCode, seconds)
  }

  healthCheck (integration: string, ok: boolean): void {
    this.#checks.inc({ integration, outcome: ok ? 'passed' : 'failed' })
  }

  delivery (event: string, ok: boolean): void {
    this.#deliveries.inc({ event, outcome: ok ? 'delivered' : 'failed' })
  }

  /** Where the queue depths come from (the job engine). */
  queueDepths (depths: () => Promise<Record<string, number>>): void {
    this.#depths = depths
  }

  async text (): Promise<string> {
    return await this.registry.metrics()
  }

  get contentType (): string {
    return this.registry.contentType
  }
}
