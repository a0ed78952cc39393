/**
 * GET /metrics: the Prometheus text of the hub's metrics, for a scraper holding HUB_METRICS_TOKEN (or,
 * without one, the admin token). Served here unless the operator gives metrics a port of their own.
 */
import type { FastifyInstance } from 'fastify'
import { errors } from '../../errors.js'
import type { HubMetrics } from '../../metrics/metrics.js'
import { callers } from '../openapi/document.js'
import { tokenMatcher } from '../../security/admin-token.js'

export default async function metricsRoutes (fastify: FastifyInstance, { metrics, token }: { metrics: HubMetrics, token: string | undefined }): Promise<void> {
  const isToken = tokenMatcher(token)
  fastify.get('/metrics', {
    config: { rateLimit: { max: 600, timeWindow: '1 minute' } },
    schema: {
      tags: ['health'],
      operationId: 'getMetrics',
      summary: 'Prometheus metrics (Bearer HUB_METRICS_TOKEN)',
      security: callers.metrics,
      response: { 200: { description: 'The Prometheus text format', content: { 'text/plain': { schema: { type: 'string' } } } } },
      errors: ['HUB_ERR_UNAUTHENTICATED', 'HUB_ERR_INVALID_TOKEN']
    }
  }, async (request, reply) => {
    const presented = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1]?.trim()
    if (presented === undefined) throw errors.unauthenticated()
    if (!isToken(presented)) throw errors.invalidToken()
    return await reply.type(metrics.contentType).send(await metrics.text())
  })
}
