/**
 * A local stand-in for a ServiceNow instance: the OAuth password grant at /oauth_token.do and the
 * Table API, answering as ServiceNow documents them, with knobs for the faults the plugin handles.
 * Sources: ServiceNow docs "OAuth resource owner password credential workflow" and "OAuth API
 * response parameters" (token), "Table API" (records), "REST API error handling" and "Inbound REST
 * API rate limiting" (errors, 429); failed-login body from issue reports (demisto/content-docs#1301).
 */
import { randomBytes } from 'node:crypto'
import type http from 'node:http'
import { startHttpPeer, type RecordedRequest } from './http-peer.js'

export type ServiceNowPeerMode =
  /** Answers like an instance. */
  | 'instance'
  /** Accepts connections, never answers. */
  | 'hang'
  /** Any web server that is not ServiceNow: an HTML page at every path. */
  | 'html'
  /** A web server that is not ServiceNow: 404 HTML at every path. */
  | 'not-found'
  /** Every request exceeds an inbound rate-limit rule. */
  | 'rate-limited'

export interface ServiceNowPeerOptions {
  clientId?: string
  clientSecret?: string
  username?: string
  password?: string
  /** `expires_in` of issued tokens; the peer refuses a token after it. Default 1800, ServiceNow's default. */
  tokenLifetimeSeconds?: number
  mode?: ServiceNowPeerMode
  /** `Retry-After` in rate-limited mode. */
  retryAfterSeconds?: number
  /** The user may read but not insert (ACLs): creating records answers 403. */
  readOnlyUser?: boolean
}

export interface ServiceNowRecord {
  sys_id: string
  number: string
  [field: string]: unknown
}

export interface ServiceNowPeerState {
  mode: ServiceNowPeerMode
  /** `expires_in` of tokens issued from now on; 0 issues tokens the instance refuses at once. */
  tokenLifetimeSeconds: number
  retryAfterSeconds: number
  readOnlyUser: boolean
  /** Access tokens issued, with the epoch millisecond at which each expires. */
  tokens: Map<string, number>
  /** Records created, by table. */
  tables: { incident: ServiceNowRecord[], change_request: ServiceNowRecord[] }
  /** Forget every issued token, as when an admin revokes them: the next use answers 401. */
  revokeTokens(): void
}

export interface ServiceNowPeer {
  url: string
  requests: RecordedRequest[]
  state: ServiceNowPeerState
  /** Requests for a token (POST /oauth_token.do) received so far. */
  tokenRequests(): RecordedRequest[]
  close(): Promise<void>
}

type Answer = { status: number, headers?: Record<string, string>, body: string }

const json = (status: number, value: unknown, headers: Record<string, string> = {}): Answer =>
  ({ status, headers: { 'content-type': 'application/json;charset=UTF-8', ...headers }, body: JSON.stringify(value) })

// REST API error handling: every error of the REST APIs has this shape.
const restError = (status: number, message: string, detail: string | null, headers: Record<string, string> = {}): Answer =>
  json(status, { error: { message, detail }, status: 'failure' }, headers)

const htmlPage = (status: number, title: string): Answer => ({
  status,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body: `<!doctype html><html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`
})

const prefixes = { incident: 'INC', change_request: 'CHG' } as const

export async function startServiceNowPeer (options: ServiceNowPeerOptions = {}): Promise<ServiceNowPeer> {
  const credentials = {
    clientId: options.clientId ?? 'hub-client-id',
    clientSecret: options.clientSecret ?? 'hub-client-secret',
    username: options.username ?? 'hub.integration',
    password: options.password ?? 'user-password'
  }
  const state: ServiceNowPeerState = {
    mode: options.mode ?? 'instance',
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 1800,
    retryAfterSeconds: options.retryAfterSeconds ?? 30,
    readOnlyUser: options.readOnlyUser ?? false,
    tokens: new Map(),
    tables: { incident: [], change_request: [] },
    revokeTokens: () => state.tokens.clear()
  }
  let url = ''

  const token = (body: string): Answer => {
    const form = new URLSearchParams(body)
    const accepted = form.get('grant_type') === 'password' &&
      form.get('client_id') === credentials.clientId && form.get('client_secret') === credentials.clientSecret &&
      form.get('username') === credentials.username && form.get('password') === credentials.password
    // The same 401 body for a wrong client secret and a wrong user password (issue reports, see above).
    if (!accepted) return json(401, { error_description: 'access_denied', error: 'server_error' })
    const accessToken = randomBytes(32).toString('base64url')
    state.tokens.set(accessToken, Date.now() + state.tokenLifetimeSeconds * 1000)
    // OAuth API response parameters: access_token, refresh_token, scope, token_type, expires_in (seconds).
    return json(200, {
      access_token: accessToken,
      refresh_token: randomBytes(32).toString('base64url'),
      scope: 'useraccount',
      token_type: 'Bearer',
      expires_in: state.tokenLifetimeSeconds
    })
  }

  const table = (method: string, target: URL, headers: http.IncomingHttpHeaders, body: string): Answer => {
    const bearer = /^Bearer (.+)$/i.exec(headers.authorization ?? '')?.[1]
    const expiresAt = bearer === undefined ? undefined : state.tokens.get(bearer)
    // REST API error handling: 401 "User Not Authenticated" for missing, expired or revoked credentials.
    if (expiresAt === undefined || expiresAt <= Date.now()) {
      return restError(401, 'User Not Authenticated', 'Required to provide Auth information')
    }
    const name = target.pathname.slice('/api/now/table/'.length)
    const fields = target.searchParams.get('sysparm_fields')?.split(',')
    const select = (record: Record<string, unknown>): Record<string, unknown> => fields === undefined
      ? record
      : Object.fromEntries(fields.filter((field) => field in record).map((field) => [field, record[field]]))
    if (method === 'GET' && name === 'sys_user') {
      // Table API GET: 200 {"result":[…]}, at most sysparm_limit rows.
      return json(200, { result: [select({ sys_id: '6816f79cc0a8016401c5a33be04be441', user_name: credentials.username })] })
    }
    if (method === 'POST' && (name === 'incident' || name === 'change_request')) {
      if (state.readOnlyUser) {
        // Table API POST, 403: the ACLs do not let this user insert.
        return restError(403, 'Operation Failed', 'ACL Exception Insert Failed due to security constraints')
      }
      let values: unknown
      try {
        values = JSON.parse(body)
      } catch {
        return restError(400, 'Exception while reading request', 'The payload is not valid JSON.')
      }
      const rows = state.tables[name]
      const record: ServiceNowRecord = {
        ...(typeof values === 'object' && values !== null ? values as Record<string, unknown> : {}),
        sys_id: randomBytes(16).toString('hex'),
        number: `${prefixes[name]}${String(10001 + rows.length).padStart(7, '0')}`
      }
      rows.push(record)
      // Table API POST: 201 {"result":{…the record…}} and a Location header naming it.
      return json(201, { result: select(record) }, { location: `${url}/api/now/table/${name}/${record.sys_id}` })
    }
    // Table API: an unknown table is a 400 "Invalid table".
    return restError(400, `Invalid table ${name}`, null)
  }

  const answer = (method: string, target: URL, headers: http.IncomingHttpHeaders, body: string): Answer => {
    switch (state.mode) {
      case 'html': return htmlPage(200, 'Welcome to our intranet')
      case 'not-found': return htmlPage(404, 'Not Found')
      case 'rate-limited': {
        // Inbound REST API rate limiting: 429, Retry-After in seconds, X-RateLimit-* headers.
        const reset = Math.ceil(Date.now() / 1000) + state.retryAfterSeconds
        return restError(429, 'Too many requests', 'Rate limit of 100 requests per hour exceeded', {
          'retry-after': String(state.retryAfterSeconds),
          'x-ratelimit-limit': '100',
          'x-ratelimit-reset': String(reset),
          'x-ratelimit-rule': 'a8d5a5b1db2b1010a0a1d1f4f4961900'
        })
      }
      default:
    }
    if (method === 'POST' && target.pathname === '/oauth_token.do') return token(body)
    if (target.pathname.startsWith('/api/now/table/')) return table(method, target, headers, body)
    if (target.pathname === '/') return htmlPage(200, 'ServiceNow')
    return htmlPage(404, 'Not Found')
  }

  const peer = await startHttpPeer(request => state.mode === 'hang'
    ? undefined
    : answer(request.method, new URL(request.path, 'http://peer'), request.headers, request.body))
  url = peer.url
  return {
    ...peer,
    state,
    tokenRequests: () => peer.requests.filter((request) => request.method === 'POST' && request.path === '/oauth_token.do')
  }
}
