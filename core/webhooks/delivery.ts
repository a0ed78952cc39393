/**
 * One delivery attempt as Standard Webhooks specifies it: the event's JSON POSTed exactly as it was
 * first written (the same bytes on every attempt), with `webhook-id` (the event's id, which receivers
 * use as an idempotency key), `webhook-timestamp` (this attempt's time in seconds: receivers refuse
 * old ones, so each attempt signs anew) and `webhook-signature` (`v1,` and the base64 HMAC-SHA256 of
 * "id.timestamp.body" under the webhook's secret, made by the `standardwebhooks` package) — through
 * the outbound guard, under a deadline, never following a redirect. The outcome is told in words, and
 * `retryDelay` says how long to wait before the next attempt.
 */
import { STATUS_CODES } from 'node:http'
import { isIP } from 'node:net'
import { Webhook } from 'standardwebhooks'
import { retryAfterSeconds } from '../contract/reply.js'
import { classify } from '../runtime/failure.js'
import type { Outbound } from '../security/outbound.js'

/** An event as it travels: its id and the JSON text that is signed and sent. */
export interface Message {
  id: string
  body: string
}

export type AttemptResult =
  | { delivered: true, httpStatus: number, startedAt: number, durationMs: number }
  | {
    delivered: false
    /** The receiver's status, when it answered. */
    httpStatus?: number
    /** Epoch ms. */
    startedAt: number
    durationMs: number
    /** `HTTP_503`, or the core's failure code (`UNREACHABLE`, `TIMEOUT`, `TLS`, `ADDRESS_BLOCKED`, …). */
    code: string
    /** What went wrong, in words; never a library's message. */
    error: string
    /** How long the receiver asked to wait (`Retry-After` on a 429 or 503). */
    retryAfterMs?: number
    /** An error the core could not describe: worth a log line. */
    unexplained?: unknown
  }

export interface AttemptOptions {
  outbound: Outbound
  url: string
  /** `whsec_<base64>`. */
  secret: string
  message: Message
  timeoutMs: number
  /** Ends the attempt from outside (the job engine stopping): then it throws rather than answers. */
  signal?: AbortSignal
}

const USER_AGENT = 'Integration-Hub-Webhooks/1'

export async function attemptDelivery ({ outbound, url, secret, message, timeoutMs, signal }: AttemptOptions): Promise<AttemptResult> {
  const sentAt = new Date()
  const headers = {
    'content-type': 'application/json',
    'user-agent': USER_AGENT,
    'webhook-id': message.id,
    'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(message.id, sentAt, message.body)
  }
  const deadline = AbortSignal.timeout(timeoutMs)
  const started = performance.now()
  const elapsed = (): number => Math.round(performance.now() - started)
  let response: Response
  try {
    response = await outbound.fetch(url, {
      method: 'POST',
      headers,
      body: message.body,
      redirect: 'manual',
      signal: signal === undefined ? deadline : AbortSignal.any([deadline, signal])
    })
  } catch (error) {
    if (signal?.aborted === true) throw error
    const failure = classify(error, deadline.aborted, timeoutMs)
    return {
      delivered: false,
      startedAt: sentAt.getTime(),
      durationMs: elapsed(),
      code: failure.code,
      error: failureWords(failure.code, failure.detail, failure.params, { host: new URL(url).hostname, timeoutMs }),
      ...(failure.unexpected ? { unexplained: error } : {})
    }
  }
  const durationMs = elapsed()
  // The status is the answer; what the receiver wrote after it is not read.
  await response.body?.cancel().catch(() => {})
  const httpStatus = response.status
  if (httpStatus >= 200 && httpStatus < 300) return { delivered: true, httpStatus, startedAt: sentAt.getTime(), durationMs }
  const asked = httpStatus === 429 || httpStatus === 503 ? retryAfterSeconds(response.headers) : undefined
  return {
    delivered: false,
    httpStatus,
    startedAt: sentAt.getTime(),
    durationMs,
    code: `HTTP_${httpStatus}`,
    error: statusWords(httpStatus),
    ...(asked === undefined ? {} : { retryAfterMs: asked * 1000 })
  }
}

/** The first retry waits this long; each later one twice as long as the one before, … */
export const FIRST_RETRY_MS = 1_000
/** … up to this: once a receiver has been away for an hour, it is tried hourly. */
export const LONGEST_WAIT_MS = 60 * 60_000

/**
 * How long to wait after attempt `attempt` (1-based) failed: doubling from FIRST_RETRY_MS up to
 * LONGEST_WAIT_MS, plus up to a fifth more at random (so deliveries that failed together do not all
 * come back at the same moment), and never sooner than the receiver asked.
 */
export function retryDelay (attempt: number, askedMs = 0, random = Math.random): number {
  const backoff = Math.min(FIRST_RETRY_MS * 2 ** Math.min(attempt - 1, 30), LONGEST_WAIT_MS)
  return Math.max(Math.round(backoff * (1 + random() / 5)), askedMs)
}

function statusWords (status: number): string {
  const answered = `The receiver answered ${status}${STATUS_CODES[status] === undefined ? '' : ` ${STATUS_CODES[status]}`}`
  if (status >= 300 && status < 400) return `${answered}, a redirect: the hub does not follow redirects, so set the webhook’s URL to the address it points to.`
  return `${answered}; only a 2xx answer counts as delivered.`
}

function failureWords (code: string, detail: string | undefined, params: Record<string, string | number>, { host, timeoutMs }: { host: string, timeoutMs: number }): string {
  const because = detail === undefined ? '' : `: ${detail.charAt(0).toLowerCase()}${detail.slice(1)}`
  switch (code) {
    case 'TIMEOUT': return `The receiver did not answer within ${timeoutMs / 1000} s.`
    case 'UNREACHABLE': return `The receiver could not be reached${because || '.'}`
    case 'TLS': return `The receiver’s TLS certificate could not be verified${because || '.'}`
    case 'ADDRESS_BLOCKED': return `${isIP(host.replace(/^\[(.*)\]$/, '$1')) === 0 ? `${host} resolves to an address that is` : `${host} is`} not on the public internet (${String(params.reason)}); the hub calls such addresses only when the operator allows them (HUB_ALLOW_PRIVATE_NETWORK).`
    case 'RESPONSE_TOO_LARGE': return 'The receiver sent a larger answer than the hub accepts.'
    default: return 'The delivery failed unexpectedly; the details are in the hub’s log.'
  }
}
