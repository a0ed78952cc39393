/**
 * What a caller may reach, declared once per route (`config.access`) and enforced here for all of
 * them: the workspace a request is about (named in the path, or the caller's own), the integrations
 * an allowlisted token may see, and the role a route needs. Another workspace's data answers 404,
 * exactly like a workspace that does not exist, so a caller never learns that it exists.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { matches, WORKSPACE_ID } from '../contract/names.js'
import { errors } from '../errors.js'
import type { Workspace, Workspaces } from '../workspaces/registry.js'
import type { Principal } from './authenticate.js'

/** `read`: any signed-in principal; `change`: not a viewer (changes, tests, actions); `operator`: the operator only. */
export type Access = 'read' | 'change' | 'operator'

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access
  }
  interface FastifyRequest {
    principal: Principal
    /** The workspace the request acts in. */
    workspace: Workspace
  }
}

export function requireRole (principal: Principal, access: Access): void {
  if (access === 'operator' && !principal.operator) throw errors.operatorOnly()
  if (access === 'change' && principal.role === 'viewer') throw errors.readOnly()
}

/** Refuses an integration outside the caller's allowlist as if it did not exist. */
export function requireVisible (principal: Principal, integration: string): void {
  if (principal.integrations !== undefined && !principal.integrations.has(integration)) throw errors.unknownIntegration(integration)
}

/**
 * A preHandler for the routes that act in a workspace (after validation: path parameters are
 * well-formed). The caller's own workspace came with authentication, so most requests are decided
 * without waiting on the store.
 */
export function workspaceScope (workspaces: Workspaces) {
  const enter = (request: FastifyRequest, workspace: Workspace | undefined, wanted: string): void => {
    if (workspace === undefined) throw errors.unknownWorkspace(wanted)
    request.workspace = workspace
    const { principal } = request
    const { id } = request.params as { id?: string }
    if (id !== undefined) requireVisible(principal, id)
    requireRole(principal, request.routeOptions.config.access ?? 'change')
  }
  return function scope (request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void): void {
    const { principal } = request
    const wanted = (request.params as { workspace?: string }).workspace ?? principal.workspace
    if (!matches(WORKSPACE_ID, wanted)) throw errors.unknownWorkspace(String(wanted).slice(0, 63))
    if (!principal.operator && wanted !== principal.workspace) throw errors.unknownWorkspace(wanted)
    if (principal.home?.id === wanted) {
      enter(request, principal.home, wanted)
      done()
      return
    }
    workspaces.get(wanted).then(workspace => {
      try {
        enter(request, workspace, wanted)
      } catch (error) {
        done(error as Error)
        return
      }
      done()
    }, done)
  }
}
