/**
 * Browser sign-in with the admin token, sign-out, who is signed in, and how one can sign in. Single
 * sign-on adds its own routes (sso/routes.ts); these work with or without it.
 */
import type { FastifyInstance } from 'fastify'
import type { Principal as PrincipalView } from '../../api/types.js'
import { DEFAULT_WORKSPACE, WORKSPACE_ID } from '../../contract/names.js'
import { errors, HubError } from '../../errors.js'
import { digest, sameText } from '../../security/admin-token.js'
import { parseSessionCookie, SESSION_COOKIE, type SessionStore } from '../../security/sessions.js'
import type { Workspaces } from '../../workspaces/registry.js'
import { sameOrigin, type Authenticator } from '../authenticate.js'
import type { SessionCookie } from '../../security/session-cookie.js'
import { callers } from '../openapi/document.js'

/**
 * Per address. Sign-in guesses get few tries; the others each read the store, so they are limited
 * too, generously enough for an admin page that asks on every load.
 */
const signInLimit = { rateLimit: { max: 10, timeWindow: '1 minute' } }
const sessionLimit = { rateLimit: { max: 120, timeWindow: '1 minute' } }

const signedIn = {
  $id: 'SignedIn',
  type: 'object',
  description: 'Who is signed in to the page.',
  additionalProperties: false,
  required: ['sub', 'via', 'workspace', 'role'],
  properties: {
    sub: { type: 'string', description: '`operator` for an admin-token sign-in, the provider’s subject for single sign-on.' },
    email: { type: 'string' },
    name: { type: 'string' },
    via: { type: 'string', enum: ['token', 'sso'] },
    workspace: { type: 'string' },
    role: { type: ['string', 'null'], enum: ['operator', 'admin', 'viewer', null], description: '`operator` manages every workspace; `admin` and `viewer` act in their own; null: signed in, but with no rights there.' }
  }
} as const

/** The components of these routes (added by hub.ts). */
export const authSchemas = [signedIn]

export interface AuthRouteOptions {
  authenticator: Authenticator
  sessions: SessionStore
  workspaces: Workspaces
  cookie: SessionCookie
  allowedOrigins: string[]
  publicUrl: URL | undefined
  /** Whether a workspace's single sign-on is configured and switched on. */
  ssoEnabled: (workspace: string) => Promise<boolean>
  /** Where to send the browser to end the provider's session too, when it has such an endpoint. */
  endSessionUrl: (workspace: string, idToken: string | undefined) => Promise<string | undefined>
}

export default async function authRoutes (fastify: FastifyInstance, options: AuthRouteOptions): Promise<void> {
  const { authenticator, sessions, workspaces, cookie } = options

  fastify.post<{ Body: { token: string } }>('/auth/token', {
    config: signInLimit,
    schema: {
      tags: ['auth'],
      operationId: 'signIn',
      summary: 'Sign in with the admin token; sets the session cookie (204)',
      security: callers.anyone,
      body: {
        type: 'object',
        additionalProperties: false,
        required: ['token'],
        properties: { token: { type: 'string', minLength: 1, maxLength: 1024, title: 'Admin token' } }
      },
      response: { 204: { type: 'null', description: 'Signed in: the `hub_session` cookie is set' } },
      errors: ['HUB_ERR_INVALID_TOKEN', 'HUB_ERR_RATE_LIMITED', 'HUB_ERR_STORE_UNAVAILABLE']
    }
  }, async (request, reply) => {
    // The same counter as bearer guesses: signing in is no second way to guess.
    const presented = digest(request.body.token)
    const overLimit = await authenticator.guesses.slowDown(request, presented)
    if (authenticator.adminDigest === undefined || !sameText(presented, authenticator.adminDigest)) {
      await authenticator.guesses.refuse(request, presented, overLimit)
    }
    const workspace = await workspaces.get(DEFAULT_WORKSPACE)
    cookie.set(reply, await sessions.create(workspace!, { sub: 'operator', via: 'token', adminTokenDigest: presented }))
    return await reply.code(204).send()
  })

  fastify.get('/auth/me', {
    config: sessionLimit,
    schema: {
      tags: ['auth'],
      operationId: 'getSignedIn',
      summary: 'Who is signed in, and in which workspace with which role (null: signed in, but with no rights there)',
      security: callers.session,
      response: { 200: { $ref: 'SignedIn#' } },
      errors: ['HUB_ERR_UNAUTHENTICATED', 'HUB_ERR_SESSION_ENDED', 'HUB_ERR_STORE_UNAVAILABLE']
    }
  }, async (request) => {
    const handle = parseSessionCookie(request.cookies[SESSION_COOKIE])
    const session = handle === undefined ? undefined : await sessions.get(handle)
    if (handle === undefined || session === undefined) throw errors.unauthenticated()
    let role: PrincipalView['role'] | null
    try {
      const principal = await authenticator.sessionPrincipal(request)
      role = principal.operator ? 'operator' : principal.role
    } catch (error) {
      if (!(error instanceof HubError) || error.code !== 'HUB_ERR_FORBIDDEN') throw error
      role = null
    }
    return {
      sub: session.sub,
      ...(session.email === undefined ? {} : { email: session.email }),
      ...(session.name === undefined ? {} : { name: session.name }),
      via: session.via,
      workspace: handle.workspace,
      role
    }
  })

  fastify.get<{ Querystring: { workspace?: string } }>('/auth/options', {
    config: sessionLimit,
    schema: {
      tags: ['auth'],
      operationId: 'getSignInOptions',
      summary: 'How people can sign in (to a workspace: `?workspace=`)',
      security: callers.anyone,
      querystring: { type: 'object', additionalProperties: false, properties: { workspace: { type: 'string', pattern: WORKSPACE_ID } } },
      response: { 200: { type: 'object', additionalProperties: false, required: ['ssoEnabled'], properties: { ssoEnabled: { type: 'boolean' } } } },
      errors: ['HUB_ERR_STORE_UNAVAILABLE']
    }
  }, async (request) => ({ ssoEnabled: await options.ssoEnabled(request.query.workspace ?? DEFAULT_WORKSPACE) }))

  fastify.post('/auth/logout', {
    config: sessionLimit,
    schema: {
      tags: ['auth'],
      operationId: 'signOut',
      summary: 'Sign out: ends the session; answers the provider’s end-session URL when it has one',
      security: callers.maybeSession,
      response: {
        200: { type: 'object', additionalProperties: false, required: ['endSessionUrl'], properties: { endSessionUrl: { type: 'string', format: 'uri', description: 'Send the browser here to end the identity provider’s session too.' } } },
        204: { type: 'null', description: 'Signed out' }
      },
      errors: ['HUB_ERR_CROSS_SITE', 'HUB_ERR_STORE_UNAVAILABLE']
    }
  }, async (request, reply) => {
    if (!sameOrigin(request, options)) throw errors.crossSite()
    const handle = parseSessionCookie(request.cookies[SESSION_COOKIE])
    const session = handle === undefined ? undefined : await sessions.destroy(handle)
    cookie.clear(reply)
    const endSessionUrl = session?.via === 'sso' ? await options.endSessionUrl(handle!.workspace, session.idToken) : undefined
    if (endSessionUrl !== undefined) return { endSessionUrl }
    return await reply.code(204).send()
  })
}
