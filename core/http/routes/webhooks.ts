/**
 * A workspace's webhooks: PUT/GET/DELETE /webhooks/:name, POST …/test (a ping), GET …/deliveries.
 * Registered under `/api` and under `/api/workspaces/:workspace` (see hub.ts). Webhooks carry the
 * events of every integration, so a token limited to some integrations reaches none of these routes.
 * A webhook a provisioning file manages is read and tested here, and changed only through its file.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { errors } from '../../errors.js'
import { EVENT_TYPES, SUBSCRIBABLE_EVENTS, type SubscribableEvent } from '../../integrations/events.js'
import { DELIVERY_LOG_SIZE, WEBHOOK_NAME, type Webhooks } from '../../webhooks/webhooks.js'
import { declareErrors } from '../openapi/errors.js'

const nameParams = { type: 'object', required: ['name'], properties: { name: { type: 'string', pattern: WEBHOOK_NAME, title: 'Name' } } } as const

const webhookView = {
  $id: 'WebhookView',
  type: 'object',
  description: 'A webhook as the API shows it: never its secret.',
  additionalProperties: false,
  required: ['name', 'url', 'events', 'createdAt', 'updatedAt'],
  properties: {
    name: { type: 'string' },
    url: { type: 'string' },
    events: { type: 'array', items: { type: 'string', enum: SUBSCRIBABLE_EVENTS } },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    disabled: {
      type: 'object',
      description: 'Set when the receiver answered 410 Gone: nothing is sent until the webhook is saved again.',
      additionalProperties: false,
      required: ['at', 'reason'],
      properties: { at: { type: 'string', format: 'date-time' }, reason: { type: 'string' } }
    },
    managed: { type: 'object', description: 'Set when a provisioning file declares the webhook: change it there.', additionalProperties: false, required: ['file'], properties: { file: { type: 'string' } } }
  }
} as const

const createdWebhook = {
  $id: 'CreatedWebhook',
  type: 'object',
  description: 'A webhook just created, with its signing secret: shown this once.',
  additionalProperties: false,
  required: [...webhookView.required, 'secret'],
  properties: { ...webhookView.properties, secret: { type: 'string', description: 'whsec_…: verify deliveries with it. It is not shown again.' } }
} as const

const deliveryView = {
  $id: 'DeliveryView',
  type: 'object',
  description: 'One delivery attempt.',
  additionalProperties: false,
  required: ['eventId', 'type', 'attempt', 'status', 'durationMs', 'at'],
  properties: {
    eventId: { type: 'string' },
    type: { type: 'string', enum: EVENT_TYPES },
    attempt: { type: 'integer' },
    status: { type: 'string', enum: ['delivered', 'failed'] },
    httpStatus: { type: 'integer', description: 'The receiver’s HTTP status, when it answered.' },
    durationMs: { type: 'integer' },
    at: { type: 'string', format: 'date-time', description: 'When the attempt was made.' },
    error: { type: 'string', description: 'Why it failed, in words.' },
    nextAttemptAt: { type: 'string', format: 'date-time', description: 'When the next attempt is due; absent when this was the last one.' }
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

/** The components of these routes (added by hub.ts). */
export const webhookSchemas = [webhookView, createdWebhook, deliveryView]

export default async function webhookRoutes (fastify: FastifyInstance, { webhooks }: { webhooks: Webhooks }): Promise<void> {
  fastify.addHook('onRoute', route => { declareErrors(route, ['HUB_ERR_WEBHOOKS_OUT_OF_SCOPE']) })
  // After the workspace scope (a hook of the enclosing context), so another workspace still reads 404.
  fastify.addHook('preHandler', async (request: FastifyRequest) => {
    if (request.principal.integrations !== undefined) throw errors.webhooksOutOfScope()
  })

  fastify.get('/webhooks', {
    config: { access: 'read' },
    schema: {
      tags: ['webhooks'],
      operationId: 'listWebhooks',
      summary: 'The workspace’s webhooks (never their secrets)',
      response: { 200: { type: 'object', additionalProperties: false, required: ['webhooks'], properties: { webhooks: { type: 'array', items: { $ref: 'WebhookView#' } } } } }
    }
  }, async (request) => ({ webhooks: await webhooks.list(request.workspace) }))

  fastify.get<{ Params: NameParams }>('/webhooks/:name', {
    config: { access: 'read' },
    schema: { tags: ['webhooks'], operationId: 'getWebhook', summary: 'One webhook (never its secret)', params: nameParams, response: { 200: { $ref: 'WebhookView#' } }, errors: ['HUB_ERR_UNKNOWN_WEBHOOK'] }
  }, async (request) => await webhooks.get(request.workspace, request.params.name))

  fastify.put<{ Params: NameParams, Body: { url: string, events: SubscribableEvent[] } }>('/webhooks/:name', {
    config: { access: 'change' },
    schema: {
      tags: ['webhooks'],
      operationId: 'saveWebhook',
      summary: 'Create (201, with the signing secret, shown this once) or change (200, the secret kept) a webhook; 409 for one a provisioning file manages',
      params: nameParams,
      body: settingsBody,
      response: { 200: { $ref: 'WebhookView#', description: 'Changed' }, 201: { $ref: 'CreatedWebhook#', description: 'Created' } },
      errors: ['HUB_ERR_MANAGED', 'HUB_ERR_TOO_MANY_WEBHOOKS']
    }
  }, async (request, reply) => {
    const { created, webhook, secret } = await webhooks.put(request.workspace, request.params.name, request.body)
    return await reply.code(created ? 201 : 200).send(created ? { ...webhook, secret } : webhook)
  })

  fastify.delete<{ Params: NameParams }>('/webhooks/:name', {
    config: { access: 'change' },
    schema: {
      tags: ['webhooks'],
      operationId: 'deleteWebhook',
      summary: 'Delete a webhook (204); its pending deliveries end. 409 for one a provisioning file manages',
      params: nameParams,
      response: { 204: { type: 'null', description: 'Deleted' } },
      errors: ['HUB_ERR_UNKNOWN_WEBHOOK', 'HUB_ERR_MANAGED']
    }
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
    schema: { tags: ['webhooks'], operationId: 'pingWebhook', summary: 'Send a ping event now and answer how its delivery went', params: nameParams, response: { 200: { $ref: 'DeliveryView#' } }, errors: ['HUB_ERR_UNKNOWN_WEBHOOK'] }
  }, async (request) => await webhooks.ping(request.workspace, request.params.name))

  fastify.get<{ Params: NameParams, Querystring: { limit: number } }>('/webhooks/:name/deliveries', {
    config: { access: 'read' },
    schema: {
      tags: ['webhooks'],
      operationId: 'listDeliveries',
      summary: 'The webhook’s latest delivery attempts, newest first',
      params: nameParams,
      querystring: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: DELIVERY_LOG_SIZE, default: 50 } } },
      response: { 200: { type: 'object', additionalProperties: false, required: ['deliveries'], properties: { deliveries: { type: 'array', items: { $ref: 'DeliveryView#' } } } } },
      errors: ['HUB_ERR_UNKNOWN_WEBHOOK']
    }
  }, async (request) => ({ deliveries: await webhooks.deliveries(request.workspace, request.params.name, request.query.limit) }))
}
