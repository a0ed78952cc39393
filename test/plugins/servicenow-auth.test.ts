/**
 * Every way the ServiceNow plugin signs in, through the hub's API: the password grant, the client
 * credentials grant and HTTP Basic, what the admin reads when the instance refuses each, how tokens
 * are kept and renewed, and that credentials never follow a redirect to another site.
 */
import t, { type Test } from 'tap'
import { createTestHub } from '../support/hub.js'
import { startHttpPeer } from '../support/peers/http-peer.js'
import { serviceNowSettings, startServiceNowPeer, type ServiceNowAuthMethod, type ServiceNowPeer, type ServiceNowPeerOptions } from '../support/peers/servicenow.js'

async function peerFor (t: Test, options: ServiceNowPeerOptions = {}): Promise<ServiceNowPeer> {
  const peer = await startServiceNowPeer(options)
  t.teardown(() => peer.close())
  return peer
}

async function configuredHub (t: Test, peer: ServiceNowPeer, method: ServiceNowAuthMethod = 'password') {
  const hub = await createTestHub(t)
  const saved = await hub.api('PUT', '/api/integrations/servicenow', { config: serviceNowSettings(peer, method) })
  t.equal(saved.status, 201, 'the working config is saved')
  return hub
}

const stepsOf = (result: { steps: Array<{ label: string, ok: boolean }> }) => result.steps.map(step => [step.label, step.ok])
const createIncident = async (hub: Awaited<ReturnType<typeof createTestHub>>, text = 'x') =>
  await hub.api('POST', '/api/integrations/servicenow/actions/createIncident', { shortDescription: text })
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`

t.test('client credentials: the API client alone gets a token, and the hub acts as the OAuth Application User', async (t) => {
  const peer = await peerFor(t, { clientCredentialsEnabled: true, oauthApplicationUser: 'abel.tuter' })
  const hub = await createTestHub(t)

  const saved = await hub.api('PUT', '/api/integrations/servicenow', { config: serviceNowSettings(peer, 'clientCredentials') })
  const tested = await hub.api('POST', '/api/integrations/servicenow/test', {})
  const created = await createIncident(hub)

  t.equal(saved.status, 201)
  t.same(stepsOf(tested.body), [
    ['Reach the instance', true],
    ['Get an access token', true],
    ['Read a record with the token', true]
  ])
  t.same(peer.tokenForms(), Array(peer.tokenForms().length).fill({ grant_type: 'client_credentials', client_id: 'hub-client-id', client_secret: 'hub-client-secret' }), 'no user name or password is sent')
  t.ok(peer.tokenForms().length >= 2, 'the save and the test each signed in')
  t.equal(created.status, 200)
  t.equal(peer.state.tables.incident[0]?.opened_by, '62826bf03710200044e0bfc8bcbe5df1', 'the incident is opened by the OAuth Application User')
})

for (const [what, options] of [
  ['the system property is not true', { clientCredentialsEnabled: false }],
  ['the OAuth entity has no OAuth Application User', { clientCredentialsEnabled: true, oauthApplicationUser: null }],
  ['the client secret is wrong', { clientCredentialsEnabled: true, clientSecret: 'another-secret' }]
] as const) {
  t.test(`client credentials refused because ${what}: the message names the property and the OAuth Application User`, async (t) => {
    const peer = await peerFor(t, options)
    const hub = await createTestHub(t)

    const res = await hub.api('PUT', '/api/integrations/servicenow', { config: serviceNowSettings(peer, 'clientCredentials') })

    t.equal(res.status, 422)
    t.equal(res.body.test.code, 'CLIENT_CREDENTIALS_REFUSED')
    t.equal(res.body.message, 'ServiceNow refused the client credentials grant: check the API Client ID and Secret, set the system property glide.oauth.inbound.client.credential.grant_type.enabled to true, and choose an OAuth Application User on the OAuth entity')
    t.match(res.body.detail, /KB1645212/)
    t.notOk(res.body.fields, 'no single field is to blame: the instance does not say which')
    t.same(stepsOf(res.body.test), [['Reach the instance', true], ['Get an access token', false]])
    t.equal((await hub.api('GET', '/api/integrations')).body.integrations.find((entry: { id: string }) => entry.id === 'servicenow').configured, false)
  })
}

t.test('basic: every Table API call carries the user and password, and no token is asked for', async (t) => {
  const peer = await peerFor(t)
  const hub = await createTestHub(t)

  const saved = await hub.api('PUT', '/api/integrations/servicenow', { config: serviceNowSettings(peer, 'basic') })
  const tested = await hub.api('POST', '/api/integrations/servicenow/test', {})
  const created = await createIncident(hub)

  t.equal(saved.status, 201)
  t.same(stepsOf(tested.body), [['Reach the instance', true], ['Read a record as the user', true]])
  t.equal(created.status, 200)
  t.equal(peer.tokenRequests().length, 0)
  const signed = peer.tableRequests().filter(request => request.headers.authorization !== undefined)
  t.ok(signed.length >= 3, 'the probes and the insert are signed')
  t.ok(signed.every(request => request.headers.authorization === basic('hub.integration', 'user-password')))
  t.equal(peer.state.tables.incident.length, 1)
})

for (const [what, options, settings] of [
  ['a wrong password', {}, { password: 'wrong' }],
  ['an instance that restricts Basic authentication for the user', { basicAuth: false }, {}]
] as const) {
  t.test(`basic refused for ${what}: "Invalid credentials" on the Password field, with what else to check`, async (t) => {
    const peer = await peerFor(t, options)
    const hub = await createTestHub(t)

    const res = await hub.api('PUT', '/api/integrations/servicenow', { config: serviceNowSettings(peer, 'basic', settings) })

    t.equal(res.status, 422)
    t.equal(res.body.message, 'Invalid credentials')
    t.same(res.body.fields, [{ field: 'password', message: 'Invalid credentials' }])
    t.match(res.body.detail, /snc_basic_auth_api_access/)
    t.same(stepsOf(res.body.test), [['Reach the instance', true], ['Read a record as the user', false]])
    t.notMatch(JSON.stringify(res.body), /user-password|"wrong"/, 'no secret is echoed')
  })
}

t.test('actions share one token across calls: one token request for several actions', async (t) => {
  const peer = await peerFor(t)
  const hub = await configuredHub(t, peer)
  const afterSave = peer.tokenRequests().length

  const created = await createIncident(hub, 'first')
  const read = await hub.api('POST', '/api/integrations/servicenow/actions/getIncident', { number: created.body.number })
  const noted = await hub.api('POST', '/api/integrations/servicenow/actions/addWorkNote', { number: created.body.number, text: 'Looking into it.' })
  const change = await hub.api('POST', '/api/integrations/servicenow/actions/createChangeRequest', { shortDescription: 'Replace the disk' })

  t.same([created.status, read.status, noted.status, change.status], [200, 200, 200, 200])
  t.equal(peer.tokenRequests().length, afterSave + 1, 'one token for all four actions')
  const bearers = new Set(peer.tableRequests().slice(-5).map(request => request.headers.authorization))
  t.equal(bearers.size, 1, 'every call carried the same token')
})

t.test('an expired token is renewed with the refresh token before the call, without the password', async (t) => {
  const peer = await peerFor(t, { tokenLifetimeSeconds: 1 })
  const hub = await configuredHub(t, peer)
  t.equal((await createIncident(hub)).status, 200)
  const issued = peer.tokenForms().at(-1)!
  const refreshToken = [...peer.state.refreshTokens.keys()][0]
  await new Promise((resolve) => setTimeout(resolve, 1100))
  const before = peer.requests.length

  t.equal((await createIncident(hub)).status, 200)

  t.equal(issued.grant_type, 'password', 'the first token came from the grant')
  t.same(peer.requests.slice(before).map((request) => `${request.method} ${request.path.split('?')[0]}`), [
    'POST /oauth_token.do',
    'POST /api/now/table/incident'
  ], 'the new token came before the call, not after a 401')
  t.same(peer.tokenForms().at(-1), { grant_type: 'refresh_token', client_id: 'hub-client-id', client_secret: 'hub-client-secret', refresh_token: refreshToken })
})

t.test('a refresh token the instance no longer accepts falls back to the password grant', async (t) => {
  const peer = await peerFor(t)
  const hub = await configuredHub(t, peer)
  t.equal((await createIncident(hub, 'first')).status, 200)
  const before = peer.tokenRequests().length
  peer.state.revokeTokens()
  peer.state.revokeRefreshTokens()

  const res = await createIncident(hub, 'second')

  t.equal(res.status, 200)
  t.same(peer.tokenForms().slice(before).map(form => form.grant_type), ['refresh_token', 'password'])
  t.same(peer.state.tables.incident.map((incident) => incident.short_description), ['first', 'second'])
})

t.test('actions reuse one token until the instance stops honouring it, then renew it once', async (t) => {
  const peer = await peerFor(t)
  const hub = await configuredHub(t, peer)
  const afterSave = peer.tokenRequests().length

  t.equal((await createIncident(hub, 'first')).status, 200)
  t.equal((await createIncident(hub, 'second')).status, 200)
  t.equal(peer.tokenRequests().length, afterSave + 1, 'one token for both calls')

  peer.state.revokeTokens()
  t.equal((await createIncident(hub, 'third')).status, 200, 'the call succeeds after the token was revoked')
  t.equal(peer.tokenRequests().length, afterSave + 2, 'exactly one new token')
  t.same(peer.state.tables.incident.map((incident) => incident.short_description), ['first', 'second', 'third'])
})

t.test('a token the instance refuses at once fails the test, and an action renews a kept token once only', async (t) => {
  const peer = await peerFor(t)
  const hub = await configuredHub(t, peer)
  t.equal((await createIncident(hub)).status, 200, 'a token is kept')
  // From now on the instance refuses every token, the kept one included.
  peer.state.tokenLifetimeSeconds = 0
  peer.state.revokeTokens()
  const before = peer.tokenRequests().length

  const action = await createIncident(hub)
  const afterAction = peer.tokenRequests().length
  const tested = await hub.api('POST', '/api/integrations/servicenow/test', {})

  t.equal(action.status, 502)
  t.equal(action.body.message, 'ServiceNow did not accept the access token it issued')
  t.equal(afterAction, before + 1, 'the kept token was renewed once, and the new one was not renewed again')
  t.equal(tested.body.ok, false)
  t.equal(tested.body.message, 'ServiceNow did not accept the access token it issued')
  t.same(stepsOf(tested.body), [
    ['Reach the instance', true],
    ['Get an access token', true],
    ['Read a record with the token', false]
  ])
  t.same(peer.tokenForms().at(-1)?.grant_type, 'password', 'a connection test signs in with the grant, not with a kept token')
  t.equal(peer.state.tables.incident.length, 1)
})

t.test('client credentials: an expired token is replaced by the grant again (the grant issues no refresh token)', async (t) => {
  const peer = await peerFor(t, { clientCredentialsEnabled: true, tokenLifetimeSeconds: 1 })
  const hub = await configuredHub(t, peer, 'clientCredentials')
  t.equal((await createIncident(hub)).status, 200)
  await new Promise((resolve) => setTimeout(resolve, 1100))

  t.equal((await createIncident(hub)).status, 200)

  t.same(peer.tokenForms().map(form => form.grant_type), ['client_credentials', 'client_credentials', 'client_credentials'])
})

t.test('a redirect of the token request to another site is not followed: the secrets stay home', async (t) => {
  const elsewhere = await startHttpPeer(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"access_token":"stolen","expires_in":1800}' }))
  t.teardown(() => elsewhere.close())
  const peer = await peerFor(t, { redirectTokenTo: elsewhere.url })
  const hub = await createTestHub(t)

  const res = await hub.api('PUT', '/api/integrations/servicenow', { config: serviceNowSettings(peer) })

  t.equal(res.status, 422)
  t.equal(res.body.test.code, 'REDIRECT_REFUSED')
  t.equal(res.body.message, 'The Service URL redirected to another site; the hub did not send the credentials there')
  t.same(res.body.fields, [{ field: 'serviceUrl', message: 'The Service URL redirected to another site; the hub did not send the credentials there' }])
  t.equal(res.body.detail, `It redirected to ${elsewhere.url}.`)
  t.equal(peer.tokenRequests().length, 1, 'the instance got the one request it redirected')
  t.equal(elsewhere.requests.length, 0, 'the other site received nothing: no client_secret, no password')
})

t.test('switching to Basic keeps the password it shares with the first tab; the API client secret is cleared with null', async (t) => {
  const peer = await peerFor(t)
  const hub = await configuredHub(t, peer)
  const before = peer.tableRequests().length

  const res = await hub.api('PUT', '/api/integrations/servicenow', {
    config: { serviceUrl: peer.url, authMethod: 'basic', username: 'hub.integration', clientSecret: null }
  })

  t.equal(res.status, 200)
  t.same(res.body.secretsSet, ['password'])
  t.ok(peer.tableRequests().slice(before).some(request => request.headers.authorization === basic('hub.integration', 'user-password')), 'the stored password signed the test')
})
