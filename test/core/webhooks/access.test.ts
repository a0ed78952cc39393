/**
 * Webhooks never leak. Another workspace's token gets 404 (HUB_ERR_UNKNOWN_WORKSPACE) on every webhook
 * route of this one, and changes nothing; a viewer reads but gets 403 on PUT, DELETE and test; a token
 * limited to some integrations reaches none of them; one workspace's events never go to another's
 * webhooks; a deleted workspace's webhooks and pending deliveries go with it. The secret never appears
 * in an answer after the 201, in the deliveries list, in the log, or in the store's files in clear.
 */
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import beacon from '../../support/fixtures/beacon-plugin.js'
import { createTestHub } from '../../support/hub.js'
import { startBeaconPeer } from '../../support/peers/beacon.js'
import { startReceiver } from './receiver.js'

const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` })

t.test('another workspace, a viewer, an allowlisted token; and the secret, nowhere', async t => {
  const receiver = await startReceiver()
  t.teardown(() => receiver.close())
  const peer = await startBeaconPeer()
  t.teardown(() => peer.close())
  const hub = await createTestHub(t, { plugins: [beacon], builtinPlugins: false, env: { LOG_LEVEL: 'trace' } })
  for (const id of ['acme', 'other']) t.equal((await hub.api('POST', '/api/workspaces', { id })).status, 201)
  const created = await hub.api('PUT', '/api/workspaces/acme/webhooks/ops', { url: receiver.url, events: ['connection.changed'] })
  t.equal(created.status, 201)
  const secret: string = created.body.secret
  receiver.secret = secret
  const mint = async (workspace: string, grant: Record<string, unknown>): Promise<string> =>
    (await hub.api('POST', `/api/workspaces/${workspace}/tokens`, { subject: `someone@${workspace}.example`, role: 'admin', ...grant })).body.token
  const outsider = await mint('other', {})
  const viewer = await mint('acme', { role: 'viewer' })
  const allowlisted = await mint('acme', { integrations: ['beacon'] })
  const admin = await mint('acme', {})

  const settings = { url: `${receiver.url}?taken`, events: ['connection.changed'] }
  const routes: Array<[string, string, unknown?]> = [
    ['GET', '/webhooks'],
    ['GET', '/webhooks/ops'],
    ['PUT', '/webhooks/ops', settings],
    ['PUT', '/webhooks/new-one', settings],
    ['DELETE', '/webhooks/ops'],
    ['POST', '/webhooks/ops/test'],
    ['GET', '/webhooks/ops/deliveries']
  ]
  for (const [method, route, body] of routes) {
    const answer = await hub.api(method, `/api/workspaces/acme${route}`, body, bearer(outsider))
    t.equal(answer.status, 404, `another workspace: ${method} ${route}`)
    t.equal(answer.body.error, 'HUB_ERR_UNKNOWN_WORKSPACE')
    t.equal(answer.body.message, 'There is no workspace "acme".')
    const short = await hub.api(method, `/api${route}`, body, bearer(outsider))
    t.ok(short.body?.webhooks === undefined || short.body.webhooks.every((webhook: any) => webhook.name !== 'ops' || webhook.url !== receiver.url), `${method} /api${route} is about its own workspace`)
  }
  // What the outsider made (and deleted) under the short form was its own workspace's.
  t.same((await hub.api('GET', '/api/workspaces/other/webhooks')).body.webhooks.map((webhook: any) => webhook.name), ['new-one'])
  const ours = await hub.api('GET', '/api/workspaces/acme/webhooks')
  t.same(ours.body.webhooks.map((webhook: any) => [webhook.name, webhook.url]), [['ops', receiver.url]], 'ours is untouched')
  t.equal(receiver.deliveries.length, 0, 'no ping reached our receiver')

  for (const [method, route, body] of routes) {
    const answer = await hub.api(method, `/api${route}`, body, bearer(viewer))
    if (method === 'GET') {
      t.equal(answer.status, 200, `a viewer reads: ${method} ${route}`)
    } else {
      t.equal(answer.status, 403, `a viewer may not: ${method} ${route}`)
      t.equal(answer.body.error, 'HUB_ERR_READ_ONLY')
    }
    const limited = await hub.api(method, `/api${route}`, body, bearer(allowlisted))
    t.equal(limited.status, 403, `an allowlisted token: ${method} ${route}`)
    t.equal(limited.body.error, 'HUB_ERR_WEBHOOKS_OUT_OF_SCOPE')
  }
  t.equal((await hub.api('POST', '/api/webhooks/ops/test', undefined, bearer(admin))).body.status, 'delivered', 'the workspace’s admin may test')

  // Events of one workspace go to its own webhooks only.
  t.equal((await hub.api('PUT', '/api/workspaces/other/integrations/beacon', { config: { serviceUrl: peer.url, token: 'good-token' } })).status, 201)
  t.equal((await hub.api('PUT', '/api/workspaces/acme/integrations/beacon', { config: { serviceUrl: peer.url, token: 'good-token' } })).status, 201)
  for (let i = 0; i < 400 && receiver.verified().filter(delivery => delivery.payload.type === 'connection.changed').length === 0; i++) await sleep(25)
  await sleep(300)
  const changes = receiver.verified().filter(delivery => delivery.payload.type === 'connection.changed')
  t.equal(changes.length, 1, 'only acme’s save reached acme’s webhook')

  // The secret, nowhere: answers, deliveries, the log, the store's files.
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64')
  const forms = [secret, secret.slice('whsec_'.length), key.toString('hex'), key.toString('base64url'), key.toString('latin1')]
  const answers = await Promise.all([
    hub.api('GET', '/api/workspaces/acme/webhooks'),
    hub.api('GET', '/api/workspaces/acme/webhooks/ops'),
    hub.api('PUT', '/api/workspaces/acme/webhooks/ops', { url: receiver.url, events: ['connection.changed', 'action.failed'] }),
    hub.api('GET', '/api/workspaces/acme/webhooks/ops/deliveries'),
    hub.api('POST', '/api/workspaces/acme/webhooks/ops/test'),
    hub.api('PUT', '/api/workspaces/acme/webhooks/ops', { url: 'ftp://nowhere.example.com', events: ['action.failed'] })
  ])
  t.ok(answers[3]!.body.deliveries.length >= 2, 'the deliveries list has the test and the event')
  for (const answer of answers) for (const form of forms) t.notOk(answer.raw.body.includes(form), `${answer.raw.statusCode} answer: no secret`)
  for (const form of forms) t.notOk(hub.logs.some(line => line.includes(form)), 'no secret in the log')
  t.ok(hub.logs.length > 20, 'the log was written at trace level')
  const files = readdirSync(hub.dataDir).filter(file => file.startsWith('hub.sqlite'))
  t.ok(files.includes('hub.sqlite'))
  for (const file of files) {
    const bytes = readFileSync(path.join(hub.dataDir, file))
    for (const form of forms) t.equal(bytes.indexOf(form), -1, `${file}: no secret in clear`)
    t.equal(bytes.indexOf(key), -1, `${file}: nor its raw bytes`)
  }
})

t.test('a deleted workspace takes its webhooks and their pending deliveries with it', async t => {
  const receiver = await startReceiver()
  t.teardown(() => receiver.close())
  const peer = await startBeaconPeer()
  t.teardown(() => peer.close())
  const hub = await createTestHub(t, { plugins: [beacon], builtinPlugins: false })
  await hub.api('POST', '/api/workspaces', { id: 'acme' })
  receiver.secret = (await hub.api('PUT', '/api/workspaces/acme/webhooks/ops', { url: receiver.url, events: ['connection.changed'] })).body.secret
  receiver.answer = () => ({ status: 503 })
  await hub.api('PUT', '/api/workspaces/acme/integrations/beacon', { config: { serviceUrl: peer.url, token: 'good-token' } })
  for (let i = 0; i < 400 && receiver.deliveries.length === 0; i++) await sleep(25)
  t.equal(receiver.deliveries.length, 1, 'the first attempt failed')

  t.equal((await hub.api('DELETE', '/api/workspaces/acme')).status, 204)
  await hub.api('POST', '/api/workspaces', { id: 'acme' })
  t.same((await hub.api('GET', '/api/workspaces/acme/webhooks')).body.webhooks, [], 'a new workspace of that id has none')
  await sleep(2_500)
  t.equal(receiver.deliveries.length, 1, 'and the retry never came')
})
