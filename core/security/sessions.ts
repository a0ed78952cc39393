/**
 * Browser sessions (admin-token sign-in and SSO), kept in the store so any hub instance can serve
 * them, each in its workspace. The cookie holds the workspace and a random id; the store keys the
 * session by the id's digest, so a store dump holds no usable session. A session records who signed
 * in, not what they may do: rights are worked out again on every request from the current settings.
 * It ends after 8 hours, or after 30 minutes without a request.
 */
import { hash, randomBytes } from 'node:crypto'
import { matches, WORKSPACE_ID } from '../contract/names.js'
import { keys } from '../storage/keys.js'
import type { HubStore } from '../storage/store.js'

/** The workspace a session or token belongs to: its id, and its epoch (a deleted namesake's differs). */
export interface WorkspaceIdentity {
  readonly id: string
  readonly epoch: string
}

export interface Session {
  /** The workspace's epoch when the session began. */
  epoch: string
  /** Subject: `operator` for the admin token, the provider's `sub` for SSO. */
  sub: string
  via: 'token' | 'sso'
  /** Token sign-ins: the digest of the admin token used, so a changed token ends the session. */
  adminTokenDigest?: string
  /** SSO: the email, whether the provider said it is verified, the name and the groups it sent. */
  email?: string
  emailVerified?: boolean
  name?: string
  groups?: string[]
  /** The ID token, kept for the provider's end-session (logout) endpoint. */
  idToken?: string
  createdAt: string
  lastSeenAt: string
}

export interface SessionHandle {
  workspace: string
  /** The digest the store keys it by; also its id in the operator's session list. */
  id: string
}

export const SESSION_COOKIE = 'hub_session'
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000
export const SESSION_IDLE_MS = 30 * 60 * 1000
/** A session's last-seen time is written at most this often (each write is a store round trip). */
const TOUCH_INTERVAL_MS = 60 * 1000

const idPattern = /^[\w-]{43}$/

/** The cookie value `<workspace>.<random id>` taken apart, or undefined when it is not one. */
export function parseSessionCookie (value: string | undefined): SessionHandle | undefined {
  if (value === undefined) return undefined
  const dot = value.lastIndexOf('.')
  const workspace = value.slice(0, dot)
  const random = value.slice(dot + 1)
  if (dot < 1 || !matches(WORKSPACE_ID, workspace) || !idPattern.test(random)) return undefined
  return { workspace, id: hash('sha256', random, 'base64url') }
}

export interface SessionLimits {
  /** How long a session lasts at most, in ms. */
  ttlMs: number
  /** How long it lasts without a request, in ms. */
  idleMs: number
}

export class SessionStore {
  readonly #limits: SessionLimits

  constructor (private readonly store: HubStore, limits: Partial<SessionLimits> = {}) {
    this.#limits = { ttlMs: limits.ttlMs ?? SESSION_TTL_MS, idleMs: limits.idleMs ?? SESSION_IDLE_MS }
  }

  /** Stores a session and returns the cookie value. */
  async create (workspace: WorkspaceIdentity, session: Omit<Session, 'createdAt' | 'lastSeenAt' | 'epoch'>): Promise<string> {
    const random = randomBytes(32).toString('base64url')
    const cookie = `${workspace.id}.${random}`
    const handle = parseSessionCookie(cookie)!
    const now = new Date().toISOString()
    await this.store.set(keys.session(workspace.id, handle.id), { ...session, epoch: workspace.epoch, createdAt: now, lastSeenAt: now }, this.#limits.idleMs)
    return cookie
  }

  /** The live session a handle names (idle and absolute limits applied), touching it now and then. */
  async get (handle: SessionHandle): Promise<Session | undefined> {
    const key = keys.session(handle.workspace, handle.id)
    const session = await this.store.get<Session>(key)
    if (session === undefined) return undefined
    const now = Date.now()
    const ends = Date.parse(session.createdAt) + this.#limits.ttlMs
    if (now >= ends || now - Date.parse(session.lastSeenAt) >= this.#limits.idleMs) return undefined
    if (now - Date.parse(session.lastSeenAt) > Math.min(TOUCH_INTERVAL_MS, this.#limits.idleMs / 4)) {
      await this.store.update<Session>(key, current => current === undefined ? undefined : { ...current, lastSeenAt: new Date(now).toISOString() },
        { ttlMs: Math.min(this.#limits.idleMs, ends - now) })
    }
    return session as Session
  }

  async destroy (handle: SessionHandle): Promise<Session | undefined> {
    return await this.store.take<Session>(keys.session(handle.workspace, handle.id)) as Session | undefined
  }

  /** A workspace's live sessions, for the operator (no ID tokens). */
  async list (workspace: WorkspaceIdentity): Promise<Array<{ id: string } & Omit<Session, 'idToken' | 'epoch' | 'adminTokenDigest'>>> {
    const prefix = keys.sessions(workspace.id)
    return (await this.store.list<Session>(prefix))
      .filter(({ value }) => value.epoch === workspace.epoch && Date.now() < Date.parse(value.createdAt) + this.#limits.ttlMs)
      .map(({ key, value: { idToken: _idToken, epoch: _epoch, adminTokenDigest: _digest, ...session } }) => ({ id: key.slice(prefix.length), ...session as Omit<Session, 'idToken' | 'epoch' | 'adminTokenDigest'> }))
  }
}
