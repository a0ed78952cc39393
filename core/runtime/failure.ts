/**
 * Turns whatever a plugin's handler threw into a failure code, and a code into the words the
 * admin reads. No library message or stack trace ever becomes the main message.
 */
import { commonErrors, isIntegrationFailure, type ErrorEntry, type FieldError } from '../contract/contract.js'
import { AddressBlockedError, RedirectRefusedError, ResponseTooLargeError } from '../security/outbound.js'

export interface ClassifiedFailure {
  code: string
  detail?: string
  params: Record<string, string | number>
  fields: FieldError[]
  /** The remote's HTTP status and `Retry-After`, when the plugin said (for retrying queued actions). */
  status?: number
  retryAfterSeconds?: number
  /** True when the core could not say what went wrong: worth a log line with the original error. */
  unexpected: boolean
}

export interface ResolvedFailure {
  code: string
  message: string
  detail?: string
  /** The setting the error map ties this failure to. */
  field?: string
  /** Field errors the plugin reported from the remote (e.g. Jira's `errors` on a 400): about the input it sent. */
  fields: FieldError[]
  status?: number
  retryAfterSeconds?: number
}

/**
 * The longest text taken from a remote that the hub keeps (a detail, a field message, a filled-in
 * placeholder): a remote can answer megabytes, and the words are stored and served in every catalog.
 */
export const REMOTE_TEXT_LIMIT = 500

const timeoutCodes = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'OAUTH_TIMEOUT', 'ABORT_ERR'])
const unreachable: Record<string, string> = {
  ENOTFOUND: 'The host name could not be resolved.',
  EAI_AGAIN: 'The host name could not be resolved right now.',
  EAI_NONAME: 'The host name could not be resolved.',
  ECONNREFUSED: 'The connection was refused.',
  ECONNRESET: 'The connection was closed by the other side.',
  EPIPE: 'The connection was closed by the other side.',
  EHOSTUNREACH: 'There is no route to that host.',
  ENETUNREACH: 'There is no route to that network.',
  EADDRNOTAVAIL: 'That address cannot be reached from the hub.',
  UND_ERR_SOCKET: 'The connection was closed by the other side.'
}
const tlsReasons: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'The certificate is self-signed.',
  SELF_SIGNED_CERT_IN_CHAIN: 'The certificate chain ends in a self-signed certificate the hub does not trust.',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'The certificate was issued by an authority the hub does not trust.',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'The certificate was issued by an authority the hub does not trust.',
  CERT_HAS_EXPIRED: 'The certificate has expired.',
  CERT_NOT_YET_VALID: 'The certificate is not valid yet.',
  ERR_TLS_CERT_ALTNAME_INVALID: 'The certificate is for a different host name.'
}

/** Errors linked through `cause` (and AggregateError members), outermost first. */
function * chain (error: unknown): Generator<any> {
  const seen = new Set<unknown>()
  const queue = [error]
  while (queue.length > 0) {
    const current = queue.shift()
    if (current === null || current === undefined || seen.has(current)) continue
    seen.add(current)
    yield current
    if (typeof current === 'object') {
      queue.push((current as { cause?: unknown }).cause)
      if (current instanceof AggregateError) queue.push(...current.errors)
    }
  }
}

export function classify (error: unknown, timedOut: boolean, timeoutMs: number): ClassifiedFailure {
  const base = { params: {}, fields: [], unexpected: false }
  if (timedOut) return { ...base, code: 'TIMEOUT', params: { seconds: seconds(timeoutMs) } }
  for (const link of chain(error)) {
    if (isIntegrationFailure(link)) {
      return {
        code: link.code,
        detail: link.detail,
        params: link.params,
        fields: link.fields,
        ...(link.status === undefined ? {} : { status: link.status }),
        ...(link.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: link.retryAfterSeconds }),
        unexpected: false
      }
    }
    if (link instanceof AddressBlockedError) return { ...base, code: 'ADDRESS_BLOCKED', params: { reason: link.reason } }
    if (link instanceof ResponseTooLargeError) return { ...base, code: 'RESPONSE_TOO_LARGE' }
    if (link instanceof RedirectRefusedError) return { ...base, code: 'REDIRECT_REFUSED', detail: `It redirected to ${link.location}.` }
    const code = typeof link?.code === 'string' ? link.code : ''
    if (timeoutCodes.has(code) || link?.name === 'TimeoutError') {
      return { ...base, code: 'TIMEOUT', params: { seconds: seconds(timeoutMs) } }
    }
    if (code in unreachable) return { ...base, code: 'UNREACHABLE', detail: unreachable[code] }
    if (code in tlsReasons) return { ...base, code: 'TLS', detail: tlsReasons[code] }
    if (/^(ERR_SSL_|ERR_TLS_|EPROTO$)|CERT/.test(code)) return { ...base, code: 'TLS', detail: 'The secure connection could not be set up.' }
  }
  return { ...base, code: 'UNEXPECTED', unexpected: true }
}

function seconds (ms: number): number {
  return Math.round(ms / 100) / 10
}

/** The plugin's entry for a code, then the common one; an undeclared code is reported as unexpected. */
export function resolveFailure (
  failure: ClassifiedFailure,
  errorMap: Record<string, ErrorEntry>,
  redact: (text: string) => string
): ResolvedFailure {
  const entry: ErrorEntry = errorMap[failure.code] ?? (commonErrors as Record<string, ErrorEntry>)[failure.code] ?? commonErrors.UNEXPECTED
  const code = entry === commonErrors.UNEXPECTED ? 'UNEXPECTED' : failure.code
  // Placeholders may hold remote text: capped after redaction, as a whole, never a secret half-cut before it.
  const message = capped(redact(fill(entry.message, failure.params)), entry.message.length + REMOTE_TEXT_LIMIT)
  return {
    code,
    message,
    ...(failure.detail === undefined ? {} : { detail: capped(redact(failure.detail)) }),
    ...(entry.field === undefined ? {} : { field: entry.field }),
    fields: failure.fields.slice(0, 50).map(({ field, message }) => ({ field: capped(field), message: capped(redact(message)) })),
    ...(failure.status === undefined ? {} : { status: failure.status }),
    ...(failure.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: failure.retryAfterSeconds })
  }
}

function fill (template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => name in params ? String(params[name]) : whole)
}

/** Remote text cut to `limit` characters; always applied after redaction, so a secret is never cut in half and left readable. */
export function capped (text: string, limit = REMOTE_TEXT_LIMIT): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`
}
