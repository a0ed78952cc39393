/**
 * Deliveries are at least once. A receiver down for a while — answering 503 (with Retry-After), then
 * refusing connections, then back — gets every event afterwards, each id once or more, none lost, and
 * the deliveries log shows the failed attempts with their HTTP codes and words. A redirect is not
 * followed. And the retry schedule: doubling from 1 s to an hour, with jitter, never sooner than asked.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { FIRST_RETRY_MS, LONGEST_WAIT_MS, retryDelay } from '../../../core/webhooks/delivery.js'
import beacon from '../../support/fixtures/beacon-plugin.js'
import { createTestHub } from '../../support/hub.js'
import { startBeaconPeer } from '../../support/peers/beacon.js'
import { startReceiver } from './receiver.js'

t.test('a receiver that answers 503, then is away, then back: every event arrives afterwards, none lost', async t => {
  const receiver = await startReceiver()
  t.teardown(() => receiver.close())
  const peer = await startBeaconPeer()
  t.teardown(() => peer.close())
  const hub = await createTestHub(t, { plugins: [beacon], builtinPlugins: false })
  const created = await hub.api('PUT', '/api/webhooks/ops', { url: receiver.url, events: ['connection.changed'] })
  receiver.secret = created.body.secret

  // Down: the first two requests get 503 and a Retry-After, then the receiver goes away.
  let unavailable = 2
  receiver.answer = () => {
    if (unavailable > 0) {
      unavailable--
      if (unavailable === 0) setImmediate(() => { void receiver.stop() })
      return { status: 503, headers: { 'retry-after': '1' } }
    }
    return { status: 200 }
  }
  const saves = [
    await hub.api('PUT', '/api/integrations/beacon', { config: { serviceUrl: peer.url, token: 'good-token' } }),
    await hub.api('PUT', '/api/integrations/beacon', { config: { serviceUrl: peer.url, label: 'two' }, version: 1 }),
    await hub.api('PUT', '/api/integrations/beacon', { config: { serviceUrl: peer.url, label: 'three' }, version: 2 })
  ]
  t.same(saves.map(save => save.status), [201, 200, 200])

  // Away until the log shows a refused connection for every event.
  const deliveries = async (): Promise<any[]> => (await hub.api('GET', '/api/webhooks/ops/deliveries?limit=200')).body.deliveries
  const deadline = Date.now() + 20_000
  for (;;) {
    const log = await deliveries()
    const refusedEvents = new Set(log.filter(entry => entry.httpStatus === undefined).map(entry => entry.eventId))
    if (refusedEvents.size === 3) break
    if (Date.now() > deadline) throw new Error(`not every event met the closed receiver: ${JSON.stringify(log)}`)
    await sleep(50)
  }
  await receiver.start()

  const ids = await (async () => {
    for (;;) {
      const arrived = new Set(receiver.verified().filter(delivery => delivery.payload !== undefined).map(delivery => delivery.headers['webhook-id']))
      if (arrived.size === 3) return arrived
      if (Date.now() > deadline + 20_000) throw new Error(`only ${arrived.size} of 3 events arrived`)
      await sleep(50)
    }
  })()
  t.equal(ids.size, 3, 'all three events arrived, each verified')
  t.equal(receiver.verified().length, receiver.deliveries.length, 'every attempt was signed right, retries included')
  const delivered = receiver.verified().filter(delivery => delivery.payload.type === 'connection.changed')
  t.same(new Set(delivered.map(delivery => delivery.payload.data.change)), new Set(['create', 'update']))
  // The same event id carries the same body on every attempt (only the timestamp and signature change).
  for (const id of ids) {
    const bodies = new Set(receiver.deliveries.filter(delivery => delivery.headers['webhook-id'] === id).map(delivery => delivery.body))
    t.equal(bodies.size, 1, `${String(id)}: one body on every attempt`)
  }

  // The receiver sees a delivery a moment before the hub records its answer.
  let log = await deliveries()
  while (new Set(log.filter(entry => entry.status === 'delivered').map(entry => entry.eventId)).size < 3 && Date.now() < deadline + 25_000) {
    await sleep(25)
    log = await deliveries()
  }
  const unavailableEntries = log.filter(entry => entry.httpStatus === 503)
  t.equal(unavailableEntries.length, 2, 'the two 503s are in the log')
  for (const entry of unavailableEntries) {
    t.match(entry, { status: 'failed', error: 'The receiver answered 503 Service Unavailable; only a 2xx answer counts as delivered.', nextAttemptAt: String })
  }
  const refused = log.filter(entry => entry.status === 'failed' && entry.httpStatus === undefined)
  t.ok(refused.length >= 3, 'the refused connections too')
  t.ok(refused.every(entry => entry.error === 'The receiver could not be reached: the connection was refused.'), refused[0]?.error)
  const succeeded = log.filter(entry => entry.status === 'delivered')
  t.same(new Set(succeeded.map(entry => entry.eventId)), ids, 'and each event delivered in the end')
  t.ok(succeeded.every(entry => entry.attempt > 1 && entry.httpStatus === 200))
  for (const entry of unavailableEntries) {
    const next = log.filter(other => other.eventId === entry.eventId && other.attempt === entry.attempt + 1)[0]
    if (next !== undefined) t.ok(Date.parse(next.at) - Date.parse(entry.at) >= 1_000 - 50, 'Retry-After: 1 was honoured')
  }
  const metrics = await hub.app.inject({ url: '/metrics', headers: { authorization: 'Bearer test-admin-token-0123456789' } })
  t.match(metrics.body, /hub_webhook_deliveries_total\{event="connection.changed",outcome="failed"\} [1-9]/)
  t.match(metrics.body, /hub_webhook_deliveries_total\{event="connection.changed",outcome="delivered"\} 3/)
})

t.test('a redirect is not followed: it is a failed attempt that says where to point the webhook', async t => {
  const receiver = await startReceiver()
  t.teardown(() => receiver.close())
  const hub = await createTestHub(t)
  const created = await hub.api('PUT', '/api/webhooks/ops', { url: receiver.url, events: ['connection.changed'] })
  receiver.secret = created.body.secret
  receiver.answer = delivery => delivery.headers['webhook-id'] === undefined ? { status: 200 } : { status: 308, headers: { location: `${receiver.url}/moved` } }
  const tested = await hub.api('POST', '/api/webhooks/ops/test')
  t.match(tested.body, { status: 'failed', httpStatus: 308, error: 'The receiver answered 308 Permanent Redirect, a redirect: the hub does not follow redirects, so set the webhook’s URL to the address it points to.' })
  t.equal(receiver.deliveries.length, 1, 'the redirect was not followed')
})

t.test('the retry schedule: doubling from 1 s to an hour, up to a fifth more, never sooner than asked', async t => {
  t.equal(retryDelay(1, 0, () => 0), FIRST_RETRY_MS)
  t.equal(retryDelay(2, 0, () => 0), 2 * FIRST_RETRY_MS)
  t.equal(retryDelay(5, 0, () => 0), 16 * FIRST_RETRY_MS)
  t.equal(retryDelay(1, 0, () => 1), 1.2 * FIRST_RETRY_MS, 'a fifth more at most')
  t.equal(retryDelay(40, 0, () => 0), LONGEST_WAIT_MS, 'an hour at most')
  t.equal(retryDelay(1, 30_000, () => 0), 30_000, 'Retry-After when it asks for longer')
  t.equal(retryDelay(5, 1_000, () => 0), 16 * FIRST_RETRY_MS, 'the schedule when Retry-After asks for less')
  let elapsed = 0
  let attempts = 1
  while (elapsed + retryDelay(attempts, 0, () => 0) <= 24 * 60 * 60_000) elapsed += retryDelay(attempts++, 0, () => 0)
  t.ok(attempts >= 30 && attempts < 60, `about ${attempts} attempts fit into 24 hours, below the backstop of 60`)
})
