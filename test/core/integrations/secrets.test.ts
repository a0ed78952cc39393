/**
 * Stored secrets go only where they were entered, are opened only where they are sealed, and every
 * draft test and action run is in the audit trail (never a value).
 */
import t, { type Test } from 'tap'
import { defineIntegration } from '../../../core/contract/contract.js'
import { keys } from '../../../core/storage/keys.js'
import { MemoryStore } from '../../../core/storage/memory.js'
import beacon from '../../support/fixtures/beacon-plugin.js'
import { createTestHub, type TestHub } from '../../support/hub.js'
import { startBeaconPeer, type BeaconPeer } from '../../support/peers/beacon.js'

async function setup (t: Test, plugins = [beacon]): Promise<{ hub: TestHub, home: BeaconPeer, other: BeaconPeer, store: MemoryStore }> {
  const home = await startBeaconPeer()
  const other = await startBeaconPeer()
  t.teardown(() => home.close())
  t.teardown(() => other.close())
  const store = new MemoryStore()
  t.teardown(() => store.close())
  const hub = await createTestHub(t, { plugins, builtinPlugins: false, store })
  t.equal((await hub.api('PUT', '/api/integrations/beacon', { config: { serviceUrl: home.url, token: 'good-token', label: 'a' } })).status, 201)
  return { hub, home, other, store }
}

const enterAgain = [{ field: 'token', message: 'Enter the API Token again: the Service URL changed.' }]

t.test('a draft test with another Service URL and the token left out: 400, and the other server receives nothing', async t => {
  const { hub, other } = await setup(t)

  const res = await hub.api('POST', '/api/integrations/beacon/test', { config: { serviceUrl: other.url, label: 'a' } })

  t.equal(res.status, 400)
  t.equal(res.body.error, 'HUB_ERR_VALIDATION')
  t.same(res.body.fields, enterAgain)
  t.same(other.requests, [], 'not one request reached the other server')
})

t.test('an update that moves the Service URL needs the token again; with it, the new server gets the new token only', async t => {
  const { hub, home, other } = await setup(t)

  const moved = await hub.api('PUT', '/api/integrations/beacon', { config: { serviceUrl: other.url, label: 'a' }, version: 1 })
  t.equal(moved.status, 400)
  t.same(moved.body.fields, enterAgain)
  t.same(other.requests, [])
  t.equal((await hub.api('GET', '/api/integrations/beacon')).body.config.serviceUrl, home.url, 'the working settings stay')

  const reentered = await hub.api('PUT', '/api/integrations/beacon', { config: { serviceUrl: other.url, token: 'good-token', label: 'a' }, version: 1 })
  t.equal(reentered.status, 200)
  t.same(other.authorizations(), ['Bearer good-token'], 'the token the admin entered for it, once')
})

t.test('changing a field that is no destination keeps the stored secret', async t => {
  const { hub, home } = await setup(t)
  const before = home.requests.length
  const relabelled = await hub.api('PUT', '/api/integrations/beacon', { config: { serviceUrl: home.url, label: 'b' }, version: 1 })
  t.equal(relabelled.status, 200)
  t.same(home.authorizations().slice(before), ['Bearer good-token'])
})

t.test('draft tests and action runs are in the audit trail: who, which connection, outcome, never a value', async t => {
  const { hub, home } = await setup(t)
  await hub.api('POST', '/api/integrations/beacon/test', { config: { serviceUrl: home.url, token: 'wrong-token-value', label: 'a' } })
  await hub.api('POST', '/api/integrations/beacon/test', {})
  await hub.api('POST', '/api/integrations/beacon/actions/ping', { text: 'secret-ish payload' })

  const audit = await hub.api('GET', '/api/audit?integration=beacon')
  const entries = audit.body.entries.map((entry: Record<string, unknown>) => [entry.action, entry.name ?? '', entry.connection, entry.outcome, entry.code ?? '', entry.actor])
  t.same(entries, [
    ['run', 'ping', 'default', 'passed', '', 'operator'],
    ['test', '', 'default', 'passed', '', 'operator'],
    ['test', '', 'default', 'failed', 'INVALID_TOKEN', 'operator'],
    ['create', '', 'default', 'saved', '', 'operator']
  ])
  t.same(audit.body.entries[2].fields, ['token'], 'the draft changed the token: its name, not its value')
  t.notMatch(JSON.stringify(audit.body), /wrong-token-value|good-token|secret-ish/)
})

const plainLooksSealed = defineIntegration({
  id: 'lookalike',
  name: 'Lookalike',
  description: 'A plain field whose value looks like a sealed secret.',
  version: '1.0.0',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['note', 'token'],
    properties: { note: { type: 'string', title: 'Note' }, token: { type: 'string', title: 'Token', writeOnly: true } }
  },
  errors: { WRONG: { message: 'Wrong' } },
  async test (config, ctx) {
    if (!config.note.startsWith('enc:v1:')) throw ctx.fail('WRONG')
  },
  actions: {
    note: { title: 'Note', input: { type: 'object', additionalProperties: false, properties: {} }, async run (config: { note: string }) { return { note: config.note } } }
  }
})

t.test('a plain field whose value starts with enc:v1: is never opened: test, update and action work', async t => {
  const store = new MemoryStore()
  t.teardown(() => store.close())
  const hub = await createTestHub(t, { plugins: [plainLooksSealed], builtinPlugins: false, store })
  const note = 'enc:v1:abcdef:not-really:sealed'
  t.equal((await hub.api('PUT', '/api/integrations/lookalike', { config: { note, token: 't0ken-value' } })).status, 201)
  t.equal((await hub.api('POST', '/api/integrations/lookalike/test', {})).body.ok, true)
  t.same((await hub.api('POST', '/api/integrations/lookalike/actions/note', {})).body, { note })
  t.equal((await hub.api('PUT', '/api/integrations/lookalike', { config: { note: `${note}-2` }, version: 1 })).status, 200)
  t.equal((await hub.api('GET', '/api/integrations/lookalike')).body.config.note, `${note}-2`)
})

t.test('settings whose stored secret was damaged can be replaced by a Save that gives every secret', async t => {
  const { hub, home, store } = await setup(t)
  const key = keys.integration('default', 'beacon')
  const record = await store.get<{ epoch: string, connections: { default: { config: Record<string, string> } } }>(key)
  const damaged = structuredClone(record!) as { epoch: string, connections: { default: { config: Record<string, string> } } }
  damaged.connections.default.config.token = damaged.connections.default.config.token!.slice(0, -6) + 'AAAAAA'
  await store.set(key, damaged)

  const unreadable = await hub.api('POST', '/api/integrations/beacon/test', {})
  t.equal(unreadable.status, 500)
  t.equal(unreadable.body.error, 'HUB_ERR_SECRET_UNREADABLE')
  t.equal((await hub.api('PUT', '/api/integrations/beacon', { config: { serviceUrl: home.url, label: 'x' }, version: 1 })).status, 500, 'keeping it needs it opened')
  const replaced = await hub.api('PUT', '/api/integrations/beacon', { config: { serviceUrl: home.url, token: 'good-token', label: 'x' }, version: 1 })
  t.equal(replaced.status, 200, 'giving it anew does not')
  t.equal((await hub.api('POST', '/api/integrations/beacon/test', {})).body.ok, true)
})
