/**
 * GET /audit: the workspace's trail of changes, tests and action runs, newest first (never values).
 */
import type { FastifyInstance } from 'fastify'
import { INTEGRATION_ID } from '../../contract/names.js'
import type { AuditTrail } from '../../integrations/audit.js'
import { requireVisible } from '../access.js'

const auditEntry = {
  $id: 'AuditEntry',
  type: 'object',
  description: 'One change, test or action run of a connection.',
  additionalProperties: false,
  required: ['id', 'at', 'actor', 'integration', 'connection', 'action', 'fields', 'outcome'],
  properties: {
    id: { type: 'string' },
    at: { type: 'string', format: 'date-time' },
    actor: { type: 'string', description: 'Who: the operator, a scoped token’s subject, an SSO user’s verified email or subject, what a host’s `authorize` said.' },
    integration: { type: 'string' },
    connection: { type: 'string' },
    action: { type: 'string', enum: ['create', 'update', 'delete', 'test', 'run'], description: 'A change, a test of a draft or of the stored settings, or an action run.' },
    name: { type: 'string', description: 'The action run, for `run`.' },
    fields: { type: 'array', items: { type: 'string' }, description: 'Paths of the settings that changed (secrets included by name, never values).' },
    outcome: { type: 'string', enum: ['saved', 'saved-despite-failed-test', 'rejected-by-test', 'conflict', 'deleted', 'passed', 'failed'] },
    code: { type: 'string', description: 'The failure code of a test or action, when it failed.' },
    version: { type: 'integer', description: 'The version a saved change produced.' }
  }
} as const

/** The components of these routes (added by hub.ts). */
export const auditSchemas = [auditEntry]

export default async function auditRoutes (fastify: FastifyInstance, { audit }: { audit: AuditTrail }): Promise<void> {
  fastify.get<{ Querystring: { integration?: string, limit: number } }>('/audit', {
    config: { access: 'read' },
    schema: {
      tags: ['audit'],
      operationId: 'listAuditEntries',
      summary: 'Who changed, tested or used which connection, when, which fields, and the outcome',
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          integration: { type: 'string', pattern: INTEGRATION_ID },
          limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 }
        }
      },
      response: { 200: { type: 'object', additionalProperties: false, required: ['entries'], properties: { entries: { type: 'array', items: { $ref: 'AuditEntry#' }, description: 'Newest first.' } } } },
      errors: ['HUB_ERR_UNKNOWN_INTEGRATION']
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
