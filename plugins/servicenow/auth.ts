/**
 * Signing in to a ServiceNow instance, the three ways the settings offer: an OAuth token from the
 * password grant or the client credentials grant at /oauth_token.do, or HTTP Basic on every call.
 *
 * Tokens are kept with the connection (`ctx.cache`) until shortly before their `expires_in`, then
 * renewed with the refresh token when the instance issued one, else with the grant again.
 *
 * Sources: ServiceNow docs "OAuth resource owner password credential workflow", "OAuth API request
 * parameters" (grant_type password or refresh_token; a refresh-token request returns only an access
 * token), "OAuth API response parameters" (access_token, refresh_token, scope, token_type,
 * expires_in in seconds), "Client credentials grant workflow" and KB1645212 (client credentials from
 * Washington DC on, off until glide.oauth.inbound.client.credential.grant_type.enabled is true and the
 * OAuth entity names an OAuth Application User), "Manage OAuth tokens" (default lifespans: access
 * token 30 minutes, refresh token 100 days).
 *
 * The refresh token's end is not reported with `ctx.expires`: the token answer does not carry its
 * lifespan (it is set per OAuth entity, 100 days by default), the instance hands out its *current*
 * refresh token again to a repeated grant, so the day it was issued is unknown, and when it ends
 * nothing stops working — the hub signs in with the stored credentials again.
 */
import { isRecord, readReply, type IntegrationContext, type IntegrationFailure, type Reply } from 'integration-hub/plugin'
import { errorText, instanceUrl, notServiceNow, remoteFailure } from './instance.js'
import type { Config, OAuthConfig } from './settings.js'

interface AccessToken {
  value: string
  /** `expires_in` of the answer, in seconds (0: a current token at its very end, used once and not kept). */
  lifetimeSeconds: number
}

/** The refresh token the instance issued for this connection, while its settings stay the same. */
interface KeptRefreshToken {
  value: string | undefined
}

interface Granted {
  access: AccessToken
  refreshToken: string | undefined
}

/** What to send as `Authorization`, and whether it is a token kept from an earlier call. */
export interface Authorization {
  header: string
  /** A 401 with a kept token means the instance stopped honouring it, not that the credentials are wrong. */
  kept: boolean
}

const ACCESS_TOKEN = 'access-token'
const REFRESH_TOKEN = 'refresh-token'
/** ServiceNow's default access token lifespan, for an answer that does not say. */
const DEFAULT_LIFETIME_SECONDS = 1800

/** Renew a little early (a tenth of the lifetime, at most 30 s) so a token does not expire in flight. */
function usableForMs (token: AccessToken): number {
  return (token.lifetimeSeconds - Math.min(30, token.lifetimeSeconds / 10)) * 1000
}

export function basicAuthorization (config: { username: string, password: string }): string {
  return `Basic ${Buffer.from(`${config.username}:${config.password}`, 'utf8').toString('base64')}`
}

/** The `Authorization` for a Table API call: Basic, or the kept access token (a new one when there is none). */
export async function authorization (config: Config, ctx: IntegrationContext): Promise<Authorization> {
  if (config.authMethod === 'basic') return { header: basicAuthorization(config), kept: false }
  let made = false
  const token = await ctx.cache.get(ACCESS_TOKEN, async () => {
    made = true
    return await renewedToken(config, ctx)
  }, { ttlMs: usableForMs })
  return { header: `Bearer ${token.value}`, kept: !made }
}

/** Drops the kept access token (the instance answered 401 with it); the refresh token stays. */
export function forgetAccessToken (ctx: IntegrationContext): void {
  ctx.cache.delete(ACCESS_TOKEN)
}

/**
 * Signs in with the grant itself — never a kept or refreshed token, so a connection test proves the
 * credentials — and keeps the tokens for the calls that follow. Resolves with the access token.
 */
export async function signIn (config: OAuthConfig, ctx: IntegrationContext): Promise<string> {
  const granted = await grant(config, ctx)
  ;(await keptRefreshToken(ctx)).value = granted.refreshToken
  forgetAccessToken(ctx)
  const token = await ctx.cache.get(ACCESS_TOKEN, async () => granted.access, { ttlMs: usableForMs })
  return token.value
}

async function keptRefreshToken (ctx: IntegrationContext): Promise<KeptRefreshToken> {
  return await ctx.cache.get<KeptRefreshToken>(REFRESH_TOKEN, async () => ({ value: undefined }))
}

/** A new access token: from the refresh token while the instance accepts it, else from the grant. */
async function renewedToken (config: OAuthConfig, ctx: IntegrationContext): Promise<AccessToken> {
  const refresh = await keptRefreshToken(ctx)
  if (refresh.value !== undefined) {
    const renewed = await refreshGrant(config, ctx, refresh.value)
    if (renewed !== undefined) return renewed
    refresh.value = undefined
  }
  const granted = await grant(config, ctx)
  refresh.value = granted.refreshToken
  return granted.access
}

async function postToken (config: OAuthConfig, ctx: IntegrationContext, form: Record<string, string>): Promise<Reply> {
  // Form-encoded, as "OAuth API request parameters" requires (JSON gets an unspecified error).
  return await readReply(await ctx.fetch(`${instanceUrl(config)}/oauth_token.do`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(form)
  }))
}

/** The password grant or the client credentials grant, as the settings say. */
async function grant (config: OAuthConfig, ctx: IntegrationContext): Promise<Granted> {
  const reply = await postToken(config, ctx, config.authMethod === 'password'
    ? { grant_type: 'password', client_id: config.clientId, client_secret: config.clientSecret, username: config.username, password: config.password }
    : { grant_type: 'client_credentials', client_id: config.clientId, client_secret: config.clientSecret })
  const granted = tokenOf(reply)
  if (granted === undefined) throw grantFailure(config, reply, ctx)
  return granted
}

/** A new access token for a refresh token, or undefined when the instance no longer accepts it (expired, revoked). */
async function refreshGrant (config: OAuthConfig, ctx: IntegrationContext, refreshToken: string): Promise<AccessToken | undefined> {
  const reply = await postToken(config, ctx, { grant_type: 'refresh_token', client_id: config.clientId, client_secret: config.clientSecret, refresh_token: refreshToken })
  const renewed = tokenOf(reply)
  if (renewed !== undefined) return renewed.access
  const remote = reply.status === 429 || reply.status >= 500 ? remoteFailure(reply, ctx) : undefined
  if (remote !== undefined) throw remote
  return undefined
}

function tokenOf (reply: Reply): Granted | undefined {
  if (reply.status !== 200 || !isRecord(reply.json) || typeof reply.json.access_token !== 'string' || reply.json.access_token === '') return undefined
  const expiresIn = Number(reply.json.expires_in)
  const refreshToken = reply.json.refresh_token
  return {
    access: { value: reply.json.access_token, lifetimeSeconds: reply.json.expires_in !== undefined && Number.isFinite(expiresIn) && expiresIn >= 0 ? expiresIn : DEFAULT_LIFETIME_SECONDS },
    refreshToken: typeof refreshToken === 'string' && refreshToken !== '' ? refreshToken : undefined
  }
}

/**
 * A refused grant in words. The instance answers a wrong client secret, a wrong user password, a
 * switched-off grant and a missing OAuth Application User alike (401 `access_denied`), so the
 * message names everything that can cause it.
 */
function grantFailure (config: OAuthConfig, reply: Reply, ctx: IntegrationContext): IntegrationFailure {
  const status = reply.status
  if (status === 404) {
    return ctx.fail('NOT_SERVICENOW', {
      detail: `It has no ${instanceUrl(config)}/oauth_token.do (HTTP 404): either it is not an instance, or OAuth is not activated on it.`,
      status
    })
  }
  const remote = remoteFailure(reply, ctx)
  if (remote !== undefined) return remote
  if (config.authMethod === 'clientCredentials' && (status === 400 || status === 401 || status === 403)) {
    return ctx.fail('CLIENT_CREDENTIALS_REFUSED', {
      detail: 'ServiceNow gives the same answer for a wrong client ID or secret, for the grant switched off, and for an OAuth entity without an OAuth Application User (KB1645212); the grant exists from the Washington DC release on.',
      status
    })
  }
  if (status === 401) {
    return ctx.fail('INVALID_CREDENTIALS', {
      detail: 'ServiceNow refused the login without saying whether the API client (ID and secret) or the user (name and password) was wrong; check all four.',
      status
    })
  }
  if (status === 400 || status === 403) return ctx.fail('TOKEN_REFUSED', { detail: errorText(reply), status })
  return notServiceNow(reply, ctx)
}
