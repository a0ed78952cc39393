/**
 * Workspaces, scoped tokens and several connections per integration, through the HTTP API as the
 * operator and a host backend use it.
 */
import t, { type Test } from 'tap'
import { keys } from '../../../core/storage/keys.js'
import { MemoryStore } from '../../../core/storage/memory.js'
import beacon from '../../support/fixtures/beacon-plugin.js'
import { createTestHub, type TestHub } from '../../support/hub.js'
import { startBeaconPeer, type BeaconPeer } from '../../support/peers/beacon.js'

interface Setup { hub: TestHub, peer: BeaconPeer, store: MemoryStore }

async function setup (t: Test): Promise<Setup> {
  const peer = await startBeaconPeer()
  t.teardown(() => peer.close())
  const store = new MemoryStore()
  t.teardown(() => store.close())
  const hub = await createTestHub(t, { plugins: [beacon], builtinPlugins: false, store })
  return { hub, peer, store }
}

/** A call with a bearer token of one's own (not the admin token). */
async function as (hub: TestHub, token: string, method: string, url: string, body?: unknown) {
  return await hub.api(method, url, body, { authorization: `Bearer ${token}` })
}

async function mint (hub: TestHub, workspace: string, grant: Record<string, unknown>): Promise<{ id: string, token: string, expiresAt: string }> {
  const res = await hub.api('POST', `/api/workspaces/${workspace}/tokens`, { subject: 'jane@acme.example', role: 'admin', ...grant })
  if (res.status !== 201) throw new Error(`minting answered ${res.status}: ${JSON.stringify(res.body)}`)
  return res.body
}

t.test('the operator creates, lists, renames and deletes workspaces; default always exists', async t => {
  const { hub } = await setup(t)
  t.same((await hub.api('GET', '/api/workspaces')).body.workspaces.map((w: { id: string }) => w.id), ['default'])

  const created = await hub.api('POST', '/api/workspaces', { id: 'acme', name: 'Acme Corp' })
  t.equal(created.status, 201)
  t.match(created.body, { id: 'acme', name: 'Acme Corp' })
  t.equal((await hub.api('POST', '/api/workspaces', { id: 'acme', name: 'Again' })).status, 409, 'a duplicate id is a conflict')
  t.equal((await hub.api('POST', '/api/workspaces', { id: 'acme', name: 'Again' })).body.error, 'HUB_ERR_WORKSPACE_EXISTS')
  const invalid = await hub.api('POST', '/api/workspaces', { id: 'Not Valid!', name: 'x' })
  t.equal(invalid.status, 400)
  t.same(invalid.body.fields.map((field: { field: string }) => field.field), ['id'], 'an invalid id names the field')

  t.same((await hub.api('PATCH', '/api/workspaces/acme', { name: 'ACME' })).body.name, 'ACME')
  t.same((await hub.api('GET', '/api/workspaces')).body.workspaces.map((w: { id: string }) => w.id).sort(), ['acme', 'default'])
  t.equal((await hub.api('GET', '/api/workspaces/nope')).status, 404)
  t.equal((await hub.api('DELETE', '/api/workspaces/default')).body.error, 'HUB_ERR_WORKSPACE_PROTECTED')
  t.equal((await hub.api('DELETE', '/api/workspaces/acme')).status, 204)
  t.equal((await hub.api('GET', '/api/workspaces/acme')).status, 404)
  t.equal((await hub.api('DELETE', '/api/workspaces/acme')).status, 404, 'an unknown workspace')
})

t.test('each workspace has its own connections; with no other workspace /api/… is default', async t => {
  const { hub, peer } = await setup(t)
  await hub.api('POST', '/api/workspaces', { id: 'acme', name: 'Acme' })
  t.equal((await hub.api('PUT', '/api/integrations/beacon', { config: { serviceUrl: peer.url, token: 'good-token', label: 'ours' } })).status, 201)
  t.equal((await hub.api('GET', '/api/workspaces/default/integrations/beacon')).body.config.label, 'ours', 'the short form is the default workspace')
  const acme = await hub.api('GET', '/api/workspaces/acme/integrations/beacon')
  t.equal(acme.body.configured, false, 'acme has no connection of its own yet')
  t.equal((await hub.api('PUT', '/api/workspaces/acme/integrations/beacon', { config: { serviceUrl: peer.url, token: 'good-token', label: 'theirs' } })).status, 201)
  t.equal((await hub.api('GET', '/api/integrations/beacon')).body.config.label, 'ours')
  t.equal((await hub.api('GET', '/api/workspaces/acme/integrations/beacon')).body.config.label, 'theirs')
})

t.test('several connections per integration: named, listed, tested, used, counted in the catalog', async t => {
  const { hub, peer } = await setup(t)
  const good = { serviceUrl: peer.url, token: 'good-token' }
  t.equal((await hub.api('PUT', '/api/integrations/beacon', { config: { ...good, label: 'main' } })).status, 201)
  const staging = await hub.api('PUT', '/api/integrations/beacon/connections/staging', { config: { ...good, label: 'staging' } })
  t.equal(staging.status, 201)
  t.equal(staging.body.connection, 'staging')
  t.equal(staging.body.version, 1)
  t.same((await hub.api('GET', '/api/integrations/beacon/connections')).body.connections.map((c: { name: string }) => c.name), ['default', 'staging'])
  t.equal((await hub.api('GET', '/api/integrations/beacon/connections/default')).body.config.label, 'main', '/connections/default is /api/integrations/:id')

  const used = await hub.api('POST', '/api/integrations/beacon/actions/ping?connection=staging', { text: 'hello' })
  t.same(used.body, { echoed: 'hello', label: 'staging' })
  t.same((await hub.api('POST', '/api/integrations/beacon/actions/ping', { text: 'hi' })).body, { echoed: 'hi', label: 'main' }, 'no ?connection=: the default one')
  t.equal((await hub.api('POST', '/api/integrations/beacon/actions/ping?connection=nope', { text: 'x' })).body.error, 'HUB_ERR_NOT_CONFIGURED')
  t.equal((await hub.api('POST', '/api/integrations/beacon/actions/ping?connection=Bad_Name', { text: 'x' })).status, 400)

  // The staging service starts refusing: its last test fails, the catalog counts it.
  t.equal((await hub.api('PUT', '/api/integrations/beacon/connections/staging?force=true', { config: { ...good, token: 'revoked', label: 'staging' }, version: 1 })).status, 200)
  const entry = (await hub.api('GET', '/api/integrations')).body.integrations.find((i: { id: string }) => i.id === 'beacon')
  t.match(entry, { id: 'beacon', configured: true, connections: 2, failing: 1 })
  t.equal(entry.lastTest.ok, true, 'the badge shows the default connection’s last test')
  const tested = await hub.api('POST', '/api/integrations/beacon/connections/staging/test', {})
  t.equal(tested.body.message, 'Invalid API Token')

  t.equal((await hub.api('DELETE', '/api/integrations/beacon/connections/staging')).status, 204)
  t.match((await hub.api('GET', '/api/integrations')).body.integrations.find((i: { id: string }) => i.id === 'beacon'), { connections: 1, failing: 0 })
  const audit = await hub.api('GET', '/api/audit?integration=beacon')
  t.ok(audit.body.entries.some((entry: { connection: string, action: string }) => entry.connection === 'staging' && entry.action === 'delete'), 'the audit trail names the connection')
})

t.test('a scoped token reaches its own workspace only, as admin or viewer, optionally limited to some integrations', async t => {
  const { hub, peer } = await setup(t)
  await hub.api('POST', '/api/workspaces', { id: 'acme', name: 'Acme' })
  await hub.api('POST', '/api/workspaces', { id: 'globex', name: 'Globex' })
  await hub.api('PUT', '/api/workspaces/globex/integrations/beacon', { config: { serviceUrl: peer.url, token: 'good-token', label: 'globex secret label' } })
  const admin = await mint(hub, 'acme', { role: 'admin', ttlSeconds: 600 })
  t.match(admin.token, /^ihst_acme_[0-9a-f]{16}_[\w-]{43}$/)
  t.ok(Date.parse(admin.expiresAt) - Date.now() <= 600_000)

  t.same((await as(hub, admin.token, 'GET', '/api/me')).body, { id: 'jane@acme.example', workspace: 'acme', role: 'admin' })
  t.equal((await as(hub, admin.token, 'PUT', '/api/integrations/beacon', { config: { serviceUrl: peer.url, token: 'good-token', label: 'acme' } })).status, 201, 'the short form is its workspace')
  t.equal((await hub.api('GET', '/api/workspaces/acme/integrations/beacon')).body.config.label, 'acme')

  const other = await as(hub, admin.token, 'GET', '/api/workspaces/globex/integrations/beacon')
  const missing = await as(hub, admin.token, 'GET', '/api/workspaces/no-such-ws/integrations/beacon')
  t.equal(other.status, 404)
  t.same(other.body, { error: 'HUB_ERR_UNKNOWN_WORKSPACE', message: 'There is no workspace "globex".' })
  t.same(missing.body, { error: 'HUB_ERR_UNKNOWN_WORKSPACE', message: 'There is no workspace "no-such-ws".' }, 'exactly like a workspace that does not exist')
  t.equal((await as(hub, admin.token, 'GET', '/api/workspaces')).status, 403, 'workspaces are the operator’s')
  t.equal((await as(hub, admin.token, 'POST', '/api/tokens', { subject: 'x', role: 'admin' })).body.error, 'HUB_ERR_OPERATOR_ONLY', 'so are tokens')

  const viewer = await mint(hub, 'acme', { role: 'viewer', subject: 'vic@acme.example' })
  t.equal((await as(hub, viewer.token, 'GET', '/api/integrations/beacon')).body.config.label, 'acme', 'a viewer reads the settings')
  t.notOk(JSON.stringify((await as(hub, viewer.token, 'GET', '/api/integrations/beacon')).body).includes('good-token'), 'never the secrets')
  for (const [method, url, body] of [
    ['PUT', '/api/integrations/beacon', { config: { serviceUrl: peer.url, token: 'x' } }],
    ['DELETE', '/api/integrations/beacon', undefined],
    ['POST', '/api/integrations/beacon/test', {}],
    ['POST', '/api/integrations/beacon/actions/ping', { text: 'x' }]
  ] as const) {
    const res = await as(hub, viewer.token, method, url, body)
    t.equal(res.status, 403, `a viewer: ${method} ${url}`)
    t.equal(res.body.error, 'HUB_ERR_READ_ONLY')
  }
  t.equal((await as(hub, viewer.token, 'GET', '/api/audit')).status, 200, 'a viewer reads the audit trail')

  const limited = await mint(hub, 'acme', { integrations: ['sso'] })
  t.same((await as(hub, limited.token, 'GET', '/api/integrations')).body.integrations.map((i: { id: string }) => i.id), ['sso'])
  const hidden = await as(hub, limited.token, 'GET', '/api/integrations/beacon')
  t.equal(hidden.status, 404)
  t.same(hidden.body, { error: 'HUB_ERR_UNKNOWN_INTEGRATION', message: 'There is no integration "beacon".' })

  const audit = await hub.api('GET', '/api/workspaces/acme/audit')
  t.equal(audit.body.entries.find((entry: { action: string }) => entry.action === 'create').actor, 'jane@acme.example', 'the audit trail names the token’s subject')
})

t.test('an expired or revoked token is told apart, at once on every request', async t => {
  const { hub, store } = await setup(t)
  const token = await mint(hub, 'default', { ttlSeconds: 60 })
  t.equal((await as(hub, token.token, 'GET', '/api/integrations')).status, 200)
  t.equal((await hub.api('DELETE', `/api/tokens/${token.id}`)).status, 204)
  const revoked = await as(hub, token.token, 'GET', '/api/integrations')
  t.equal(revoked.status, 401)
  t.equal(revoked.body.error, 'HUB_ERR_TOKEN_REVOKED')
  t.equal((await hub.api('DELETE', '/api/tokens/0123456789abcdef')).body.error, 'HUB_ERR_UNKNOWN_TOKEN')

  const expiring = await mint(hub, 'default', { ttlSeconds: 60 })
  // An hour later, as far as the record is concerned.
  const key = keys.token('default', expiring.id)
  const record = await store.get<Record<string, unknown>>(key)
  await store.set(key, { ...record, expiresAt: new Date(Date.now() - 1000).toISOString() }, 60_000)
  const expired = await as(hub, expiring.token, 'GET', '/api/integrations')
  t.equal(expired.status, 401)
  t.equal(expired.body.error, 'HUB_ERR_TOKEN_EXPIRED')

  // A token in use is answered from memory; its time running out changes nothing in the store.
  const inUse = await mint(hub, 'default', { ttlSeconds: 60 })
  t.equal((await as(hub, inUse.token, 'GET', '/api/integrations')).status, 200)
  t.equal((await as(hub, inUse.token, 'GET', '/api/integrations')).status, 200)
  const now = Date.now
  Date.now = () => now() + 61_000
  try {
    const late = await as(hub, inUse.token, 'GET', '/api/integrations')
    t.equal(late.status, 401)
    t.equal(late.body.error, 'HUB_ERR_TOKEN_EXPIRED', 'a token in use stops working the moment its time is up')
  } finally {
    Date.now = now
  }

  const tokens = await hub.api('GET', '/api/tokens')
  t.notOk(JSON.stringify(tokens.body).includes(token.token.split('_').at(-1)!), 'the list never shows a token')
  t.ok(tokens.body.tokens.some((listed: { id: string, revokedAt?: string }) => listed.id === token.id && listed.revokedAt !== undefined))
  const forged = `${token.token.slice(0, -4)}AAAA`
  t.equal((await as(hub, forged, 'GET', '/api/integrations')).body.error, 'HUB_ERR_INVALID_TOKEN', 'a wrong secret with a real id is no token')
  t.equal((await hub.api('POST', '/api/tokens', { subject: 'x', role: 'admin', ttlSeconds: 7200 })).status, 400, 'at most an hour')
})

t.test('deleting a workspace removes all of it: settings, tokens, sessions, audit; its secrets cannot be opened again', async t => {
  const { hub, peer, store } = await setup(t)
  await hub.api('POST', '/api/workspaces', { id: 'acme', name: 'Acme' })
  await hub.api('PUT', '/api/workspaces/acme/integrations/beacon', { config: { serviceUrl: peer.url, token: 'good-token' } })
  const token = await mint(hub, 'acme', {})
  t.same((await store.list('ws/acme/')).map(({ key }) => key.split('/')[2]).sort(), ['integration', 'token'], 'it has data')
  t.ok((await store.recent('ws/acme/audit', 10)).length > 0, 'and an audit trail')

  t.equal((await hub.api('DELETE', '/api/workspaces/acme')).status, 204)

  t.same(await store.list('ws/acme/'), [], 'nothing of it is left in the store')
  t.same(await store.recent('ws/acme/audit', 10), [], 'not even its audit trail')
  t.equal(await store.get(keys.workspace('acme')), undefined, 'nor its data key')
  t.equal((await as(hub, token.token, 'GET', '/api/integrations')).status, 401, 'its tokens are gone')
  await hub.api('POST', '/api/workspaces', { id: 'acme', name: 'Acme again' })
  t.equal((await hub.api('GET', '/api/workspaces/acme/integrations/beacon')).body.configured, false, 'a new workspace of the same id starts empty')
  t.same((await hub.api('GET', '/api/workspaces/acme/audit')).body.entries, [])
  t.equal((await as(hub, token.token, 'GET', '/api/integrations')).status, 401, 'and the old token means nothing there')
})

t.test('a host app’s authorize() may place its caller in a workspace with a role', async t => {
  const peer = await startBeaconPeer()
  t.teardown(() => peer.close())
  const hub = await createTestHub(t, {
    plugins: [beacon],
    builtinPlugins: false,
    authorize: (request) => {
      const who = request.headers['x-user']
      if (who === 'ops') return { id: 'ops@platform.example' }
      if (who === 'jane') return { id: 'jane@acme.example', workspace: 'acme', role: 'viewer' }
      return null
    }
  })
  const call = async (user: string, method: string, url: string, body?: unknown) => await hub.api(method, url, body, { authorization: '', 'x-user': user })
  t.equal((await call('ops', 'POST', '/api/workspaces', { id: 'acme' })).status, 201, 'an id alone is the operator, as before workspaces')
  t.equal((await call('ops', 'PUT', '/api/workspaces/acme/integrations/beacon', { config: { serviceUrl: peer.url, token: 'good-token' } })).status, 201)
  t.same((await call('jane', 'GET', '/api/me')).body, { id: 'jane@acme.example', workspace: 'acme', role: 'viewer' })
  t.equal((await call('jane', 'GET', '/api/integrations/beacon')).body.configured, true)
  t.equal((await call('jane', 'DELETE', '/api/integrations/beacon')).status, 403)
  t.equal((await call('jane', 'GET', '/api/workspaces/default/integrations/beacon')).status, 404)
  t.equal((await call('nobody', 'GET', '/api/integrations')).status, 403)
})
