/**
 * The ServiceNow plugin through the hub's API: the settings form, saving and testing a connection,
 * what the admin reads when the instance cannot be reached or is not ServiceNow, and the first
 * version's records. Sign-in methods: servicenow-auth.test.ts; records: servicenow-incidents.test.ts.
 */
import t, { type Test } from 'tap'
import servicenow from '../../plugins/servicenow/index.js'
import { settingsSchema } from '../../plugins/servicenow/settings.js'
import { createTestHub } from '../support/hub.js'
import { startHttpPeer } from '../support/peers/http-peer.js'
import { serviceNowSettings, startServiceNowPeer, type ServiceNowPeer, type ServiceNowPeerOptions } from '../support/peers/servicenow.js'

async function peerFor (t: Test, options: ServiceNowPeerOptions = {}): Promise<ServiceNowPeer> {
  const peer = await startServiceNowPeer(options)
  t.teardown(() => peer.close())
  return peer
}

const configFor = (peer: { url: string }, overrides: Record<string, string> = {}): Record<string, string> =>
  serviceNowSettings(peer, 'password', overrides)

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

t.test('the form offers three ways to sign in, the first with exactly the seed’s five fields', async (t) => {
  const hub = await createTestHub(t)

  const res = await hub.api('GET', '/api/integrations/servicenow')

  const schema = res.body.schema
  t.same(schema.oneOf.map((tab: { title: string, properties: { authMethod: { const: string } } }) => [tab.properties.authMethod.const, tab.title]), [
    ['password', 'OAuth: API client and user'],
    ['clientCredentials', 'OAuth: API client only'],
    ['basic', 'Username and password']
  ])
  const firstTab = Object.entries(schema.oneOf[0].properties as Record<string, { title?: string }>)
    .filter(([name]) => !(name in schema.properties))
    .map(([, property]) => property.title)
  t.same([schema.properties.serviceUrl.title, ...firstTab], ['Service URL', 'API Client ID', 'API Client Secret', 'Username', 'Password'])
  t.equal(schema.properties.authMethod.default, 'password', 'a new config starts on the first tab')
  t.equal(schema.properties.serviceUrl['x-destination'], true, 'the Service URL decides where the secrets go')
})

t.test('a config without an authentication method, as the first version took it, signs in with the password grant', async (t) => {
  const peer = await peerFor(t)
  const hub = await createTestHub(t)
  const { authMethod: _method, ...firstShape } = configFor(peer)

  const res = await hub.api('PUT', '/api/integrations/servicenow', { config: firstShape })

  t.equal(res.status, 201)
  t.equal(res.body.config.authMethod, 'password')
  t.same(peer.tokenForms().map(form => form.grant_type), ['password'])
})

t.test('a config stored by the first version is read as the password tab, and still signs in', async (t) => {
  const peer = await peerFor(t)
  const dataDir = t.testdir()
  // The plugin as version 1 declared it: the seed's five fields, no method.
  const { serviceUrl: _shared, authMethod: _tab, ...seedFields } = settingsSchema.oneOf[0].properties
  const firstVersion = {
    ...servicenow,
    version: '1.0.0',
    schemaVersion: 1,
    migrations: {},
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['serviceUrl', 'clientId', 'clientSecret', 'username', 'password'],
      properties: { serviceUrl: settingsSchema.properties.serviceUrl, ...seedFields }
    },
    actions: {},
    test: async () => {}
  } as const
  const old = await createTestHub(t, { plugins: [firstVersion], builtinPlugins: false, dataDir })
  const { authMethod: _method, ...firstShape } = configFor(peer)
  t.equal((await old.api('PUT', '/api/integrations/servicenow', { config: firstShape })).status, 201)
  await old.app.close()

  const hub = await createTestHub(t, { dataDir })
  const read = await hub.api('GET', '/api/integrations/servicenow')
  const tested = await hub.api('POST', '/api/integrations/servicenow/test', {})

  t.same(read.body.config, { serviceUrl: peer.url, clientId: 'hub-client-id', username: 'hub.integration', authMethod: 'password' })
  t.same([...read.body.secretsSet].sort(), ['clientSecret', 'password'])
  t.equal(tested.body.ok, true, 'the stored secrets still open')
  t.same(peer.tokenForms(), [{ grant_type: 'password', client_id: 'hub-client-id', client_secret: 'hub-client-secret', username: 'hub.integration', password: 'user-password' }])
})

t.test('a changed Service URL without the secrets again is refused, and the other server receives nothing', async (t) => {
  const peer = await peerFor(t)
  const other = await startHttpPeer(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"result":[]}' }))
  t.teardown(() => other.close())
  const hub = await configuredHub(t, peer)
  const { clientSecret: _secret, password: _password, ...withoutSecrets } = configFor(other)

  const saved = await hub.api('PUT', '/api/integrations/servicenow', { config: withoutSecrets })
  const tested = await hub.api('POST', '/api/integrations/servicenow/test', { config: withoutSecrets })

  for (const res of [saved, tested]) {
    t.equal(res.status, 400)
    t.equal(res.body.error, 'HUB_ERR_VALIDATION')
    t.same(res.body.fields, [
      { field: 'clientSecret', message: 'Enter the API Client Secret again: the Service URL changed.' },
      { field: 'password', message: 'Enter the Password again: the Service URL changed.' }
    ])
  }
  t.equal(other.requests.length, 0, 'nothing was sent to the new address')
  t.equal((await hub.api('GET', '/api/integrations/servicenow')).body.config.serviceUrl, peer.url, 'the working config stays')
})
