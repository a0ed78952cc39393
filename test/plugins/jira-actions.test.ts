import t, { type Test } from 'tap'
import { IntegrationFailure, type IntegrationContext } from '../../core/contract/contract.js'
import { KeptValues } from '../../core/runtime/connection-cache.js'
import { runAction } from '../../core/testing.js'
import jira from '../../plugins/jira/index.js'
import { createTestHub, type TestHub } from '../support/hub.js'
import { startJiraPeer, type JiraPeer, type JiraPeerOptions } from '../support/peers/jira.js'

const email = 'ada@example.com'
const apiToken = 'ATATT3xFfGF0-jira-api-token'
const basic = `Basic ${Buffer.from(`${email}:${apiToken}`).toString('base64')}`

async function peerFor (t: Test, options: JiraPeerOptions = {}): Promise<JiraPeer> {
  const peer = await startJiraPeer({ email, apiToken, ...options })
  t.teardown(() => peer.close())
  return peer
}

const configFor = (peer: { url: string }) => ({ serviceUrl: peer.url, apiToken, email })

async function configuredHub (t: Test, peer: JiraPeer): Promise<TestHub> {
  const hub = await createTestHub(t)
  const saved = await hub.api('PUT', '/api/integrations/jira', { config: configFor(peer) })
  t.equal(saved.status, 201, 'the working config is saved')
  return hub
}

const action = async (hub: TestHub, name: string, input: unknown) => await hub.api('POST', `/api/integrations/jira/actions/${name}`, input)
const requestsTo = (peer: JiraPeer, method: string, path: string) =>
  peer.requests.filter((request) => request.method === method && new URL(request.path, peer.url).pathname === path)

/** What the plugin hands the core, seen directly: the failure's status and Retry-After, the expiries it reports. */
function directContext (): { ctx: IntegrationContext, expiries: Array<{ what: string, at: string }> } {
  const expiries: Array<{ what: string, at: string }> = []
  const noop = (): void => {}
  const ctx: IntegrationContext = {
    signal: AbortSignal.timeout(5000),
    remainingMs: () => 5000,
    fetch: async (url, init) => await fetch(url, init),
    connect: async () => { throw new Error('Jira needs no sockets') },
    secureContext: undefined,
    fail: (code, options) => new IntegrationFailure(code, options),
    step: async (_label, fn) => await fn(),
    cache: new KeptValues(),
    idempotency: undefined,
    expires: (what, at) => { expiries.push({ what, at: at.toISOString() }) },
    log: { debug: noop, info: noop, warn: noop, error: noop }
  }
  return { ctx, expiries }
}

t.test('the life cycle on Cloud: create, comment, transition, read, and a search finds it — never through /search', async (t) => {
  const peer = await peerFor(t, {
    projects: [{ key: 'OPS', id: '10000', name: 'Operations', issueTypes: ['Task', 'Bug'], components: ['Mail'], customFields: ['customfield_10050'] }]
  })
  const hub = await configuredHub(t, peer)

  const created = await action(hub, 'createIssue', {
    projectKey: 'OPS',
    summary: 'Mail server down',
    issueType: 'Bug',
    description: 'Nobody receives *any* mail.',
    priority: 'High',
    assignee: '5b10ac8d82e05b22cc7d4ef5',
    components: ['Mail'],
    labels: ['outage'],
    customFields: { customfield_10050: 'EU-West' }
  })
  t.equal(created.status, 200)
  t.same(created.body, { key: 'OPS-1', id: '10001', url: `${peer.url}/browse/OPS-1` })
  const [post] = requestsTo(peer, 'POST', '/rest/api/3/issue')
  t.equal(post?.headers.authorization, basic)
  t.same(JSON.parse(post!.body).fields, {
    project: { key: 'OPS' },
    summary: 'Mail server down',
    issuetype: { name: 'Bug' },
    description: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Nobody receives *any* mail.' }] }] },
    priority: { name: 'High' },
    assignee: { accountId: '5b10ac8d82e05b22cc7d4ef5' },
    components: [{ name: 'Mail' }],
    labels: ['outage'],
    customfield_10050: 'EU-West'
  })

  const commented = await action(hub, 'addComment', { key: 'OPS-1', body: 'Restarted the MTA.\nQueue drains.' })
  t.equal(commented.status, 200)
  t.equal(commented.body.id, '10100')
  t.equal(commented.body.created, peer.state.issues[0]?.comments[0]?.created)
  t.same(peer.state.issues[0]?.comments[0]?.body, {
    type: 'doc',
    version: 1,
    content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Restarted the MTA.' }, { type: 'hardBreak' }, { type: 'text', text: 'Queue drains.' }] }]
  }, 'the comment is Atlassian Document Format')

  const moved = await action(hub, 'transitionIssue', { key: 'OPS-1', transition: '31' })
  t.equal(moved.status, 200)
  t.same(moved.body, { key: 'OPS-1', transition: { id: '31', name: 'Done' }, status: 'Done' })
  t.equal(requestsTo(peer, 'GET', '/rest/api/3/issue/OPS-1/transitions').length, 1, 'the transitions were read first')
  t.same(JSON.parse(requestsTo(peer, 'POST', '/rest/api/3/issue/OPS-1/transitions')[0]!.body), { transition: { id: '31' } })

  const read = await action(hub, 'getIssue', { key: 'OPS-1' })
  t.equal(read.status, 200)
  t.same(read.body, {
    key: 'OPS-1',
    id: '10001',
    url: `${peer.url}/browse/OPS-1`,
    summary: 'Mail server down',
    status: 'Done',
    assignee: { id: '5b10ac8d82e05b22cc7d4ef5', displayName: 'Emma Richards' },
    priority: 'High',
    issueType: 'Bug',
    created: peer.state.issues[0]!.created,
    updated: peer.state.issues[0]!.updated
  })
  const [get] = requestsTo(peer, 'GET', '/rest/api/3/issue/OPS-1')
  t.equal(new URL(get!.path, peer.url).searchParams.get('fields'), 'summary,status,assignee,priority,issuetype,created,updated', 'only the fields it shows')

  const found = await action(hub, 'searchIssues', { jql: 'project = OPS AND status = Done', fields: ['summary', 'assignee'] })
  t.equal(found.status, 200)
  t.same(found.body.issues.map((issue: { key: string, id: string }) => [issue.key, issue.id]), [['OPS-1', '10001']])
  t.equal(found.body.issues[0].fields.summary, 'Mail server down')
  t.equal(found.body.issues[0].fields.assignee.accountId, '5b10ac8d82e05b22cc7d4ef5')
  t.equal(found.body.nextPageToken, undefined)
  t.equal(requestsTo(peer, 'GET', '/rest/api/3/search/jql').length, 1)
  t.notOk(peer.requests.some((request) => /^\/rest\/api\/[23]\/search(\?|$)/.test(request.path)), '/search (410 Gone on Cloud) is never called')
  t.equal(requestsTo(peer, 'GET', '/rest/api/2/serverInfo').length, 2, 'serverInfo once for the Save, once for all the actions')
})

t.test('the Cloud peer answers the removed /search with 410 Gone, as Jira Cloud does', async (t) => {
  const peer = await peerFor(t)

  for (const version of ['2', '3']) {
    const res = await fetch(`${peer.url}/rest/api/${version}/search?jql=project=OPS`, { headers: { authorization: basic } })
    t.equal(res.status, 410)
    t.match((await res.json() as { errorMessages: string[] }).errorMessages[0], /migrate to the \/rest\/api\/3\/search\/jql API/)
  }
})

t.test('a search without fields still gets keys: /search/jql alone would return ids only', async (t) => {
  const peer = await peerFor(t)
  const hub = await configuredHub(t, peer)
  t.equal((await action(hub, 'createIssue', { projectKey: 'OPS', summary: 'Broken link' })).status, 200)

  const found = await action(hub, 'searchIssues', { jql: 'project = OPS' })

  t.equal(found.status, 200)
  t.same(found.body.issues.map((issue: { key: string, fields: { summary: string } }) => [issue.key, issue.fields.summary]), [['OPS-1', 'Broken link']])
  const [search] = requestsTo(peer, 'GET', '/rest/api/3/search/jql')
  t.equal(new URL(search!.path, peer.url).searchParams.get('fields'), 'summary,status', 'the default fields are asked for')
  const idsOnly = await fetch(`${peer.url}/rest/api/3/search/jql?jql=project%3DOPS`, { headers: { authorization: basic } })
  t.same((await idsOnly.json() as { issues: unknown[] }).issues, [{ id: '10001' }], 'the peer, like Jira, gives ids only without fields')
})

t.test('a Cloud search pages with nextPageToken', async (t) => {
  const peer = await peerFor(t)
  const hub = await configuredHub(t, peer)
  for (const summary of ['one', 'two', 'three']) t.equal((await action(hub, 'createIssue', { projectKey: 'OPS', summary })).status, 200)

  const first = await action(hub, 'searchIssues', { jql: 'project = OPS', maxResults: 2 })
  const second = await action(hub, 'searchIssues', { jql: 'project = OPS', maxResults: 2, nextPageToken: first.body.nextPageToken })

  t.same(first.body.issues.map((issue: { key: string }) => issue.key), ['OPS-1', 'OPS-2'])
  t.type(first.body.nextPageToken, 'string')
  t.same(second.body.issues.map((issue: { key: string }) => issue.key), ['OPS-3'])
  t.equal(second.body.nextPageToken, undefined, 'the last page has none')
  t.equal(new URL(requestsTo(peer, 'GET', '/rest/api/3/search/jql')[1]!.path, peer.url).searchParams.get('nextPageToken'), first.body.nextPageToken)
})

t.test('JQL Jira refuses is a field error on jql, in Jira’s words', async (t) => {
  const peer = await peerFor(t)
  const hub = await configuredHub(t, peer)

  const res = await action(hub, 'searchIssues', { jql: 'project = NOPE' })

  t.equal(res.status, 422)
  t.equal(res.body.message, 'Jira could not run this JQL query')
  t.same(res.body.fields, [{ field: 'jql', message: 'The value \'NOPE\' does not exist for the field \'project\'.' }])
})

t.test('choices: listProjects walks every page of searchProjects; listIssueTypes leaves sub-task types out', async (t) => {
  const projects = Array.from({ length: 60 }, (_, index) => ({ key: `P${index}`, id: String(20000 + index), name: `Project ${index}`, issueTypes: ['Task'] }))
  const peer = await peerFor(t, { projects: [{ key: 'OPS', id: '10000', name: 'Operations', issueTypes: ['Task', 'Bug', 'Sub-task'] }, ...projects] })
  const hub = await configuredHub(t, peer)

  const listed = await action(hub, 'listProjects', {})
  const types = await action(hub, 'listIssueTypes', { projectKey: 'OPS' })
  const unknown = await action(hub, 'listIssueTypes', { projectKey: 'NOPE' })

  t.equal(listed.status, 200)
  t.equal(listed.body.items.length, 61)
  t.same(listed.body.items[0], { key: 'OPS', id: '10000', name: 'Operations' })
  t.same(listed.body.items[60], { key: 'P59', id: '20059', name: 'Project 59' })
  t.same(requestsTo(peer, 'GET', '/rest/api/3/project/search').map((request) => new URL(request.path, peer.url).searchParams.get('startAt')), ['0', '50'])
  t.same(types.body, { items: [{ id: '10002', name: 'Task' }, { id: '10004', name: 'Bug' }] })
  t.equal(requestsTo(peer, 'GET', '/rest/api/3/issue/createmeta/OPS/issuetypes').length, 1)
  t.equal(unknown.status, 422)
  t.same(unknown.body.fields, [{ field: 'projectKey', message: 'No project could be found with key \'NOPE\'.' }])
})

t.test('the createIssue form takes its project and issue type choices from these actions', async (t) => {
  const hub = await createTestHub(t)

  const res = await hub.api('GET', '/api/integrations/jira')
  const createIssue = res.body.actions.find((entry: { name: string }) => entry.name === 'createIssue')

  t.same(createIssue.input.properties.projectKey['x-choices'], { action: 'listProjects', value: 'key', label: 'name' })
  t.same(createIssue.input.properties.issueType['x-choices'], { action: 'listIssueTypes', value: 'name', input: { projectKey: 'projectKey' } })
  t.equal(res.body.schema.properties.serviceUrl['x-destination'], true)
})

t.test('a transition the issue does not offer is a field error listing those it does', async (t) => {
  const peer = await peerFor(t)
  const hub = await configuredHub(t, peer)
  t.equal((await action(hub, 'createIssue', { projectKey: 'OPS', summary: 'x' })).status, 200)

  const res = await action(hub, 'transitionIssue', { key: 'OPS-1', transition: 'Reopen' })

  t.equal(res.status, 422)
  t.equal(res.body.message, 'This issue has no transition "Reopen" now')
  t.same(res.body.fields, [{ field: 'transition', message: 'Available: Start Progress, Done.' }])
  t.equal(requestsTo(peer, 'POST', '/rest/api/3/issue/OPS-1/transitions').length, 0, 'nothing was posted')
  t.equal(peer.state.issues[0]?.status, 'To Do')
})

t.test('an issue key Jira does not know is a field error on key', async (t) => {
  const peer = await peerFor(t)
  const hub = await configuredHub(t, peer)

  for (const [name, input] of [['getIssue', { key: 'OPS-99' }], ['addComment', { key: 'OPS-99', body: 'x' }], ['transitionIssue', { key: 'OPS-99', transition: 'Done' }]] as const) {
    const res = await action(hub, name, input)
    t.equal(res.status, 422, name)
    t.equal(res.body.message, 'Jira has no issue OPS-99, or this user may not see it')
    t.same(res.body.fields, [{ field: 'key', message: 'Issue does not exist or you do not have permission to see it.' }])
  }
})

t.test('field errors from a Cloud create land on the input fields, custom fields by their path', async (t) => {
  const peer = await peerFor(t)
  const hub = await configuredHub(t, peer)

  const res = await action(hub, 'createIssue', { projectKey: 'OPS', summary: 'x', priority: 'Urgent', customFields: { customfield_10099: 'x' } })

  t.equal(res.status, 422)
  t.equal(res.body.message, 'Jira rejected the issue')
  t.same(res.body.fields, [
    { field: 'priority', message: 'The priority selected is invalid.' },
    { field: 'customFields.customfield_10099', message: 'Field \'customfield_10099\' cannot be set. It is not on the appropriate screen, or unknown.' }
  ])
  t.equal(peer.state.issues.length, 0)
})

t.test('an idempotent retry finds the issue the timed-out first attempt created, and creates nothing', async (t) => {
  const peer = await peerFor(t)
  const config = configFor(peer)
  const idempotencyKey = 'order-4711-ticket'
  // The first attempt's create reaches Jira, which makes the issue; its answer never arrives.
  peer.state.hold = (request) => request.method === 'POST' && request.path === '/rest/api/3/issue'

  const first = await runAction(jira, config, 'createIssue', { projectKey: 'OPS', summary: 'Refund order 4711' }, { timeoutMs: 1000, idempotency: { key: idempotencyKey, attempt: 1 } })

  t.match(first, { ok: false, code: 'TIMEOUT' })
  t.equal(peer.state.issues.length, 1, 'Jira made the issue all the same')
  t.equal(requestsTo(peer, 'GET', '/rest/api/3/search/jql').length, 0, 'a first attempt does not search')
  const [label] = peer.state.issues[0]!.fields.labels as string[]
  t.match(label, /^hub-idem-[0-9a-f]{24}$/, 'the issue carries the key’s label')
  t.notMatch(label, /4711/, 'not the key itself')

  peer.state.hold = undefined
  const second = await runAction(jira, config, 'createIssue', { projectKey: 'OPS', summary: 'Refund order 4711' }, { idempotency: { key: idempotencyKey, attempt: 2 } })

  t.same(second, { ok: true, value: { key: 'OPS-1', id: '10001', url: `${peer.url}/browse/OPS-1` } })
  t.equal(peer.state.issues.length, 1, 'no second issue')
  t.equal(requestsTo(peer, 'POST', '/rest/api/3/issue').length, 1, 'the retry posted nothing')
  const [search] = requestsTo(peer, 'GET', '/rest/api/3/search/jql')
  t.equal(new URL(search!.path, peer.url).searchParams.get('jql'), `project = "OPS" AND labels = "${label}"`)

  const other = await runAction(jira, config, 'createIssue', { projectKey: 'OPS', summary: 'Refund order 4712' }, { idempotency: { key: 'order-4712-ticket', attempt: 2 } })
  t.match(other, { ok: true, value: { key: 'OPS-2' } }, 'a retry whose first attempt made nothing creates the issue')
})

t.test('a rate-limited action says when to retry, and hands the core the status and Retry-After', async (t) => {
  const peer = await peerFor(t)
  const hub = await configuredHub(t, peer)
  peer.state.mode = 'rate-limited'
  peer.state.retryAfterSeconds = 5

  const res = await action(hub, 'searchIssues', { jql: 'project = OPS' })
  t.equal(res.status, 502)
  t.equal(res.body.code, 'RATE_LIMITED')
  t.equal(res.body.message, 'Jira is rate-limiting requests; retry in 5 s')

  const { ctx } = directContext()
  const failure = await jira.actions!.createIssue!.run(configFor(peer), { projectKey: 'OPS', summary: 'x' }, ctx).catch((error: unknown) => error)
  t.match(failure, { code: 'RATE_LIMITED', status: 429, retryAfterSeconds: 5 })
})

t.test('a refused create carries Jira’s status, so a queued attempt is not tried again', async (t) => {
  const peer = await peerFor(t)
  const { ctx } = directContext()

  const failure = await jira.actions!.createIssue!.run(configFor(peer), { projectKey: 'NOPE', summary: 'x' }, ctx).catch((error: unknown) => error)

  t.match(failure, { code: 'ISSUE_REJECTED', status: 400, fields: [{ field: 'projectKey' }] })
})

t.test('actions report the token expiry too', async (t) => {
  const peer = await peerFor(t)
  const { ctx, expiries } = directContext()

  await jira.actions!.listProjects!.run({ ...configFor(peer), tokenExpiresOn: '2099-12-31' }, {}, ctx)

  t.same(expiries, [{ what: 'Jira API token', at: '2099-12-31T00:00:00.000Z' }])
})

t.test('an answer Jira served while ignoring a revoked token is "Invalid API Token", not a result', async (t) => {
  const peer = await peerFor(t)
  const hub = await configuredHub(t, peer)
  t.equal((await action(hub, 'createIssue', { projectKey: 'OPS', summary: 'Public issue' })).status, 200)
  peer.state.anonymousAccess = true
  peer.state.apiToken = 'a-newer-token'

  const res = await action(hub, 'searchIssues', { jql: 'project = OPS' })

  t.equal(res.status, 502)
  t.equal(res.body.code, 'INVALID_TOKEN')
  t.equal(res.body.message, 'Invalid API Token')
  t.notOk(JSON.stringify(res.body).includes('Public issue'), 'nothing of the anonymous answer is passed on')
})
