/**
 * A workspace's scoped tokens: the operator (or a host backend holding the admin token) mints a
 * short-lived token for one person — what the embedded widget's `getToken` fetches — lists them and
 * revokes one at once.
 */
import type { FastifyInstance } from 'fastify'
import { INTEGRATION_ID } from '../../contract/names.js'
import { errors } from '../../errors.js'
import { MAX_TOKEN_TTL_SECONDS, type ScopedTokens } from '../../security/tokens.js'
import type { Role } from '../../api/types.js'

const tokenView = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    subject: { type: 'string' },
    role: { type: 'string' },
    integrations: { type: 'array', items: { type: 'string' } },
    createdAt: { type: 'string' },
    expiresAt: { type: 'string' },
    revokedAt: { type: 'string' }
  }
} as const

export default async function tokenRoutes (fastify: FastifyInstance, { tokens }: { tokens: ScopedTokens }): Promise<void> {
  fastify.post<{ Body: { subject: string, role: Role, integrations?: string[], ttlSeconds: number } }>('/tokens', {
    config: { access: 'operator' },
    schema: {
      tags: ['tokens'],
      summary: 'Mint a scoped token for one person of the workspace (201; the token is shown this once)',
      body: {
        type: 'object',
        additionalProperties: false,
        required: ['subject', 'role'],
        properties: {
          subject: { type: 'string', title: 'Subject', description: 'Who the token is for; the audit trail names them so.', minLength: 1, maxLength: 320 },
          role: { type: 'string', title: 'Role', enum: ['admin', 'viewer'] },
          integrations: { type: 'array', title: 'Integrations', items: { type: 'string', pattern: INTEGRATION_ID }, uniqueItems: true, maxItems: 100 },
          ttlSeconds: { type: 'integer', title: 'Lifetime in seconds', minimum: 60, maximum: MAX_TOKEN_TTL_SECONDS, default: 900 }
        }
      },
      response: { 201: { type: 'object', properties: { id: { type: 'string' }, token: { type: 'string' }, expiresAt: { type: 'string' } } } }
    }
  }, async (request, reply) => await reply.code(201).send(await tokens.create(request.workspace, request.body)))

  fastify.get('/tokens', {
    config: { access: 'operator' },
    schema: { tags: ['tokens'], summary: 'The workspace’s scoped tokens (never the tokens themselves)', response: { 200: { type: 'object', properties: { tokens: { type: 'array', items: tokenView } } } } }
  }, async (request) => ({ tokens: await tokens.list(request.workspace) }))

  fastify.delete<{ Params: { token: string } }>('/tokens/:token', {
    config: { access: 'operator' },
    schema: { tags: ['tokens'], summary: 'Revoke a scoped token at once (204)', params: { type: 'object', required: ['token'], properties: { token: { type: 'string', pattern: '^[0-9a-f]{16}$' } } } }
  }, async (request, reply) => {
    if (!await tokens.revoke(request.workspace, request.params.token)) throw errors.unknownToken(request.params.token)
    return await reply.code(204).send()
  })
}
