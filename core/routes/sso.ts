/**
 * Single sign-on through the SSO integration's OpenID provider: /auth/login and /auth/callback.
 */
import type { FastifyInstance } from 'fastify'
import { errors } from '../errors.js'

export default async function ssoRoutes (fastify: FastifyInstance): Promise<void> {
  fastify.get('/auth/login', { schema: { tags: ['auth'], summary: 'Start signing in through the identity provider' } }, async () => {
    throw errors.ssoNotEnabled()
  })
}
