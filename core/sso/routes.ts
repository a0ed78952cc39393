/**
 * Single sign-on through a workspace's OpenID provider: /auth/login?workspace= starts an
 * authorization-code flow with PKCE (S256), state and nonce; /auth/callback (one address for every
 * workspace) finishes it and starts a session in that workspace — or, for a sign-in the host
 * platform began with `return_to`, sends the browser back there with a one-time ticket. The pending
 * sign-in lives in the store (so another instance can finish it) and is tied to the browser that
 * began it by a short-lived cookie.
 */
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify'
import {
  AuthorizationResponseError,
  ResponseBodyError,
  WWWAuthenticateChallengeError,
  authorizationCodeGrant,
  buildAuthorizationUrl,
  buildEndSessionUrl,
  calculatePKCECodeChallenge,
  fetchUserInfo,
  randomNonce,
  randomPKCECodeVerifier,
  randomState,
  type Configuration
} from 'openid-client'
import { DEFAULT_CONNECTION, DEFAULT_WORKSPACE, WORKSPACE_ID } from '../contract/names.js'
import { HubError, errors } from '../errors.js'
import type { IntegrationService } from '../integrations/service.js'
import { classify } from '../runtime/failure.js'
import type { Outbound } from '../security/outbound.js'
import type { SessionStore } from '../security/sessions.js'
import { keys } from '../storage/keys.js'
import type { HubStore } from '../storage/store.js'
import type { SessionCookie } from '../security/session-cookie.js'
import type { Workspace, Workspaces } from '../workspaces/registry.js'
import { ProviderCache, discoverProvider } from './client.js'
import { groupsFrom, roleOf } from './roles.js'
import { issuerOf, scopeOf, type SsoSettings } from './settings.js'
import type { SignInTickets } from './tickets.js'

/** What /auth/login keeps for /auth/callback. */
interface PendingLogin {
  codeVerifier: string
  nonce: string
  redirectUri: string
  issuer: string
  clientId: string
  /** Where the host platform wants the browser back, with a ticket. */
  returnTo?: string
}

const LOGIN_TTL_MS = 10 * 60 * 1000
const STATE_COOKIE = 'hub_sso_state'

/** Enough for a person retrying; not enough to fill the store with pending logins. */
const rateLimit = { max: 30, timeWindow: '1 minute' }

const redirect = (where: string) => ({ type: 'null', description: `A redirect ${where}`, headers: { location: { type: 'string', format: 'uri-reference' } } }) as const

export interface SsoRouteOptions {
  service: IntegrationService
  workspaces: Workspaces
  store: HubStore
  sessions: SessionStore
  tickets: SignInTickets
  outbound: Outbound
  outboundTimeoutMs: number
  /** The hub's public address: the provider sends people back to it and nowhere else. */
  publicUrl: URL | undefined
  /** Origins `return_to` may point at (the host platforms). */
  allowedOrigins: string[]
  cookie: SessionCookie
  sso: SsoAccess
}

/** A workspace's SSO settings and provider, for the sign-in routes and the auth routes (is it on, where does logout go). */
export interface SsoAccess {
  enabled(workspace: string): Promise<boolean>
  endSessionUrl(workspace: string, idToken: string | undefined): Promise<string | undefined>
  /** The enabled settings (secrets opened), or HUB_ERR_SSO_NOT_ENABLED. */
  settings(workspace: Workspace): Promise<SsoSettings>
  /** The provider's configuration, discovered (and kept a few minutes). */
  provider(settings: SsoSettings): Promise<Configuration>
}

export function ssoAccess (options: Pick<SsoRouteOptions, 'service' | 'workspaces' | 'outbound' | 'outboundTimeoutMs' | 'publicUrl'>, log: FastifyBaseLogger, mountPath: string): SsoAccess {
  const { service, workspaces, outbound, outboundTimeoutMs } = options
  const providers = new ProviderCache(async settings => await discoverProvider(
    settings,
    async (url, init) => await outbound.fetch(url, { ...init, signal: AbortSignal.any([init.signal, AbortSignal.timeout(outboundTimeoutMs)]) }),
    Math.ceil(outboundTimeoutMs / 1000)
  ))
  const ref = (workspace: Workspace) => ({ workspace, integration: 'sso', connection: DEFAULT_CONNECTION })

  const settings = async (workspace: Workspace): Promise<SsoSettings> => {
    const config = await service.readConfig(ref(workspace)) as SsoSettings | undefined
    if (config?.enabled !== true) throw errors.ssoNotEnabled()
    return config
  }
  const provider = async (config: SsoSettings): Promise<Configuration> => {
    try {
      return await providers.get(config)
    } catch (error) {
      throw unreachable(error) ?? errors.remoteFailed('The identity provider’s discovery document could not be used; test the SSO settings.', { cause: error })
    }
  }
  return {
    settings,
    provider,
    enabled: async (id) => {
      const workspace = await workspaces.get(id)
      return workspace !== undefined && (await service.plainConfig(ref(workspace)))?.enabled === true
    },
    endSessionUrl: async (id, idToken) => {
      try {
        const workspace = await workspaces.get(id)
        if (workspace === undefined) return undefined
        const configuration = await provider(await settings(workspace))
        if (configuration.serverMetadata().end_session_endpoint === undefined) return undefined
        return buildEndSessionUrl(configuration, {
          ...(idToken === undefined ? {} : { id_token_hint: idToken }),
          ...(options.publicUrl === undefined ? {} : { post_logout_redirect_uri: new URL(mountPath, options.publicUrl).href })
        }).href
      } catch (error) {
        log.warn({ err: error }, 'the identity provider’s end-session address could not be found')
        return undefined
      }
    }
  }
}

export default async function ssoRoutes (fastify: FastifyInstance, options: SsoRouteOptions): Promise<void> {
  const { workspaces, store, sessions, tickets, cookie, sso } = options
  const home = `${fastify.prefix}/`

  /**
   * Where the provider sends the browser back: the public address, never one a request's Host header
   * could choose (that would let anyone have sign-in codes sent to their own server).
   */
  function callbackUrl (): string {
    if (options.publicUrl === undefined) throw errors.ssoNeedsPublicUrl()
    return new URL(`${fastify.prefix}/auth/callback`, options.publicUrl).href
  }

  function returnTarget (returnTo: string | undefined): string | undefined {
    if (returnTo === undefined) return undefined
    let url: URL
    try {
      url = new URL(returnTo)
    } catch {
      throw errors.returnToRefused(returnTo)
    }
    if (!options.allowedOrigins.includes(url.origin)) throw errors.returnToRefused(returnTo)
    return url.href
  }

  fastify.get<{ Querystring: { workspace?: string, return_to?: string } }>('/auth/login', {
    config: { rateLimit },
    schema: {
      tags: ['auth'],
      operationId: 'startSingleSignOn',
      summary: 'Start signing in through a workspace’s identity provider (a redirect to it)',
      security: [],
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          workspace: { type: 'string', pattern: WORKSPACE_ID },
          return_to: { type: 'string', maxLength: 2048, description: 'A URL on one of HUB_ALLOWED_ORIGINS: the browser goes back there with a one-time `hub_ticket`.' }
        }
      },
      response: { 302: redirect('to the identity provider') },
      errors: [
        'HUB_ERR_SSO_NEEDS_PUBLIC_URL', 'HUB_ERR_RETURN_TO_REFUSED', 'HUB_ERR_UNKNOWN_WORKSPACE', 'HUB_ERR_SSO_NOT_ENABLED',
        'HUB_ERR_REMOTE_FAILED', 'HUB_ERR_REMOTE_TIMEOUT', 'HUB_ERR_STORE_UNAVAILABLE', 'HUB_ERR_SECRET_UNREADABLE'
      ]
    }
  }, async (request, reply) => {
    const redirectUri = callbackUrl()
    const returnTo = returnTarget(request.query.return_to)
    const id = request.query.workspace ?? DEFAULT_WORKSPACE
    const workspace = await workspaces.get(id)
    if (workspace === undefined) throw errors.unknownWorkspace(id)
    const settings = await sso.settings(workspace)
    const configuration = await sso.provider(settings)
    // The state names its workspace: one callback address serves them all.
    const state = `${workspace.id}.${randomState()}`
    const nonce = randomNonce()
    const codeVerifier = randomPKCECodeVerifier()
    const pending: PendingLogin = { codeVerifier, nonce, redirectUri, issuer: issuerOf(settings).href, clientId: settings.clientId, ...(returnTo === undefined ? {} : { returnTo }) }
    await store.set(keys.ssoLogin(workspace.id, state), pending, LOGIN_TTL_MS)
    reply.setCookie(STATE_COOKIE, state, { path: cookie.path, httpOnly: true, sameSite: 'lax', secure: cookie.secure, maxAge: LOGIN_TTL_MS / 1000 })
    const authorizationUrl = buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      scope: scopeOf(settings),
      code_challenge: await calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      ...(settings.provider === 'auth0' && settings.organization !== undefined ? { organization: settings.organization } : {})
    })
    return await reply.redirect(authorizationUrl.href, 302)
  })

  fastify.get<{ Querystring: { state?: string } }>('/auth/callback', {
    config: { rateLimit },
    schema: {
      tags: ['auth'],
      operationId: 'finishSingleSignOn',
      summary: 'Where the identity provider sends the browser back; starts the session (or returns to the host with a ticket)',
      security: [],
      querystring: { type: 'object', properties: { state: { type: 'string', maxLength: 512 } } },
      response: { 302: redirect('to the hub’s page (signed in), or to `return_to` with `hub_ticket`') },
      errors: ['HUB_ERR_LOGIN_FAILED', 'HUB_ERR_SSO_NOT_ENABLED', 'HUB_ERR_REMOTE_FAILED', 'HUB_ERR_REMOTE_TIMEOUT', 'HUB_ERR_STORE_UNAVAILABLE', 'HUB_ERR_SECRET_UNREADABLE']
    }
  }, async (request, reply) => {
    const state = request.query.state
    reply.clearCookie(STATE_COOKIE, { path: cookie.path })
    if (state === undefined || state === '') throw errors.loginFailed('the identity provider’s answer has no state. Start again from the sign-in page.')
    const id = state.slice(0, Math.max(0, state.indexOf('.')))
    const workspace = /^[a-z0-9-]{1,63}$/.test(id) ? await workspaces.get(id) : undefined
    // Taken first, whatever follows: a state is good for one attempt.
    const pending = workspace === undefined ? undefined : await store.take<PendingLogin>(keys.ssoLogin(workspace.id, state))
    if (workspace === undefined || pending === undefined) throw errors.loginFailed('this sign-in is unknown, expired or already finished. Start again from the sign-in page.')
    if (request.cookies[STATE_COOKIE] !== state) throw errors.loginFailed('this sign-in was started in another browser. Start again from the sign-in page.')

    const settings = await sso.settings(workspace)
    if (issuerOf(settings).href !== pending.issuer || settings.clientId !== pending.clientId) {
      throw errors.loginFailed('the single sign-on settings changed during the sign-in. Start again from the sign-in page.')
    }
    const configuration = await sso.provider(settings)
    const currentUrl = new URL(pending.redirectUri)
    currentUrl.search = new URL(request.url, 'http://hub.invalid').search

    let tokens: Awaited<ReturnType<typeof authorizationCodeGrant>>
    try {
      tokens = await authorizationCodeGrant(configuration, currentUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: state,
        expectedNonce: pending.nonce,
        idTokenExpected: true
      })
    } catch (error) {
      throw loginError(error)
    }
    const claims = tokens.claims()
    if (claims === undefined) throw errors.loginFailed('the identity provider sent no ID token.')
    if (settings.provider === 'auth0' && settings.organization !== undefined && claims.org_id !== settings.organization) {
      throw errors.loginFailed('the ID token is not for the organization these settings name.')
    }
    const profile = await profileOf(configuration, tokens.access_token, claims, settings.roleClaim ?? 'groups', request)
    const identity = { sub: claims.sub, ...profile }
    const role = roleOf(settings, identity)
    request.log.info({ workspace: workspace.id, sub: claims.sub, role: role ?? null }, 'signed in through single sign-on')

    if (pending.returnTo !== undefined) {
      const ticket = await tickets.issue(workspace, { ...identity, groups: identity.groups ?? [], role: role ?? null })
      const target = new URL(pending.returnTo)
      target.searchParams.set('hub_ticket', ticket)
      return await reply.redirect(target.href, 302)
    }
    cookie.set(reply, await sessions.create(workspace, {
      sub: claims.sub,
      via: 'sso',
      ...(profile.email === undefined ? {} : { email: profile.email }),
      emailVerified: profile.emailVerified,
      ...(profile.name === undefined ? {} : { name: profile.name }),
      ...(profile.groups === undefined ? {} : { groups: profile.groups }),
      ...(tokens.id_token === undefined ? {} : { idToken: tokens.id_token })
    }))
    return await reply.redirect(home, 302)
  })
}

interface Profile {
  email?: string
  /** Only `true` counts: a missing claim, `false` or the string "false" do not. */
  emailVerified: boolean
  name?: string
  groups?: string[]
}

/**
 * Email, name and groups from the ID token, or from the userinfo endpoint when the ID token leaves
 * them out (many providers keep ID tokens small in the code flow). The ID token's own claims win.
 */
async function profileOf (configuration: Configuration, accessToken: string, claims: Record<string, unknown> & { sub: string }, roleClaim: string, request: FastifyRequest): Promise<Profile> {
  let source: Record<string, unknown> = claims
  const missing = typeof claims.email !== 'string' || typeof claims.name !== 'string' || claims[roleClaim] === undefined
  if (missing && configuration.serverMetadata().userinfo_endpoint !== undefined) {
    try {
      source = { ...(await fetchUserInfo(configuration, accessToken, claims.sub)), ...claims }
    } catch (error) {
      request.log.warn({ err: error }, 'the identity provider’s userinfo endpoint failed; signing in with the ID token’s claims')
    }
  }
  const email = typeof source.email === 'string' ? source.email : undefined
  const name = typeof source.name === 'string' ? source.name : undefined
  const groups = groupsFrom(source[roleClaim])
  return {
    ...(email === undefined ? {} : { email }),
    emailVerified: email !== undefined && source.email_verified === true,
    ...(name === undefined ? {} : { name }),
    ...(groups === undefined ? {} : { groups })
  }
}

/** A connection failure (refused, unknown host, certificate, time-out, blocked address) as a 502 or 504. */
function unreachable (error: unknown): HubError | undefined {
  const { code, detail } = classify(error, false, 0)
  const options = { ...(detail === undefined ? {} : { detail }), cause: error }
  if (code === 'TIMEOUT') return errors.remoteTimeout('The identity provider did not answer in time; try again in a moment.', options)
  if (code === 'UNEXPECTED') return undefined
  return errors.remoteFailed('The identity provider could not be reached; try again in a moment.', options)
}

/** The provider's refusal, or a failed check of its answer, as our own error (the original kept as cause). */
function loginError (error: unknown): HubError {
  if (error instanceof AuthorizationResponseError) {
    return errors.loginFailed(`the identity provider answered “${error.error_description ?? error.error}”.`, error)
  }
  if (error instanceof ResponseBodyError || error instanceof WWWAuthenticateChallengeError) {
    return errors.loginFailed('the identity provider did not accept the sign-in code. Start again from the sign-in page.', error)
  }
  return unreachable(error) ?? errors.loginFailed('the identity provider’s answer did not pass the security checks.', error)
}
