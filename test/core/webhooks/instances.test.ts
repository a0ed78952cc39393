/**
 * Two instances on one Redis — and on one PostgreSQL — (the same store URL and encryption keys): an
 * event emitted once, on either instance, is delivered once per webhook — counted at the receivers —
 * whichever instance's worker claims it; a webhook made on one is tested and read on the other.
 */
import { randomBytes } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import t, { type Test } from 'tap'
import { ownNamespace } from '../../support/backends.js'
import beacon from '../../support/fixtures/beacon-plugin.js'
import { createTestHub } from '../../support/hub.js'
import { startBeaconPeer } from '../../support/peers/beacon.js'
import { startReceiver, type Receiver } from './receiver.js'

for (const [name, variable] of [['Redis', 'REDIS_URL'], ['PostgreSQL', 'DATABASE_URL']] as const) {
  const server = process.env[variable]
  const skip = server === undefined && process.env.CI !== 'true' ? `${variable} is not set` : false
  t.test(`two instances on ${name}: each event delivered once per webhook`, { skip }, async t => {
    if (server === undefined) throw new Error(`${variable} must be set when CI=true`)
    await twoInstances(t, server)
  })
}

async function twoInstances (t: Test, server: string): Promise<void> {
  const store = ownNamespace(t, server)
  const encryptionKeys = [randomBytes(32)]
  // Rate-limit counters are shared through the store: a client address of this test's own.
  const remoteAddress = `10.${randomBytes(3).join('.')}`
  const options = { plugins: [beacon], builtinPlugins: false, store, encryptionKeys, remoteAddress }
  const one = await createTestHub(t, options)
  const two = await createTestHub(t, options)
  const peer = await startBeaconPeer()
  t.teardown(() => peer.close())
  const receivers: Receiver[] = []
  for (const name of ['billing', 'audit']) {
    const receiver = await startReceiver()
    t.teardown(() => receiver.close())
    const created = await one.api('PUT', `/api/webhooks/${name}`, { url: receiver.url, events: ['connection.changed'] })
    t.equal(created.status, 201)
    receiver.secret = created.body.secret
    receivers.push(receiver)
  }
  t.same((await two.api('GET', '/api/webhooks')).body.webhooks.map((webhook: any) => webhook.name), ['audit', 'billing'], 'the other instance sees them')
  t.equal((await two.api('POST', '/api/webhooks/billing/test')).body.status, 'delivered', 'and signs with the same secret')
  t.equal(receivers[0]!.verified().length, 1)

  const saves = 6
  t.equal((await one.api('PUT', '/api/integrations/beacon', { config: { serviceUrl: peer.url, token: 'good-token', label: 'v1' } })).status, 201)
  for (let version = 1; version < saves; version++) {
    const hub = version % 2 === 0 ? one : two
    t.equal((await hub.api('PUT', '/api/integrations/beacon', { config: { serviceUrl: peer.url, label: `v${version + 1}` }, version })).status, 200)
  }
  const changes = (receiver: Receiver) => receiver.verified().filter(delivery => delivery.payload.type === 'connection.changed')
  const deadline = Date.now() + 20_000
  while (receivers.some(receiver => changes(receiver).length < saves) && Date.now() < deadline) await sleep(50)
  // Long enough for a second claim of any of them to show.
  await sleep(1_500)
  for (const [index, receiver] of receivers.entries()) {
    const ids = changes(receiver).map(delivery => delivery.headers['webhook-id'])
    t.equal(ids.length, saves, `receiver ${index}: ${saves} deliveries`)
    t.equal(new Set(ids).size, saves, `receiver ${index}: each event once`)
    t.equal(receiver.deliveries.length, receiver.verified().length, `receiver ${index}: every one verified`)
  }
  t.same(new Set(changes(receivers[0]!).map(delivery => delivery.headers['webhook-id'])), new Set(changes(receivers[1]!).map(delivery => delivery.headers['webhook-id'])), 'the same event ids at both')
  const logged = (await one.api('GET', '/api/webhooks/audit/deliveries')).body.deliveries
  t.equal(logged.filter((entry: any) => entry.type === 'connection.changed' && entry.status === 'delivered').length, saves, 'one log, whichever instance delivered')
}
