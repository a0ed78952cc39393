/**
 * A workspace's browser sessions, for the operator: who is signed in, since when, and revoking one.
 */
import type { FastifyInstance } from 'fastify'
import { errors } from '../../errors.js'
import type { SessionStore } from '../../security/sessions.js'

const sessionView = {
  $id: 'SessionView',
  type: 'object',
  description: 'A live browser session (never its cookie).',
  additionalProperties: false,
  required: ['id', 'sub', 'via', 'createdAt', 'lastSeenAt'],
  properties: {
    id: { type: 'string', description: 'End it with `DELETE …/sessions/{session}`.' },
    sub: { type: 'string', description: '`operator` for an admin-token sign-in, the provider’s subject for single sign-on.' },
    email: { type: 'string' },
    name: { type: 'string' },
    via: { type: 'string', enum: ['token', 'sso'] },
    createdAt: { type: 'string', format: 'date-time' },
    lastSeenAt: { type: 'string', format: 'date-time' }
  }
} as const

/** The components of these routes (added by hub.ts). */
export const sessionSchemas = [sessionView]

export default async function sessionRoutes (fastify: FastifyInstance, { sessions }: { sessions: SessionStore }): Promise<void> {
  fastify.get('/sessions', {
    config: { access: 'operator' },
    schema: {
      tags: ['sessions'],
      operationId: 'listSessions',
      summary: 'The workspace’s live browser sessions',
      response: { 200: { type: 'object', additionalProperties: false, required: ['sessions'], properties: { sessions: { type: 'array', items: { $ref: 'SessionView#' } } } } }
    }
  }, async (request) => ({ sessions: await sessions.list(request.workspace) }))

  fastify.delete<{ Params: { session: string } }>('/sessions/:session', {
    config: { access: 'operator' },
    schema: {
      tags: ['sessions'],
      operationId: 'endSession',
      summary: 'End a session at once (204)',
      params: { type: 'object', required: ['session'], properties: { session: { type: 'string', pattern: '^[\\w-]{43}$' } } },
      response: { 204: { type: 'null', description: 'Ended' } },
      errors: ['HUB_ERR_UNKNOWN_SESSION']
    }
  }, async (request, reply) => {
    const ended = await sessions.destroy({ workspace: request.workspace.id, id: request.params.session })
    if (ended === undefined || ended.epoch !== request.workspace.epoch) throw errors.unknownSession()
    return await reply.code(204).send()
  })
}
