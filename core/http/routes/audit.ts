/**
 * GET /audit: the workspace's trail of changes, tests and action runs, newest first (never values).
 */
import type { FastifyInstance } from 'fastify'
import { INTEGRATION_ID } from '../../contract/names.js'
import type { AuditTrail } from '../../integrations/audit.js'
import { requireVisible } from '../access.js'

export default async function auditRoutes (fastify: FastifyInstance, { audit }: { audit: AuditTrail }): Promise<void> {
  fastify.get<{ Querystring: { integration?: string, limit: number } }>('/audit', {
    config: { access: 'read' },
    schema: {
      tags: ['audit'],
      summary: 'Who changed, tested or used which connection, when, which fields, and the outcome',
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          integration: { type: 'string', pattern: INTEGRATION_ID },
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
                  connection: { type: 'string' },
                  action: { type: 'string' },
                  name: { type: 'string' },
                  fields: { type: 'array', items: { type: 'string' } },
                  outcome: { type: 'string' },
                  code: { type: 'string' },
                  version: { type: 'integer' }
                }
              }
            }
          }
        }
      }
    }
  }, async (request) => {
    const { principal } = request
    if (request.query.integration !== undefined) requireVisible(principal, request.query.integration)
    const entries = await audit.list(request.workspace, {
      limit: principal.integrations === undefined ? request.query.limit : 1000,
      ...(request.query.integration === undefined ? {} : { integration: request.query.integration })
    })
    const visible = principal.integrations === undefined ? entries : entries.filter(entry => principal.integrations!.has(entry.integration))
    return { entries: visible.slice(0, request.query.limit) }
  })
}
