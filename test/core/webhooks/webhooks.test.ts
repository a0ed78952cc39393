/**
 * Webhooks through the HTTP API of a real hub, with a receiver that verifies every delivery with the
 * `standardwebhooks` package: a ping through /test, connection.changed after a save (field names,
 * never values), a wrong secret that fails verification; create, change, list, delete; input refused
 * in words; a deleted webhook's pending deliveries ending quietly; a 410 that switches a webhook off;
 * a webhook provisioning manages, with the secret it gives: read and tested, not changed, by the API.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import t, { type Test } from 'tap'
import { DEFAULT_WORKSPACE } from '../../../core/contract/names.js'
import { HubError } from '../../../core/errors.js'
import { openHubCore } from '../../../core/hub/open.js'
import { MemoryStore } from '../../../core/storage/memory.js'
import beacon from '../../support/fixtures/beacon-plugin.js'
import { createTestHub, LOCAL_PEERS, type TestHub } from '../../support/hub.js'
import { startBeaconPeer, type BeaconPeer } from '../../support/peers/beacon.js'
import { startReceiver, type Delivery, type Receiver } from './receiver.js'

async function until<T> (probe: () => Promise<T | undefined> | T | undefined, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await sleep(25)
  }
}

interface World {
  hub: TestHub
  receiver: Receiver
  peer: BeaconPeer
}

async function world (t: Test): Promise<World> {
  const receiver = await startReceiver()
  t.teardown(() => receiver.close())
  const peer = await startBeaconPeer()
  t.teardown(() => peer.close())
  const hub = await createTestHub(t, { plugins: [beacon], builtinPlugins: false })
  return { hub, receiver, peer }
}

/** Creates a webhook at the receiver and hands the receiver its secret. */
async function subscribe ({ hub, receiver }: World, name = 'ops', events = ['connection.changed']): Promise<string> {
  const created = await hub.api('PUT', `/api/webhooks/${name}`, { url: receiver.url, events })
  if (created.status !== 201) throw new Error(`PUT answered ${created.status}: ${JSON.stringify(created.body)}`)
  receiver.secret = created.body.secret
  return created.body.secret
}

const ofType = (receiver: Receiver, type: string): Delivery[] => receiver.verified().filter(delivery => delivery.payload.type === type)

t.test('a ping through /test is signed as Standard Webhooks specifies, and its outcome is the answer', async t => {
  const w = await world(t)
  const created = await w.hub.api('PUT', '/api/webhooks/ops', { url: w.receiver.url, events: ['connection.changed', 'action.failed'] })
  t.equal(created.status, 201)
  t.match(created.body, { name: 'ops', url: w.receiver.url, events: ['connection.changed', 'action.failed'], createdAt: String, updatedAt: String })
  t.match(created.body.secret, /^whsec_[A-Za-z0-9+/]{43}=$/, 'whsec_ and 32 random bytes in base64')
  w.receiver.secret = created.body.secret

  const before = Math.floor(Date.now() / 1000)
  const tested = await w.hub.api('POST', '/api/webhooks/ops/test')
  t.equal(tested.status, 200)
  t.match(tested.body, { eventId: /^msg_[\w-]+$/, type: 'ping', attempt: 1, status: 'delivered', httpStatus: 204, durationMs: Number, at: String })
  t.notOk('error' in tested.body)

  t.equal(w.receiver.deliveries.length, 1)
  const [delivery] = w.receiver.deliveries
  t.equal(delivery!.refused, undefined, 'Webhook(secret).verify accepts it')
  t.equal(delivery!.headers['webhook-id'], tested.body.eventId)
  t.match(delivery!.headers['webhook-signature'], /^v1,[A-Za-z0-9+/]{43}=$/)
  t.ok(Math.abs(Number(delivery!.headers['webhook-timestamp']) - before) <= 2, 'webhook-timestamp is now, in seconds')
  t.equal(delivery!.headers['content-type'], 'application/json')
  t.match(delivery!.payload, { type: 'ping', timestamp: String, data: { webhook: 'ops' } })
  t.ok(Math.abs(Date.parse(delivery!.payload.timestamp) - Date.now()) < 5_000)

  const log = await w.hub.api('GET', '/api/webhooks/ops/deliveries')
  t.same(log.body.deliveries, [tested.body], 'the test is in the deliveries log')
})

t.test('connection.changed after a save, an update and a delete: field names, never values', async t => {
  const w = await world(t)
  const secret = await subscribe(w)
  const config = { serviceUrl: w.peer.url, token: 'good-token', label: 'label-value-7c1' }
  t.equal((await w.hub.api('PUT', '/api/integrations/beacon', { config })).status, 201)
  t.equal((await w.hub.api('PUT', '/api/integrations/beacon', { config: { serviceUrl: w.peer.url, label: 'label-value-8d2' }, version: 1 })).status, 200)
  t.equal((await w.hub.api('DELETE', '/api/integrations/beacon')).status, 204)

  const changes = await until(() => {
    const seen = ofType(w.receiver, 'connection.changed')
    return seen.length >= 3 ? seen : undefined
  })
  const byChange = Object.fromEntries(changes.map(delivery => [delivery.payload.data.change, delivery.payload]))
  t.match(byChange.create, { type: 'connection.changed', timestamp: String, data: { integration: 'beacon', connection: 'default', change: 'create', fields: Array } })
  t.ok(byChange.create.data.fields.includes('token'), 'the secret field is named')
  t.match(byChange.update, { data: { change: 'update', fields: ['label'] } })
  t.match(byChange.delete, { data: { change: 'delete' } })
  t.equal(new Set(changes.map(delivery => delivery.headers['webhook-id'])).size, changes.length, 'an id per event')
  for (const delivery of w.receiver.deliveries) {
    for (const value of ['good-token', 'label-value-7c1', 'label-value-8d2', secret, secret.slice('whsec_'.length)]) {
      t.notOk(delivery.body.includes(value), `no ${value.slice(0, 6)}… in a body`)
    }
  }
  t.equal(w.receiver.deliveries.length, 3, 'nothing else was sent (no test, no other type)')

  const log = await until(async () => {
    const listed = (await w.hub.api('GET', '/api/webhooks/ops/deliveries')).body.deliveries
    return listed.length === 3 ? listed : undefined
  })
  t.ok(log.every((entry: any) => entry.status === 'delivered' && entry.httpStatus === 204 && entry.attempt === 1))
  const first = (await w.hub.api('POST', '/api/webhooks/ops/test')).body
  const second = (await w.hub.api('POST', '/api/webhooks/ops/test')).body
  t.same((await w.hub.api('GET', '/api/webhooks/ops/deliveries?limit=2')).body.deliveries, [second, first], 'newest first, as many as asked')
})

t.test('a receiver with the wrong secret fails verification', async t => {
  const w = await world(t)
  await subscribe(w)
  const other = await w.hub.api('PUT', '/api/webhooks/other', { url: w.receiver.url, events: ['connection.changed'] })
  t.equal(other.status, 201)
  t.not(other.body.secret, w.receiver.secret, 'each webhook has a secret of its own')

  await w.hub.api('POST', '/api/webhooks/other/test')
  t.equal(w.receiver.deliveries.length, 1)
  t.equal(w.receiver.deliveries[0]!.refused, 'No matching signature found', 'signed with the other webhook’s secret')
  t.equal(w.receiver.verified().length, 0)
  w.receiver.secret = other.body.secret
  await w.hub.api('POST', '/api/webhooks/other/test')
  t.equal(w.receiver.verified().length, 1, 'and its own secret verifies it')
})

t.test('create, change, read, list and delete; the secret is kept on a change and never shown again', async t => {
  const w = await world(t)
  const secret = await subscribe(w)
  const changed = await w.hub.api('PUT', '/api/webhooks/ops', { url: `${w.receiver.url}?v=2`, events: ['action.completed', 'action.failed'] })
  t.equal(changed.status, 200)
  t.match(changed.body, { name: 'ops', url: `${w.receiver.url}?v=2`, events: ['action.completed', 'action.failed'] })
  t.notOk('secret' in changed.body, 'an update does not show the secret')
  t.equal((await w.hub.api('POST', '/api/webhooks/ops/test')).body.status, 'delivered')
  t.equal(w.receiver.verified().length, 1, 'still signed with the first secret')

  const read = await w.hub.api('GET', '/api/webhooks/ops')
  t.equal(read.status, 200)
  t.same(Object.keys(read.body).sort(), ['createdAt', 'events', 'name', 'updatedAt', 'url'])
  await w.hub.api('PUT', '/api/workspaces/default/webhooks/alerts', { url: w.receiver.url, events: ['connection.failing'] })
  const listed = await w.hub.api('GET', '/api/webhooks')
  t.same(listed.body.webhooks.map((webhook: any) => webhook.name), ['alerts', 'ops'], 'the short form and the named workspace are one')
  for (const answer of [read, listed]) t.notOk(answer.raw.body.includes(secret.slice(6)), 'no secret')

  t.equal((await w.hub.api('DELETE', '/api/webhooks/ops')).status, 204)
  const gone = await w.hub.api('GET', '/api/webhooks/ops')
  t.equal(gone.status, 404)
  t.equal(gone.body.error, 'HUB_ERR_UNKNOWN_WEBHOOK')
  t.equal(gone.body.message, 'There is no webhook "ops" in this workspace.')
  for (const [method, url] of [['DELETE', '/api/webhooks/ops'], ['POST', '/api/webhooks/ops/test'], ['GET', '/api/webhooks/ops/deliveries']]) {
    t.equal((await w.hub.api(method!, url!)).body.error, 'HUB_ERR_UNKNOWN_WEBHOOK', `${method} ${url}`)
  }

  const again = await w.hub.api('PUT', '/api/webhooks/ops', { url: w.receiver.url, events: ['connection.changed'] })
  t.equal(again.status, 201, 'made again under its name: a new webhook')
  t.not(again.body.secret, secret, 'with a new secret')
  t.same((await w.hub.api('GET', '/api/webhooks/ops/deliveries')).body.deliveries, [], 'and none of the old one’s deliveries')
})

t.test('input is refused in words before anything is stored', async t => {
  const w = await world(t)
  const cases: Array<[string, unknown, string]> = [
    ['Bad_Name', { url: w.receiver.url, events: ['connection.changed'] }, 'name'],
    ['ops', { url: w.receiver.url, events: [] }, 'events'],
    ['ops', { url: w.receiver.url, events: ['ping'] }, 'events'],
    ['ops', { url: w.receiver.url, events: ['connection.exploded'] }, 'events'],
    ['ops', { url: w.receiver.url }, 'events'],
    ['ops', { url: w.receiver.url, events: ['connection.changed'], secret: 'whsec_mine' }, 'secret'],
    ['ops', { url: 'ftp://files.example.com/hook', events: ['connection.changed'] }, 'url'],
    ['ops', { url: 'not an address', events: ['connection.changed'] }, 'url'],
    ['ops', { url: 'https://user:pass@example.com/hook', events: ['connection.changed'] }, 'url']
  ]
  for (const [name, body, field] of cases) {
    const answer = await w.hub.api('PUT', `/api/webhooks/${name}`, body)
    t.equal(answer.status, 400, JSON.stringify(body))
    t.equal(answer.body.error, 'HUB_ERR_VALIDATION')
    t.match(answer.body.fields, [{ field: new RegExp(field) }], `names ${field}: ${answer.body.message}`)
  }
  t.match((await w.hub.api('PUT', '/api/webhooks/ops', { url: 'ftp://files.example.com/hook', events: ['connection.changed'] })).body.message, 'Webhooks are sent over https or http, not ftp.')
  t.same((await w.hub.api('GET', '/api/webhooks')).body.webhooks, [], 'nothing stored')
})

t.test('at most 20 webhooks per workspace', async t => {
  const w = await world(t)
  for (let i = 0; i < 20; i++) t.equal((await w.hub.api('PUT', `/api/webhooks/hook-${i}`, { url: w.receiver.url, events: ['connection.changed'] })).status, 201)
  const refused = await w.hub.api('PUT', '/api/webhooks/one-more', { url: w.receiver.url, events: ['connection.changed'] })
  t.equal(refused.status, 409)
  t.equal(refused.body.error, 'HUB_ERR_TOO_MANY_WEBHOOKS')
  t.equal((await w.hub.api('PUT', '/api/webhooks/hook-3', { url: w.receiver.url, events: ['action.failed'] })).status, 200, 'changing one is still fine')
})

t.test('a webhook deleted while its delivery waits for a retry: the delivery ends without another attempt', async t => {
  const w = await world(t)
  await subscribe(w)
  w.receiver.answer = () => ({ status: 500 })
  await w.hub.api('PUT', '/api/integrations/beacon', { config: { serviceUrl: w.peer.url, token: 'good-token' } })
  const failed = await until(async () => (await w.hub.api('GET', '/api/webhooks/ops/deliveries')).body.deliveries[0])
  t.match(failed, { type: 'connection.changed', attempt: 1, status: 'failed', httpStatus: 500, error: 'The receiver answered 500 Internal Server Error; only a 2xx answer counts as delivered.', nextAttemptAt: String })
  t.equal((await w.hub.api('DELETE', '/api/webhooks/ops')).status, 204)
  await sleep(Date.parse(failed.nextAttemptAt) - Date.now() + 1_000)
  t.equal(w.receiver.deliveries.length, 1, 'no attempt after the delete')
  t.notOk(w.hub.logs.some(line => /"level":(40|50)/.test(line) && line.includes('webhook')), 'and no warning about it')
})

t.test('410 Gone switches the webhook off until it is saved again', async t => {
  const w = await world(t)
  await subscribe(w)
  w.receiver.answer = () => ({ status: 410 })
  await w.hub.api('PUT', '/api/integrations/beacon', { config: { serviceUrl: w.peer.url, token: 'good-token' } })
  const entry = await until(async () => (await w.hub.api('GET', '/api/webhooks/ops/deliveries')).body.deliveries[0])
  t.match(entry, { status: 'failed', httpStatus: 410, error: /switched off until it is saved again/ })
  t.notOk('nextAttemptAt' in entry, 'no retry')
  const read = await w.hub.api('GET', '/api/webhooks/ops')
  t.match(read.body.disabled, { at: String, reason: /410 Gone/ })

  w.receiver.answer = () => ({ status: 200 })
  await w.hub.api('PUT', '/api/integrations/beacon', { config: { serviceUrl: w.peer.url, label: 'two' }, version: 1 })
  await sleep(500)
  t.equal(w.receiver.deliveries.length, 1, 'a switched-off webhook is sent nothing')

  const saved = await w.hub.api('PUT', '/api/webhooks/ops', { url: w.receiver.url, events: ['connection.changed'] })
  t.equal(saved.status, 200)
  t.notOk('disabled' in saved.body)
  await w.hub.api('PUT', '/api/integrations/beacon', { config: { serviceUrl: w.peer.url, label: 'three' }, version: 2 })
  await until(() => ofType(w.receiver, 'connection.changed').find(delivery => delivery.payload.data.change === 'update'))
  t.pass('saved again, it is sent events again')
})

t.test('a webhook provisioning manages: its secret, read and tested by the API, changed and deleted only by its file', async t => {
  const receiver = await startReceiver()
  t.teardown(() => receiver.close())
  const peer = await startBeaconPeer()
  t.teardown(() => peer.close())
  // Provisioning's own core beside the hub's, on one store, as main.ts wires them.
  const store = new MemoryStore()
  const dataDir = t.testdir()
  const hub = await createTestHub(t, { plugins: [beacon], builtinPlugins: false, store, dataDir, env: { LOG_LEVEL: 'trace' } })
  const core = await openHubCore({ dataDir, store, plugins: [beacon], builtinPlugins: false, allowPrivateNetwork: LOCAL_PEERS, outboundTimeoutMs: 5000, maxConcurrentRuns: 8, log: hub.app.log })
  t.teardown(() => core.close())
  const { webhooks } = core
  const workspace = (await core.workspaces.get(DEFAULT_WORKSPACE))!
  const secret = `whsec_${Buffer.alloc(24, 5).toString('base64')}`
  const managed = { file: '/etc/integration-hub/hub.yaml' }
  const settings = { url: receiver.url, events: ['connection.changed' as const] }

  const created = await webhooks.put(workspace, 'ops', settings, { secret, managed })
  t.equal(created.created, true)
  t.notOk('secret' in created, 'a secret it was given is not handed back')
  t.same(created.webhook.managed, managed)
  t.equal(await webhooks.hasSecret(workspace, 'ops', secret), true)
  t.equal(await webhooks.hasSecret(workspace, 'ops', `whsec_${Buffer.alloc(24, 6).toString('base64')}`), false)
  t.equal(await webhooks.hasSecret(workspace, 'nope', secret), false)

  receiver.secret = secret
  t.equal((await hub.api('POST', '/api/webhooks/ops/test')).body.status, 'delivered')
  t.equal(receiver.verified().length, 1, 'deliveries verify with the given secret')
  const read = await hub.api('GET', '/api/webhooks/ops')
  t.same(read.body.managed, managed)
  t.same((await hub.api('GET', '/api/webhooks')).body.webhooks.map((webhook: any) => webhook.managed), [managed])
  const refusal = `The webhook "ops" is managed by provisioning (${managed.file}): change it there.`
  for (const [method, body] of [['PUT', { url: `${receiver.url}?mine`, events: ['action.failed'] }], ['DELETE', undefined]] as const) {
    const answer = await hub.api(method, '/api/webhooks/ops', body)
    t.equal(answer.status, 409, method)
    t.equal(answer.body.error, 'HUB_ERR_MANAGED')
    t.equal(answer.body.message, refusal)
  }
  const refused = async (work: Promise<unknown>): Promise<string | undefined> => await work.then(() => undefined, (error: unknown) => error instanceof HubError ? error.code : String(error))
  t.equal(await refused(webhooks.remove(workspace, 'ops', { managed: { file: '/elsewhere.yaml' } })), 'HUB_ERR_MANAGED', 'nor may another file')
  t.equal(await refused(webhooks.put(workspace, 'ops', settings, { secret, managed: { file: '/elsewhere.yaml' } })), 'HUB_ERR_MANAGED')

  const bad = await webhooks.put(workspace, 'ops', settings, { secret: 'whsec_c2hvcnQ=', managed }).catch((error: unknown) => error as HubError)
  t.match(bad, { code: 'HUB_ERR_VALIDATION', fields: [{ field: 'secret', message: /^Signing secret must be whsec_ and the base64 of 24 to 64 random bytes/ }] })
  t.notOk(JSON.stringify((bad as HubError).toJSON()).includes('c2hvcnQ'), 'the refusal does not repeat the secret')

  const rotated = `whsec_${Buffer.alloc(64, 8).toString('base64')}`
  const changed = await webhooks.put(workspace, 'ops', { url: `${receiver.url}?v=2`, events: ['connection.changed'] }, { secret: rotated, managed })
  t.equal(changed.created, false)
  t.equal(changed.webhook.createdAt, created.webhook.createdAt, 'the same webhook')
  receiver.secret = rotated
  t.equal((await hub.api('POST', '/api/webhooks/ops/test')).body.status, 'delivered')
  t.equal(receiver.deliveries.at(-1)!.refused, undefined, 'signed with the new secret')

  await webhooks.release(workspace, 'ops')
  const released = await hub.api('GET', '/api/webhooks/ops')
  t.notOk('managed' in released.body, 'released, it is the API’s')
  t.equal((await hub.api('PUT', '/api/webhooks/ops', settings)).status, 200)
  await hub.api('POST', '/api/webhooks/ops/test')
  t.equal(receiver.deliveries.at(-1)!.refused, undefined, 'keeping the secret provisioning gave it')

  // Managed again, a delivery waiting for its retry: removed by its file, the delivery ends.
  await webhooks.put(workspace, 'ops', settings, { secret: rotated, managed })
  receiver.answer = () => ({ status: 500 })
  await hub.api('PUT', '/api/integrations/beacon', { config: { serviceUrl: peer.url, token: 'good-token' } })
  const failed = await until(async () => (await hub.api('GET', '/api/webhooks/ops/deliveries')).body.deliveries.find((entry: any) => entry.type === 'connection.changed'))
  t.match(failed, { status: 'failed', nextAttemptAt: String })
  const attempts = receiver.deliveries.length
  await webhooks.remove(workspace, 'ops', { managed })
  t.equal((await hub.api('GET', '/api/webhooks/ops')).status, 404)
  await sleep(Date.parse(failed.nextAttemptAt) - Date.now() + 1_000)
  t.equal(receiver.deliveries.length, attempts, 'no attempt after the removal')

  const seen = [...hub.logs, read.raw.body, released.raw.body].join('\n')
  for (const value of [secret, rotated]) t.notOk(seen.includes(value.slice('whsec_'.length)), 'no secret in an answer or the log')
})
