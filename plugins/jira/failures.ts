/**
 * Jira's answers in the plugin's failure codes: refused credentials, rate limits, Jira's
 * `{errorMessages, errors}` body turned into field errors on the action's input.
 */
import { isRecord, retryAfterSeconds, unexpectedReply, type FieldError, type IntegrationContext, type IntegrationFailure, type Reply } from 'integration-hub/plugin'
import type { Site } from './site.js'

/** Jira Cloud's own words when it refuses a password where an API token belongs (deprecation notice). */
const passwordDeprecated = 'basic authentication with passwords is deprecated'

/** The remote's status and `Retry-After`, passed with every failure raised over an answer. */
export function answered (reply: Reply): { status: number, retryAfterSeconds?: number } {
  const seconds = retryAfterSeconds(reply.headers)
  return { status: reply.status, ...(seconds === undefined ? {} : { retryAfterSeconds: seconds }) }
}

/** `errorMessages` of Jira's error body, joined into one line. */
export function errorMessages (reply: Reply): string | undefined {
  if (!isRecord(reply.json) || !Array.isArray(reply.json.errorMessages)) return undefined
  const messages = reply.json.errorMessages.filter((message): message is string => typeof message === 'string' && message !== '')
  return messages.length === 0 ? undefined : messages.join(' ')
}

/** Atlassian "Rate limiting": 429 with `Retry-After` in seconds. */
function rateLimited (reply: Reply, ctx: IntegrationContext): IntegrationFailure {
  const remote = answered(reply)
  const detail = errorMessages(reply)
  return remote.retryAfterSeconds === undefined
    ? ctx.fail('RATE_LIMITED_LATER', { ...remote, detail })
    : ctx.fail('RATE_LIMITED', { ...remote, params: { seconds: remote.retryAfterSeconds }, detail })
}

/**
 * `X-Seraph-LoginReason`: AUTHENTICATED_FAILED when the credentials were refused (Jira may even serve
 * the request anonymously and say so only here); AUTHENTICATION_DENIED when a CAPTCHA is required.
 */
function loginReason (reply: Reply): string | undefined {
  return reply.headers.get('x-seraph-loginreason')?.split(',')[0]?.trim().toUpperCase()
}

/** Jira answered, but without honouring the credentials. */
export function loginRefused (reply: Reply): boolean {
  const reason = loginReason(reply)
  return reason === 'AUTHENTICATED_FAILED' || reason === 'AUTHENTICATION_DENIED'
}

function authFailure (reply: Reply, ctx: IntegrationContext, site: Site | undefined): IntegrationFailure | undefined {
  const reason = loginReason(reply)
  const remote = answered(reply)
  if (reason === 'AUTHENTICATION_DENIED') {
    return ctx.fail('LOGIN_DENIED', { ...remote, detail: 'Jira asks for a CAPTCHA on this account after too many failed logins.' })
  }
  if (reply.status !== 401 && reason !== 'AUTHENTICATED_FAILED') return undefined
  if (site?.deployment === 'cloud' && reply.text.toLowerCase().includes(passwordDeprecated)) {
    return ctx.fail('PASSWORD_NOT_TOKEN', {
      ...remote,
      detail: 'Jira Cloud no longer accepts account passwords over its REST API. Create an API token at https://id.atlassian.com/manage-profile/security/api-tokens and enter it here.'
    })
  }
  const expiredOn = site?.tokenExpiresOn
  if (expiredOn !== undefined && expiryOf(expiredOn) <= new Date()) {
    return ctx.fail('TOKEN_EXPIRED', { ...remote, params: { date: expiredOn } })
  }
  return ctx.fail('INVALID_TOKEN', { ...remote, detail: site?.dialect.refusedDetail ?? 'Jira did not accept the credentials.' })
}

/** The moment a token entered as expiring on `date` (YYYY-MM-DD) stops working: the start of that day, UTC. */
export function expiryOf (date: string): Date {
  return new Date(`${date}T00:00:00Z`)
}

/** The failure for any answer that is not the expected success. */
export function failure (reply: Reply, ctx: IntegrationContext, site?: Site): IntegrationFailure {
  if (reply.status === 429) return rateLimited(reply, ctx)
  const auth = authFailure(reply, ctx, site)
  if (auth !== undefined) return auth
  const remote = answered(reply)
  if (reply.status >= 500) return ctx.fail('REMOTE_ERROR', { ...remote, params: { status: reply.status }, detail: errorMessages(reply) })
  if (reply.json === undefined) return ctx.fail('NOT_JIRA', { ...remote, detail: unexpectedReply(reply, 'Jira') })
  if (reply.status === 403) return ctx.fail('NOT_PERMITTED', { ...remote, detail: errorMessages(reply) })
  return ctx.fail('REMOTE_ERROR', { ...remote, params: { status: reply.status }, detail: errorMessages(reply) })
}

/** A 2xx answer without what the operation returns (`what`: "the issue's key", say). */
export function unreadable (reply: Reply, ctx: IntegrationContext, what: string): IntegrationFailure {
  return ctx.fail('UNEXPECTED_ANSWER', { ...answered(reply), detail: `It answered HTTP ${reply.status} without ${what}.` })
}

/**
 * A refusal of the input (a 400 with Jira's `errors`): each Jira field named in `inputNames` becomes a
 * field error on the action's input; the rest (a required custom field the input did not set, say)
 * and `errorMessages` go into the detail.
 */
export function rejected (code: string, reply: Reply, ctx: IntegrationContext, inputNames: (jiraField: string) => string | undefined): IntegrationFailure {
  const fields: FieldError[] = []
  const other: string[] = []
  const errors = isRecord(reply.json) && isRecord(reply.json.errors) ? reply.json.errors : {}
  for (const [jiraField, message] of Object.entries(errors)) {
    if (typeof message !== 'string') continue
    const field = inputNames(jiraField)
    if (field === undefined) other.push(`${jiraField}: ${message}`)
    else fields.push({ field, message })
  }
  const detail = [errorMessages(reply), ...other].filter((part) => part !== undefined).join(' ')
  return ctx.fail(code, { ...answered(reply), fields, ...(detail === '' ? {} : { detail }) })
}

/**
 * A 404 with Jira's error body on an issue's resource: the key names no issue this user may see.
 * (A 404 that is not Jira's JSON is a wrong address, and stays `failure`'s NOT_JIRA.)
 */
export function issueFailure (reply: Reply, ctx: IntegrationContext, site: Site, key: string): IntegrationFailure {
  if (reply.status !== 404 || !isRecord(reply.json)) return failure(reply, ctx, site)
  return ctx.fail('ISSUE_NOT_FOUND', {
    ...answered(reply),
    params: { key },
    fields: [{ field: 'key', message: errorMessages(reply) ?? 'Issue does not exist or you do not have permission to see it.' }]
  })
}

/** A 404 with Jira's error body on a project's resource: no project with this key that the user may see. */
export function projectFailure (reply: Reply, ctx: IntegrationContext, site: Site, projectKey: string): IntegrationFailure {
  if (reply.status !== 404 || !isRecord(reply.json)) return failure(reply, ctx, site)
  return ctx.fail('PROJECT_NOT_FOUND', {
    ...answered(reply),
    params: { projectKey },
    fields: [{ field: 'projectKey', message: errorMessages(reply) ?? `No project could be found with key '${projectKey}'.` }]
  })
}

/** A 400 on a search: Jira could not parse or run the query, and says why in `errorMessages`. */
export function jqlRefused (reply: Reply, ctx: IntegrationContext, site: Site): IntegrationFailure {
  if (reply.status !== 400 || !isRecord(reply.json)) return failure(reply, ctx, site)
  return ctx.fail('INVALID_JQL', { ...answered(reply), fields: [{ field: 'jql', message: errorMessages(reply) ?? 'Jira could not run this query.' }] })
}
