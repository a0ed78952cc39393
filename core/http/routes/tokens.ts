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
  $id: 'TokenView',
  type: 'object',
  description: 'A scoped token as the operator sees it: never the token itself.',
  additionalProperties: false,
  required: ['id', 'subject', 'role', 'createdAt', 'expiresAt'],
  properties: {
    id: { type: 'string' },
    subject: { type: 'string' },
    role: { type: 'string', enum: ['admin', 'viewer'] },
    integrations: { type: 'array', items: { type: 'string' } },
    createdAt: { type: 'string', format: 'date-time' },
    expiresAt: { type: 'string', format: 'date-time' },
    revokedAt: { type: 'string', format: 'date-time' }
  }
} as const

const createdToken = {
  $id: 'CreatedToken',
  type: 'object',
  description: 'A scoped token just minted: the token itself is shown this once.',
  additionalProperties: false,
  required: ['id', 'token', 'expiresAt'],
  properties: { id: { type: 'string' }, token: { type: 'string', description: '`ihst_…`: send it as `Authorization: Bearer …`.' }, expiresAt: { type: 'string', format: 'date-time' } }
} as const

/** The components of these routes (added by hub.ts). */
export const tokenSchemas = [tokenView, createdToken]

export default async function tokenRoutes (fastify: FastifyInstance, { tokens }: { tokens: ScopedTokens }): Promise<void> {
  fastify.post<{ Body: { subject: string, role: Role, integrations?: string[], ttlSeconds: number } }>('/tokens', {
    config: { access: 'operator' },
    schema: {
      tags: ['tokens'],
      operationId: 'createToken',
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
      response: { 201: { $ref: 'CreatedToken#' } }
    }
  }, async (request, reply) => await reply.code(201).send(await tokens.create(request.workspace, request.body)))

  fastify.get('/tokens', {
    config: { access: 'operator' },
    schema: {
      tags: ['tokens'],
      operationId: 'listTokens',
      summary: 'The workspace’s scoped tokens (never the tokens themselves)',
      response: { 200: { type: 'object', additionalProperties: false, required: ['tokens'], properties: { tokens: { type: 'array', items: { $ref: 'TokenView#' } } } } }
    }
  }, async (request) => ({ tokens: await tokens.list(request.workspace) }))

  fastify.delete<{ Params: { token: string } }>('/tokens/:token', {
    config: { access: 'operator' },
    schema: {
      tags: ['tokens'],
      operationId: 'revokeToken',
      summary: 'Revoke a scoped token at once (204)',
      params: { type: 'object', required: ['token'], properties: { token: { type: 'string', pattern: '^[0-9a-f]{16}$' } } },
      response: { 204: { type: 'null', description: 'Revoked' } },
      errors: ['HUB_ERR_UNKNOWN_TOKEN']
    }
  }, async (request, reply) => {
    if (!await tokens.revoke(request.workspace, request.params.token)) throw errors.unknownToken(request.params.token)
    return await reply.code(204).send()
  })
}
