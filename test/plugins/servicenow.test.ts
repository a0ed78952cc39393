import t, { type Test } from 'tap'
import { createTestHub } from '../support/hub.js'
import { startServiceNowPeer, type ServiceNowPeer, type ServiceNowPeerOptions } from '../support/peers/servicenow.js'

async function peerFor (t: Test, options: ServiceNowPeerOptions = {}): Promise<ServiceNowPeer> {
  const peer = await startServiceNowPeer(options)
  t.teardown(() => peer.close())
  return peer
}

function configFor (peer: { url: string }, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    serviceUrl: peer.url,
    clientId: 'hub-client-id',
    clientSecret: 'hub-client-secret',
    username: 'hub.integration',
    password: 'user-password',
    ...overrides
  }
}

/** A URL on which nothing listens: a peer started and closed again. */
async function closedUrl (): Promise<string> {
  const peer = await startServiceNowPeer()
  await peer.close()
  return peer.url
}

/** A hub with a working config saved against `peer`. */
async function configuredHub (t: Test, peer: ServiceNowPeer, options: { timeoutMs?: number } = {}) {
  const hub = await createTestHub(t, options)
  const saved = await hub.api('PUT', '/api/integrations/servicenow', { config: configFor(peer) })
  t.equal(saved.status, 201, 'the working config is saved')
  return hub
}

t.test('saving a working config runs the three steps against the instance', async (t) => {
  const peer = await peerFor(t)
  const hub = await createTestHub(t)

  const res = await hub.api('PUT', '/api/integrations/servicenow', { config: configFor(peer) })

  t.equal(res.status, 201)
  const tested = await hub.api('POST', '/api/integrations/servicenow/test', {})
  t.equal(tested.status, 200)
  t.equal(tested.body.ok, true)
  t.same(tested.body.steps.map((step: { label: string, ok: boolean }) => [step.label, step.ok]), [
    ['Reach the instance', true],
    ['Get an access token', true],
    ['Read a record with the token', true]
  ])

  const [tokenRequest] = peer.tokenRequests()
  t.ok(tokenRequest, 'a token was requested')
  t.match(tokenRequest!.headers['content-type'], /^application\/x-www-form-urlencoded/)
  t.same(Object.fromEntries(new URLSearchParams(tokenRequest!.body)), {
    grant_type: 'password',
    client_id: 'hub-client-id',
    client_secret: 'hub-client-secret',
    username: 'hub.integration',
    password: 'user-password'
  })
  const probe = peer.requests.find((request) => request.headers.authorization?.startsWith('Bearer ') === true)
  t.equal(probe?.method, 'GET')
  t.equal(probe?.path, '/api/now/table/sys_user?sysparm_limit=1&sysparm_fields=sys_id')
  t.equal(probe?.headers.accept, 'application/json')
})

t.test('a wrong user password is "Invalid credentials", and the detail says ServiceNow does not tell which part', async (t) => {
  const peer = await peerFor(t)
  const hub = await createTestHub(t)

  const res = await hub.api('PUT', '/api/integrations/servicenow', { config: configFor(peer, { password: 'wrong' }) })

  t.equal(res.status, 422)
  t.equal(res.body.error, 'HUB_ERR_TEST_FAILED')
  t.equal(res.body.message, 'Invalid credentials')
  t.match(res.body.detail, /client.*user|user.*client/i)
  t.notMatch(JSON.stringify(res.body), /hub-client-secret|"wrong"/, 'no secret is echoed')
  t.same(res.body.test.steps.map((step: { label: string, ok: boolean }) => [step.label, step.ok]), [
    ['Reach the instance', true],
    ['Get an access token', false]
  ])
  const catalog = await hub.api('GET', '/api/integrations')
  const entry = catalog.body.integrations.find((integration: { id: string }) => integration.id === 'servicenow')
  t.equal(entry.configured, false, 'a config that fails its test is not stored')
})

t.test('a wrong client secret gets the same "Invalid credentials"', async (t) => {
  const peer = await peerFor(t)
  const hub = await createTestHub(t)

  const res = await hub.api('POST', '/api/integrations/servicenow/test', { config: configFor(peer, { clientSecret: 'wrong' }) })

  t.equal(res.status, 200)
  t.equal(res.body.ok, false)
  t.equal(res.body.code, 'INVALID_CREDENTIALS')
  t.equal(res.body.message, 'Invalid credentials')
})

t.test('a refused connection is "Service URL not reachable" on the Service URL field', async (t) => {
  const hub = await createTestHub(t)

  const res = await hub.api('PUT', '/api/integrations/servicenow', { config: configFor({ url: await closedUrl() }) })

  t.equal(res.status, 422)
  t.equal(res.body.message, 'Service URL not reachable')
  t.same(res.body.fields, [{ field: 'serviceUrl', message: 'Service URL not reachable' }])
  t.equal(res.body.test.code, 'UNREACHABLE')
})

t.test('a host name that does not resolve is "Service URL not reachable"', async (t) => {
  const hub = await createTestHub(t)

  const res = await hub.api('POST', '/api/integrations/servicenow/test', {
    config: configFor({ url: 'http://no-such-instance.invalid' })
  })

  t.equal(res.body.ok, false)
  t.equal(res.body.code, 'UNREACHABLE')
  t.equal(res.body.message, 'Service URL not reachable')
  t.equal(res.body.field, 'serviceUrl')
})

t.test('an instance that accepts the connection but never answers ends at the deadline', async (t) => {
  const peer = await peerFor(t, { mode: 'hang' })
  const hub = await createTestHub(t, { timeoutMs: 500 })
  const started = Date.now()

  const res = await hub.api('PUT', '/api/integrations/servicenow', { config: configFor(peer) })

  t.equal(res.status, 422)
  t.equal(res.body.test.code, 'TIMEOUT')
  t.equal(res.body.message, 'Service URL not reachable: no answer within 0.5 s')
  t.ok(Date.now() - started < 3000, 'the answer comes at the deadline, not later')
  t.same(res.body.test.steps.map((step: { label: string, ok: boolean }) => [step.label, step.ok]), [['Reach the instance', false]],
    'the step that was running is reported once, as failed')
})

t.test('a web site that is not ServiceNow is said to be one, not "Invalid credentials"', async (t) => {
  for (const mode of ['html', 'not-found'] as const) {
    const peer = await peerFor(t, { mode })
    const hub = await createTestHub(t)

    const res = await hub.api('PUT', '/api/integrations/servicenow', { config: configFor(peer) })

    t.equal(res.status, 422, mode)
    t.equal(res.body.test.code, 'NOT_SERVICENOW', mode)
    t.equal(res.body.message, 'This URL is not a ServiceNow instance', mode)
    t.match(res.body.detail, /text\/html/, mode)
    t.same(res.body.fields, [{ field: 'serviceUrl', message: 'This URL is not a ServiceNow instance' }], mode)
    t.equal(peer.tokenRequests().length, 0, `${mode}: no credentials were sent to it`)
  }
})

t.test('a rate-limited instance says when to retry, from Retry-After', async (t) => {
  const peer = await peerFor(t, { mode: 'rate-limited', retryAfterSeconds: 42 })
  const hub = await createTestHub(t)

  const res = await hub.api('POST', '/api/integrations/servicenow/test', { config: configFor(peer) })

  t.equal(res.body.ok, false)
  t.equal(res.body.code, 'RATE_LIMITED')
  t.equal(res.body.message, 'ServiceNow is rate-limiting requests; retry in 42 s')
})

t.test('createIncident opens an incident and returns its number, sys_id and link', async (t) => {
  const peer = await peerFor(t)
  const hub = await configuredHub(t, peer)

  const res = await hub.api('POST', '/api/integrations/servicenow/actions/createIncident', {
    shortDescription: 'Mail server down',
    description: 'Nobody receives mail since 09:00.',
    urgency: '1',
    impact: '2'
  })

  t.equal(res.status, 200)
  const [incident] = peer.state.tables.incident
  t.ok(incident, 'the instance has the incident')
  t.same(res.body, {
    number: incident!.number,
    sysId: incident!.sys_id,
    url: `${peer.url}/nav_to.do?uri=incident.do?sys_id=${incident!.sys_id}`
  })
  t.match(res.body.number, /^INC\d{7}$/)
  const post = peer.requests.find((request) => request.method === 'POST' && request.path.startsWith('/api/now/table/incident'))
  t.match(post?.headers.authorization, /^Bearer \S+$/)
  t.match(post?.headers['content-type'], /^application\/json/)
  t.same(JSON.parse(post!.body), {
    short_description: 'Mail server down',
    description: 'Nobody receives mail since 09:00.',
    urgency: '1',
    impact: '2'
  })
})

t.test('createIncident refuses bad input before calling ServiceNow', async (t) => {
  const peer = await peerFor(t)
  const hub = await configuredHub(t, peer)
  const before = peer.requests.length

  const missing = await hub.api('POST', '/api/integrations/servicenow/actions/createIncident', { description: 'no summary' })
  const outOfRange = await hub.api('POST', '/api/integrations/servicenow/actions/createIncident', { shortDescription: 'x', urgency: '4' })

  t.equal(missing.status, 400)
  t.equal(missing.body.error, 'HUB_ERR_VALIDATION')
  t.ok(missing.body.fields.some((field: { field: string }) => field.field === 'shortDescription'), 'shortDescription is named')
  t.equal(outOfRange.status, 400)
  t.ok(outOfRange.body.fields.some((field: { field: string }) => field.field === 'urgency'), 'urgency is named')
  t.equal(peer.requests.length, before, 'nothing reached the instance')
})

t.test('createChangeRequest opens a change request of the given type', async (t) => {
  const peer = await peerFor(t)
  const hub = await configuredHub(t, peer)

  const res = await hub.api('POST', '/api/integrations/servicenow/actions/createChangeRequest', {
    shortDescription: 'Replace the mail server disk',
    type: 'emergency'
  })
  const wrongType = await hub.api('POST', '/api/integrations/servicenow/actions/createChangeRequest', {
    shortDescription: 'x',
    type: 'urgent'
  })

  t.equal(res.status, 200)
  const [change] = peer.state.tables.change_request
  t.match(change, { short_description: 'Replace the mail server disk', type: 'emergency' })
  t.same(res.body, {
    number: change!.number,
    sysId: change!.sys_id,
    url: `${peer.url}/nav_to.do?uri=change_request.do?sys_id=${change!.sys_id}`
  })
  t.match(res.body.number, /^CHG\d{7}$/)
  t.equal(wrongType.status, 400)
  t.ok(wrongType.body.fields.some((field: { field: string }) => field.field === 'type'), 'type is named')
  t.equal(peer.state.tables.change_request.length, 1)
})

t.test('actions reuse one token until the instance stops honouring it, then renew it once', async (t) => {
  const peer = await peerFor(t)
  const hub = await configuredHub(t, peer)
  const create = async (text: string) =>
    await hub.api('POST', '/api/integrations/servicenow/actions/createIncident', { shortDescription: text })
  const afterSave = peer.tokenRequests().length

  t.equal((await create('first')).status, 200)
  t.equal((await create('second')).status, 200)
  t.equal(peer.tokenRequests().length, afterSave + 1, 'one token for both calls')

  peer.state.revokeTokens()
  t.equal((await create('third')).status, 200, 'the call succeeds after the token was revoked')
  t.equal(peer.tokenRequests().length, afterSave + 2, 'exactly one new token')
  t.same(peer.state.tables.incident.map((incident) => incident.short_description), ['first', 'second', 'third'])
})

t.test('a token is renewed when its expires_in has passed, without a failed call first', async (t) => {
  const peer = await peerFor(t, { tokenLifetimeSeconds: 1 })
  const hub = await configuredHub(t, peer)
  const create = async () =>
    await hub.api('POST', '/api/integrations/servicenow/actions/createIncident', { shortDescription: 'x' })
  const afterSave = peer.tokenRequests().length

  t.equal((await create()).status, 200)
  await new Promise((resolve) => setTimeout(resolve, 1100))
  const before = peer.requests.length
  t.equal((await create()).status, 200)

  t.equal(peer.tokenRequests().length, afterSave + 2)
  t.same(peer.requests.slice(before).map((request) => `${request.method} ${request.path.split('?')[0]}`), [
    'POST /oauth_token.do',
    'POST /api/now/table/incident'
  ], 'the new token came before the call, not after a 401')
})

t.test('an action whose user may not insert fails with ServiceNow’s reason', async (t) => {
  const peer = await peerFor(t, { readOnlyUser: true })
  const hub = await configuredHub(t, peer)

  const res = await hub.api('POST', '/api/integrations/servicenow/actions/createIncident', { shortDescription: 'x' })

  t.equal(res.status, 502)
  t.equal(res.body.error, 'HUB_ERR_REMOTE_FAILED')
  t.equal(res.body.message, 'Signed in, but this user may not do this through the REST API')
  t.equal(res.body.detail, 'Operation Failed: ACL Exception Insert Failed due to security constraints')
  t.equal(peer.state.tables.incident.length, 0)
})

t.test('a token the instance refuses at once fails the test, and an action renews at most once', async (t) => {
  const peer = await peerFor(t)
  const hub = await configuredHub(t, peer)
  peer.state.tokenLifetimeSeconds = 0

  const tested = await hub.api('POST', '/api/integrations/servicenow/test', {})
  const afterTest = peer.tokenRequests().length
  const first = await hub.api('POST', '/api/integrations/servicenow/actions/createIncident', { shortDescription: 'x' })
  const second = await hub.api('POST', '/api/integrations/servicenow/actions/createIncident', { shortDescription: 'x' })

  t.equal(tested.body.ok, false)
  t.equal(tested.body.message, 'ServiceNow did not accept the access token it issued')
  t.same(tested.body.steps.map((step: { label: string, ok: boolean }) => [step.label, step.ok]), [
    ['Reach the instance', true],
    ['Get an access token', true],
    ['Read a record with the token', false]
  ])
  t.equal(first.status, 502)
  t.equal(first.body.message, 'ServiceNow did not accept the access token it issued')
  t.equal(second.status, 502)
  t.equal(peer.tokenRequests().length, afterTest + 2, 'a new token makes no retry; a cached one is renewed once')
  t.equal(peer.state.tables.incident.length, 0)
})

t.test('an action while rate-limited says when to retry', async (t) => {
  const peer = await peerFor(t)
  const hub = await configuredHub(t, peer)
  peer.state.mode = 'rate-limited'
  peer.state.retryAfterSeconds = 7

  const res = await hub.api('POST', '/api/integrations/servicenow/actions/createIncident', { shortDescription: 'x' })

  t.equal(res.status, 502)
  t.equal(res.body.message, 'ServiceNow is rate-limiting requests; retry in 7 s')
})

t.test('an action against an instance that stops answering ends at the deadline with 504', async (t) => {
  const peer = await peerFor(t)
  const hub = await configuredHub(t, peer, { timeoutMs: 500 })
  peer.state.mode = 'hang'
  const started = Date.now()

  const res = await hub.api('POST', '/api/integrations/servicenow/actions/createIncident', { shortDescription: 'x' })

  t.equal(res.status, 504)
  t.equal(res.body.message, 'Service URL not reachable: no answer within 0.5 s')
  t.ok(Date.now() - started < 3000, 'the answer comes at the deadline, not later')
})
