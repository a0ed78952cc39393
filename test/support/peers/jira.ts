/**
 * A local stand-in for a Jira Cloud site (platform REST API v3), answering as Atlassian documents it,
 * with knobs for the faults the plugin handles. Sources: the platform REST API's OpenAPI document
 * (swagger-v3.v3.json: getServerInfo, getCurrentUser, createIssue, getIssue, addComment,
 * getTransitions, doTransition, searchAndReconsileIssuesUsingJql, searchProjects,
 * getCreateMetaIssueTypes), Atlassian "Basic auth for REST APIs", "Rate limiting", "Atlassian
 * Document Format", the deprecation notice for passwords over Basic auth, and the removal of
 * `/rest/api/{2,3}/search` (changelog CHANGE-2046: 410 Gone).
 */
import type http from 'node:http'
import { startHttpPeer, type RecordedRequest } from './http-peer.js'
import { defaultProjects, errorCollection, deadLink, json, notJira, Tracker, type Answer, type JiraIssue, type JiraProject, type JiraUser } from './jira-tracker.js'

export type { JiraComment, JiraIssue, JiraProject, JiraUser } from './jira-tracker.js'

export type JiraPeerMode =
  /** Answers like a Jira Cloud site. */
  | 'site'
  /** Accepts connections, never answers. */
  | 'hang'
  /** Any web server that is not Jira: an HTML page at every path. */
  | 'html'
  /** Every request is over the rate limit. */
  | 'rate-limited'

export interface JiraPeerOptions {
  email?: string
  apiToken?: string
  /** The account's password: Basic auth with it gets Jira's "passwords are deprecated" 401. */
  accountPassword?: string
  projects?: JiraProject[]
  mode?: JiraPeerMode
  /** `deploymentType` in serverInfo: "Cloud", unless a test wants this site to claim otherwise. */
  deploymentType?: string
  retryAfterSeconds?: number
}

export interface JiraPeerState {
  mode: JiraPeerMode
  email: string
  /** The one API token the site accepts; change it to play a revoked token. */
  apiToken: string
  accountPassword: string
  /** Too many failed logins: Jira wants a CAPTCHA and refuses Basic auth with any credentials. */
  captchaRequired: boolean
  /**
   * The site lets anonymous users browse: a GET with refused credentials is served as anonymous, 200,
   * saying so only in `X-Seraph-LoginReason: AUTHENTICATED_FAILED` (issue report: jira.js #418).
   */
  anonymousAccess: boolean
  deploymentType: string
  retryAfterSeconds: number
  projects: JiraProject[]
  issues: JiraIssue[]
  /** The account signed in with the token first, then others that issues may be assigned to. */
  users: JiraUser[]
  /** Requests for which the site does the work but never answers (an answer lost past the caller's deadline). */
  hold: ((request: RecordedRequest) => boolean) | undefined
}

export interface JiraPeer {
  url: string
  requests: RecordedRequest[]
  state: JiraPeerState
  close(): Promise<void>
}

/** Account IDs from the OpenAPI document's examples. */
const defaultUsers = (): JiraUser[] => [
  { id: '5b10a2844c20165700ede21g', displayName: 'Mia Krystof' },
  { id: '5b10ac8d82e05b22cc7d4ef5', displayName: 'Emma Richards' }
]

/** "Atlassian Document Format": a `doc` node of version 1 whose content is a list. */
const isAdf = (value: unknown): value is { content: unknown[] } =>
  typeof value === 'object' && value !== null && (value as any).type === 'doc' && (value as any).version === 1 && Array.isArray((value as any).content)

/** `/search/jql` paging: the token is opaque to callers; here it holds the offset of the next page. */
const pageToken = (offset: number): string => Buffer.from(`offset:${offset}`).toString('base64url')
const offsetOf = (token: string): number | undefined => {
  const match = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'))
  return match === null ? undefined : Number(match[1])
}

const bounded = (value: string | null, fallback: number, max: number): number => {
  const number = Number(value ?? fallback)
  return Number.isInteger(number) && number > 0 ? Math.min(number, max) : fallback
}

export async function startJiraPeer (options: JiraPeerOptions = {}): Promise<JiraPeer> {
  const state: JiraPeerState = {
    mode: options.mode ?? 'site',
    email: options.email ?? 'ada@example.com',
    apiToken: options.apiToken ?? 'ATATT3xFfGF0-jira-api-token',
    accountPassword: options.accountPassword ?? 'correct horse battery staple',
    captchaRequired: false,
    anonymousAccess: false,
    deploymentType: options.deploymentType ?? 'Cloud',
    retryAfterSeconds: options.retryAfterSeconds ?? 30,
    projects: options.projects ?? defaultProjects(),
    issues: [],
    users: defaultUsers(),
    hold: undefined
  }
  let url = ''
  const tracker = new Tracker(state, {
    api: '/rest/api/3',
    richTextError: (value) => isAdf(value) ? undefined : 'Operation value must be an Atlassian Document (see the Atlassian Document Format)',
    richTextEmpty: (value) => isAdf(value) && value.content.length === 0,
    userProperty: 'accountId',
    userJson: (user) => ({ self: `${url}/rest/api/3/user?accountId=${user.id}`, accountId: user.id, accountType: 'atlassian', displayName: user.displayName, active: true, timeZone: 'Australia/Sydney' })
  }, () => url)

  /** undefined when the Basic credentials are the account's email and API token; else Jira's refusal. */
  const refusal = (headers: http.IncomingHttpHeaders): Answer | undefined => {
    const encoded = /^Basic (.+)$/i.exec(headers.authorization ?? '')?.[1]
    if (encoded !== undefined && state.captchaRequired) {
      // Jira REST API example "Cookie-based authentication": AUTHENTICATION_DENIED means the login was
      // rejected without checking the password, most commonly because the CAPTCHA feature was triggered.
      return {
        status: 403,
        headers: {
          'content-type': 'text/html;charset=UTF-8',
          'x-seraph-loginreason': 'AUTHENTICATION_DENIED',
          'x-authentication-denied-reason': `CAPTCHA_CHALLENGE; login-url=${url}/login.jsp`
        },
        body: '<!doctype html><title>Forbidden</title>'
      }
    }
    const [user, ...rest] = Buffer.from(encoded ?? '', 'base64').toString('utf8').split(':')
    const secret = rest.join(':')
    if (encoded !== undefined && user === state.email && secret === state.apiToken) return undefined
    const failed = { 'x-seraph-loginreason': 'AUTHENTICATED_FAILED' }
    if (encoded !== undefined && user === state.email && secret === state.accountPassword) {
      // Deprecation notice: Basic auth with a password is refused with this plain-text 401.
      return {
        status: 401,
        headers: { 'content-type': 'text/plain;charset=UTF-8', ...failed },
        body: 'Basic authentication with passwords is deprecated.  For more information, see: https://developer.atlassian.com/cloud/confluence/deprecation-notice-basic-auth/'
      }
    }
    // getCurrentUser 401 "authentication credentials are incorrect or missing"; the body is Jira's error collection.
    return errorCollection(401, ['Client must be authenticated to access this resource.'], {}, failed)
  }

  // searchAndReconsileIssuesUsingJql: `issues` (ids only unless `fields` is given), `nextPageToken` while `isLast` is false.
  const searchJql = (query: URLSearchParams): Answer => {
    const found = tracker.search(query.get('jql') ?? '')
    if (!Array.isArray(found)) return found
    const token = query.get('nextPageToken')
    const offset = token === null ? 0 : offsetOf(token)
    if (offset === undefined) return errorCollection(400, ['The provided next page token is invalid.'])
    const maxResults = bounded(query.get('maxResults'), 50, 5000)
    const fields = query.get('fields')
    const page = found.slice(offset, offset + maxResults).map((issue) => fields === null || fields === 'id'
      ? { id: issue.id }
      : tracker.issueJson(issue, fields.split(',')))
    const isLast = offset + maxResults >= found.length
    return json(200, { issues: page, ...(isLast ? {} : { nextPageToken: pageToken(offset + maxResults) }), isLast })
  }

  // searchProjects: a page bean of `values`.
  const searchProjects = (query: URLSearchParams): Answer => {
    const startAt = Number(query.get('startAt') ?? 0)
    const maxResults = bounded(query.get('maxResults'), 50, 100)
    const values = state.projects.slice(startAt, startAt + maxResults).map((project) => tracker.projectJson(project))
    const isLast = startAt + maxResults >= state.projects.length
    return json(200, {
      self: `${url}/rest/api/3/project/search?startAt=${startAt}&maxResults=${maxResults}`,
      ...(isLast ? {} : { nextPage: `${url}/rest/api/3/project/search?startAt=${startAt + maxResults}&maxResults=${maxResults}` }),
      maxResults,
      startAt,
      total: state.projects.length,
      isLast,
      values
    })
  }

  // getCreateMetaIssueTypes: `issueTypes` of a page with `startAt`, `maxResults`, `total`.
  const createMetaIssueTypes = (projectIdOrKey: string, query: URLSearchParams): Answer => {
    const types = tracker.issueTypesOf(projectIdOrKey)
    if (types === undefined) return errorCollection(404, [`No project could be found with key '${projectIdOrKey}'.`])
    const startAt = Number(query.get('startAt') ?? 0)
    const maxResults = bounded(query.get('maxResults'), 50, 200)
    return json(200, { issueTypes: types.slice(startAt, startAt + maxResults), maxResults, startAt, total: types.length })
  }

  const answer = (request: RecordedRequest): Answer => {
    const address = new URL(request.path, 'http://peer')
    const path = address.pathname
    const method = request.method
    if (state.mode === 'html') return notJira
    if (state.mode === 'rate-limited') {
      // Rate limiting: 429 with Retry-After (seconds) and X-RateLimit-Reset (ISO 8601).
      const reset = new Date(Date.now() + state.retryAfterSeconds * 1000).toISOString().slice(0, 16) + 'Z'
      return errorCollection(429, ['Rate limit exceeded.'], {}, { 'retry-after': String(state.retryAfterSeconds), 'x-ratelimit-reset': reset })
    }
    if (method === 'GET' && (path === '/rest/api/3/serverInfo' || path === '/rest/api/2/serverInfo')) {
      // getServerInfo: anonymous (v2 and v3 alike); example body of the OpenAPI document.
      return json(200, {
        baseUrl: url,
        buildDate: '2020-03-26T22:20:59.000+0000',
        buildNumber: 582,
        deploymentType: state.deploymentType,
        scmInfo: '1f51473f5c7b75c1a69a0090f4832cdc5053702a',
        serverTime: new Date().toISOString().replace('Z', '+0000'),
        serverTitle: 'My Jira instance',
        version: '1001.0.0-SNAPSHOT',
        versionNumbers: [1001, 0, 0]
      })
    }
    if (!path.startsWith('/rest/api/3/') && !path.startsWith('/rest/api/2/')) return deadLink
    const refused = refusal(request.headers)
    const anonymous = refused !== undefined && refused.status === 401 && state.anonymousAccess && method === 'GET' && path !== '/rest/api/3/myself'
    if (refused !== undefined && !anonymous) return refused
    const served = resource(method, path, address.searchParams, request.body)
    return anonymous ? { ...served, headers: { ...served.headers, 'x-seraph-loginreason': 'AUTHENTICATED_FAILED' } } : served
  }

  /** What a signed-in request to `path` gets. */
  const resource = (method: string, path: string, query: URLSearchParams, body: string): Answer => {
    if (path === '/rest/api/3/search' || path === '/rest/api/2/search') {
      // CHANGE-2046: the old search is gone, with this error collection.
      return errorCollection(410, ['The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046'])
    }
    // Only v3 is modelled: the plugin uses v2 for serverInfo alone.
    if (!path.startsWith('/rest/api/3/')) return deadLink
    const within = path.slice('/rest/api/3'.length)
    if (method === 'GET' && within === '/myself') {
      // getCurrentUser example body of the OpenAPI document.
      return json(200, { ...tracker.flavour.userJson(state.users[0]!), emailAddress: state.email, locale: 'en_US' })
    }
    if (method === 'GET' && within === '/search/jql') return searchJql(query)
    if (method === 'GET' && within === '/project/search') return searchProjects(query)
    const createMeta = /^\/issue\/createmeta\/([^/]+)\/issuetypes$/.exec(within)
    if (method === 'GET' && createMeta !== null) return createMetaIssueTypes(decodeURIComponent(createMeta[1]!), query)
    return tracker.route(method, within, query, body) ?? deadLink
  }

  const peer = await startHttpPeer(request => {
    if (state.mode === 'hang') return undefined
    const reply = answer(request)
    return state.hold?.(request) === true ? undefined : reply
  })
  url = peer.url
  return { ...peer, state }
}
