/**
 * A workspace's webhooks: PUT/GET/DELETE /webhooks/:name, POST …/test (a ping), GET …/deliveries.
 */
import type { FastifyInstance } from 'fastify'
import type { Webhooks } from '../../webhooks/webhooks.js'

export default async function webhookRoutes (_fastify: FastifyInstance, _options: { webhooks: Webhooks }): Promise<void> {}
