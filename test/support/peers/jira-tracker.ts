/**
 * The issue tracker both Jira stand-ins share: projects, issues, comments, a small workflow and the
 * issue resources that look the same under `/rest/api/3` (Cloud) and `/rest/api/2` (Data Center).
 * Each peer supplies its flavour: the rich-text form it takes and how it names users.
 *
 * Sources: the platform REST API's OpenAPI document (swagger-v3.v3.json) — createIssue, getIssue,
 * addComment, getTransitions, doTransition and their documented answers — and the Jira Server
 * platform REST API reference (v2) for the same resources under api/2.
 */
import { JqlError, matches, parseJql, type JqlIssue } from './jira-jql.js'

export interface JiraProject {
  key: string
  id: string
  issueTypes: string[]
  name?: string
  components?: string[]
  /** Whether the account has the Create issues permission here (default true). */
  canCreate?: boolean
  /** Custom fields on the project's create screen (besides the required ones). */
  customFields?: string[]
  /** Fields the project's screen requires besides the standard ones, with Jira's message for each. */
  requiredFields?: Record<string, string>
}

export interface JiraComment {
  id: string
  body: unknown
  created: string
}

export interface JiraIssue {
  id: string
  key: string
  /** The `fields` of the create request, exactly as sent. */
  fields: Record<string, unknown>
  status: string
  comments: JiraComment[]
  created: string
  updated: string
}

/** A user: `id` is the account ID on Cloud, the user name on Data Center. */
export interface JiraUser {
  id: string
  displayName: string
}

export interface TrackerState {
  projects: JiraProject[]
  issues: JiraIssue[]
  users: JiraUser[]
}

export interface Flavour {
  api: '/rest/api/3' | '/rest/api/2'
  /** Jira's message for a rich-text value (description, comment) in the wrong form; undefined when it is right. */
  richTextError(value: unknown): string | undefined
  /** Whether a rich-text value has nothing in it. */
  richTextEmpty(value: unknown): boolean
  /** The property of a user reference: `accountId` (Cloud) or `name` (Data Center). */
  userProperty: 'accountId' | 'name'
  userJson(user: JiraUser): Record<string, unknown>
}

export interface Answer {
  status: number
  headers?: Record<string, string>
  body: string
}

export const json = (status: number, value: unknown, headers: Record<string, string> = {}): Answer =>
  ({ status, headers: { 'content-type': 'application/json;charset=UTF-8', ...headers }, body: JSON.stringify(value) })

/** Jira's error collection: `{errorMessages, errors}`. */
export const errorCollection = (status: number, errorMessages: string[], errors: Record<string, string> = {}, headers: Record<string, string> = {}): Answer =>
  json(status, { errorMessages, errors }, headers)

export const deadLink: Answer = { status: 404, headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<!doctype html><title>Oops, you\'ve found a dead link.</title>' }

export const notJira: Answer = { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<!doctype html><html><head><title>Welcome</title></head><body>Our intranet</body></html>' }

export const defaultProjects = (): JiraProject[] => [
  { key: 'OPS', id: '10000', name: 'Operations', issueTypes: ['Task', 'Bug', 'Story', 'Sub-task'], components: ['Mail', 'Network'] }
]

/** Jira's timestamps: `2026-03-01T09:00:00.000+0000`. */
export const jiraTime = (date = new Date()): string => date.toISOString().replace('Z', '+0000')

const priorities = ['Highest', 'High', 'Medium', 'Low', 'Lowest']
const issueTypeIds: Record<string, string> = { Epic: '10000', Story: '10001', Task: '10002', 'Sub-task': '10003', Bug: '10004' }
export const issueTypeId = (name: string): string => issueTypeIds[name] ?? String(10100 + name.length)

/** One workflow for every project: To Do → In Progress → Done, and back. */
const workflow: Record<string, Array<{ id: string, name: string, to: string }>> = {
  'To Do': [{ id: '11', name: 'Start Progress', to: 'In Progress' }, { id: '31', name: 'Done', to: 'Done' }],
  'In Progress': [{ id: '21', name: 'Stop Progress', to: 'To Do' }, { id: '31', name: 'Done', to: 'Done' }],
  Done: [{ id: '41', name: 'Reopen', to: 'To Do' }]
}
const statusIds: Record<string, string> = { 'To Do': '10000', 'In Progress': '3', Done: '10001' }

function parse (body: string): Record<string, any> | undefined {
  try {
    const value: unknown = JSON.parse(body)
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, any> : undefined
  } catch {
    return undefined
  }
}

const unparsable = (): Answer => errorCollection(400, ['Unexpected character in the request body.'])

export class Tracker {
  constructor (readonly state: TrackerState, readonly flavour: Flavour, readonly baseUrl: () => string) {}

  projectOf (issue: JiraIssue): JiraProject {
    return this.state.projects.find((project) => issue.key.startsWith(`${project.key}-`))!
  }

  find (idOrKey: string): JiraIssue | undefined {
    return this.state.issues.find((issue) => issue.id === idOrKey || issue.key.toUpperCase() === idOrKey.toUpperCase())
  }

  /** The resources under `{api}/issue…`; undefined for a path that is not one of them. */
  route (method: string, path: string, query: URLSearchParams, body: string): Answer | undefined {
    if (method === 'POST' && path === '/issue') return this.create(body)
    const match = /^\/issue\/([^/]+)(\/comment|\/transitions)?$/.exec(path)
    if (match === null) return undefined
    const issue = this.find(decodeURIComponent(match[1]!))
    // getIssue et al. 404: "the issue is not found or the user does not have permission to view it".
    if (issue === undefined) return errorCollection(404, ['Issue does not exist or you do not have permission to see it.'])
    if (match[2] === undefined && method === 'GET') return json(200, this.issueJson(issue, query.get('fields')?.split(',')))
    if (match[2] === '/comment' && method === 'POST') return this.comment(issue, body)
    if (match[2] === '/transitions' && method === 'GET') return json(200, { expand: 'transitions', transitions: this.transitionsOf(issue) })
    if (match[2] === '/transitions' && method === 'POST') return this.transition(issue, body)
    return undefined
  }

  // createIssue: 201 {id, key, self}; 400 with `errors` naming each refused field; 403 without the permission.
  create (body: string): Answer {
    const parsed = parse(body)
    if (parsed === undefined) return unparsable()
    const fields: Record<string, any> = parsed.fields ?? {}
    const errors: Record<string, string> = {}
    const project = this.state.projects.find((candidate) => candidate.key === fields.project?.key || candidate.id === fields.project?.id)
    if (project === undefined) errors.project = 'Specify a valid project ID or key'
    if (typeof fields.summary !== 'string' || fields.summary.trim() === '') errors.summary = 'You must specify a summary of the issue.'
    if (project !== undefined && !project.issueTypes.includes(fields.issuetype?.name)) errors.issuetype = 'Specify a valid issue type'
    const descriptionError = fields.description === undefined ? undefined : this.flavour.richTextError(fields.description)
    if (descriptionError !== undefined) errors.description = descriptionError
    const spaced = Array.isArray(fields.labels) ? fields.labels.find((label: unknown) => typeof label !== 'string' || /\s/.test(label)) : undefined
    if (spaced !== undefined) errors.labels = `The label '${String(spaced)}' contains spaces which is invalid.`
    // Wording from issue reports: Cloud "The priority selected is invalid.", Data Center "This priority is not available for this project."
    if (fields.priority !== undefined && !priorities.includes(fields.priority?.name)) {
      errors.priority = this.flavour.api === '/rest/api/3' ? 'The priority selected is invalid.' : 'This priority is not available for this project.'
    }
    const component = Array.isArray(fields.components) ? fields.components.find((entry: any) => !(project?.components ?? []).includes(entry?.name)) : undefined
    if (component !== undefined) errors.components = `Component name '${String(component?.name)}' is not valid`
    for (const field of Object.keys(fields).filter((name) => name.startsWith('customfield_'))) {
      const onScreen = field in (project?.requiredFields ?? {}) || (project?.customFields ?? []).includes(field)
      // Wording from issue reports of a field missing from the create screen.
      if (!onScreen) errors[field] = `Field '${field}' cannot be set. It is not on the appropriate screen, or unknown.`
    }
    for (const [field, message] of Object.entries(project?.requiredFields ?? {})) {
      if (fields[field] === undefined) errors[field] = message
    }
    if (Object.keys(errors).length > 0) return errorCollection(400, [], errors)
    if (project!.canCreate === false) return errorCollection(403, ['You do not have permission to create issues in this project.'])
    const id = String(10001 + this.state.issues.length)
    const key = `${project!.key}-${this.state.issues.filter((issue) => issue.key.startsWith(`${project!.key}-`)).length + 1}`
    const now = jiraTime()
    this.state.issues.push({ id, key, fields, status: 'To Do', comments: [], created: now, updated: now })
    return json(201, { id, key, self: `${this.baseUrl()}${this.flavour.api}/issue/${id}` })
  }

  /** The issue as getIssue returns it, with only `only` of its fields when given (`*all` / `*navigable`: every one). */
  issueJson (issue: JiraIssue, only?: string[]): Record<string, unknown> {
    const project = this.projectOf(issue)
    const sent = issue.fields as Record<string, any>
    const assignee = this.state.users.find((user) => user.id === sent.assignee?.[this.flavour.userProperty])
    const all: Record<string, unknown> = {
      ...Object.fromEntries(Object.entries(sent).filter(([name]) => name.startsWith('customfield_'))),
      summary: sent.summary,
      issuetype: { self: `${this.baseUrl()}${this.flavour.api}/issuetype/${issueTypeId(sent.issuetype.name)}`, id: issueTypeId(sent.issuetype.name), name: sent.issuetype.name, subtask: false },
      project: { id: project.id, key: project.key, name: project.name ?? project.key },
      status: { name: issue.status, id: statusIds[issue.status], statusCategory: { key: issue.status === 'Done' ? 'done' : issue.status === 'To Do' ? 'new' : 'indeterminate' } },
      priority: { name: sent.priority?.name ?? 'Medium', id: String(priorities.indexOf(sent.priority?.name ?? 'Medium') + 1) },
      assignee: assignee === undefined ? null : this.flavour.userJson(assignee),
      labels: sent.labels ?? [],
      components: (sent.components ?? []).map((component: { name: string }) => ({ name: component.name })),
      description: sent.description ?? null,
      created: issue.created,
      updated: issue.updated
    }
    const fields = only === undefined || only.some((name) => name === '*all' || name === '*navigable')
      ? all
      : Object.fromEntries(Object.entries(all).filter(([name]) => only.includes(name)))
    return { expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations', id: issue.id, self: `${this.baseUrl()}${this.flavour.api}/issue/${issue.id}`, key: issue.key, fields }
  }

  // addComment: 201 with the comment; an empty body is refused with 400.
  comment (issue: JiraIssue, body: string): Answer {
    const parsed = parse(body)
    if (parsed === undefined) return unparsable()
    const error = parsed.body === undefined || this.flavour.richTextEmpty(parsed.body) ? 'Comment body can not be empty!' : this.flavour.richTextError(parsed.body)
    if (error !== undefined) return errorCollection(400, [], { comment: error })
    const comment = { id: String(10100 + this.state.issues.reduce((count, each) => count + each.comments.length, 0)), body: parsed.body, created: jiraTime() }
    issue.comments.push(comment)
    issue.updated = comment.created
    const author = this.flavour.userJson(this.state.users[0]!)
    return json(201, { self: `${this.baseUrl()}${this.flavour.api}/issue/${issue.id}/comment/${comment.id}`, id: comment.id, author, body: comment.body, updateAuthor: author, created: comment.created, updated: comment.created })
  }

  transitionsOf (issue: JiraIssue): unknown[] {
    return (workflow[issue.status] ?? []).map((transition) => ({
      id: transition.id,
      name: transition.name,
      to: { self: `${this.baseUrl()}${this.flavour.api}/status/${statusIds[transition.to]}`, name: transition.to, id: statusIds[transition.to] },
      hasScreen: false,
      isGlobal: false,
      isInitial: false,
      isConditional: false
    }))
  }

  // doTransition: 204; 400 when the transition is not one the issue offers now.
  transition (issue: JiraIssue, body: string): Answer {
    const parsed = parse(body)
    if (parsed === undefined) return unparsable()
    const id: unknown = parsed.transition?.id
    const transition = (workflow[issue.status] ?? []).find((candidate) => candidate.id === id)
    if (transition === undefined) return errorCollection(400, [`Transition id '${String(id)}' is not valid for this issue.`])
    issue.status = transition.to
    issue.updated = jiraTime()
    return { status: 204, body: '' }
  }

  /** The issues a JQL query matches, oldest first; or Jira's 400 for a query it refuses. */
  search (jql: string): JiraIssue[] | Answer {
    let query
    try {
      query = parseJql(jql, this.state.projects.map((project) => project.key))
    } catch (error) {
      if (error instanceof JqlError) return errorCollection(400, [error.message])
      throw error
    }
    return this.state.issues.filter((issue) => matches(this.jqlView(issue), query))
  }

  jqlView (issue: JiraIssue): JqlIssue {
    const project = this.projectOf(issue)
    const sent = issue.fields as Record<string, any>
    return {
      key: issue.key,
      project: { key: project.key, id: project.id },
      summary: sent.summary,
      status: issue.status,
      issueType: sent.issuetype.name,
      labels: sent.labels ?? [],
      assignee: sent.assignee?.[this.flavour.userProperty]
    }
  }

  /** The issue types of a project as createmeta lists them; undefined for an unknown project. */
  issueTypesOf (projectIdOrKey: string): unknown[] | undefined {
    const project = this.state.projects.find((candidate) => candidate.key === projectIdOrKey || candidate.id === projectIdOrKey)
    return project?.issueTypes.map((name) => ({
      self: `${this.baseUrl()}${this.flavour.api}/issuetype/${issueTypeId(name)}`,
      id: issueTypeId(name),
      description: `A ${name.toLowerCase()}.`,
      iconUrl: `${this.baseUrl()}/images/icons/issuetypes/${name.toLowerCase()}.svg`,
      name,
      subtask: name === 'Sub-task'
    }))
  }

  projectJson (project: JiraProject): Record<string, unknown> {
    return { expand: 'description,lead,issueTypes,url,projectKeys,permissions,insight', self: `${this.baseUrl()}${this.flavour.api}/project/${project.id}`, id: project.id, key: project.key, name: project.name ?? project.key, projectTypeKey: 'software', simplified: false }
  }
}
