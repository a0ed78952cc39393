import t, { type Test } from 'tap'
import { createTestHub, type TestHub } from '../support/hub.js'
import { startJiraDataCenterPeer, type JiraDataCenterPeer, type JiraDataCenterPeerOptions } from '../support/peers/jira-data-center.js'

const personalAccessToken = 'NjE2NDQ0MDQ5MzM2OpatForTheHub0123456789abc'

async function peerFor (t: Test, options: JiraDataCenterPeerOptions = {}): Promise<JiraDataCenterPeer> {
  const peer = await startJiraDataCenterPeer({ personalAccessToken, ...options })
  t.teardown(() => peer.close())
  return peer
}

function configFor (peer: { url: string }, overrides: Record<string, string> = {}): Record<string, string> {
  return { description: 'Ops tickets on our own Jira', serviceUrl: peer.url, apiToken: personalAccessToken, ...overrides }
}

async function configuredHub (t: Test, peer: JiraDataCenterPeer): Promise<TestHub> {
  const hub = await createTestHub(t)
  const saved = await hub.api('PUT', '/api/integrations/jira', { config: configFor(peer) })
  t.equal(saved.status, 201, 'the working config is saved')
  return hub
}

const steps = (body: { steps: Array<{ label: string, ok: boolean }> }) => body.steps.map((step) => [step.label, step.ok])
const action = async (hub: TestHub, name: string, input: unknown) => await hub.api('POST', `/api/integrations/jira/actions/${name}`, input)

for (const deploymentType of ['Server', 'DataCenter'] as const) {
  t.test(`a site whose serverInfo says "${deploymentType}" is signed in to with the token as a Bearer personal access token`, async (t) => {
    const peer = await peerFor(t, { deploymentType })
    const hub = await createTestHub(t)

    const res = await hub.api('PUT', '/api/integrations/jira', { config: configFor(peer) })

    t.equal(res.status, 201)
    const [serverInfo, myself] = peer.requests
    t.equal(serverInfo?.path, '/rest/api/2/serverInfo')
    t.equal(serverInfo?.headers.authorization, undefined, 'serverInfo is asked anonymously')
    t.equal(myself?.path, '/rest/api/2/myself', 'REST API v2: Data Center has no v3')
    t.equal(myself?.headers.authorization, `Bearer ${personalAccessToken}`)
    const tested = await hub.api('POST', '/api/integrations/jira/test', {})
    t.same(steps(tested.body), [['Reach the Jira site', true], ['Sign in with the API token', true]])
  })
}

t.test('User Email is not needed on Data Center, and ignored when given', async (t) => {
  const peer = await peerFor(t)
  const hub = await createTestHub(t)

  const res = await hub.api('POST', '/api/integrations/jira/test', { config: configFor(peer, { email: 'someone@example.com' }) })

  t.equal(res.body.ok, true)
  t.same(peer.requests.map((request) => request.headers.authorization), [undefined, `Bearer ${personalAccessToken}`], 'no Basic email:token anywhere')
})

t.test('a wrong personal access token is "Invalid API Token" on the API Token field', async (t) => {
  const peer = await peerFor(t)
  const hub = await createTestHub(t)

  const res = await hub.api('PUT', '/api/integrations/jira', { config: configFor(peer, { apiToken: 'a-revoked-pat' }) })

  t.equal(res.status, 422)
  t.equal(res.body.test.code, 'INVALID_TOKEN')
  t.equal(res.body.message, 'Invalid API Token')
  t.match(res.body.detail, /personal access token/)
  t.same(res.body.fields, [{ field: 'apiToken', message: 'Invalid API Token' }])
  t.same(steps(res.body.test), [['Reach the Jira site', true], ['Sign in with the API token', false]])
  t.equal(peer.requests.at(-1)?.headers.authorization, 'Bearer a-revoked-pat')
})

t.test('the peer refuses a personal access token sent as a Basic password, as Data Center does', async (t) => {
  const peer = await peerFor(t)

  const basic = await fetch(`${peer.url}/rest/api/2/myself`, { headers: { authorization: `Basic ${Buffer.from(`mia:${personalAccessToken}`).toString('base64')}` } })
  const bearer = await fetch(`${peer.url}/rest/api/2/myself`, { headers: { authorization: `Bearer ${personalAccessToken}` } })

  t.equal(basic.status, 401)
  t.equal(basic.headers.get('x-seraph-loginreason'), 'AUTHENTICATED_FAILED')
  t.equal(bearer.status, 200)
})

t.test('a rate-limited Data Center site says when to retry', async (t) => {
  const peer = await peerFor(t, { mode: 'rate-limited', retryAfterSeconds: 7 })
  const hub = await createTestHub(t)

  const res = await hub.api('POST', '/api/integrations/jira/test', { config: configFor(peer) })

  t.equal(res.body.code, 'RATE_LIMITED')
  t.equal(res.body.message, 'Jira is rate-limiting requests; retry in 7 s')
})

t.test('the life cycle on Data Center: create, comment, transition, and a search finds it', async (t) => {
  const peer = await peerFor(t)
  const hub = await configuredHub(t, peer)

  const created = await action(hub, 'createIssue', {
    projectKey: 'OPS',
    summary: 'Mail server down',
    issueType: 'Bug',
    description: 'Nobody receives *any* mail.\nSince 09:00.\n\nSee [the runbook] for {code} steps.',
    priority: 'High',
    assignee: 'emma',
    components: ['Mail'],
    labels: ['outage']
  })
  t.equal(created.status, 200)
  t.same(created.body, { key: 'OPS-1', id: '10001', url: `${peer.url}/browse/OPS-1` })
  const post = peer.requests.find((request) => request.method === 'POST' && request.path === '/rest/api/2/issue')
  t.equal(post?.headers.authorization, `Bearer ${personalAccessToken}`)
  t.same(JSON.parse(post!.body).fields, {
    project: { key: 'OPS' },
    summary: 'Mail server down',
    issuetype: { name: 'Bug' },
    // A wiki-markup string, not ADF; markup characters escaped so it shows as written.
    description: 'Nobody receives \\*any\\* mail.\nSince 09:00.\n\nSee \\[the runbook\\] for \\{code\\} steps.',
    priority: { name: 'High' },
    assignee: { name: 'emma' },
    components: [{ name: 'Mail' }],
    labels: ['outage']
  })

  const commented = await action(hub, 'addComment', { key: 'OPS-1', body: 'Restarted the MTA.\n\nQueue drains.' })
  t.equal(commented.status, 200)
  t.same(Object.keys(commented.body).sort(), ['created', 'id'])
  t.same(peer.state.issues[0]?.comments.map((comment) => comment.body), ['Restarted the MTA.\n\nQueue drains.'])

  const moved = await action(hub, 'transitionIssue', { key: 'OPS-1', transition: 'start progress' })
  t.equal(moved.status, 200)
  t.same(moved.body, { key: 'OPS-1', transition: { id: '11', name: 'Start Progress' }, status: 'In Progress' })
  t.same(JSON.parse(peer.requests.at(-1)!.body), { transition: { id: '11' } })

  const read = await action(hub, 'getIssue', { key: 'OPS-1' })
  t.equal(read.status, 200)
  t.same(read.body, {
    key: 'OPS-1',
    id: '10001',
    url: `${peer.url}/browse/OPS-1`,
    summary: 'Mail server down',
    status: 'In Progress',
    assignee: { id: 'emma', displayName: 'Emma Richards' },
    priority: 'High',
    issueType: 'Bug',
    created: peer.state.issues[0]!.created,
    updated: peer.state.issues[0]!.updated
  })

  const found = await action(hub, 'searchIssues', { jql: 'project = OPS AND status = "In Progress"', fields: ['summary', 'status'] })
  t.equal(found.status, 200)
  t.equal(found.body.issues.length, 1)
  t.equal(found.body.issues[0].key, 'OPS-1')
  t.equal(found.body.issues[0].fields.summary, 'Mail server down')
  t.equal(found.body.nextPageToken, undefined, 'one page')
  const search = peer.requests.find((request) => request.path.startsWith('/rest/api/2/search?'))
  t.ok(search, 'searched with api/2/search')
  t.equal(new URL(search!.path, peer.url).searchParams.get('fields'), 'summary,status')
})

t.test('searches page through Data Center results with the token the previous page gave', async (t) => {
  const peer = await peerFor(t)
  const hub = await configuredHub(t, peer)
  for (const summary of ['one', 'two', 'three']) t.equal((await action(hub, 'createIssue', { projectKey: 'OPS', summary })).status, 200)

  const first = await action(hub, 'searchIssues', { jql: 'project = OPS', maxResults: 2 })
  const second = await action(hub, 'searchIssues', { jql: 'project = OPS', maxResults: 2, nextPageToken: first.body.nextPageToken })
  const bogus = await action(hub, 'searchIssues', { jql: 'project = OPS', nextPageToken: 'not-a-page' })

  t.same(first.body.issues.map((issue: { key: string }) => issue.key), ['OPS-1', 'OPS-2'])
  t.type(first.body.nextPageToken, 'string')
  t.same(second.body.issues.map((issue: { key: string }) => issue.key), ['OPS-3'])
  t.equal(second.body.nextPageToken, undefined)
  t.equal(bogus.status, 422)
  t.same(bogus.body.fields, [{ field: 'nextPageToken', message: 'Use the nextPageToken of the previous page of this search.' }])
})

t.test('choices on Data Center: all projects in one list, and the issue types of one', async (t) => {
  const peer = await peerFor(t, {
    projects: [
      { key: 'OPS', id: '10000', name: 'Operations', issueTypes: ['Task', 'Sub-task'] },
      { key: 'WEB', id: '10001', name: 'Website', issueTypes: ['Bug'] }
    ]
  })
  const hub = await configuredHub(t, peer)

  const projects = await action(hub, 'listProjects', {})
  const types = await action(hub, 'listIssueTypes', { projectKey: 'OPS' })

  t.same(projects.body, { items: [{ key: 'OPS', id: '10000', name: 'Operations' }, { key: 'WEB', id: '10001', name: 'Website' }] })
  t.ok(peer.requests.some((request) => request.path === '/rest/api/2/project'))
  t.same(types.body, { items: [{ id: '10002', name: 'Task' }] }, 'sub-task types need a parent: left out')
  t.ok(peer.requests.some((request) => request.path.startsWith('/rest/api/2/issue/createmeta/OPS/issuetypes')))
})

t.test('field errors from a Data Center create land on the input fields', async (t) => {
  const peer = await peerFor(t)
  const hub = await configuredHub(t, peer)

  const res = await action(hub, 'createIssue', { projectKey: 'OPS', summary: 'x', priority: 'Urgent', components: ['Plumbing'] })

  t.equal(res.status, 422)
  t.same(res.body.fields, [
    { field: 'priority', message: 'This priority is not available for this project.' },
    { field: 'components', message: 'Component name \'Plumbing\' is not valid' }
  ])
  t.equal(peer.state.issues.length, 0)
})
