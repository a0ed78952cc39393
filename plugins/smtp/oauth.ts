/**
 * Access tokens for SMTP's OAuth sign-in: one POST to a token endpoint (RFC 6749 §5: a JSON answer
 * with `access_token` and `expires_in`, or an `error`), kept in the connection's cache until shortly
 * before it expires. Every way that endpoint can fail becomes one of the source's own codes, naming
 * the field the admin must look at, never the SMTP host's.
 */
import { isRecord, readReply, retryAfterSeconds, unexpectedReply, type IntegrationContext, type Reply } from 'integration-hub/plugin'

/** The families of error codes: the generic token endpoint, Microsoft's, Google's (see the error map). */
export type TokenService = 'TOKEN' | 'MICROSOFT' | 'GOOGLE'

/** An OAuth error answer (RFC 6749 §5.2), with Microsoft's numeric `error_codes` when sent. */
export interface OAuthRefusal {
  error: string
  description: string
  codes: number[]
}

export interface TokenRequest {
  service: TokenService
  /** How the detail line names the service: "the token endpoint's", "Microsoft's". */
  serviceName: string
  url: string
  form: Record<string, string>
  headers?: Record<string, string>
  /** This service's code for a refusal. */
  refusal(refusal: OAuthRefusal): string
}

export interface AccessToken {
  value: string
  /** When the endpoint said it expires (undefined when it did not say). */
  expiresAt: Date | undefined
  /** When the hub stops using it and asks for a new one: shortly before it expires. */
  refreshAt: number
}

const CACHE_NAME = 'access-token'
/** Used when the endpoint does not say how long its token lasts (`expires_in` is only RECOMMENDED). */
const UNSTATED_LIFETIME_S = 300

/**
 * The connection's access token: the kept one, or a new one from the endpoint. `fresh` asks for a new
 * one whatever is kept (a connection test checks the credentials; a server refused the kept one).
 */
export async function accessToken (request: () => TokenRequest, ctx: IntegrationContext, options: { fresh?: boolean } = {}): Promise<AccessToken> {
  if (options.fresh === true) ctx.cache.delete(CACHE_NAME)
  const token = await ctx.cache.get(CACHE_NAME, async () => await requestToken(request(), ctx), { ttlMs: kept => kept.refreshAt - Date.now() })
  if (token.expiresAt !== undefined) ctx.expires('Access token', token.expiresAt)
  return token
}

/** Drops the kept token (the SMTP server refused it). */
export function forgetAccessToken (ctx: IntegrationContext): void {
  ctx.cache.delete(CACHE_NAME)
}

async function requestToken (request: TokenRequest, ctx: IntegrationContext): Promise<AccessToken> {
  // The token endpoint gets part of the deadline, so one that hangs is named as such before the
  // whole test runs out (which the hub would put down to the SMTP server).
  const budgetMs = Math.max(1, Math.floor(ctx.remainingMs() * 0.6))
  const budget = AbortSignal.timeout(budgetMs)
  const started = Date.now()
  let reply: Reply
  try {
    const response = await ctx.fetch(request.url, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded', ...request.headers },
      body: new URLSearchParams(request.form).toString(),
      signal: budget
    })
    reply = await readReply(response)
  } catch (error) {
    throw unreachable(error, request.service, budget, budgetMs, ctx)
  }
  const { json } = reply
  const status = { status: reply.status, ...retryAfter(reply) }
  if (isRecord(json) && typeof json.access_token === 'string' && json.access_token !== '' && reply.status === 200) {
    if (typeof json.token_type === 'string' && json.token_type.toLowerCase() !== 'bearer') {
      throw ctx.fail(`${request.service}_NOT_OAUTH`, { ...status, detail: `It issued a ${json.token_type.slice(0, 40)} token, not a Bearer token.` })
    }
    const lifetimeS = typeof json.expires_in === 'number' && json.expires_in > 0 ? json.expires_in : undefined
    const lifetimeMs = (lifetimeS ?? UNSTATED_LIFETIME_S) * 1000
    // A minute early, or a tenth of its lifetime for a short-lived one.
    const refreshAt = started + lifetimeMs - Math.min(60_000, lifetimeMs / 10)
    return { value: json.access_token, expiresAt: lifetimeS === undefined ? undefined : new Date(started + lifetimeMs), refreshAt }
  }
  if (isRecord(json) && typeof json.error === 'string' && reply.status >= 400 && reply.status < 500) {
    const refusal = {
      error: json.error.slice(0, 100),
      description: typeof json.error_description === 'string' ? json.error_description : '',
      codes: Array.isArray(json.error_codes) ? json.error_codes.filter((code): code is number => typeof code === 'number') : []
    }
    // Microsoft appends trace and correlation IDs on further lines: the first one says what happened.
    const said = refusal.description.split(/\r?\n/)[0]!.trim()
    throw ctx.fail(request.refusal(refusal), {
      ...status,
      params: { error: refusal.error },
      ...(said === '' ? {} : { detail: `${capitalized(request.serviceName)} answer: ${said}` })
    })
  }
  if (reply.status >= 500 || reply.status === 429) throw ctx.fail(`${request.service}_UNAVAILABLE`, { ...status, params: { status: reply.status } })
  throw ctx.fail(`${request.service}_NOT_OAUTH`, { ...status, detail: unexpectedReply(reply, 'an OAuth token endpoint') })
}

function retryAfter (reply: Reply): { retryAfterSeconds?: number } {
  const seconds = retryAfterSeconds(reply.headers)
  return seconds === undefined ? {} : { retryAfterSeconds: seconds }
}

function capitalized (text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

const unreachableDetails: Record<string, string> = {
  ENOTFOUND: 'The host name could not be resolved.',
  EAI_AGAIN: 'The host name could not be resolved right now.',
  ECONNREFUSED: 'The connection was refused.',
  ECONNRESET: 'The connection was closed by the other side.',
  UND_ERR_SOCKET: 'The connection was closed by the other side.',
  EHOSTUNREACH: 'There is no route to that host.'
}

/** A request that got no answer → the service's own UNREACHABLE, TIMEOUT, TLS or ADDRESS_BLOCKED. */
function unreachable (error: unknown, service: TokenService, budget: AbortSignal, budgetMs: number, ctx: IntegrationContext): Error {
  for (const link of causes(error)) {
    // The guard's own refusals: the core words these the same for every service.
    if (link.code === 'HUB_OUTBOUND_REDIRECT_REFUSED' || link.code === 'HUB_OUTBOUND_TOO_LARGE') return error as Error
    if (link.code === 'HUB_OUTBOUND_BLOCKED') return ctx.fail(`${service}_ADDRESS_BLOCKED`, { cause: error, params: { reason: String(link.reason ?? 'not allowed') } })
    if (/CERT|SIGNATURE|^ERR_SSL_|^ERR_TLS_|^EPROTO$/.test(link.code ?? '')) return ctx.fail(`${service}_TLS`, { cause: error })
  }
  if (budget.aborted && !ctx.signal.aborted) return ctx.fail(`${service}_TIMEOUT`, { cause: error, params: { seconds: Math.round(budgetMs / 100) / 10 } })
  if (ctx.signal.aborted) return error as Error
  const code = causes(error).map(link => link.code ?? '').find(candidate => candidate in unreachableDetails)
  return ctx.fail(`${service}_UNREACHABLE`, { cause: error, ...(code === undefined ? {} : { detail: unreachableDetails[code] }) })
}

/** An error and its causes, outermost first. */
function causes (error: unknown): Array<{ code?: string, reason?: unknown }> {
  const links: Array<{ code?: string, reason?: unknown }> = []
  for (let link: unknown = error; isRecord(link) || link instanceof Error; link = (link as { cause?: unknown }).cause) {
    const { code, reason } = link as { code?: unknown, reason?: unknown }
    links.push({ ...(typeof code === 'string' ? { code } : {}), reason })
    if (links.length > 10) break
  }
  return links
}
