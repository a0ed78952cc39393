/**
 * The job queue gauge: `hub_jobs_waiting` counts the jobs of each kind that wait for an attempt, a
 * webhook delivery waiting for its retry among them.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import beacon from '../../support/fixtures/beacon-plugin.js'
import { ADMIN_TOKEN, createTestHub } from '../../support/hub.js'
import { startBeaconPeer } from '../../support/peers/beacon.js'
import { startReceiver } from '../webhooks/receiver.js'

t.test('hub_jobs_waiting counts queued actions and webhook deliveries waiting for a retry', async t => {
  const receiver = await startReceiver()
  t.teardown(() => receiver.close())
  const peer = await startBeaconPeer()
  t.teardown(() => peer.close())
  const hub = await createTestHub(t, { plugins: [beacon], builtinPlugins: false })
  const gauge = async (): Promise<string[]> => {
    const answer = await hub.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
    return answer.body.split('\n').filter(line => line.startsWith('hub_jobs_waiting{'))
  }
  t.same(await gauge(), ['hub_jobs_waiting{kind="action"} 0', 'hub_jobs_waiting{kind="webhook"} 0'])

  receiver.answer = () => ({ status: 500 })
  t.equal((await hub.api('PUT', '/api/webhooks/ops', { url: receiver.url, events: ['connection.changed'] })).status, 201)
  t.equal((await hub.api('PUT', '/api/integrations/beacon', { config: { serviceUrl: peer.url, token: 'good-token' } })).status, 201)
  let deliveries: any[] = []
  for (let i = 0; i < 400 && deliveries.length === 0; i++) {
    await sleep(25)
    deliveries = (await hub.api('GET', '/api/webhooks/ops/deliveries')).body.deliveries
  }
  t.match(deliveries, [{ status: 'failed', nextAttemptAt: String }], 'the first attempt failed; a retry is due')
  // Between an attempt and its rescheduling the job is running, and not counted: look again until it waits.
  let lines = await gauge()
  for (let i = 0; i < 200 && !lines.includes('hub_jobs_waiting{kind="webhook"} 1'); i++) {
    await sleep(25)
    lines = await gauge()
  }
  t.same(lines, ['hub_jobs_waiting{kind="action"} 0', 'hub_jobs_waiting{kind="webhook"} 1'], 'the delivery waits in the webhook queue')
})
