/**
 * What the actions do with one issue — create, read, comment, transition — in the same steps on
 * both deployments; the site's dialect supplies what differs (rich text, users, the API version).
 */
import { isRecord, type IntegrationContext, type IntegrationFailure, type Reply } from 'integration-hub/plugin'
import { answered, errorMessages, failure, issueFailure, rejected, unreadable } from './failures.js'
import { findTagged, idempotencyLabel } from './idempotency.js'
import { call } from './requests.js'
import type { Site } from './site.js'

export interface NewIssue {
  projectKey: string
  summary: string
  issueType?: string
  description?: string
  priority?: string
  assignee?: string
  components?: string[]
  labels?: string[]
  customFields?: Record<string, unknown>
}

export interface IssueLink {
  key: string
  id: string
  url: string
}

/** Jira's field names in a create's `errors` → the paths of the action's input. */
const createInputNames: Record<string, string> = {
  project: 'projectKey',
  summary: 'summary',
  issuetype: 'issueType',
  description: 'description',
  priority: 'priority',
  assignee: 'assignee',
  components: 'components',
  labels: 'labels'
}

function link (site: Site, issue: { key: string, id: string }): IssueLink {
  return { key: issue.key, id: issue.id, url: `${site.baseUrl}/browse/${issue.key}` }
}

/** The `fields` of createIssue (swagger: IssueUpdateDetails), with the idempotency label when there is one. */
function createFields (site: Site, input: NewIssue, label: string | undefined): Record<string, unknown> {
  const { dialect } = site
  const description = input.description === undefined ? undefined : dialect.richText(input.description)
  const labels = [...new Set([...(input.labels ?? []), ...(label === undefined ? [] : [label])])]
  return {
    project: { key: input.projectKey },
    summary: input.summary,
    issuetype: { name: input.issueType ?? 'Task' },
    ...(description === undefined ? {} : { description }),
    ...(input.priority === undefined ? {} : { priority: { name: input.priority } }),
    ...(input.assignee === undefined ? {} : { assignee: dialect.userRef(input.assignee) }),
    ...(input.components === undefined ? {} : { components: input.components.map((name) => ({ name })) }),
    ...(labels.length === 0 ? {} : { labels }),
    ...input.customFields
  }
}

/**
 * POST …/issue. Under an Idempotency-Key the issue is labelled; from the second attempt on, an issue
 * with that label is looked for first and returned instead of creating another one.
 */
export async function createIssue (site: Site, ctx: IntegrationContext, input: NewIssue): Promise<IssueLink> {
  const label = ctx.idempotency === undefined ? undefined : idempotencyLabel(ctx.idempotency.key)
  if (label !== undefined && ctx.idempotency!.attempt > 1) {
    const earlier = await findTagged(site, ctx, input.projectKey, label)
    if (earlier !== undefined) return link(site, earlier)
  }
  const reply = await call(site, ctx, 'POST', '/issue', { body: { fields: createFields(site, input, label) } })
  if (reply.status === 400) {
    throw rejected('ISSUE_REJECTED', reply, ctx, (jiraField) =>
      createInputNames[jiraField] ?? (input.customFields?.[jiraField] === undefined ? undefined : `customFields.${jiraField}`))
  }
  if (reply.status !== 201) throw failure(reply, ctx, site)
  if (!isRecord(reply.json) || typeof reply.json.key !== 'string' || typeof reply.json.id !== 'string') {
    throw unreadable(reply, ctx, 'the new issue’s key and id')
  }
  return link(site, { key: reply.json.key, id: reply.json.id })
}

export interface IssueSummary extends IssueLink {
  summary: string
  status: string
  assignee?: { id: string, displayName: string }
  priority?: string
  issueType: string
  created: string
  updated: string
}

const summaryFields = ['summary', 'status', 'assignee', 'priority', 'issuetype', 'created', 'updated']

const nameOf = (value: unknown): string | undefined => isRecord(value) && typeof value.name === 'string' ? value.name : undefined

/** GET …/issue/{key} with only the fields the summary shows. */
export async function getIssue (site: Site, ctx: IntegrationContext, key: string): Promise<IssueSummary> {
  const reply = await call(site, ctx, 'GET', `/issue/${encodeURIComponent(key)}`, { query: { fields: summaryFields.join(',') } })
  if (reply.status !== 200) throw issueFailure(reply, ctx, site, key)
  const issue = isRecord(reply.json) ? reply.json : {}
  const fields = isRecord(issue.fields) ? issue.fields : {}
  const status = nameOf(fields.status)
  const issueType = nameOf(fields.issuetype)
  if (typeof issue.key !== 'string' || typeof issue.id !== 'string' || typeof fields.summary !== 'string' ||
    status === undefined || issueType === undefined || typeof fields.created !== 'string' || typeof fields.updated !== 'string') {
    throw unreadable(reply, ctx, 'the issue’s fields')
  }
  const assigneeId = isRecord(fields.assignee) ? site.dialect.userId(fields.assignee) : undefined
  const priority = nameOf(fields.priority)
  return {
    ...link(site, { key: issue.key, id: issue.id }),
    summary: fields.summary,
    status,
    ...(assigneeId === undefined
      ? {}
      : { assignee: { id: assigneeId, displayName: String((fields.assignee as Record<string, unknown>).displayName ?? assigneeId) } }),
    ...(priority === undefined ? {} : { priority }),
    issueType,
    created: fields.created,
    updated: fields.updated
  }
}

/** POST …/issue/{key}/comment: the text as the deployment's rich text. */
export async function addComment (site: Site, ctx: IntegrationContext, key: string, body: string): Promise<{ id: string, created: string }> {
  const reply = await call(site, ctx, 'POST', `/issue/${encodeURIComponent(key)}/comment`, { body: { body: site.dialect.richText(body) } })
  if (reply.status === 400) throw rejected('COMMENT_REJECTED', reply, ctx, (jiraField) => jiraField === 'comment' || jiraField === 'body' ? 'body' : undefined)
  if (reply.status !== 201) throw issueFailure(reply, ctx, site, key)
  if (!isRecord(reply.json) || typeof reply.json.id !== 'string' || typeof reply.json.created !== 'string') {
    throw unreadable(reply, ctx, 'the new comment’s id')
  }
  return { id: reply.json.id, created: reply.json.created }
}

export interface Transitioned {
  key: string
  transition: { id: string, name: string }
  status?: string
}

/**
 * getTransitions, then doTransition with the one whose id is `transition`, or whose name is
 * (ignoring case). A transition the issue does not offer is a field error listing those it does.
 */
export async function transitionIssue (site: Site, ctx: IntegrationContext, key: string, transition: string): Promise<Transitioned> {
  const path = `/issue/${encodeURIComponent(key)}/transitions`
  const listed = await call(site, ctx, 'GET', path)
  if (listed.status !== 200) throw issueFailure(listed, ctx, site, key)
  const available = isRecord(listed.json) && Array.isArray(listed.json.transitions)
    ? listed.json.transitions.filter((entry): entry is Record<string, unknown> => isRecord(entry) && typeof entry.id === 'string' && typeof entry.name === 'string')
    : undefined
  if (available === undefined) throw unreadable(listed, ctx, 'the issue’s transitions')
  const wanted = transition.trim().toLowerCase()
  const chosen = available.find((entry) => entry.id === transition.trim()) ?? available.find((entry) => (entry.name as string).toLowerCase() === wanted)
  if (chosen === undefined) {
    const names = available.map((entry) => entry.name as string)
    throw ctx.fail('UNKNOWN_TRANSITION', {
      params: { transition },
      fields: [{ field: 'transition', message: names.length === 0 ? 'No transition is available for this issue to this user.' : `Available: ${names.join(', ')}.` }]
    })
  }
  const done = await call(site, ctx, 'POST', path, { body: { transition: { id: chosen.id } } })
  if (done.status === 400) throw transitionRejected(done, ctx)
  if (done.status !== 204 && done.status !== 200) throw issueFailure(done, ctx, site, key)
  const status = nameOf(chosen.to)
  return { key, transition: { id: chosen.id as string, name: chosen.name as string }, ...(status === undefined ? {} : { status }) }
}

/** A 400 on doTransition: what the transition's screen requires, or why Jira refused it, on `transition`. */
function transitionRejected (reply: Reply, ctx: IntegrationContext): IntegrationFailure {
  const errors = isRecord(reply.json) && isRecord(reply.json.errors) ? Object.entries(reply.json.errors) : []
  const message = [errorMessages(reply), ...errors.map(([field, text]) => `${field}: ${String(text)}`)].filter((part) => part !== undefined).join(' ')
  return ctx.fail('TRANSITION_REJECTED', { ...answered(reply), fields: [{ field: 'transition', message: message === '' ? 'Jira refused this transition.' : message }] })
}
