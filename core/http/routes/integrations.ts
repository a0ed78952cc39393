/**
 * /api/integrations: the catalog, one integration's schema and settings, Save/Update, test,
 * delete and actions.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { PassThrough } from 'node:stream'
import type { Config } from '../../integrations/secrets.js'
import { errors, HubError } from '../../errors.js'

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,39}$' } }
} as const

const lastTest = {
  type: ['object', 'null'],
  properties: {
    ok: { type: 'boolean' },
    code: { type: 'string' },
    message: { type: 'string' },
    at: { type: 'string' }
  }
} as const

const catalogEntry = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    description: { type: 'string' },
    icon: { type: 'string' },
    pluginVersion: { type: 'string' },
    configured: { type: 'boolean' },
    updatedAt: { type: ['string', 'null'] },
    lastTest
  }
} as const

const configBody = {
  type: 'object',
  additionalProperties: false,
  required: ['config'],
  properties: {
    config: { type: 'object' },
    version: { type: 'integer', minimum: 0 }
  }
} as const

const draftBody = {
  type: 'object',
  additionalProperties: false,
  properties: { config: { type: 'object' } }
} as const

/** Connection tests and actions make the hub call out: limited per admin, so no one can turn it into a flood. */
const outboundLimit = (max: number) => ({
  rateLimit: {
    max,
    timeWindow: '1 minute',
    hook: 'preHandler' as const,
    keyGenerator: (request: FastifyRequest) => `${request.actor.id}@${request.ip}`
  }
})

export default async function integrationRoutes (fastify: FastifyInstance): Promise<void> {
  const { service } = fastify.hub

  // The service serializes the catalog itself (see catalogJson); the response schema documents it.
  fastify.get('/api/integrations', {
    schema: {
      tags: ['integrations'],
      summary: 'The catalog: every integration with its status',
      response: { 200: { type: 'object', properties: { integrations: { type: 'array', items: catalogEntry } } } }
    }
  }, async (_request, reply) => await reply.type('application/json; charset=utf-8').send(await service.catalogJson()))

  fastify.get<{ Params: { id: string } }>('/api/integrations/:id', {
    schema: { tags: ['integrations'], summary: 'Schema and settings of one integration (secrets are never returned)', params: idParams }
  }, async (request) => await service.view(request.params.id))

  fastify.put<{ Params: { id: string }, Querystring: { force?: boolean }, Body: { config: Config, version?: number } }>('/api/integrations/:id', {
    config: outboundLimit(30),
    schema: {
      tags: ['integrations'],
      summary: 'Save (201) or Update (200): validated, tested, stored only if the test passes',
      params: idParams,
      querystring: { type: 'object', additionalProperties: false, properties: { force: { type: 'boolean' } } },
      body: configBody
    }
  }, async (request, reply) => {
    const { created, view } = await service.save(request.params.id, request.body.config, {
      ...(request.body.version === undefined ? {} : { version: request.body.version }),
      force: request.query.force === true,
      actor: request.actor.id
    })
    return await reply.code(created ? 201 : 200).send(view)
  })

  fastify.post<{ Params: { id: string }, Body: { config?: Config } | undefined }>('/api/integrations/:id/test', {
    config: outboundLimit(30),
    schema: {
      tags: ['integrations'],
      summary: 'Test a draft or the stored settings',
      description: 'Without a body, or without `config`, the stored settings are tested. With `Accept: application/x-ndjson` the answer streams one `{"step"}` line per finished step, then `{"result"}`.',
      params: idParams,
      body: draftBody
    },
    // No body at all asks the same as `{}`: test the stored settings.
    preValidation: (request, _reply, done) => {
      request.body ??= {}
      done()
    }
  }, async (request, reply) => {
    if (request.headers.accept?.includes('application/x-ndjson') !== true) return await service.test(request.params.id, request.body?.config)
    // Live progress: one JSON line per finished step, then the result. Errors raised before the
    // first step (validation, not configured) still answer as ordinary JSON errors.
    let stream: PassThrough | undefined
    const write = (line: object): void => {
      if (stream === undefined) {
        stream = new PassThrough()
        void reply.type('application/x-ndjson').send(stream)
      }
      stream.write(`${JSON.stringify(line)}\n`)
    }
    try {
      const result = await service.test(request.params.id, request.body?.config, step => write({ step }))
      if (stream === undefined) return result
      write({ result })
    } catch (error) {
      if (stream === undefined) throw error
      request.log.warn({ err: error }, 'live connection test failed after its steps')
      write({ error: (error instanceof HubError ? error : errors.internal(error)).toJSON() })
    }
    stream.end()
    return reply
  })

  fastify.delete<{ Params: { id: string } }>('/api/integrations/:id', {
    schema: { tags: ['integrations'], summary: 'Remove the settings', params: idParams }
  }, async (request, reply) => {
    await service.remove(request.params.id, request.actor.id)
    return await reply.code(204).send()
  })

  fastify.post<{ Params: { id: string, action: string }, Body: unknown }>('/api/integrations/:id/actions/:action', {
    config: outboundLimit(300),
    schema: {
      tags: ['integrations'],
      summary: 'Run an action with the stored settings',
      params: {
        type: 'object',
        required: ['id', 'action'],
        properties: { id: idParams.properties.id, action: { type: 'string', pattern: '^[a-zA-Z][a-zA-Z0-9]{0,63}$' } }
      }
    }
  }, async (request) => {
    request.log.info({ integration: request.params.id, action: request.params.action, actor: request.actor.id }, 'running action')
    return await service.runAction(request.params.id, request.params.action, request.body ?? {})
  })
}
