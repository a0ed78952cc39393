/**
 * /api/workspaces: the operator creates, lists, renames and deletes workspaces. A scoped caller may
 * read its own workspace; any other one answers 404, like one that does not exist. And /api/me.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { WORKSPACE_ID } from '../../contract/names.js'
import { errors } from '../../errors.js'
import type { Workspaces } from '../../workspaces/registry.js'
import { requireRole } from '../access.js'

const workspaceView = {
  $id: 'WorkspaceView',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'createdAt', 'updatedAt'],
  properties: { id: { type: 'string' }, name: { type: 'string' }, createdAt: { type: 'string', format: 'date-time' }, updatedAt: { type: 'string', format: 'date-time' } }
} as const

const caller = {
  $id: 'Caller',
  type: 'object',
  description: 'The caller of the API: its token or session.',
  additionalProperties: false,
  required: ['id', 'workspace', 'role'],
  properties: {
    id: { type: 'string', description: 'What the audit trail records as "who".' },
    workspace: { type: 'string', description: 'The workspace `/api/…` means for this caller.' },
    role: { type: 'string', enum: ['operator', 'admin', 'viewer'], description: 'A `viewer` may look at settings but not change, test or use them.' },
    integrations: { type: 'array', items: { type: 'string' }, description: 'The integrations an allowlisted token may see; absent: all of them.' }
  }
} as const

/** The components of these routes (added by hub.ts). */
export const workspaceSchemas = [workspaceView, caller]

const workspace = { $ref: 'WorkspaceView#' } as const

const name = { type: 'string', title: 'Name', minLength: 1, maxLength: 200 } as const
const params = { type: 'object', required: ['workspace'], properties: { workspace: { type: 'string', pattern: WORKSPACE_ID, title: 'Workspace' } } } as const

export default async function workspaceRoutes (fastify: FastifyInstance, { workspaces }: { workspaces: Workspaces }): Promise<void> {
  fastify.addHook('preHandler', async (request: FastifyRequest) => { requireRole(request.principal, request.routeOptions.config.access ?? 'change') })

  fastify.get('/api/me', {
    config: { access: 'read' },
    schema: {
      tags: ['auth'],
      operationId: 'getCaller',
      summary: 'Who the caller is: its workspace, its role, and the integrations it may see',
      response: { 200: { $ref: 'Caller#' } }
    }
  }, async (request) => {
    const { principal } = request
    return {
      id: principal.id,
      workspace: principal.workspace,
      role: principal.operator ? 'operator' : principal.role,
      ...(principal.integrations === undefined ? {} : { integrations: [...principal.integrations].sort() })
    }
  })

  fastify.get('/api/workspaces', {
    config: { access: 'operator' },
    schema: {
      tags: ['workspaces'],
      operationId: 'listWorkspaces',
      summary: 'Every workspace',
      response: { 200: { type: 'object', additionalProperties: false, required: ['workspaces'], properties: { workspaces: { type: 'array', items: workspace } } } }
    }
  }, async () => ({ workspaces: await workspaces.list() }))

  fastify.post<{ Body: { id: string, name?: string } }>('/api/workspaces', {
    config: { access: 'operator' },
    schema: {
      tags: ['workspaces'],
      operationId: 'createWorkspace',
      summary: 'Create a workspace (201)',
      body: {
        type: 'object',
        additionalProperties: false,
        required: ['id'],
        properties: { id: { type: 'string', pattern: WORKSPACE_ID, title: 'Workspace ID', description: 'Lower-case letters, digits and dashes, 1 to 63 characters.' }, name }
      },
      response: { 201: workspace },
      errors: ['HUB_ERR_WORKSPACE_EXISTS']
    }
  }, async (request, reply) => await reply.code(201).send(await workspaces.create(request.body.id, request.body.name ?? request.body.id)))

  fastify.get<{ Params: { workspace: string } }>('/api/workspaces/:workspace', {
    config: { access: 'read' },
    schema: { tags: ['workspaces'], operationId: 'getWorkspace', summary: 'One workspace', params, response: { 200: workspace }, errors: ['HUB_ERR_UNKNOWN_WORKSPACE'] }
  }, async (request) => {
    const { principal } = request
    const { workspace } = request.params
    const view = principal.operator || principal.workspace === workspace ? await workspaces.view(workspace) : undefined
    if (view === undefined) throw errors.unknownWorkspace(workspace)
    return view
  })

  fastify.patch<{ Params: { workspace: string }, Body: { name: string } }>('/api/workspaces/:workspace', {
    config: { access: 'operator' },
    schema: {
      tags: ['workspaces'],
      operationId: 'renameWorkspace',
      summary: 'Rename a workspace',
      params,
      body: { type: 'object', additionalProperties: false, required: ['name'], properties: { name } },
      response: { 200: workspace },
      errors: ['HUB_ERR_UNKNOWN_WORKSPACE']
    }
  }, async (request) => await workspaces.rename(request.params.workspace, request.body.name))

  fastify.delete<{ Params: { workspace: string } }>('/api/workspaces/:workspace', {
    config: { access: 'operator' },
    schema: {
      tags: ['workspaces'],
      operationId: 'deleteWorkspace',
      summary: 'Delete a workspace and everything it holds (204); its data key goes with it',
      params,
      response: { 204: { type: 'null', description: 'Deleted' } },
      errors: ['HUB_ERR_UNKNOWN_WORKSPACE', 'HUB_ERR_WORKSPACE_PROTECTED']
    }
  }, async (request, reply) => {
    await workspaces.remove(request.params.workspace)
    return await reply.code(204).send()
  })
}
