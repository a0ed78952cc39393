/**
 * /api/workspaces: the operator creates, lists, renames and deletes workspaces. A scoped caller may
 * read its own workspace; any other one answers 404, like one that does not exist.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { WORKSPACE_ID } from '../../contract/names.js'
import { errors } from '../../errors.js'
import type { Workspaces } from '../../workspaces/registry.js'
import { requireRole } from '../access.js'

const workspaceView = {
  type: 'object',
  properties: { id: { type: 'string' }, name: { type: 'string' }, createdAt: { type: 'string' }, updatedAt: { type: 'string' } }
} as const

const name = { type: 'string', title: 'Name', minLength: 1, maxLength: 200 } as const
const params = { type: 'object', required: ['workspace'], properties: { workspace: { type: 'string', pattern: WORKSPACE_ID, title: 'Workspace' } } } as const

export default async function workspaceRoutes (fastify: FastifyInstance, { workspaces }: { workspaces: Workspaces }): Promise<void> {
  const operator = async (request: FastifyRequest): Promise<void> => { requireRole(request.principal, 'operator') }

  fastify.get('/api/me', {
    schema: {
      tags: ['auth'],
      summary: 'Who the caller is: its workspace, its role, and the integrations it may see',
      response: {
        200: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            workspace: { type: 'string' },
            role: { type: 'string', enum: ['operator', 'admin', 'viewer'] },
            integrations: { type: 'array', items: { type: 'string' } }
          }
        }
      }
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
    preHandler: operator,
    schema: { tags: ['workspaces'], summary: 'Every workspace', response: { 200: { type: 'object', properties: { workspaces: { type: 'array', items: workspaceView } } } } }
  }, async () => ({ workspaces: await workspaces.list() }))

  fastify.post<{ Body: { id: string, name?: string } }>('/api/workspaces', {
    preHandler: operator,
    schema: {
      tags: ['workspaces'],
      summary: 'Create a workspace (201)',
      body: {
        type: 'object',
        additionalProperties: false,
        required: ['id'],
        properties: { id: { type: 'string', pattern: WORKSPACE_ID, title: 'Workspace ID', description: 'Lower-case letters, digits and dashes, 1 to 63 characters.' }, name }
      },
      response: { 201: workspaceView }
    }
  }, async (request, reply) => await reply.code(201).send(await workspaces.create(request.body.id, request.body.name ?? request.body.id)))

  fastify.get<{ Params: { workspace: string } }>('/api/workspaces/:workspace', {
    schema: { tags: ['workspaces'], summary: 'One workspace', params, response: { 200: workspaceView } }
  }, async (request) => {
    const { principal } = request
    const { workspace } = request.params
    const view = principal.operator || principal.workspace === workspace ? await workspaces.view(workspace) : undefined
    if (view === undefined) throw errors.unknownWorkspace(workspace)
    return view
  })

  fastify.patch<{ Params: { workspace: string }, Body: { name: string } }>('/api/workspaces/:workspace', {
    preHandler: operator,
    schema: { tags: ['workspaces'], summary: 'Rename a workspace', params, body: { type: 'object', additionalProperties: false, required: ['name'], properties: { name } }, response: { 200: workspaceView } }
  }, async (request) => await workspaces.rename(request.params.workspace, request.body.name))

  fastify.delete<{ Params: { workspace: string } }>('/api/workspaces/:workspace', {
    preHandler: operator,
    schema: { tags: ['workspaces'], summary: 'Delete a workspace and everything it holds (204); its data key goes with it', params }
  }, async (request, reply) => {
    await workspaces.remove(request.params.workspace)
    return await reply.code(204).send()
  })
}
