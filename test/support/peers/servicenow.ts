/**
 * A local stand-in for a ServiceNow instance: OAuth at /oauth_token.do (password, refresh_token and
 * client_credentials grants) and the Table API (GET, POST, PATCH) signed in with a token or HTTP
 * Basic, answering as ServiceNow documents them, with switches for the faults the plugin handles.
 *
 * Sources (ServiceNow docs unless said otherwise):
 * - "OAuth resource owner password credential workflow", "OAuth API request parameters" (password and
 *   refresh_token grants; a refresh-token request returns only an access token; "access requests made
 *   within the expiration time of the access token always return the current access token"), "OAuth
 *   API response parameters" (access_token, refresh_token, scope "useraccount", token_type "Bearer",
 *   expires_in in seconds), "Manage OAuth tokens" (default lifespans 30 minutes and 100 days).
 * - "Client credentials grant workflow", "Client Credentials" and KB1645212 ("How to configure Client
 *   Credentials grant type for inbound OAuth"): off until the system property
 *   glide.oauth.inbound.client.credential.grant_type.enabled is true and the OAuth entity has an OAuth
 *   Application User; "Add the OAuth Application User": otherwise "the authorization request isn't
 *   passed". What the instance answers then is not documented; a community thread ("How to generate
 *   oauth token with grant type=client_credentials", servicenow.com/community, 2025) reports 401, so
 *   the peer answers the same 401 body as a refused password grant.
 * - Refused password grant: 401 {"error_description":"access_denied","error":"server_error"} for a bad
 *   client secret and a bad user password alike (issue report demisto/content-docs#1301).
 * - "Table API": GET list (sysparm_query, sysparm_fields, sysparm_limit, sysparm_display_value with
 *   all → { display_value, value }, sysparm_exclude_reference_link), GET/PATCH by sys_id (404 when
 *   there is no record), POST (201 and Location); dates in UTC as YYYY-MM-DD HH:mm:ss.
 * - "REST API error handling": {"error":{"message","detail"},"status":"failure"}; 401 "User Not
 *   Authenticated". "Inbound REST API rate limiting": 429 with Retry-After and X-RateLimit-*.
 * - "Basic authentication" and "Basic authentication restriction": instances may block Basic for an
 *   account; the answer then is not documented, so the peer answers the same 401 as a wrong password.
 * - "Life cycle of an Incident" (states New 1, In Progress 2, On Hold 3, Resolved 6, Closed 7, Canceled
 *   8); a base instance's data policy makes Resolution code and notes mandatory once resolved, refused
 *   with 403 "Data Policy Exception: The following fields are mandatory: …" (as integrators report it,
 *   e.g. DefectDojo's ServiceNow documentation). Work notes and comments are journal fields: a write
 *   adds an entry (sys_journal_field), and the record reads them back empty.
 */
import { randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { RecordedRequest } from './http-peer.js'

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
  /** How long a refresh token is honoured. Default 8,640,000 (100 days), ServiceNow's default. */
  refreshTokenLifetimeSeconds?: number
  mode?: ServiceNowPeerMode
  /** `Retry-After` in rate-limited mode. */
  retryAfterSeconds?: number
  /** The user may read but not insert or update (ACLs): writes answer 403. */
  readOnlyUser?: boolean
  /** glide.oauth.inbound.client.credential.grant_type.enabled; false by default, as on an instance. */
  clientCredentialsEnabled?: boolean
  /** user_name of the OAuth entity's OAuth Application User; null when none is chosen. Default: `username`. */
  oauthApplicationUser?: string | null
  /** Whether the user may sign in with HTTP Basic (false: Basic Auth Restriction enforced for it). Default true. */
  basicAuth?: boolean
  /** Answer POST /oauth_token.do with 307 to this origin's /oauth_token.do, as a misconfigured proxy might. */
  redirectTokenTo?: string
}

export interface ServiceNowRecord {
  sys_id: string
  number: string
  [field: string]: unknown
}

/** A row of sys_user or sys_user_group. */
export interface ServiceNowRow {
  sys_id: string
  [field: string]: unknown
}

/** A journal entry (sys_journal_field): a work note or comment written to a record. */
export interface JournalEntry {
  table: string
  element_id: string
  element: 'work_notes' | 'comments'
  value: string
  sys_created_by: string
  sys_created_on: string
}

export interface ServiceNowPeerState {
  mode: ServiceNowPeerMode
  /** `expires_in` of tokens issued from now on; 0 issues tokens the instance refuses at once. */
  tokenLifetimeSeconds: number
  refreshTokenLifetimeSeconds: number
  retryAfterSeconds: number
  readOnlyUser: boolean
  clientCredentialsEnabled: boolean
  oauthApplicationUser: string | null
  basicAuth: boolean
  redirectTokenTo: string | undefined
  /** Access tokens issued, with the epoch millisecond at which each expires. */
  tokens: Map<string, number>
  /** Refresh tokens issued, with the epoch millisecond at which each expires. */
  refreshTokens: Map<string, number>
  /** Records, by table; sys_user and sys_user_group hold the users and groups references name. */
  tables: { incident: ServiceNowRecord[], change_request: ServiceNowRecord[], sys_user: ServiceNowRow[], sys_user_group: ServiceNowRow[] }
  /** Work notes and comments written, oldest first. */
  journal: JournalEntry[]
  /** The next this many Table API requests answer 503 (then the instance answers again), with `Retry-After` when set. */
  unavailableRequests: number
  unavailableRetryAfterSeconds: number | undefined
  /** Forget every issued access token, as when an admin revokes them: the next use answers 401. */
  revokeTokens(): void
  /** Forget every issued refresh token: a refresh_token grant with one answers 401. */
  revokeRefreshTokens(): void
  /** The next `count` Table API requests take effect at once but are answered only after `ms`. */
  holdNextAnswers(count: number, ms: number): void
}

export interface ServiceNowPeer {
  url: string
  requests: RecordedRequest[]
  state: ServiceNowPeerState
  /** Requests for a token (POST /oauth_token.do) received so far. */
  tokenRequests(): RecordedRequest[]
  /** The form of each token request, in order. */
  tokenForms(): Array<Record<string, string>>
  /** Table API requests received so far. */
  tableRequests(): RecordedRequest[]
  close(): Promise<void>
}

/** The authentication methods of the plugin's settings. */
export type ServiceNowAuthMethod = 'password' | 'clientCredentials' | 'basic'

/** Settings that sign in to a peer started with the default credentials, by the given method. */
export function serviceNowSettings (peer: { url: string }, method: ServiceNowAuthMethod = 'password', overrides: Record<string, string> = {}): Record<string, string> {
  const all = { clientId: 'hub-client-id', clientSecret: 'hub-client-secret', username: 'hub.integration', password: 'user-password' }
  const fields: Record<string, string> = { password: all, clientCredentials: { clientId: all.clientId, clientSecret: all.clientSecret }, basic: { username: all.username, password: all.password } }[method]
  return { serviceUrl: peer.url, authMethod: method, ...fields, ...overrides }
}

type Answer = { status: number, headers?: Record<string, string>, body: string }

const json = (status: number, value: unknown, headers: Record<string, string> = {}): Answer =>
  ({ status, headers: { 'content-type': 'application/json;charset=UTF-8', ...headers }, body: JSON.stringify(value) })

// REST API error handling: every error of the REST APIs has this shape.
const restError = (status: number, message: string, detail: string | null, headers: Record<string, string> = {}): Answer =>
  json(status, { error: { message, detail }, status: 'failure' }, headers)

// The same 401 for every refused grant (see the sources above).
const grantRefused = (): Answer => json(401, { error_description: 'access_denied', error: 'server_error' })

const notAuthenticated = (): Answer => restError(401, 'User Not Authenticated', 'Required to provide Auth information')

const htmlPage = (status: number, title: string): Answer => ({
  status,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body: `<!doctype html><html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`
})

const prefixes = { incident: 'INC', change_request: 'CHG' } as const
const stateLabels: Record<string, Record<string, string>> = {
  incident: { 1: 'New', 2: 'In Progress', 3: 'On Hold', 6: 'Resolved', 7: 'Closed', 8: 'Canceled' },
  change_request: { '-5': 'New', '-4': 'Assess', '-3': 'Authorize', '-2': 'Scheduled', '-1': 'Implement', 0: 'Review', 3: 'Closed', 4: 'Canceled' }
}
/** Reference columns and the table (and display column) they point to. */
const references: Record<string, { table: 'sys_user' | 'sys_user_group', display: string }> = {
  caller_id: { table: 'sys_user', display: 'name' },
  assigned_to: { table: 'sys_user', display: 'name' },
  opened_by: { table: 'sys_user', display: 'name' },
  resolved_by: { table: 'sys_user', display: 'name' },
  assignment_group: { table: 'sys_user_group', display: 'name' }
}
const journalFields = ['work_notes', 'comments'] as const

/** Now as the instance stores date-times: UTC, YYYY-MM-DD HH:mm:ss. */
const glideNow = (): string => new Date().toISOString().slice(0, 19).replace('T', ' ')
const sysId = (): string => randomBytes(16).toString('hex')

/**
 * An encoded query (Table API: sysparm_query): conditions joined by ^ (and) and ^OR (or, binding
 * tighter), each `column=value` or `column!=value`; ORDERBY clauses are ignored.
 */
function matches (query: string | null, row: Record<string, unknown>): boolean {
  if (query === null || query === '') return true
  const groups: string[][] = []
  for (const part of query.split('^')) {
    if (part.startsWith('OR') && groups.length > 0) groups.at(-1)!.push(part.slice(2))
    else if (!part.startsWith('ORDERBY')) groups.push([part])
  }
  return groups.every(group => group.some(condition => {
    const negated = /^([^!=]+)!=(.*)$/.exec(condition)
    if (negated !== null) return String(row[negated[1]!] ?? '') !== negated[2]
    const equal = /^([^=]+)=(.*)$/.exec(condition)
    return equal !== null && String(row[equal[1]!] ?? '') === equal[2]
  }))
}

export async function startServiceNowPeer (options: ServiceNowPeerOptions = {}): Promise<ServiceNowPeer> {
  const credentials = {
    clientId: options.clientId ?? 'hub-client-id',
    clientSecret: options.clientSecret ?? 'hub-client-secret',
    username: options.username ?? 'hub.integration',
    password: options.password ?? 'user-password'
  }
  /** Who each issued token acts as: its client and user_name. */
  const owners = new Map<string, { client: string, user: string }>()
  const state: ServiceNowPeerState = {
    mode: options.mode ?? 'instance',
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 1800,
    refreshTokenLifetimeSeconds: options.refreshTokenLifetimeSeconds ?? 8_640_000,
    retryAfterSeconds: options.retryAfterSeconds ?? 30,
    readOnlyUser: options.readOnlyUser ?? false,
    clientCredentialsEnabled: options.clientCredentialsEnabled ?? false,
    oauthApplicationUser: options.oauthApplicationUser === undefined ? credentials.username : options.oauthApplicationUser,
    basicAuth: options.basicAuth ?? true,
    redirectTokenTo: options.redirectTokenTo,
    tokens: new Map(),
    refreshTokens: new Map(),
    tables: {
      incident: [],
      change_request: [],
      sys_user: [
        { sys_id: '6816f79cc0a8016401c5a33be04be441', user_name: credentials.username, name: 'Hub Integration' },
        { sys_id: '62826bf03710200044e0bfc8bcbe5df1', user_name: 'abel.tuter', name: 'Abel Tuter' },
        { sys_id: '46d44a23a9fe19810012d100cca80666', user_name: 'beth.anglin', name: 'Beth Anglin' }
      ],
      sys_user_group: [
        { sys_id: 'd625dccec0a8016700a222a0f7900d06', name: 'Service Desk' },
        { sys_id: '287ebd7da9fe198100f92cc8d1d2154e', name: 'Network' },
        { sys_id: '8a5055c9c61122780043563ef53438e3', name: 'Hardware' }
      ]
    },
    journal: [],
    unavailableRequests: 0,
    unavailableRetryAfterSeconds: undefined,
    revokeTokens: () => {
      state.tokens.clear()
    },
    revokeRefreshTokens: () => {
      state.refreshTokens.clear()
    },
    holdNextAnswers: (count, ms) => {
      hold = { count, ms }
    }
  }
  let hold = { count: 0, ms: 0 }
  let url = ''

  const userNamed = (name: string): ServiceNowRow | undefined => state.tables.sys_user.find(row => row.user_name === name)

  const issue = (client: string, user: string): string => {
    const accessToken = randomBytes(32).toString('base64url')
    state.tokens.set(accessToken, Date.now() + state.tokenLifetimeSeconds * 1000)
    owners.set(accessToken, { client, user })
    return accessToken
  }

  /** The access token a repeated grant gets: the current one while it lasts, else a new one. */
  const currentAccessToken = (client: string, user: string): { token: string, expiresIn: number } => {
    for (const [token, expiresAt] of state.tokens) {
      const owner = owners.get(token)
      if (owner?.client === client && owner.user === user && expiresAt > Date.now()) {
        return { token, expiresIn: Math.floor((expiresAt - Date.now()) / 1000) }
      }
    }
    return { token: issue(client, user), expiresIn: state.tokenLifetimeSeconds }
  }

  const currentRefreshToken = (client: string, user: string): string => {
    for (const [token, expiresAt] of state.refreshTokens) {
      const owner = owners.get(token)
      if (owner?.client === client && owner.user === user && expiresAt > Date.now()) return token
    }
    const refreshToken = randomBytes(32).toString('base64url')
    state.refreshTokens.set(refreshToken, Date.now() + state.refreshTokenLifetimeSeconds * 1000)
    owners.set(refreshToken, { client, user })
    return refreshToken
  }

  const token = (body: string): Answer => {
    const form = new URLSearchParams(body)
    const client = form.get('client_id') ?? ''
    if (client !== credentials.clientId || form.get('client_secret') !== credentials.clientSecret) return grantRefused()
    switch (form.get('grant_type')) {
      case 'password': {
        if (form.get('username') !== credentials.username || form.get('password') !== credentials.password) return grantRefused()
        const access = currentAccessToken(client, credentials.username)
        // OAuth API response parameters: a user-credential request always returns both tokens.
        return json(200, {
          access_token: access.token,
          refresh_token: currentRefreshToken(client, credentials.username),
          scope: 'useraccount',
          token_type: 'Bearer',
          expires_in: access.expiresIn
        })
      }
      case 'refresh_token': {
        const refreshToken = form.get('refresh_token') ?? ''
        const expiresAt = state.refreshTokens.get(refreshToken)
        const owner = owners.get(refreshToken)
        if (expiresAt === undefined || expiresAt <= Date.now() || owner?.client !== client) return grantRefused()
        // OAuth API request parameters: "This type of request returns only an access token."
        return json(200, { access_token: issue(client, owner.user), scope: 'useraccount', token_type: 'Bearer', expires_in: state.tokenLifetimeSeconds })
      }
      case 'client_credentials': {
        const user = state.oauthApplicationUser
        if (!state.clientCredentialsEnabled || user === null) return grantRefused()
        const access = currentAccessToken(client, user)
        return json(200, { access_token: access.token, scope: 'useraccount', token_type: 'Bearer', expires_in: access.expiresIn })
      }
      default:
        return grantRefused()
    }
  }

  /** The user a Table API request acts as, from its bearer token or Basic credentials. */
  const caller = (headers: http.IncomingHttpHeaders): ServiceNowRow | undefined => {
    const authorization = headers.authorization ?? ''
    const bearer = /^Bearer (.+)$/i.exec(authorization)?.[1]
    if (bearer !== undefined) {
      const expiresAt = state.tokens.get(bearer)
      return expiresAt === undefined || expiresAt <= Date.now() ? undefined : userNamed(owners.get(bearer)?.user ?? '')
    }
    const basic = /^Basic (.+)$/i.exec(authorization)?.[1]
    if (basic === undefined || !state.basicAuth) return undefined
    const decoded = Buffer.from(basic, 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    return decoded.slice(0, colon) === credentials.username && decoded.slice(colon + 1) === credentials.password
      ? userNamed(credentials.username)
      : undefined
  }

  /** A record as the Table API shows it: the fields asked for, actual values or (with `all`) both. */
  const present = (table: string, record: Record<string, unknown>, target: URL): Record<string, unknown> => {
    const fields = target.searchParams.get('sysparm_fields')?.split(',').filter(Boolean)
    const display = target.searchParams.get('sysparm_display_value') ?? 'false'
    const withLinks = target.searchParams.get('sysparm_exclude_reference_link') !== 'true'
    const shown = fields === undefined ? Object.keys(record) : fields.filter(field => field in record)
    return Object.fromEntries(shown.map(field => {
      const value = record[field]
      const reference = references[field]
      const label = reference !== undefined && typeof value === 'string' && value !== ''
        ? String(state.tables[reference.table].find(row => row.sys_id === value)?.[reference.display] ?? '')
        : field === 'state' ? stateLabels[table]?.[String(value)] ?? String(value ?? '') : String(value ?? '')
      const link = reference !== undefined && withLinks && value !== '' ? { link: `${url}/api/now/table/${reference.table}/${String(value)}` } : {}
      if (display === 'all') return [field, { display_value: label, ...link, value }]
      if (display === 'true') return [field, label]
      return [field, reference !== undefined && withLinks && value !== '' ? { ...link, value } : value]
    }))
  }

  /** Work notes and comments go to the journal; the record reads them back empty. */
  const write = (table: string, record: ServiceNowRecord, values: Record<string, unknown>, user: ServiceNowRow): void => {
    for (const [field, value] of Object.entries(values)) {
      if ((journalFields as readonly string[]).includes(field)) {
        if (String(value) !== '') {
          state.journal.push({ table, element_id: record.sys_id, element: field as JournalEntry['element'], value: String(value), sys_created_by: String(user.user_name), sys_created_on: glideNow() })
        }
        record[field] = ''
      } else if (!field.startsWith('sys_') && field !== 'number') {
        record[field] = value
      }
    }
  }

  const table = (method: string, target: URL, headers: http.IncomingHttpHeaders, body: string): Answer => {
    // REST API error handling: 401 "User Not Authenticated" for missing, wrong, expired or revoked credentials.
    const user = caller(headers)
    if (user === undefined) return notAuthenticated()
    const [name = '', id] = target.pathname.slice('/api/now/table/'.length).split('/')
    if (!(name in state.tables)) return restError(400, `Invalid table ${name}`, null)
    const rows = state.tables[name as keyof ServiceNowPeerState['tables']] as ServiceNowRecord[]
    const found = id === undefined ? undefined : rows.find(row => row.sys_id === id)
    const noRecord = (): Answer => restError(404, 'No Record found', 'Record doesn\'t exist or ACL restricts the record retrieval')

    if (method === 'GET' && id === undefined) {
      const limit = Number(target.searchParams.get('sysparm_limit') ?? 10000)
      const result = rows.filter(row => matches(target.searchParams.get('sysparm_query'), row)).slice(0, limit)
      return json(200, { result: result.map(row => present(name, row, target)) }, { 'x-total-count': String(result.length) })
    }
    if (method === 'GET') return found === undefined ? noRecord() : json(200, { result: present(name, found, target) })

    if (name !== 'incident' && name !== 'change_request') return restError(403, 'Operation Failed', 'ACL Exception Insert Failed due to security constraints')
    let values: unknown
    try {
      values = JSON.parse(body)
    } catch {
      return restError(400, 'Exception while reading request', 'The payload is not valid JSON.')
    }
    const given = typeof values === 'object' && values !== null ? values as Record<string, unknown> : {}

    if (method === 'POST' && id === undefined) {
      // Table API POST, 403: the ACLs do not let this user insert.
      if (state.readOnlyUser) return restError(403, 'Operation Failed', 'ACL Exception Insert Failed due to security constraints')
      const now = glideNow()
      const record: ServiceNowRecord = {
        sys_id: sysId(),
        number: `${prefixes[name]}${String(10001 + rows.length).padStart(7, '0')}`,
        state: name === 'incident' ? '1' : '-5',
        ...(name === 'incident' ? { impact: '3', urgency: '3', caller_id: '', category: 'inquiry', resolved_at: '', close_code: '', close_notes: '' } : { type: 'normal', start_date: '', end_date: '' }),
        short_description: '',
        description: '',
        assignment_group: '',
        assigned_to: '',
        correlation_id: '',
        correlation_display: '',
        work_notes: '',
        comments: '',
        opened_by: user.sys_id,
        opened_at: now,
        sys_created_on: now,
        sys_created_by: String(user.user_name),
        sys_updated_on: now,
        sys_mod_count: '0'
      }
      write(name, record, given, user)
      rows.push(record)
      // Table API POST: 201 {"result":{…the record…}} and a Location header naming it.
      return json(201, { result: present(name, record, target) }, { location: `${url}/api/now/table/${name}/${record.sys_id}` })
    }

    if ((method === 'PATCH' || method === 'PUT') && id !== undefined) {
      if (found === undefined) return noRecord()
      if (state.readOnlyUser) return restError(403, 'Operation Failed', 'ACL Exception Update Failed due to security constraints')
      const next = { ...found, ...given }
      if (name === 'incident' && (next.state === '6' || next.state === '7')) {
        const missing = [['close_code', 'Resolution code'], ['close_notes', 'Resolution notes']].filter(([field]) => String(next[field!] ?? '') === '').map(([, label]) => label)
        if (missing.length > 0) return restError(403, 'Operation Failed', `Data Policy Exception: \n The following fields are mandatory: ${missing.join(', ')}`)
      }
      const wasResolved = found.state === '6'
      write(name, found, given, user)
      if (name === 'incident' && found.state === '6' && !wasResolved) {
        found.resolved_at = glideNow()
        found.resolved_by = user.sys_id
      }
      found.sys_updated_on = glideNow()
      found.sys_mod_count = String(Number(found.sys_mod_count ?? 0) + 1)
      return json(200, { result: present(name, found, target) })
    }
    return restError(405, 'Method not Supported', `${method} is not supported on this resource`)
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
    if (method === 'POST' && target.pathname === '/oauth_token.do') {
      if (state.redirectTokenTo !== undefined) return { status: 307, headers: { location: `${state.redirectTokenTo}/oauth_token.do` }, body: '' }
      return token(body)
    }
    if (target.pathname.startsWith('/api/now/table/')) {
      if (state.unavailableRequests > 0) {
        state.unavailableRequests--
        const retryAfter = state.unavailableRetryAfterSeconds
        return restError(503, 'Service Unavailable', 'The instance is not available right now', retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) })
      }
      return table(method, target, headers, body)
    }
    if (target.pathname === '/') return htmlPage(200, 'ServiceNow')
    return htmlPage(404, 'Not Found')
  }

  const requests: RecordedRequest[] = []
  const timers = new Set<NodeJS.Timeout>()
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const recorded = { method: request.method ?? 'GET', path: request.url ?? '/', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') }
      requests.push(recorded)
      if (state.mode === 'hang') return
      const target = new URL(recorded.path, 'http://peer')
      const reply = answer(recorded.method, target, recorded.headers, recorded.body)
      const send = (): void => { response.writeHead(reply.status, reply.headers).end(reply.body) }
      if (hold.count > 0 && target.pathname.startsWith('/api/now/table/')) {
        hold.count--
        const timer = setTimeout(() => {
          timers.delete(timer)
          if (!response.destroyed) send()
        }, hold.ms)
        timers.add(timer)
      } else {
        send()
      }
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const isTokenRequest = (request: RecordedRequest): boolean => request.method === 'POST' && request.path === '/oauth_token.do'
  return {
    url,
    requests,
    state,
    tokenRequests: () => requests.filter(isTokenRequest),
    tokenForms: () => requests.filter(isTokenRequest).map(request => Object.fromEntries(new URLSearchParams(request.body))),
    tableRequests: () => requests.filter(request => request.path.startsWith('/api/now/table/')),
    close: async () => {
      for (const timer of timers) clearTimeout(timer)
      server.closeAllConnections()
      await new Promise<void>(resolve => server.close(() => resolve()))
    }
  }
}
