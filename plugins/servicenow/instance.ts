/**
 * Talking to a ServiceNow instance: the OAuth password grant at /oauth_token.do, the Table API,
 * a per-config token cache, and the translation of the instance's answers into failure codes.
 */
import { createHash } from 'node:crypto'
import type { IntegrationContext, IntegrationFailure } from '../../core/contract/contract.js'

export interface ServiceNowConfig {
  serviceUrl: string
  clientId: string
  clientSecret: string
  username: string
  password: string
}

/** One answer from the instance, read once. `json` is undefined when the body is not JSON. */
export interface Reply {
  status: number
  headers: Headers
  contentType: string
  json: unknown
}

interface Token {
  accessToken: string
  /** Epoch milliseconds after which the token is no longer used. */
  renewAt: number
}

/**
 * Access tokens by instance, client and user, kept in this module's memory. A token is reused
 * until it nears its `expires_in`, and dropped when the instance answers 401 with it.
 */
const tokens = new Map<string, Token>()

/** The probe a connection test reads: one row of sys_user, only its sys_id (ServiceNow docs: Table API GET). */
export const probePath = '/api/now/table/sys_user?sysparm_limit=1&sysparm_fields=sys_id'

export function instanceUrl (config: Pick<ServiceNowConfig, 'serviceUrl'>): string {
  return config.serviceUrl.replace(/\/+$/, '')
}

export async function read (response: Response): Promise<Reply> {
  const text = await response.text()
  const contentType = response.headers.get('content-type') ?? ''
  return { status: response.status, headers: response.headers, contentType, json: parseJson(text) }
}

function parseJson (text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

export function isRecord (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The `{"error":{"message","detail"},"status":"failure"}` body every REST API of the instance answers errors with. */
export function errorText (reply: Reply): string | undefined {
  if (!isRecord(reply.json)) return undefined
  const error = reply.json.error
  if (typeof error === 'string') {
    const description = reply.json.error_description
    return typeof description === 'string' ? `${error}: ${description}` : error
  }
  if (!isRecord(error)) return undefined
  const parts = [error.message, error.detail].filter((part): part is string => typeof part === 'string' && part !== '')
  return parts.length === 0 ? undefined : parts.join(': ')
}

/** What the answer looked like, for the detail line when it is not the instance's JSON. */
export function describe (reply: Reply): string {
  const type = reply.contentType.split(';')[0]?.trim()
  return `It answered HTTP ${reply.status}${type === undefined || type === '' ? '' : ` with ${type}`} instead of ServiceNow's JSON.`
}

/** Seconds to wait, from `Retry-After` (Inbound REST API rate limiting: a number of seconds). */
function retryAfterSeconds (headers: Headers): number | undefined {
  const retryAfter = headers.get('retry-after')?.trim() ?? ''
  return /^\d+$/.test(retryAfter) ? Number(retryAfter) : undefined
}

export function rateLimited (reply: Reply, ctx: IntegrationContext): IntegrationFailure {
  const seconds = retryAfterSeconds(reply.headers)
  return seconds === undefined
    ? ctx.fail('RATE_LIMITED_LATER', { detail: errorText(reply) })
    : ctx.fail('RATE_LIMITED', { params: { seconds }, detail: errorText(reply) })
}

/** Failures shared by every call: rate limiting, a body that is not JSON, a server error. */
function commonFailure (reply: Reply, ctx: IntegrationContext): IntegrationFailure | undefined {
  if (reply.status === 429) return rateLimited(reply, ctx)
  if (reply.status >= 500) {
    return ctx.fail('REMOTE_ERROR', { params: { status: reply.status }, detail: errorText(reply) })
  }
  if (reply.json === undefined) return ctx.fail('NOT_SERVICENOW', { detail: describe(reply) })
  return undefined
}

/**
 * Password grant (ServiceNow docs: "OAuth resource owner password credential workflow"). A wrong
 * client secret and a wrong user password get the same 401, so neither can be singled out.
 */
export async function requestToken (config: ServiceNowConfig, ctx: IntegrationContext): Promise<Token> {
  const form = new URLSearchParams({
    grant_type: 'password',
    client_id: config.clientId,
    client_secret: config.clientSecret,
    username: config.username,
    password: config.password
  })
  const reply = await read(await ctx.fetch(`${instanceUrl(config)}/oauth_token.do`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: form
  }))
  if (reply.status === 200 && isRecord(reply.json) && typeof reply.json.access_token === 'string') {
    const lifetime = typeof reply.json.expires_in === 'number' && reply.json.expires_in > 0
      ? reply.json.expires_in
      : 1800
    // Renew a little early (a tenth of the lifetime, at most 30 s) so a token does not expire in flight.
    const margin = Math.min(30, lifetime / 10)
    return { accessToken: reply.json.access_token, renewAt: Date.now() + (lifetime - margin) * 1000 }
  }
  if (reply.status === 404) {
    throw ctx.fail('NOT_SERVICENOW', {
      detail: `It has no ${instanceUrl(config)}/oauth_token.do (HTTP 404): either it is not an instance, or OAuth is not activated on it.`
    })
  }
  const common = commonFailure(reply, ctx)
  if (common !== undefined) throw common
  if (reply.status === 401) {
    throw ctx.fail('INVALID_CREDENTIALS', {
      detail: 'ServiceNow refused the login without saying whether the API client (ID and secret) or the user (name and password) was wrong; check all four.'
    })
  }
  if (reply.status === 400 || reply.status === 403) {
    throw ctx.fail('TOKEN_REFUSED', { detail: errorText(reply) })
  }
  throw ctx.fail('NOT_SERVICENOW', { detail: describe(reply) })
}

function cacheKey (config: ServiceNowConfig): string {
  return createHash('sha256')
    .update(`${instanceUrl(config)}\n${config.clientId}\n${config.username}`)
    .digest('hex')
}

/** A cached token while it is fresh, else a new one (which is then cached). */
async function currentToken (config: ServiceNowConfig, ctx: IntegrationContext): Promise<{ accessToken: string, cached: boolean }> {
  const key = cacheKey(config)
  const cached = tokens.get(key)
  if (cached !== undefined && cached.renewAt > Date.now()) return { accessToken: cached.accessToken, cached: true }
  const token = await requestToken(config, ctx)
  tokens.set(key, token)
  return { accessToken: token.accessToken, cached: false }
}

/** Table API call with the given token (ServiceNow docs: Table API). */
export async function tableCall (
  config: ServiceNowConfig,
  ctx: IntegrationContext,
  accessToken: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown
): Promise<Reply> {
  return await read(await ctx.fetch(`${instanceUrl(config)}${path}`, {
    method,
    headers: {
      accept: 'application/json',
      authorization: `Bearer ${accessToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' })
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  }))
}

/**
 * Table API call with the cached token. A 401 on a cached token means the instance no longer
 * honours it (expired early, revoked): it is dropped and the call is made once more with a new one.
 */
export async function authorizedCall (
  config: ServiceNowConfig,
  ctx: IntegrationContext,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown
): Promise<Reply> {
  const token = await currentToken(config, ctx)
  const first = await tableCall(config, ctx, token.accessToken, method, path, body)
  if (first.status !== 401 || !token.cached) return first
  tokens.delete(cacheKey(config))
  const renewed = await currentToken(config, ctx)
  return await tableCall(config, ctx, renewed.accessToken, method, path, body)
}

/** The failure for a Table API answer that is not the expected success. */
export function tableFailure (reply: Reply, ctx: IntegrationContext): IntegrationFailure {
  const common = commonFailure(reply, ctx)
  if (common !== undefined) return common
  if (reply.status === 401) return ctx.fail('TOKEN_REJECTED', { detail: errorText(reply) })
  if (reply.status === 403) return ctx.fail('NOT_PERMITTED', { detail: errorText(reply) })
  if (errorText(reply) === undefined && reply.status < 400) return ctx.fail('NOT_SERVICENOW', { detail: describe(reply) })
  return ctx.fail('REQUEST_REJECTED', { params: { status: reply.status }, detail: errorText(reply) })
}
