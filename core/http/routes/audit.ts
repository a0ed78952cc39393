/**
 * GET /api/audit: the trail of changes, newest first (never values).
 */
import type { FastifyInstance } from 'fastify'

export default async function auditRoutes (fastify: FastifyInstance): Promise<void> {
  const { audit } = fastify.hub

  fastify.get<{ Querystring: { integration?: string, limit: number } }>('/api/audit', {
    schema: {
      tags: ['audit'],
      summary: 'Who changed which integration, when, which fields, and the outcome',
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          integration: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,39}$' },
          limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 }
        }
      },
      response: {
        200: {
          type: 'object',
          properties: {
            entries: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  id: { type: 'string' },
                  at: { type: 'string' },
                  actor: { type: 'string' },
                  integration: { type: 'string' },
                  action: { type: 'string' },
                  fields: { type: 'array', items: { type: 'string' } },
                  outcome: { type: 'string' },
                  testCode: { type: 'string' },
                  version: { type: 'integer' }
                }
              }
            }
          }
        }
      }
    }
  }, async (request) => ({
    entries: await audit.list({
      limit: request.query.limit,
      ...(request.query.integration === undefined ? {} : { integration: request.query.integration })
    })
  }))
}
