/**
 * A workspace's browser sessions, for the operator: who is signed in, since when, and revoking one.
 */
import type { FastifyInstance } from 'fastify'
import { errors } from '../../errors.js'
import type { SessionStore } from '../../security/sessions.js'

export default async function sessionRoutes (fastify: FastifyInstance, { sessions }: { sessions: SessionStore }): Promise<void> {
  fastify.get('/sessions', {
    config: { access: 'operator' },
    schema: {
      tags: ['sessions'],
      summary: 'The workspace’s live browser sessions',
      response: {
        200: {
          type: 'object',
          properties: {
            sessions: {
              type: 'array',
              items: {
                type: 'object',
                properties: { id: { type: 'string' }, sub: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' }, via: { type: 'string' }, createdAt: { type: 'string' }, lastSeenAt: { type: 'string' } }
              }
            }
          }
        }
      }
    }
  }, async (request) => ({ sessions: await sessions.list(request.workspace) }))

  fastify.delete<{ Params: { session: string } }>('/sessions/:session', {
    config: { access: 'operator' },
    schema: { tags: ['sessions'], summary: 'End a session at once (204)', params: { type: 'object', required: ['session'], properties: { session: { type: 'string', pattern: '^[\\w-]{43}$' } } } }
  }, async (request, reply) => {
    const ended = await sessions.destroy({ workspace: request.workspace.id, id: request.params.session })
    if (ended === undefined || ended.epoch !== request.workspace.epoch) throw errors.unknownSession()
    return await reply.code(204).send()
  })
}
