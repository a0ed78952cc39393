/**
 * Reading a remote's HTTP answer once, for plugins: status, headers, the text and, when it parses,
 * the JSON; and the words for an answer that is not what the service's API sends.
 */

/** One answer, read once. `json` is undefined when the body is not JSON. */
export interface Reply {
  status: number
  headers: Headers
  /** The media type without parameters, lower-case (`application/json`), or '' when none was sent. */
  contentType: string
  text: string
  json: unknown
}

export async function readReply (response: Response): Promise<Reply> {
  const text = await response.text()
  return {
    status: response.status,
    headers: response.headers,
    contentType: (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase(),
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

export function isRecord (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** "It answered HTTP 404 with text/html instead of Jira's JSON." — for the detail line of a "not this service" failure. */
export function unexpectedReply (reply: Reply, service: string): string {
  return `It answered HTTP ${reply.status}${reply.contentType === '' ? '' : ` with ${reply.contentType}`} instead of ${service}'s JSON.`
}

/** Seconds to wait from a `Retry-After` header (a number of seconds, or an HTTP date), when it says. */
export function retryAfterSeconds (headers: Headers, now = Date.now()): number | undefined {
  const value = headers.get('retry-after')?.trim() ?? ''
  if (/^\d+$/.test(value)) return Number(value)
  const at = Date.parse(value)
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000))
}
