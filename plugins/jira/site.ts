/**
 * Talking to a Jira Cloud site over REST API v3: Basic authentication with an email and an API
 * token, and the translation of the site's answers into failure codes.
 */
import type { FieldError, IntegrationContext, IntegrationFailure } from '../../core/contract/contract.js'

export interface JiraConfig {
  serviceUrl: string
  email: string
  apiToken: string
}

/** One answer from the site, read once. `json` is undefined when the body is not JSON. */
export interface Reply {
  status: number
  headers: Headers
  contentType: string
  text: string
  json: unknown
}

/** Jira's own words when it refuses a password where an API token belongs. */
const passwordDeprecated = 'basic authentication with passwords is deprecated'

export function siteUrl (config: Pick<JiraConfig, 'serviceUrl'>): string {
  return config.serviceUrl.replace(/\/+$/, '')
}

export function isRecord (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Atlassian: "Basic auth for REST APIs" — `Authorization: Basic base64(email:api_token)`. */
function basicAuthorization (config: JiraConfig): string {
  return `Basic ${Buffer.from(`${config.email}:${config.apiToken}`, 'utf8').toString('base64')}`
}

export async function call (
  config: JiraConfig,
  ctx: IntegrationContext,
  method: 'GET' | 'POST',
  path: string,
  options: { authenticated: boolean, body?: unknown }
): Promise<Reply> {
  const response = await ctx.fetch(`${siteUrl(config)}${path}`, {
    method,
    headers: {
      accept: 'application/json',
      ...(options.authenticated ? { authorization: basicAuthorization(config) } : {}),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' })
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) })
  })
  const text = await response.text()
  return {
    status: response.status,
    headers: response.headers,
    contentType: response.headers.get('content-type') ?? '',
    text,
    json: parseJson(text)
  }
}

function parseJson (text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** What the answer looked like, for the detail line when it is not Jira's JSON. */
export function describe (reply: Reply): string {
  const type = reply.contentType.split(';')[0]?.trim()
  return `It answered HTTP ${reply.status}${type === undefined || type === '' ? '' : ` with ${type}`} instead of Jira's JSON.`
}

/** `errorMessages` of Jira's `{errorMessages, errors}` error body, joined into one line. */
export function errorMessages (reply: Reply): string | undefined {
  if (!isRecord(reply.json) || !Array.isArray(reply.json.errorMessages)) return undefined
  const messages = reply.json.errorMessages.filter((message): message is string => typeof message === 'string' && message !== '')
  return messages.length === 0 ? undefined : messages.join(' ')
}

/** Seconds to wait, from `Retry-After` (Atlassian "Rate limiting": a number of seconds). */
function retryAfterSeconds (headers: Headers): number | undefined {
  const retryAfter = headers.get('retry-after')?.trim() ?? ''
  return /^\d+$/.test(retryAfter) ? Number(retryAfter) : undefined
}

function rateLimited (reply: Reply, ctx: IntegrationContext): IntegrationFailure {
  const seconds = retryAfterSeconds(reply.headers)
  return seconds === undefined
    ? ctx.fail('RATE_LIMITED_LATER', { detail: errorMessages(reply) })
    : ctx.fail('RATE_LIMITED', { params: { seconds }, detail: errorMessages(reply) })
}

/**
 * Whether Jira refused the credentials. Besides a 401, Jira may serve a request anonymously and
 * only say so in `X-Seraph-LoginReason` (AUTHENTICATED_FAILED; AUTHENTICATION_DENIED is the
 * CAPTCHA lock after too many failures).
 */
function loginReason (reply: Reply): string | undefined {
  return reply.headers.get('x-seraph-loginreason')?.split(',')[0]?.trim().toUpperCase()
}

/** Jira answered, but without honouring the credentials. */
export function loginRefused (reply: Reply): boolean {
  const reason = loginReason(reply)
  return reason === 'AUTHENTICATED_FAILED' || reason === 'AUTHENTICATION_DENIED'
}

function authFailure (reply: Reply, ctx: IntegrationContext): IntegrationFailure | undefined {
  const reason = loginReason(reply)
  if (reason === 'AUTHENTICATION_DENIED') {
    return ctx.fail('LOGIN_DENIED', { detail: 'Jira asks for a CAPTCHA on this account after too many failed logins.' })
  }
  if (reply.status !== 401 && reason !== 'AUTHENTICATED_FAILED') return undefined
  if (reply.text.toLowerCase().includes(passwordDeprecated)) {
    return ctx.fail('PASSWORD_NOT_TOKEN', {
      detail: 'Jira Cloud no longer accepts account passwords over its REST API. Create an API token at https://id.atlassian.com/manage-profile/security/api-tokens and enter it here.'
    })
  }
  return ctx.fail('INVALID_TOKEN', {
    detail: 'Jira did not accept this User Email and API Token together; check both, and that the token has not been revoked or expired.'
  })
}

/** The failure for any answer that is not the expected success. */
export function failure (reply: Reply, ctx: IntegrationContext): IntegrationFailure {
  if (reply.status === 429) return rateLimited(reply, ctx)
  const auth = authFailure(reply, ctx)
  if (auth !== undefined) return auth
  if (reply.status >= 500) return ctx.fail('REMOTE_ERROR', { params: { status: reply.status }, detail: errorMessages(reply) })
  if (reply.json === undefined) return ctx.fail('NOT_JIRA', { detail: describe(reply) })
  if (reply.status === 403) return ctx.fail('NOT_PERMITTED', { detail: errorMessages(reply) })
  return ctx.fail('REMOTE_ERROR', { params: { status: reply.status }, detail: errorMessages(reply) })
}

/** Jira's field names in `errors` → the names of our action input. */
const inputNames: Record<string, string> = {
  project: 'projectKey',
  summary: 'summary',
  issuetype: 'issueType',
  labels: 'labels',
  description: 'description'
}

/**
 * A 400 on create: Jira's `errors` become field errors on our input; what concerns fields the
 * input does not have (a required custom field, say) and `errorMessages` go into the detail.
 */
export function issueRejected (reply: Reply, ctx: IntegrationContext): IntegrationFailure {
  const fields: FieldError[] = []
  const other: string[] = []
  const errors = isRecord(reply.json) && isRecord(reply.json.errors) ? reply.json.errors : {}
  for (const [jiraField, message] of Object.entries(errors)) {
    if (typeof message !== 'string') continue
    const field = inputNames[jiraField]
    if (field === undefined) other.push(`${jiraField}: ${message}`)
    else fields.push({ field, message })
  }
  const detail = [errorMessages(reply), ...other].filter((part) => part !== undefined).join(' ')
  return ctx.fail('ISSUE_REJECTED', { fields, ...(detail === '' ? {} : { detail }) })
}
