/**
 * A workspace's webhooks: PUT/GET/DELETE /webhooks/:name, POST …/test (a ping), GET …/deliveries.
 * Registered under `/api` and under `/api/workspaces/:workspace` (see hub.ts). Webhooks carry the
 * events of every integration, so a token limited to some integrations reaches none of these routes.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { errors } from '../../errors.js'
import { SUBSCRIBABLE_EVENTS, type SubscribableEvent } from '../../webhooks/events.js'
import { DELIVERY_LOG_SIZE, WEBHOOK_NAME, type Webhooks } from '../../webhooks/webhooks.js'

const nameParams = { type: 'object', required: ['name'], properties: { name: { type: 'string', pattern: WEBHOOK_NAME, title: 'Name' } } } as const

const webhookView = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    url: { type: 'string' },
    events: { type: 'array', items: { type: 'string' } },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
    disabled: { type: 'object', properties: { at: { type: 'string' }, reason: { type: 'string' } } }
  }
} as const

const deliveryView = {
  type: 'object',
  properties: {
    eventId: { type: 'string' },
    type: { type: 'string' },
    attempt: { type: 'integer' },
    status: { type: 'string', enum: ['delivered', 'failed'] },
    httpStatus: { type: 'integer' },
    durationMs: { type: 'integer' },
    at: { type: 'string' },
    error: { type: 'string' },
    nextAttemptAt: { type: 'string' }
  }
} as const

const settingsBody = {
  type: 'object',
  additionalProperties: false,
  required: ['url', 'events'],
  properties: {
    url: { type: 'string', title: 'URL', description: 'Where each event is POSTed (https, or http), signed as Standard Webhooks specifies.', minLength: 1, maxLength: 2048, examples: ['https://example.com/hooks/hub'] },
    events: { type: 'array', title: 'Events', description: 'The event types to send here.', minItems: 1, uniqueItems: true, items: { type: 'string', enum: SUBSCRIBABLE_EVENTS } }
  }
} as const

type NameParams = { name: string }

export default async function webhookRoutes (fastify: FastifyInstance, { webhooks }: { webhooks: Webhooks }): Promise<void> {
  // After the workspace scope (a hook of the enclosing context), so another workspace still reads 404.
  fastify.addHook('preHandler', async (request: FastifyRequest) => {
    if (request.principal.integrations !== undefined) throw errors.webhooksOutOfScope()
  })

  fastify.get('/webhooks', {
    config: { access: 'read' },
    schema: { tags: ['webhooks'], summary: 'The workspace’s webhooks (never their secrets)', response: { 200: { type: 'object', properties: { webhooks: { type: 'array', items: webhookView } } } } }
  }, async (request) => ({ webhooks: await webhooks.list(request.workspace) }))

  fastify.get<{ Params: NameParams }>('/webhooks/:name', {
    config: { access: 'read' },
    schema: { tags: ['webhooks'], summary: 'One webhook (never its secret)', params: nameParams, response: { 200: webhookView } }
  }, async (request) => await webhooks.get(request.workspace, request.params.name))

  fastify.put<{ Params: NameParams, Body: { url: string, events: SubscribableEvent[] } }>('/webhooks/:name', {
    config: { access: 'change' },
    schema: {
      tags: ['webhooks'],
      summary: 'Create (201, with the signing secret, shown this once) or change (200, the secret kept) a webhook',
      params: nameParams,
      body: settingsBody,
      response: {
        200: webhookView,
        201: { type: 'object', properties: { ...webhookView.properties, secret: { type: 'string', description: 'whsec_…: verify deliveries with it. It is not shown again.' } } }
      }
    }
  }, async (request, reply) => {
    const { created, webhook, secret } = await webhooks.put(request.workspace, request.params.name, request.body)
    return await reply.code(created ? 201 : 200).send(created ? { ...webhook, secret } : webhook)
  })

  fastify.delete<{ Params: NameParams }>('/webhooks/:name', {
    config: { access: 'change' },
    schema: { tags: ['webhooks'], summary: 'Delete a webhook (204); its pending deliveries end', params: nameParams }
  }, async (request, reply) => {
    await webhooks.remove(request.workspace, request.params.name)
    return await reply.code(204).send()
  })

  fastify.post<{ Params: NameParams }>('/webhooks/:name/test', {
    config: {
      access: 'change',
      // Each test makes the hub call out: limited per caller, like connection tests.
      rateLimit: {
        max: 30,
        timeWindow: '1 minute',
        hook: 'preHandler' as const,
        keyGenerator: (request: FastifyRequest) => `${request.workspace.id}|${request.principal.id}@${request.ip}`
      }
    },
    schema: { tags: ['webhooks'], summary: 'Send a ping event now and answer how its delivery went', params: nameParams, response: { 200: deliveryView } }
  }, async (request) => await webhooks.ping(request.workspace, request.params.name))

  fastify.get<{ Params: NameParams, Querystring: { limit: number } }>('/webhooks/:name/deliveries', {
    config: { access: 'read' },
    schema: {
      tags: ['webhooks'],
      summary: 'The webhook’s latest delivery attempts, newest first',
      params: nameParams,
      querystring: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: DELIVERY_LOG_SIZE, default: 50 } } },
      response: { 200: { type: 'object', properties: { deliveries: { type: 'array', items: deliveryView } } } }
    }
  }, async (request) => ({ deliveries: await webhooks.deliveries(request.workspace, request.params.name, request.query.limit) }))
}
