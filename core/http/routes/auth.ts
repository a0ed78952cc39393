/**
 * Browser sign-in with the admin token, sign-out, and who is signed in. SSO adds its own routes
 * (routes/sso.ts); these work with or without it.
 */
import type { FastifyInstance, FastifyReply } from 'fastify'
import fastifyPlugin from 'fastify-plugin'
import { tokenMatcher } from '../authenticate.js'
import { errors } from '../../errors.js'
import { SESSION_COOKIE, SESSION_TTL_MS } from '../../security/sessions.js'

/**
 * Per address. Sign-in guesses get few tries; the others each read the store, so they are limited
 * too, generously enough for an admin page that asks on every load.
 */
const signInLimit = { rateLimit: { max: 10, timeWindow: '1 minute' } }
const sessionLimit = { rateLimit: { max: 120, timeWindow: '1 minute' } }

async function authRoutes (fastify: FastifyInstance): Promise<void> {
  const { sessions, adminToken, cookiePath, secureCookies, ssoEnabled } = fastify.hub
  const isAdminToken = tokenMatcher(adminToken)

  /** Sets the session cookie the widget then uses. */
  fastify.decorate('startSession', async function startSession (reply: FastifyReply, sessionId: string): Promise<void> {
    reply.setCookie(SESSION_COOKIE, sessionId, {
      path: cookiePath,
      httpOnly: true,
      sameSite: 'lax',
      secure: secureCookies,
      maxAge: SESSION_TTL_MS / 1000
    })
  })

  fastify.post<{ Body: { token: string } }>('/auth/token', {
    config: signInLimit,
    schema: {
      tags: ['auth'],
      summary: 'Sign in with the admin token; sets the session cookie',
      body: {
        type: 'object',
        additionalProperties: false,
        required: ['token'],
        properties: { token: { type: 'string', minLength: 1, maxLength: 1024, title: 'Admin token' } }
      }
    }
  }, async (request, reply) => {
    if (!isAdminToken(request.body.token)) throw errors.invalidToken()
    await fastify.startSession(reply, await sessions.create({ sub: 'admin', via: 'token', admin: true }))
    return await reply.code(204).send()
  })

  fastify.get('/auth/me', {
    config: sessionLimit,
    schema: {
      tags: ['auth'],
      summary: 'Who is signed in',
      response: {
        200: {
          type: 'object',
          properties: { sub: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' }, via: { type: 'string' }, admin: { type: 'boolean' } }
        }
      }
    }
  }, async (request) => {
    const session = await sessions.get(request.cookies[SESSION_COOKIE])
    if (session === undefined) throw errors.unauthenticated()
    return session
  })

  fastify.get('/auth/options', {
    config: sessionLimit,
    schema: { tags: ['auth'], summary: 'How people can sign in', response: { 200: { type: 'object', properties: { ssoEnabled: { type: 'boolean' } } } } }
  }, async () => ({ ssoEnabled: await ssoEnabled() }))

  fastify.post('/auth/logout', {
    config: sessionLimit,
    schema: { tags: ['auth'], summary: 'Sign out: ends the session' }
  }, async (request, reply) => {
    const session = await sessions.destroy(request.cookies[SESSION_COOKIE])
    reply.clearCookie(SESSION_COOKIE, { path: cookiePath })
    const endSessionUrl = session?.via === 'sso' ? await fastify.hub.endSessionUrl?.(session) : undefined
    if (endSessionUrl !== undefined) return { endSessionUrl }
    return await reply.code(204).send()
  })
}

/** Not encapsulated, so the SSO routes (routes/sso.ts) start sessions with the same `startSession`. */
export default fastifyPlugin(authRoutes)
