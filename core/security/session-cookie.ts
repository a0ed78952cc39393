/**
 * The session cookie: set by the sign-in routes (admin token, SSO), read by the API. HttpOnly,
 * SameSite=Lax, Secure under https, scoped to the hub's mount path.
 */
import type { FastifyReply } from 'fastify'
import { SESSION_COOKIE, SESSION_TTL_MS } from './sessions.js'

export interface SessionCookie {
  /** Where the hub is mounted (`/`, or a host's prefix such as `/integrations/`). */
  readonly path: string
  readonly secure: boolean
  set(reply: FastifyReply, value: string): void
  clear(reply: FastifyReply): void
}

export function sessionCookie (path: string, secure: boolean): SessionCookie {
  return {
    path,
    secure,
    set: (reply, value) => {
      reply.setCookie(SESSION_COOKIE, value, { path, httpOnly: true, sameSite: 'lax', secure, maxAge: SESSION_TTL_MS / 1000 })
    },
    clear: (reply) => {
      reply.clearCookie(SESSION_COOKIE, { path, httpOnly: true, sameSite: 'lax', secure })
    }
  }
}
