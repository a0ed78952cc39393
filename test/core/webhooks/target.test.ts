/**
 * Where webhooks may point. Without the private-network switch, a URL whose host is a loopback,
 * private, link-local or metadata address is refused when saved (400 naming `url`, saying why); a
 * name that resolves to such an address is saved, and each delivery to it fails with the guard's
 * reason in the deliveries log, the receiver never reached. With the switch open for a range, the same
 * receiver gets its deliveries.
 */
import t from 'tap'
import beacon from '../../support/fixtures/beacon-plugin.js'
import { createTestHub } from '../../support/hub.js'
import { lookupFor } from '../../support/peers/named-host.js'
import { startReceiver } from './receiver.js'

t.test('without the private-network switch, literal addresses off the public internet are refused when saved', async t => {
  const hub = await createTestHub(t, { allowPrivateNetwork: false })
  const refused: Array<[string, string]> = [
    ['http://127.0.0.1:8080/hook', '127.0.0.1 is not on the public internet (loopback)'],
    ['http://[::1]:8080/hook', '[::1] is not on the public internet (loopback)'],
    ['https://10.20.30.40/hook', '10.20.30.40 is not on the public internet (private network)'],
    ['https://192.168.1.5/hook', '192.168.1.5 is not on the public internet (private network)'],
    ['http://169.254.169.254/latest/meta-data', '169.254.169.254 is not on the public internet (cloud metadata service)'],
    ['https://[::ffff:127.0.0.1]/hook', 'not on the public internet (loopback)'],
    ['https://0.0.0.0/hook', 'not on the public internet (unspecified address)']
  ]
  for (const [url, words] of refused) {
    const answer = await hub.api('PUT', '/api/webhooks/ops', { url, events: ['connection.changed'] })
    t.equal(answer.status, 400, url)
    t.equal(answer.body.error, 'HUB_ERR_VALIDATION')
    t.equal(answer.body.fields.length, 1)
    t.equal(answer.body.fields[0].field, 'url')
    t.match(answer.body.message, words)
    t.match(answer.body.message, 'the hub calls such addresses only when the operator allows them (HUB_ALLOW_PRIVATE_NETWORK).')
  }
  const badPort = await hub.api('PUT', '/api/webhooks/ops', { url: 'https://hooks.example.com:25/hub', events: ['connection.changed'] })
  t.equal(badPort.status, 400)
  t.equal(badPort.body.message, 'Port 25 belongs to another protocol, and HTTP clients never call it: use another port.')
  t.same((await hub.api('GET', '/api/webhooks')).body.webhooks, [], 'none was stored')
  t.equal((await hub.api('PUT', '/api/webhooks/ops', { url: 'https://hooks.example.com/hub', events: ['connection.changed'] })).status, 201, 'a public name is fine')
})

t.test('a name that resolves to loopback is saved, and fails at each delivery with the guard’s reason', async t => {
  const receiver = await startReceiver()
  t.teardown(() => receiver.close())
  const port = new URL(receiver.url).port
  const lookup = lookupFor({ 'hooks.example.test': '127.0.0.1' })
  const hub = await createTestHub(t, { allowPrivateNetwork: false, lookup, plugins: [beacon], builtinPlugins: false })
  const saved = await hub.api('PUT', '/api/webhooks/ops', { url: `http://hooks.example.test:${port}/hook`, events: ['connection.changed'] })
  t.equal(saved.status, 201)

  const words = 'hooks.example.test resolves to an address that is not on the public internet (loopback); the hub calls such addresses only when the operator allows them (HUB_ALLOW_PRIVATE_NETWORK).'
  const tested = await hub.api('POST', '/api/webhooks/ops/test')
  t.match(tested.body, { type: 'ping', status: 'failed', error: words })
  t.notOk('httpStatus' in tested.body, 'no HTTP answer')

  // A saved connection announces itself (force: the beacon's own peer is out of reach too).
  t.equal((await hub.api('PUT', '/api/integrations/beacon?force=true', { config: { serviceUrl: 'https://beacon.example.test', token: 'good-token' } })).status, 201)
  let logged: any[] = []
  for (let i = 0; i < 200 && !logged.some(entry => entry.type === 'connection.changed'); i++) {
    await new Promise(resolve => setTimeout(resolve, 25))
    logged = (await hub.api('GET', '/api/webhooks/ops/deliveries')).body.deliveries
  }
  t.match(logged[0], { type: 'connection.changed', attempt: 1, status: 'failed', error: words, nextAttemptAt: String }, 'the job’s attempt too, with a retry due')
  t.equal(receiver.deliveries.length, 0, 'nothing reached the receiver')
})

t.test('with the switch open for loopback, the same receiver gets its deliveries', async t => {
  const receiver = await startReceiver()
  t.teardown(() => receiver.close())
  const hub = await createTestHub(t, { allowPrivateNetwork: ['127.0.0.0/8'] })
  const saved = await hub.api('PUT', '/api/webhooks/ops', { url: receiver.url, events: ['connection.changed'] })
  t.equal(saved.status, 201)
  receiver.secret = saved.body.secret
  t.equal((await hub.api('POST', '/api/webhooks/ops/test')).body.status, 'delivered')
  t.equal(receiver.verified().length, 1)
})
