/**
 * A local stand-in for a Jira Cloud site (REST API v3), answering as Atlassian documents it, with
 * knobs for the faults the plugin handles. Sources: the platform REST API's OpenAPI document
 * (swagger-v3.v3.json: operations getServerInfo, getCurrentUser, createIssue and their examples),
 * Atlassian "Basic auth for REST APIs", "Rate limiting", "Atlassian Document Format", and the
 * deprecation notice for passwords over Basic auth.
 */
import type http from 'node:http'
import { startHttpPeer, type RecordedRequest } from './http-peer.js'

export type JiraPeerMode =
  /** Answers like a Jira Cloud site. */
  | 'site'
  /** Accepts connections, never answers. */
  | 'hang'
  /** Any web server that is not Jira: an HTML page at every path. */
  | 'html'
  /** Every request is over the rate limit. */
  | 'rate-limited'

export interface JiraProject {
  key: string
  id: string
  issueTypes: string[]
  /** Whether the account has the Create issues permission here (default true). */
  canCreate?: boolean
  /** Fields the project's screen requires besides the standard ones, with Jira's message for each. */
  requiredFields?: Record<string, string>
}

export interface JiraPeerOptions {
  email?: string
  apiToken?: string
  /** The account's password: Basic auth with it gets Jira's "passwords are deprecated" 401. */
  accountPassword?: string
  projects?: JiraProject[]
  mode?: JiraPeerMode
  /** `deploymentType` in serverInfo: "Cloud", or "Server" as Data Center answers. */
  deploymentType?: string
  retryAfterSeconds?: number
}

export interface JiraIssue {
  id: string
  key: string
  fields: Record<string, unknown>
}

export interface JiraPeerState {
  mode: JiraPeerMode
  email: string
  /** The one API token the site accepts; change it to play a revoked token. */
  apiToken: string
  accountPassword: string
  /** Too many failed logins: Jira wants a CAPTCHA and refuses Basic auth with any credentials. */
  captchaRequired: boolean
  deploymentType: string
  retryAfterSeconds: number
  projects: JiraProject[]
  issues: JiraIssue[]
}

export interface JiraPeer {
  url: string
  requests: RecordedRequest[]
  state: JiraPeerState
  close(): Promise<void>
}

type Answer = { status: number, headers?: Record<string, string>, body: string }

const json = (status: number, value: unknown, headers: Record<string, string> = {}): Answer =>
  ({ status, headers: { 'content-type': 'application/json;charset=UTF-8', ...headers }, body: JSON.stringify(value) })

export async function startJiraPeer (options: JiraPeerOptions = {}): Promise<JiraPeer> {
  const state: JiraPeerState = {
    mode: options.mode ?? 'site',
    email: options.email ?? 'ada@example.com',
    apiToken: options.apiToken ?? 'ATATT3xFfGF0-jira-api-token',
    accountPassword: options.accountPassword ?? 'correct horse battery staple',
    captchaRequired: false,
    deploymentType: options.deploymentType ?? 'Cloud',
    retryAfterSeconds: options.retryAfterSeconds ?? 30,
    projects: options.projects ?? [{ key: 'OPS', id: '10000', issueTypes: ['Task', 'Bug', 'Story'] }],
    issues: []
  }
  let url = ''

  /** undefined when the Basic credentials are the account's email and API token; else Jira's 401. */
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
    return json(401, { errorMessages: ['Client must be authenticated to access this resource.'], errors: {} }, failed)
  }

  const createIssue = (body: string): Answer => {
    let parsed: unknown
    try {
      parsed = JSON.parse(body)
    } catch {
      return json(400, { errorMessages: ['Unexpected character in the request body.'], errors: {} })
    }
    const fields = (parsed as { fields?: Record<string, any> }).fields ?? {}
    const errors: Record<string, string> = {}
    // createIssue 400: `errors` names each field Jira refused, in these words.
    const project = state.projects.find((candidate) => candidate.key === fields.project?.key || candidate.id === fields.project?.id)
    if (project === undefined) errors.project = 'Specify a valid project ID or key'
    if (typeof fields.summary !== 'string' || fields.summary.trim() === '') errors.summary = 'You must specify a summary of the issue.'
    if (project !== undefined && !project.issueTypes.includes(fields.issuetype?.name)) errors.issuetype = 'Specify a valid issue type'
    const description = fields.description
    if (description !== undefined && (typeof description !== 'object' || description?.type !== 'doc' || description?.version !== 1)) {
      // v3 rich-text fields take Atlassian Document Format only.
      errors.description = 'Operation value must be an Atlassian Document (see the Atlassian Document Format)'
    }
    const spaced = Array.isArray(fields.labels) ? fields.labels.find((label: unknown) => typeof label !== 'string' || /\s/.test(label)) : undefined
    if (spaced !== undefined) errors.labels = `The label '${String(spaced)}' contains spaces which is invalid.`
    for (const [field, message] of Object.entries(project?.requiredFields ?? {})) {
      if (fields[field] === undefined) errors[field] = message
    }
    if (Object.keys(errors).length > 0) return json(400, { errorMessages: [], errors })
    if (project!.canCreate === false) {
      // createIssue 403: "Returned if the user does not have the necessary permission."
      return json(403, { errorMessages: ['You do not have permission to create issues in this project.'], errors: {} })
    }
    const id = String(10001 + state.issues.length)
    const key = `${project!.key}-${state.issues.filter((issue) => issue.key.startsWith(`${project!.key}-`)).length + 1}`
    state.issues.push({ id, key, fields })
    // createIssue 201 example: {id, key, self, transition}.
    return json(201, { id, key, self: `${url}/rest/api/3/issue/${id}`, transition: { status: 200, errorCollection: { errorMessages: [], errors: {} } } })
  }

  const answer = (method: string, path: string, headers: http.IncomingHttpHeaders, body: string): Answer => {
    if (state.mode === 'html') {
      return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<!doctype html><html><head><title>Welcome</title></head><body>Our intranet</body></html>' }
    }
    if (state.mode === 'rate-limited') {
      // Rate limiting: 429 with Retry-After (seconds) and X-RateLimit-Reset (ISO 8601).
      const reset = new Date(Date.now() + state.retryAfterSeconds * 1000).toISOString().slice(0, 16) + 'Z'
      return json(429, { errorMessages: ['Rate limit exceeded.'], errors: {} }, { 'retry-after': String(state.retryAfterSeconds), 'x-ratelimit-reset': reset })
    }
    if (method === 'GET' && path === '/rest/api/3/serverInfo') {
      // getServerInfo: anonymous; example body of the OpenAPI document.
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
    if (path.startsWith('/rest/api/3/')) {
      const refused = refusal(headers)
      if (refused !== undefined) return refused
      if (method === 'GET' && path === '/rest/api/3/myself') {
        // getCurrentUser example body of the OpenAPI document.
        return json(200, {
          self: `${url}/rest/api/3/user?accountId=5b10a2844c20165700ede21g`,
          accountId: '5b10a2844c20165700ede21g',
          accountType: 'atlassian',
          emailAddress: state.email,
          displayName: 'Mia Krystof',
          active: true,
          timeZone: 'Australia/Sydney',
          locale: 'en_US'
        })
      }
      if (method === 'POST' && path === '/rest/api/3/issue') return createIssue(body)
    }
    return { status: 404, headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<!doctype html><title>Oops, you\'ve found a dead link.</title>' }
  }

  const peer = await startHttpPeer(request => state.mode === 'hang'
    ? undefined
    : answer(request.method, new URL(request.path, 'http://peer').pathname, request.headers, request.body))
  url = peer.url
  return { ...peer, state }
}
