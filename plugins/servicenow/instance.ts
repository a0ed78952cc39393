/**
 * The words for a ServiceNow instance's answers: its address, the text of its JSON errors, and the
 * failure code each kind of answer becomes, with the HTTP status (and Retry-After) the hub needs to
 * decide whether a queued action is tried again.
 */
import { isRecord, retryAfterSeconds, unexpectedReply, type IntegrationContext, type IntegrationFailure, type Reply } from 'integration-hub/plugin'

export function instanceUrl (config: { serviceUrl: string }): string {
  return config.serviceUrl.replace(/\/+$/, '')
}

/**
 * The instance's error text: `{"error":{"message","detail"},"status":"failure"}` from the REST APIs
 * (ServiceNow docs: "REST API error handling"), `{"error","error_description"}` from /oauth_token.do.
 */
export function errorText (reply: Reply): string | undefined {
  if (!isRecord(reply.json)) return undefined
  const error = reply.json.error
  if (typeof error === 'string') {
    const description = reply.json.error_description
    return typeof description === 'string' ? `${error}: ${description}` : error
  }
  if (!isRecord(error)) return undefined
  const parts = [error.message, error.detail].filter((part): part is string => typeof part === 'string' && part.trim() !== '')
  return parts.length === 0 ? undefined : parts.map(part => part.replace(/\s+/g, ' ').trim()).join(': ')
}

export function notServiceNow (reply: Reply, ctx: IntegrationContext): IntegrationFailure {
  return ctx.fail('NOT_SERVICENOW', { detail: unexpectedReply(reply, 'ServiceNow'), status: reply.status })
}

/** 429 (ServiceNow docs: "Inbound REST API rate limiting": `Retry-After` in seconds). */
export function rateLimited (reply: Reply, ctx: IntegrationContext): IntegrationFailure {
  const seconds = retryAfterSeconds(reply.headers)
  const detail = errorText(reply)
  return seconds === undefined
    ? ctx.fail('RATE_LIMITED_LATER', { detail, status: reply.status })
    : ctx.fail('RATE_LIMITED', { params: { seconds }, detail, status: reply.status, retryAfterSeconds: seconds })
}

/** Failures any endpoint may answer: rate limiting, a server error, a body that is not JSON. */
export function remoteFailure (reply: Reply, ctx: IntegrationContext): IntegrationFailure | undefined {
  if (reply.status === 429) return rateLimited(reply, ctx)
  if (reply.status >= 500) {
    const seconds = retryAfterSeconds(reply.headers)
    return ctx.fail('REMOTE_ERROR', {
      params: { status: reply.status },
      detail: errorText(reply),
      status: reply.status,
      ...(seconds === undefined ? {} : { retryAfterSeconds: seconds })
    })
  }
  if (reply.json === undefined) return notServiceNow(reply, ctx)
  return undefined
}

/** The failure for a Table API answer that is not the expected success. */
export function tableFailure (reply: Reply, ctx: IntegrationContext): IntegrationFailure {
  const remote = remoteFailure(reply, ctx)
  if (remote !== undefined) return remote
  const detail = errorText(reply)
  const status = reply.status
  if (status === 401) return ctx.fail('TOKEN_REJECTED', { detail, status })
  // A data policy (e.g. Resolution code and notes on a resolved incident) refuses a write with 403.
  if (status === 403 && detail !== undefined && /data policy exception/i.test(detail)) return ctx.fail('DATA_POLICY', { detail, status })
  if (status === 403) return ctx.fail('NOT_PERMITTED', { detail, status })
  if (detail === undefined && status < 400) return notServiceNow(reply, ctx)
  return ctx.fail('REQUEST_REJECTED', { params: { status }, detail, status })
}
