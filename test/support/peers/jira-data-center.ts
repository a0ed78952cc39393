/**
 * A local stand-in for a Jira Data Center site (REST API v2), answering as Atlassian documents it.
 * Sources: the Jira Server platform REST API reference (v2: serverInfo, myself, issue, comment,
 * transitions, search, project, issue/createmeta/{projectIdOrKey}/issuetypes), "Using Personal Access
 * Tokens" (confluence.atlassian.com/enterprise/using-personal-access-tokens-1026032365.html:
 * `Authorization: Bearer <token>`), and issue reports for what a refused token looks like (401 with
 * `X-Seraph-LoginReason: AUTHENTICATED_FAILED`; a PAT sent as a Basic password fails — n8n #14471).
 * Data Center has no REST API v3 and no Atlassian Document Format: rich text is a wiki-markup string.
 */
import type http from 'node:http'
import { startHttpPeer, type RecordedRequest } from './http-peer.js'
import { defaultProjects, errorCollection, deadLink, json, notJira, Tracker, type Answer, type JiraIssue, type JiraProject, type JiraUser } from './jira-tracker.js'

export type JiraDataCenterMode = 'site' | 'hang' | 'html' | 'rate-limited'

export interface JiraDataCenterPeerOptions {
  /** The personal access token the site accepts. */
  personalAccessToken?: string
  /** The user the token belongs to, and that user's password (Basic auth with it works; with the token it does not). */
  username?: string
  password?: string
  /** serverInfo's `deploymentType`: "Server" (what Data Center sites say) or "DataCenter". */
  deploymentType?: 'Server' | 'DataCenter'
  projects?: JiraProject[]
  mode?: JiraDataCenterMode
  retryAfterSeconds?: number
}

export interface JiraDataCenterPeerState {
  mode: JiraDataCenterMode
  personalAccessToken: string
  username: string
  password: string
  deploymentType: string
  retryAfterSeconds: number
  projects: JiraProject[]
  issues: JiraIssue[]
  /** The token's user first (ids are user names), then others issues may be assigned to. */
  users: JiraUser[]
  /** Requests for which the site does the work but never answers. */
  hold: ((request: RecordedRequest) => boolean) | undefined
}

export interface JiraDataCenterPeer {
  url: string
  requests: RecordedRequest[]
  state: JiraDataCenterPeerState
  close(): Promise<void>
}

const bounded = (value: string | null, fallback: number, max: number): number => {
  const number = Number(value ?? fallback)
  return Number.isInteger(number) && number > 0 ? Math.min(number, max) : fallback
}

export async function startJiraDataCenterPeer (options: JiraDataCenterPeerOptions = {}): Promise<JiraDataCenterPeer> {
  const username = options.username ?? 'mia'
  const state: JiraDataCenterPeerState = {
    mode: options.mode ?? 'site',
    personalAccessToken: options.personalAccessToken ?? 'NjE2NDQ0MDQ5MzM2OmjiraDataCenterPat0123456789',
    username,
    password: options.password ?? 'correct horse battery staple',
    deploymentType: options.deploymentType ?? 'Server',
    retryAfterSeconds: options.retryAfterSeconds ?? 30,
    projects: options.projects ?? defaultProjects(),
    issues: [],
    users: [{ id: username, displayName: 'Mia Krystof' }, { id: 'emma', displayName: 'Emma Richards' }],
    hold: undefined
  }
  let url = ''
  const tracker = new Tracker(state, {
    api: '/rest/api/2',
    // api/2 takes rich-text fields as strings (wiki markup).
    richTextError: (value) => typeof value === 'string' ? undefined : 'Operation value must be a string',
    richTextEmpty: (value) => typeof value === 'string' && value.trim() === '',
    userProperty: 'name',
    userJson: (user) => ({ self: `${url}/rest/api/2/user?username=${user.id}`, key: `JIRAUSER${10000 + user.id.length}`, name: user.id, displayName: user.displayName, active: true })
  }, () => url)

  const refusal = (headers: http.IncomingHttpHeaders): Answer | undefined => {
    const authorization = headers.authorization ?? ''
    const bearer = /^Bearer (.+)$/i.exec(authorization)?.[1]
    if (bearer === state.personalAccessToken) return undefined
    const basic = /^Basic (.+)$/i.exec(authorization)?.[1]
    if (basic !== undefined) {
      const [user, ...rest] = Buffer.from(basic, 'base64').toString('utf8').split(':')
      // Basic authentication takes the account password; a personal access token is not one.
      if (user === state.username && rest.join(':') === state.password) return undefined
    }
    // myself 401: "Returned if the current user is not authenticated."
    return errorCollection(401, ['You are not authenticated. Authentication required to perform this operation.'], {}, { 'x-seraph-loginreason': 'AUTHENTICATED_FAILED' })
  }

  // api/2/search: `startAt`, `maxResults`, `total`, `issues` (every navigable field unless `fields` says which).
  const search = (query: URLSearchParams): Answer => {
    const found = tracker.search(query.get('jql') ?? '')
    if (!Array.isArray(found)) return found
    const startAt = Number(query.get('startAt') ?? 0)
    const maxResults = bounded(query.get('maxResults'), 50, 1000)
    const fields = query.get('fields')?.split(',')
    const issues = found.slice(startAt, startAt + maxResults).map((issue) => tracker.issueJson(issue, fields))
    return json(200, { expand: 'schema,names', startAt, maxResults, total: found.length, issues })
  }

  // api/2/issue/createmeta/{projectIdOrKey}/issuetypes: a page of `values` with `isLast`.
  const createMetaIssueTypes = (projectIdOrKey: string, query: URLSearchParams): Answer => {
    const types = tracker.issueTypesOf(projectIdOrKey)
    if (types === undefined) return errorCollection(404, [`No project could be found with key '${projectIdOrKey}'.`])
    const startAt = Number(query.get('startAt') ?? 0)
    const maxResults = bounded(query.get('maxResults'), 50, 200)
    return json(200, { maxResults, startAt, total: types.length, isLast: startAt + maxResults >= types.length, values: types.slice(startAt, startAt + maxResults) })
  }

  const answer = (request: RecordedRequest): Answer => {
    const address = new URL(request.path, 'http://peer')
    const path = address.pathname
    const method = request.method
    if (state.mode === 'html') return notJira
    if (state.mode === 'rate-limited') {
      // Data Center rate limiting (8.6+): 429 with Retry-After.
      return errorCollection(429, ['Rate limit exceeded.'], {}, { 'retry-after': String(state.retryAfterSeconds) })
    }
    if (method === 'GET' && path === '/rest/api/2/serverInfo') {
      // api/2/serverInfo: anonymous.
      return json(200, {
        baseUrl: url,
        version: '9.12.15',
        versionNumbers: [9, 12, 15],
        deploymentType: state.deploymentType,
        buildNumber: 9120015,
        buildDate: '2024-10-31T00:00:00.000+0000',
        serverTime: new Date().toISOString().replace('Z', '+0000'),
        scmInfo: '0a6d0ac2a6dc6e2a6bde3df2bc8da4f78a9e8dcf',
        serverTitle: 'Jira'
      })
    }
    // No REST API v3 on Data Center.
    if (!path.startsWith('/rest/api/2/')) return deadLink
    const refused = refusal(request.headers)
    if (refused !== undefined) return refused
    const resource = path.slice('/rest/api/2'.length)
    if (method === 'GET' && resource === '/myself') {
      return json(200, { ...tracker.flavour.userJson(state.users[0]!), emailAddress: 'mia@example.com', deleted: false, timeZone: 'Europe/Berlin', locale: 'en_UK', groups: { size: 1, items: [] }, expand: 'groups,applicationRoles' })
    }
    if (method === 'GET' && resource === '/search') return search(address.searchParams)
    // api/2/project: every project the user may browse, as an array.
    if (method === 'GET' && resource === '/project') return json(200, state.projects.map((project) => tracker.projectJson(project)))
    const createMeta = /^\/issue\/createmeta\/([^/]+)\/issuetypes$/.exec(resource)
    if (method === 'GET' && createMeta !== null) return createMetaIssueTypes(decodeURIComponent(createMeta[1]!), address.searchParams)
    return tracker.route(method, resource, address.searchParams, request.body) ?? deadLink
  }

  const peer = await startHttpPeer(request => {
    if (state.mode === 'hang') return undefined
    const reply = answer(request)
    return state.hold?.(request) === true ? undefined : reply
  })
  url = peer.url
  return { ...peer, state }
}
