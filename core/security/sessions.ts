/**
 * Browser sessions (admin-token sign-in and SSO), kept in the store so any hub instance can serve
 * them. The cookie holds a random id; the store keys sessions by the id's hash, so a store dump
 * holds no usable session.
 */
import { createHash, randomBytes } from 'node:crypto'
import type { HubStore } from '../storage/store.js'

export interface Session {
  /** Subject: `admin` for the admin token, the provider's `sub` for SSO. */
  sub: string
  email?: string
  name?: string
  via: 'token' | 'sso'
  /** Whether this person may use the /api routes. */
  admin: boolean
  /** The ID token, kept for the provider's end-session (logout) endpoint. */
  idToken?: string
  createdAt: string
}

export const SESSION_COOKIE = 'hub_session'
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000

const keyOf = (id: string): string => `session:${createHash('sha256').update(id).digest('base64url')}`

export class SessionStore {
  constructor (private readonly store: HubStore) {}

  /** Stores a session and returns the id for the cookie. */
  async create (session: Omit<Session, 'createdAt'>): Promise<string> {
    const id = randomBytes(32).toString('base64url')
    await this.store.set(keyOf(id), { ...session, createdAt: new Date().toISOString() }, SESSION_TTL_MS)
    return id
  }

  async get (id: string | undefined): Promise<Session | undefined> {
    if (id === undefined || !/^[\w-]{43}$/.test(id)) return undefined
    return await this.store.get<Session>(keyOf(id))
  }

  async destroy (id: string | undefined): Promise<Session | undefined> {
    if (id === undefined || !/^[\w-]{43}$/.test(id)) return undefined
    return await this.store.take<Session>(keyOf(id))
  }
}
