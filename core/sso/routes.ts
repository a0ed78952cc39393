/**
 * Single sign-on through the SSO integration's OpenID provider: /auth/login starts an
 * authorization-code flow with PKCE (S256), state and nonce; /auth/callback finishes it and starts
 * a session. The pending login lives in the store (so another instance can finish it) and is
 * tied to the browser that began it by a short-lived cookie.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
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
import { HubError, errors } from '../errors.js'
import { classify } from '../runtime/failure.js'
import { SESSION_COOKIE, type Session } from '../security/sessions.js'
import { ProviderCache, discoverProvider, isAdministrator, issuerOf, scopeOf, type SsoSettings } from './client.js'

/** What /auth/login keeps for /auth/callback, under `sso-login:<state>`. */
interface PendingLogin {
  codeVerifier: string
  nonce: string
  redirectUri: string
  issuer: string
  clientId: string
}

const LOGIN_TTL_MS = 10 * 60 * 1000
const STATE_COOKIE = 'hub_sso_state'
const loginKey = (state: string): string => `sso-login:${state}`

/** Enough for a person retrying; not enough to fill the store with pending logins. */
const rateLimit = { max: 30, timeWindow: '1 minute' }

export default async function ssoRoutes (fastify: FastifyInstance): Promise<void> {
  const { service, store, sessions, outbound, outboundTimeoutMs, publicUrl, cookiePath, secureCookies, ssoEnabled } = fastify.hub
  const home = `${fastify.prefix}/`
  const providers = new ProviderCache(async settings => await discoverProvider(
    settings,
    async (url, init) => await outbound.fetch(url, { ...init, signal: AbortSignal.any([init.signal, AbortSignal.timeout(outboundTimeoutMs)]) }),
    Math.ceil(outboundTimeoutMs / 1000)
  ))

  async function enabledSettings (): Promise<SsoSettings> {
    if (!(await ssoEnabled())) throw errors.ssoNotEnabled()
    const settings = await service.readConfig('sso') as SsoSettings | undefined
    if (settings === undefined) throw errors.ssoNotEnabled()
    return settings
  }

  async function providerFor (settings: SsoSettings): Promise<Configuration> {
    try {
      return await providers.get(settings)
    } catch (error) {
      throw unreachable(error) ?? errors.remoteFailed('The identity provider’s discovery document could not be used; test the SSO settings.', { cause: error })
    }
  }

  /** Where the provider sends the browser back: the public address when one is set, else this request's origin. */
  function callbackUrl (request: FastifyRequest): string {
    const origin = publicUrl?.origin ?? `${request.protocol}://${request.host}`
    return `${origin}${fastify.prefix}/auth/callback`
  }

  fastify.hub.endSessionUrl = async (session: Session): Promise<string | undefined> => {
    try {
      if (!(await ssoEnabled())) return undefined
      const configuration = await providers.get(await enabledSettings())
      if (configuration.serverMetadata().end_session_endpoint === undefined) return undefined
      return buildEndSessionUrl(configuration, session.idToken === undefined ? {} : { id_token_hint: session.idToken }).href
    } catch (error) {
      fastify.log.warn({ err: error }, 'the identity provider’s end-session address could not be found')
      return undefined
    }
  }

  fastify.get('/auth/login', {
    config: { rateLimit },
    schema: { tags: ['auth'], summary: 'Start signing in through the identity provider (a redirect to it)' }
  }, async (request, reply) => {
    const settings = await enabledSettings()
    const configuration = await providerFor(settings)
    const state = randomState()
    const nonce = randomNonce()
    const codeVerifier = randomPKCECodeVerifier()
    const redirectUri = callbackUrl(request)
    const pending: PendingLogin = { codeVerifier, nonce, redirectUri, issuer: issuerOf(settings).href, clientId: settings.clientId }
    await store.set(loginKey(state), pending, LOGIN_TTL_MS)
    reply.setCookie(STATE_COOKIE, state, { path: cookiePath, httpOnly: true, sameSite: 'lax', secure: secureCookies, maxAge: LOGIN_TTL_MS / 1000 })
    const authorizationUrl = buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      scope: scopeOf(settings),
      code_challenge: await calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce
    })
    return await reply.redirect(authorizationUrl.href, 302)
  })

  fastify.get<{ Querystring: { state?: string } }>('/auth/callback', {
    config: { rateLimit },
    schema: {
      tags: ['auth'],
      summary: 'Where the identity provider sends the browser back; starts the session',
      querystring: { type: 'object', properties: { state: { type: 'string', maxLength: 512 } } }
    }
  }, async (request, reply) => {
    const state = request.query.state
    reply.clearCookie(STATE_COOKIE, { path: cookiePath })
    if (state === undefined || state === '') throw errors.loginFailed('the identity provider’s answer has no state. Start again from the sign-in page.')
    // Taken first, whatever follows: a state is good for one attempt.
    const pending = await store.take<PendingLogin>(loginKey(state))
    if (pending === undefined) throw errors.loginFailed('this sign-in is unknown, expired or already finished. Start again from the sign-in page.')
    if (request.cookies[STATE_COOKIE] !== state) throw errors.loginFailed('this sign-in was started in another browser. Start again from the sign-in page.')

    const settings = await enabledSettings()
    if (issuerOf(settings).href !== pending.issuer || settings.clientId !== pending.clientId) {
      throw errors.loginFailed('the single sign-on settings changed during the sign-in. Start again from the sign-in page.')
    }
    const configuration = await providerFor(settings)
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
    const profile = await profileOf(configuration, tokens.access_token, claims, request)
    const admin = isAdministrator(settings, { sub: claims.sub, ...(profile.verifiedEmail === undefined ? {} : { email: profile.verifiedEmail }) })

    await sessions.destroy(request.cookies[SESSION_COOKIE])
    const sessionId = await sessions.create({
      sub: claims.sub,
      ...(profile.email === undefined ? {} : { email: profile.email }),
      ...(profile.name === undefined ? {} : { name: profile.name }),
      via: 'sso',
      admin,
      ...(tokens.id_token === undefined ? {} : { idToken: tokens.id_token })
    })
    await fastify.startSession(reply, sessionId)
    request.log.info({ sub: claims.sub, admin }, 'signed in through single sign-on')
    return await reply.redirect(home, 302)
  })
}

interface Profile {
  email?: string
  /** The email when the provider does not say it is unverified: only such an email may make an administrator. */
  verifiedEmail?: string
  name?: string
}

/**
 * Email and name from the ID token, or from the userinfo endpoint when the ID token leaves them
 * out (many providers keep ID tokens small in the code flow).
 */
async function profileOf (configuration: Configuration, accessToken: string, claims: Record<string, unknown> & { sub: string }, request: FastifyRequest): Promise<Profile> {
  let source: Record<string, unknown> = claims
  if ((typeof claims.email !== 'string' || typeof claims.name !== 'string') && configuration.serverMetadata().userinfo_endpoint !== undefined) {
    try {
      source = { ...(await fetchUserInfo(configuration, accessToken, claims.sub)), ...claims }
    } catch (error) {
      request.log.warn({ err: error }, 'the identity provider’s userinfo endpoint failed; signing in with the ID token’s claims')
    }
  }
  const email = typeof source.email === 'string' ? source.email : undefined
  const name = typeof source.name === 'string' ? source.name : undefined
  return {
    ...(email === undefined ? {} : { email }),
    ...(email === undefined || source.email_verified === false ? {} : { verifiedEmail: email }),
    ...(name === undefined ? {} : { name })
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
