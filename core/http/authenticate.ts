/**
 * Who is calling the /api routes: a bearer admin token, a session cookie (admin-token sign-in or
 * SSO), or whatever a host app's own `authorize(request)` says. Cookie-authenticated changes must
 * come from the hub's own origin or an allowed one (CSRF).
 */
import { hash } from 'node:crypto'
import { fastifyCookie } from '@fastify/cookie'
import type { FastifyRequest } from 'fastify'
import { errors } from '../errors.js'
import { SESSION_COOKIE, type SessionStore } from '../security/sessions.js'
import type { HubStore } from '../storage/store.js'

export interface Actor {
  /** What the audit trail records as "who". */
  id: string
  via: 'token' | 'sso' | 'host'
}

/** A host app's check: return who is calling (an admin), or null to refuse. */
export type Authorize = (request: FastifyRequest) => Promise<{ id: string } | null> | { id: string } | null

export interface AuthOptions {
  adminToken: string | undefined
  authorize: Authorize | undefined
  sessions: SessionStore
  /** Where wrong admin tokens are counted per address, so every instance sees them. */
  store: HubStore
  /** Origins allowed to make cookie-authenticated changes besides the hub's own. */
  allowedOrigins: string[]
  publicUrl: URL | undefined
}

/** As text: a digest returned as a Buffer costs three times as much, mostly in the garbage collector. */
const digest = (text: string): string => hash('sha256', text, 'base64')

/**
 * A check of candidates against `expected` (digested once), in constant time: both sides are
 * digests of equal length, compared without an early exit, so the time taken says nothing about
 * how much of the token matched, nor how long it is. Without an expected token nothing matches.
 */
export function tokenMatcher (expected: string | undefined): (candidate: string) => boolean {
  if (expected === undefined) return () => false
  const expectedDigest = digest(expected)
  return candidate => {
    const candidateDigest = digest(candidate)
    let difference = 0
    for (let index = 0; index < expectedDigest.length; index++) difference |= candidateDigest.charCodeAt(index) ^ expectedDigest.charCodeAt(index)
    return difference === 0
  }
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Wrong bearer tokens an address may send in a minute (a window renewed by each wrong one); past
 * that, even the right token is refused, or the sign-in limit could be bypassed through the API.
 */
const TOKEN_GUESSES = 10
const GUESS_WINDOW_MS = 60_000
const guessesKey = (request: FastifyRequest): string => `token-guesses:${request.ip}`

export function createAuthenticator (options: AuthOptions) {
  const isAdminToken = tokenMatcher(options.adminToken)
  return async function authenticate (request: FastifyRequest): Promise<Actor> {
    if (options.authorize !== undefined) {
      const who = await options.authorize(request)
      if (who === null || typeof who?.id !== 'string') throw errors.forbidden()
      return { id: who.id, via: 'host' }
    }
    const header = request.headers.authorization
    if (header !== undefined) {
      if (((await options.store.get<number>(guessesKey(request))) ?? 0) >= TOKEN_GUESSES) throw errors.rateLimited(GUESS_WINDOW_MS / 1000)
      const token = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim()
      if (token === undefined || !isAdminToken(token)) {
        await options.store.update<number>(guessesKey(request), count => (count ?? 0) + 1, { ttlMs: GUESS_WINDOW_MS })
        throw errors.invalidToken()
      }
      return { id: 'admin-token', via: 'token' }
    }
    const cookies = request.headers.cookie
    const session = await options.sessions.get(cookies === undefined ? undefined : fastifyCookie.parse(cookies)[SESSION_COOKIE])
    if (session === undefined) throw errors.unauthenticated()
    if (!safeMethods.has(request.method) && !sameOrigin(request, options)) throw errors.crossSite()
    if (!session.admin) throw errors.forbidden()
    return { id: session.via === 'token' ? 'admin-token' : session.email ?? session.sub, via: session.via }
  }
}

/** Browsers send Origin on every cross-origin request and on same-origin writes; other clients send none. */
function sameOrigin (request: FastifyRequest, options: AuthOptions): boolean {
  const origin = request.headers.origin
  if (origin === undefined) return request.headers['sec-fetch-site'] === undefined || request.headers['sec-fetch-site'] === 'same-origin'
  const own = `${request.protocol}://${request.host}`
  return origin === own || origin === options.publicUrl?.origin || options.allowedOrigins.includes(origin)
}
