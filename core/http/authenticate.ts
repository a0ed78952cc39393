/**
 * Who is calling the /api routes, and with what rights: the operator's admin token, a scoped token,
 * a session cookie (admin-token sign-in or SSO), or whatever a host app's own `authorize(request)`
 * says. Rights come from the current settings on every request: a changed admin token ends the
 * sessions it opened, an SSO user removed from the administrators loses the rights at once.
 * Cookie-authenticated changes must come from the hub's own origin or an allowed one (CSRF).
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { fastifyCookie } from '@fastify/cookie'
import type { FastifyRequest } from 'fastify'
import type { Role } from '../api/types.js'
import { DEFAULT_CONNECTION, DEFAULT_WORKSPACE, matches, WORKSPACE_ID } from '../contract/names.js'
import { errors } from '../errors.js'
import type { IntegrationService } from '../integrations/service.js'
import { digest, sameText } from '../security/admin-token.js'
import { parseSessionCookie, SESSION_COOKIE, type Session, type SessionHandle, type SessionStore } from '../security/sessions.js'
import { SCOPED_TOKEN_PREFIX, type ScopedTokens, type TokenHolder } from '../security/tokens.js'
import { roleOf, auditName, type Identity } from '../sso/roles.js'
import type { SsoSettings } from '../sso/settings.js'
import { cachedValue } from '../storage/cached.js'
import { keys } from '../storage/keys.js'
import type { HubStore } from '../storage/store.js'
import type { Workspace, Workspaces } from '../workspaces/registry.js'

export interface Principal {
  /** What the audit trail records as "who". */
  id: string
  via: 'admin-token' | 'scoped-token' | 'session' | 'host'
  /** The operator manages workspaces and may act in any of them. */
  operator: boolean
  /** The workspace the short routes (`/api/integrations/…`) mean for this caller. */
  workspace: string
  role: Role
  /** The integrations this caller may see; undefined: all of them. */
  integrations: ReadonlySet<string> | undefined
  /** The browser session, when the caller came with one. */
  session?: SessionHandle
  /** The caller's own workspace as authentication found it, so the route need not look it up again. */
  home?: Workspace
}

/** What a host app's `authorize` returns: who is calling, and optionally in which workspace and role. */
export interface HostGrant {
  id: string
  /** The workspace the caller belongs to; without it the caller is the operator (today's full rights). */
  workspace?: string
  role?: Role | 'operator'
  integrations?: string[]
}

/** A host app's check: return who is calling, or null to refuse. */
export type Authorize = (request: FastifyRequest) => Promise<HostGrant | null> | HostGrant | null

export interface AuthOptions {
  adminToken: string | undefined
  authorize: Authorize | undefined
  sessions: SessionStore
  tokens: ScopedTokens
  workspaces: Workspaces
  service: IntegrationService
  /** Where wrong tokens are counted, so every instance sees them. */
  store: HubStore
  /** Origins allowed to make cookie-authenticated changes besides the hub's own. */
  allowedOrigins: string[]
  publicUrl: URL | undefined
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Wrong tokens an address may present in a minute (a window renewed by each wrong one), counted per
 * bucket of the presented token's digest (16 buckets). Past the limit, that bucket is slowed down,
 * not shut: each attempt waits GUESS_DELAY_MS before it is checked, a wrong token is then refused
 * with 429, and the right one still works. Guessing slows to a crawl (the connections per address are
 * capped too), while a stranger's junk from the same address — a shared proxy, a NAT — can at worst
 * delay the right token, never refuse it.
 */
export const TOKEN_GUESSES = 10
export const GUESS_WINDOW_MS = 60_000
export const GUESS_DELAY_MS = 1_000
/** Bearer tokens remembered as verified (see `verified` in createAuthenticator). */
const VERIFIED_TOKENS = 10_000

export interface Guesses {
  /** Whether `presentedDigest`'s bucket is over the limit for the request's address; waits GUESS_DELAY_MS when it is. */
  slowDown(request: FastifyRequest, presentedDigest: string): Promise<boolean>
  /** Where the wrong tokens of the request's address in `presentedDigest`'s bucket are counted. */
  keyOf(request: FastifyRequest, presentedDigest: string): string
  /** Whether the read cache knows the count at `guessKey` (see `keyOf`) to be under the limit (false when it does not know). */
  isClear(guessKey: string): boolean
  /** Counts one wrong token; throws 429 when its bucket was over the limit already. */
  refuse(request: FastifyRequest, presentedDigest: string, overLimit: boolean): Promise<never>
}

/** The bucket of a digest: its first hex digit's worth, from the first base64 character. */
export const guessBucket = (presentedDigest: string): string => String('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.indexOf(presentedDigest.charAt(0)) >> 2)

export function guessCounter (store: HubStore): Guesses {
  const key = (request: FastifyRequest, presentedDigest: string): string => keys.guesses(request.ip, guessBucket(presentedDigest))

  return {
    slowDown: async (request, presentedDigest) => {
      const over = ((await store.get<number>(key(request, presentedDigest))) ?? 0) >= TOKEN_GUESSES
      if (over) await sleep(GUESS_DELAY_MS)
      return over
    },
    keyOf: key,
    isClear: (guessKey) => {
      const count = cachedValue<number>(store, guessKey)
      return count !== undefined && (count.value ?? 0) < TOKEN_GUESSES
    },
    refuse: async (request, presentedDigest, overLimit) => {
      await store.update<number>(key(request, presentedDigest), count => (count ?? 0) + 1, { ttlMs: GUESS_WINDOW_MS })
      throw overLimit ? errors.rateLimited(GUESS_WINDOW_MS / 1000) : errors.invalidToken()
    }
  }
}

/** A bearer token verified before (see `verified` in createAuthenticator). */
interface Verified {
  principal: Principal
  /** A scoped token's holder; none for the admin token. */
  holder: TokenHolder | undefined
  /** The address it came from last, and where that address's wrong guesses in its bucket are counted. */
  address: string
  guessKey: string
}

/** Who the admin token speaks for. */
const operator: Principal = Object.freeze({ id: 'operator', via: 'admin-token', operator: true, workspace: DEFAULT_WORKSPACE, role: 'admin', integrations: undefined })

export function createAuthenticator (options: AuthOptions) {
  const adminDigest = options.adminToken === undefined ? undefined : digest(options.adminToken)
  const guesses = guessCounter(options.store)

  /** A workspace by id, or undefined when it does not exist or is not the one `epoch` names. */
  const workspaceOf = async (id: string, epoch: string): Promise<Workspace | undefined> => {
    const workspace = await options.workspaces.get(id)
    return workspace?.epoch === epoch ? workspace : undefined
  }

  /**
   * Bearer tokens verified before, by the digest presented (never the token itself): a request with
   * one of them is answered without waiting on the store while the store's read cache still holds what
   * it was verified against (the same token and workspace records, no guesses counted against it).
   * Bounded; the oldest go first.
   */
  const verified = new Map<string, Verified>()
  const remember = (request: FastifyRequest, presented: string, principal: Principal, holder?: TokenHolder): Principal => {
    if (verified.size >= VERIFIED_TOKENS) verified.delete(verified.keys().next().value!)
    verified.set(presented, { principal, holder, address: request.ip, guessKey: guesses.keyOf(request, presented) })
    return principal
  }

  async function bearer (request: FastifyRequest, token: string): Promise<Principal> {
    const presented = digest(token)
    const overLimit = await guesses.slowDown(request, presented)
    if (adminDigest !== undefined && sameText(presented, adminDigest)) return remember(request, presented, operator)
    if (token.startsWith(SCOPED_TOKEN_PREFIX)) {
      const holder = await options.tokens.verify(token)
      const home = holder === undefined ? undefined : await workspaceOf(holder.workspace, holder.epoch)
      if (holder !== undefined && home !== undefined) {
        const principal: Principal = Object.freeze({
          home,
          id: holder.subject,
          via: 'scoped-token',
          operator: false,
          workspace: holder.workspace,
          role: holder.role,
          integrations: holder.integrations === undefined ? undefined : new Set(holder.integrations)
        })
        return remember(request, presented, principal, holder)
      }
    }
    return await guesses.refuse(request, presented, overLimit)
  }

  /** The principal of a bearer token verified before whose grounds are unchanged (see `verified`), or undefined: then `authenticate`. */
  function known (request: FastifyRequest): Principal | undefined {
    const header = request.headers.authorization
    const token = options.authorize === undefined && header !== undefined ? bearerToken(header) : undefined
    if (token === undefined) return undefined
    const presented = digest(token)
    const entry = verified.get(presented)
    if (entry === undefined) return undefined
    // Keys built once are looked up faster: the entry keeps the one of the address it saw last.
    if (entry.address !== request.ip) {
      entry.address = request.ip
      entry.guessKey = guesses.keyOf(request, presented)
    }
    if (!guesses.isClear(entry.guessKey)) return undefined
    const { principal, holder } = entry
    if (principal === operator || (holder !== undefined && options.tokens.isCurrent(holder) && options.workspaces.isCurrent(principal.home!))) return principal
    verified.delete(presented)
    return undefined
  }

  /** The rights of a session now, or why it no longer has any. */
  async function fromSession (handle: SessionHandle, session: Session): Promise<Principal> {
    const workspace = await workspaceOf(handle.workspace, session.epoch)
    if (workspace === undefined) throw errors.sessionEnded('its workspace no longer exists.')
    if (session.via === 'token') {
      if (adminDigest === undefined || session.adminTokenDigest !== adminDigest) throw errors.sessionEnded('the admin token it was opened with is no longer the hub’s.')
      return { id: 'operator', via: 'session', operator: true, workspace: DEFAULT_WORKSPACE, role: 'admin', integrations: undefined, session: handle }
    }
    const settings = await options.service.plainConfig({ workspace, integration: 'sso', connection: DEFAULT_CONNECTION }) as SsoSettings | undefined
    if (settings?.enabled !== true) throw errors.sessionEnded('single sign-on was turned off.')
    const identity: Identity = { sub: session.sub, email: session.email, emailVerified: session.emailVerified, groups: session.groups }
    const role = roleOf(settings, identity)
    if (role === undefined) throw errors.forbidden()
    return { id: auditName(identity), via: 'session', operator: false, workspace: workspace.id, role, integrations: undefined, session: handle, home: workspace }
  }

  /** Who the request's session cookie signs in, with the rights it has now (throws when it has none). */
  async function sessionPrincipal (request: FastifyRequest): Promise<Principal> {
    const cookies = request.headers.cookie
    const handle = parseSessionCookie(cookies === undefined ? undefined : fastifyCookie.parse(cookies)[SESSION_COOKIE])
    const session = handle === undefined ? undefined : await options.sessions.get(handle)
    if (handle === undefined || session === undefined) throw errors.unauthenticated()
    return await fromSession(handle, session)
  }

  async function authenticate (request: FastifyRequest): Promise<Principal> {
    if (options.authorize !== undefined) return fromHost(await options.authorize(request))
    const header = request.headers.authorization
    if (header !== undefined) {
      const token = bearerToken(header)
      if (token === undefined) throw errors.invalidToken()
      return await bearer(request, token)
    }
    if (!safeMethods.has(request.method) && !sameOrigin(request, options)) throw errors.crossSite()
    return await sessionPrincipal(request)
  }

  return { authenticate, known, sessionPrincipal, guesses, adminDigest }
}

export type Authenticator = ReturnType<typeof createAuthenticator>

function bearerToken (header: string): string | undefined {
  return /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim()
}

function fromHost (grant: HostGrant | null): Principal {
  if (grant === null || typeof grant?.id !== 'string') throw errors.forbidden()
  const member = grant.workspace !== undefined && grant.role !== 'operator'
  if (grant.workspace !== undefined && !matches(WORKSPACE_ID, grant.workspace)) throw errors.forbidden()
  return {
    id: grant.id,
    via: 'host',
    operator: !member,
    workspace: grant.workspace ?? DEFAULT_WORKSPACE,
    role: grant.role === 'viewer' ? 'viewer' : 'admin',
    integrations: grant.integrations === undefined ? undefined : new Set(grant.integrations)
  }
}

/** Browsers send Origin on every cross-origin request and on same-origin writes; other clients send none. */
export function sameOrigin (request: FastifyRequest, options: Pick<AuthOptions, 'allowedOrigins' | 'publicUrl'>): boolean {
  const origin = request.headers.origin
  if (origin === undefined) return request.headers['sec-fetch-site'] === undefined || request.headers['sec-fetch-site'] === 'same-origin'
  const own = `${request.protocol}://${request.host}`
  return origin === own || origin === options.publicUrl?.origin || options.allowedOrigins.includes(origin)
}
