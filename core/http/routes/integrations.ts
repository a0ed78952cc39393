/**
 * A workspace's integrations and their connections: the catalog, one connection's schema and
 * settings, Save/Update, test, delete, and actions. `/integrations/:id` is the connection `default`
 * (the seed's one configuration per integration); `/integrations/:id/connections/:connection` names
 * any other. Registered under `/api` and under `/api/workspaces/:workspace` (see hub.ts). What they
 * answer is in integration-views.ts; `schema.errors` lists the codes each handler can give.
 */
import { PassThrough } from 'node:stream'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Config } from '../../api/types.js'
import type { StepResult } from '../../contract/contract.js'
import { ACTION_NAME, CONNECTION_NAME, DEFAULT_CONNECTION, INTEGRATION_ID } from '../../contract/names.js'
import { errors, HubError } from '../../errors.js'
import type { QueuedActions } from '../../integrations/queued-actions.js'
import type { ConnectionRef, IntegrationService } from '../../integrations/service.js'

const idParam = { type: 'string', pattern: INTEGRATION_ID } as const
const connectionParam = { type: 'string', pattern: CONNECTION_NAME, title: 'Connection' } as const

const idParams = { type: 'object', required: ['id'], properties: { id: idParam } } as const
const connectionParams = { type: 'object', required: ['id', 'connection'], properties: { id: idParam, connection: connectionParam } } as const

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

/** Connection tests and actions make the hub call out: limited per caller, so no one can turn it into a flood. */
const outboundLimit = (max: number) => ({
  rateLimit: {
    max,
    timeWindow: '1 minute',
    hook: 'preHandler' as const,
    keyGenerator: (request: FastifyRequest) => `${request.workspace.id}|${request.principal.id}@${request.ip}`
  }
})

type ConnectionParams = { id: string, connection?: string }

/** One line of a live test (`Accept: application/x-ndjson`): a finished step, then the result or an error. */
const testLine = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  maxProperties: 1,
  properties: { step: { $ref: 'StepResult#' }, result: { $ref: 'TestResult#' }, error: { $ref: 'HubError#' } }
} as const

/** The largest action input the hub reads (a mail with attachments); settings stay at the server's smaller limit. */
export const ACTION_BODY_LIMIT = 16 * 1024 * 1024

function refOf (request: FastifyRequest<{ Params: ConnectionParams }>): ConnectionRef {
  return { workspace: request.workspace, integration: request.params.id, connection: request.params.connection ?? DEFAULT_CONNECTION }
}

export default async function integrationRoutes (fastify: FastifyInstance, { service, queued }: { service: IntegrationService, queued: QueuedActions }): Promise<void> {
  // The service serializes the catalog itself (see catalogJson); the response schema documents it.
  fastify.get('/integrations', {
    config: { access: 'read' },
    schema: {
      tags: ['integrations'],
      operationId: 'listIntegrations',
      summary: 'The catalog: every integration with the state of its connections',
      response: { 200: { type: 'object', additionalProperties: false, required: ['integrations'], properties: { integrations: { type: 'array', items: { $ref: 'CatalogEntry#' } } } } }
    }
  }, async (request, reply) => {
    return await reply.type('application/json; charset=utf-8').send(await service.catalogJson(request.workspace, request.principal.integrations))
  })

  // One connection, by the short form (the default connection) and by name: one handler each.
  // operationIds: `getIntegration` (the default connection), `getConnection` (a named one), and so on.
  for (const [path, params, noun] of [['/integrations/:id', idParams, 'Integration'], ['/integrations/:id/connections/:connection', connectionParams, 'Connection']] as const) {
    fastify.get<{ Params: ConnectionParams }>(path, {
      config: { access: 'read' },
      schema: { tags: ['integrations'], operationId: `get${noun}`, summary: 'Schema and settings of one connection (secrets are never returned)', params, response: { 200: { $ref: 'IntegrationView#' } } }
    }, async (request) => await service.view(refOf(request)))

    fastify.put<{ Params: ConnectionParams, Querystring: { force?: boolean }, Body: { config: Config, version?: number } }>(path, {
      config: { access: 'change', ...outboundLimit(30) },
      schema: {
        tags: ['integrations'],
        operationId: `save${noun}`,
        summary: 'Save (201) or Update (200): validated, tested, stored only if the test passes',
        description: 'An Update may leave out the secrets: the stored ones are kept (unless a setting that decides where they go changed). A failed Update never replaces working settings.',
        params,
        querystring: { type: 'object', additionalProperties: false, properties: { force: { type: 'boolean', description: 'Store the settings even when their test fails (the failure is recorded).' } } },
        body: configBody,
        response: { 200: { $ref: 'IntegrationView#', description: 'Updated' }, 201: { $ref: 'IntegrationView#', description: 'Saved' } },
        errors: ['HUB_ERR_VERSION_CONFLICT', 'HUB_ERR_MANAGED', 'HUB_ERR_TEST_FAILED', 'HUB_ERR_BUSY']
      }
    }, async (request, reply) => {
      const { created, view } = await service.save(refOf(request), request.body.config, {
        ...(request.body.version === undefined ? {} : { version: request.body.version }),
        force: request.query.force === true,
        actor: request.principal.id
      })
      return await reply.code(created ? 201 : 200).send(view)
    })

    fastify.delete<{ Params: ConnectionParams }>(path, {
      config: { access: 'change' },
      schema: { tags: ['integrations'], operationId: `delete${noun}`, summary: 'Remove the settings (204)', params, response: { 204: { type: 'null', description: 'Removed (or there was nothing to remove)' } }, errors: ['HUB_ERR_MANAGED'] }
    }, async (request, reply) => {
      await service.remove(refOf(request), request.principal.id)
      return await reply.code(204).send()
    })

    fastify.post<{ Params: ConnectionParams, Body: { config?: Config } | undefined }>(`${path}/test`, {
      config: { access: 'change', ...outboundLimit(30) },
      schema: {
        tags: ['integrations'],
        operationId: `test${noun}`,
        summary: 'Test a draft or the stored settings',
        description: 'Without a body, or without `config`, the stored settings are tested. With `Accept: application/x-ndjson` the answer streams one `{"step"}` line per finished step, then `{"result"}` (or `{"error"}`).',
        params,
        body: draftBody,
        response: {
          200: {
            description: 'The test ran: `ok` says whether the settings work',
            content: {
              'application/json': { schema: { $ref: 'TestResult#' } },
              'application/x-ndjson': { schema: testLine }
            }
          }
        },
        errors: ['HUB_ERR_NOT_CONFIGURED', 'HUB_ERR_BUSY']
      },
      // No body at all asks the same as `{}`: test the stored settings.
      preValidation: (request, _reply, done) => {
        request.body ??= {}
        done()
      }
    }, async (request, reply) => await testConnection(service, request, reply))
  }

  fastify.get<{ Params: { job: string } }>('/jobs/:job', {
    config: { access: 'read' },
    schema: {
      tags: ['integrations'],
      operationId: 'getJob',
      summary: 'A queued action: its status, attempts, and once done its result or final error',
      params: { type: 'object', required: ['job'], properties: { job: { type: 'string', title: 'Job', minLength: 1, maxLength: 200, pattern: '^[\\w:.-]+$' } } },
      response: { 200: { $ref: 'JobView#' } },
      errors: ['HUB_ERR_UNKNOWN_JOB']
    }
  }, async (request) => {
    const job = await queued.get(request.workspace, request.params.job)
    if (job === undefined) throw errors.unknownJob(request.params.job)
    return job
  })

  fastify.get<{ Params: { id: string } }>('/integrations/:id/connections', {
    config: { access: 'read' },
    schema: {
      tags: ['integrations'],
      operationId: 'listConnections',
      summary: 'The connections of one integration',
      params: idParams,
      response: { 200: { type: 'object', additionalProperties: false, required: ['connections'], properties: { connections: { type: 'array', items: { $ref: 'ConnectionSummary#' } } } } }
    }
  }, async (request) => ({ connections: await service.connections(request.workspace, request.params.id) }))

  fastify.post<{ Params: { id: string, action: string }, Querystring: { connection?: string }, Headers: { 'idempotency-key'?: string, prefer?: string }, Body: unknown }>('/integrations/:id/actions/:action', {
    config: { access: 'change', ...outboundLimit(6000) },
    // Attachments: 10 MB of mail is about 13.4 MB of base64.
    bodyLimit: ACTION_BODY_LIMIT,
    schema: {
      tags: ['integrations'],
      operationId: 'runAction',
      summary: 'Run an action with the stored settings of a connection (`default` unless `?connection=` names another)',
      params: {
        type: 'object',
        required: ['id', 'action'],
        properties: { id: idParam, action: { type: 'string', pattern: ACTION_NAME } }
      },
      querystring: { type: 'object', additionalProperties: false, properties: { connection: connectionParam } },
      headers: {
        type: 'object',
        properties: {
          'idempotency-key': { type: 'string', title: 'Idempotency-Key', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$', description: 'The same key (per connection and action, kept 24 h) gives the first answer again instead of running the action twice.' },
          prefer: { type: 'string', description: '`respond-async`: answer 202 with a job at once; the hub runs the action and retries it (see GET …/jobs/:id).' }
        }
      },
      response: {
        200: { description: 'The action’s output: each action’s own operation gives its schema' },
        202: { $ref: 'JobView#', description: 'Queued (`Prefer: respond-async`): the job, also at `Location`' }
      },
      errors: [
        'HUB_ERR_UNKNOWN_ACTION', 'HUB_ERR_NOT_CONFIGURED', 'HUB_ERR_IDEMPOTENCY_MISMATCH', 'HUB_ERR_IDEMPOTENCY_IN_PROGRESS',
        'HUB_ERR_ACTION_REJECTED', 'HUB_ERR_REMOTE_FAILED', 'HUB_ERR_REMOTE_TIMEOUT', 'HUB_ERR_BUSY'
      ]
    }
  }, async (request, reply) => {
    const ref = { workspace: request.workspace, integration: request.params.id, connection: request.query.connection ?? DEFAULT_CONNECTION }
    request.log.info({ workspace: ref.workspace.id, integration: ref.integration, connection: ref.connection, action: request.params.action, actor: request.principal.id }, 'running action')
    if (/\brespond-async\b/i.test(request.headers.prefer ?? '')) {
      service.checkAction(ref, request.params.action, request.body ?? {})
      const job = await queued.enqueue(ref, request.params.action, request.body ?? {}, request.principal.id)
      const base = request.url.slice(0, request.url.indexOf('/integrations/'))
      return await reply.code(202).header('location', `${base}/jobs/${job.id}`).header('preference-applied', 'respond-async').send(job)
    }
    const idempotencyKey = request.headers['idempotency-key']
    const { value, replayed } = await service.runAction(ref, request.params.action, request.body ?? {}, { actor: request.principal.id, ...(idempotencyKey === undefined ? {} : { idempotencyKey }) })
    if (replayed) reply.header('idempotent-replayed', 'true')
    return value
  })
}

/**
 * A test as one JSON answer, or, asked for `application/x-ndjson`, live: one line per finished step,
 * then the result. Errors raised before the first step (validation, not configured) still answer as
 * ordinary JSON errors.
 */
async function testConnection (service: IntegrationService, request: FastifyRequest<{ Params: ConnectionParams, Body: { config?: Config } | undefined }>, reply: FastifyReply): Promise<unknown> {
  const ref = refOf(request)
  const draft = request.body?.config
  const actor = request.principal.id
  if (request.headers.accept?.includes('application/x-ndjson') !== true) return await service.test(ref, draft, { actor })
  let stream: PassThrough | undefined
  const write = (line: object): void => {
    if (stream === undefined) {
      stream = new PassThrough()
      void reply.type('application/x-ndjson').send(stream)
    }
    stream.write(`${JSON.stringify(line)}\n`)
  }
  try {
    const result = await service.test(ref, draft, { actor, onStep: (step: StepResult) => write({ step }) })
    if (stream === undefined) return result
    write({ result })
  } catch (error) {
    if (stream === undefined) throw error
    request.log.warn({ err: error }, 'live connection test failed after its steps')
    write({ error: (error instanceof HubError ? error : errors.internal(error)).toJSON() })
  }
  stream.end()
  return reply
}
