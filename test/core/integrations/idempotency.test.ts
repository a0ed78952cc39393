/**
 * `Idempotency-Key` on actions: the first answer comes again without a second call to the service,
 * across instances; another input with the same key is refused; a call that timed out runs again as
 * attempt 2, so the plugin can look for what attempt 1 made.
 */
import { randomBytes } from 'node:crypto'
import t, { type Test } from 'tap'
import { defineIntegration, readReply } from '../../../core/plugin.js'
import beacon from '../../support/fixtures/beacon-plugin.js'
import { ownNamespace } from '../../support/backends.js'
import { createTestHub, type TestHub } from '../../support/hub.js'
import { startBeaconPeer } from '../../support/peers/beacon.js'
import { startHttpPeer } from '../../support/peers/http-peer.js'

const pings = (peer: { requests: Array<{ path: string }> }): number => peer.requests.filter(request => request.path === '/ping').length

async function hubWithBeacon (t: Test, options: Parameters<typeof createTestHub>[1] = {}): Promise<{ hub: TestHub, peer: Awaited<ReturnType<typeof startBeaconPeer>> }> {
  const peer = await startBeaconPeer()
  t.teardown(() => peer.close())
  const hub = await createTestHub(t, { plugins: [beacon], builtinPlugins: false, ...options })
  t.equal((await hub.api('PUT', '/api/integrations/beacon', { config: { serviceUrl: peer.url, token: 'good-token' } })).status, 201)
  return { hub, peer }
}

t.test('the same key gives the first answer again, without calling the service again', async t => {
  const { hub, peer } = await hubWithBeacon(t)
  const key = { 'idempotency-key': 'order-4711' }
  const first = await hub.api('POST', '/api/integrations/beacon/actions/ping', { text: 'once' }, key)
  const second = await hub.api('POST', '/api/integrations/beacon/actions/ping', { text: 'once' }, key)
  t.equal(first.status, 200)
  t.same(second.body, first.body)
  t.equal(second.headers['idempotent-replayed'], 'true')
  t.equal(first.headers['idempotent-replayed'], undefined)
  t.equal(pings(peer), 1, 'the service was called once')

  const reordered = await hub.api('POST', '/api/integrations/beacon/actions/ping', { text: 'once' }, key)
  t.equal(reordered.status, 200, 'the same input is the same request')
  const other = await hub.api('POST', '/api/integrations/beacon/actions/ping', { text: 'twice' }, key)
  t.equal(other.status, 422)
  t.equal(other.body.error, 'HUB_ERR_IDEMPOTENCY_MISMATCH')
  t.equal(pings(peer), 1)

  const elsewhere = await hub.api('POST', '/api/integrations/beacon/actions/ping?connection=default', { text: 'once' }, { 'idempotency-key': 'order-4712' })
  t.equal(elsewhere.status, 200, 'another key is another request')
  t.equal(pings(peer), 2)
  t.equal((await hub.api('POST', '/api/integrations/beacon/actions/ping', { text: 'x' }, { 'idempotency-key': 'bad key with spaces' })).status, 400)
  t.equal((await hub.api('POST', '/api/integrations/beacon/actions/ping', { nope: 1 }, { 'idempotency-key': 'k-3' })).status, 400, 'a refused input…')
  t.equal((await hub.api('POST', '/api/integrations/beacon/actions/ping', { text: 'y' }, { 'idempotency-key': 'k-3' })).status, 200, '…does not use up the key')
})

t.test('50 requests with one key at once, over two instances on Redis: one call reaches the service', async t => {
  if (process.env.REDIS_URL === undefined) {
    if (process.env.CI === 'true') t.fail('REDIS_URL is required when CI=true')
    else t.plan(0, 'REDIS_URL is not set')
    return
  }
  const store = ownNamespace(t, process.env.REDIS_URL)
  const encryptionKeys = [randomBytes(32)]
  const { hub: one, peer } = await hubWithBeacon(t, { store, encryptionKeys })
  const two = await createTestHub(t, { plugins: [beacon], builtinPlugins: false, store, encryptionKeys })
  const answers = await Promise.all(Array.from({ length: 50 }, async (_, i) =>
    await (i % 2 === 0 ? one : two).api('POST', '/api/integrations/beacon/actions/ping', { text: 'pay once' }, { 'idempotency-key': 'pay-1', 'x-forwarded-for': `10.0.0.${i}` })))
  t.equal(pings(peer), 1, 'exactly one call reached the service')
  const statuses = new Set(answers.map(answer => answer.status))
  t.ok([...statuses].every(status => status === 200 || status === 409), `every answer is the answer or "still running" (${[...statuses].join(', ')})`)
  t.ok(answers.some(answer => answer.status === 409 && answer.body.error === 'HUB_ERR_IDEMPOTENCY_IN_PROGRESS'))
  const after = await two.api('POST', '/api/integrations/beacon/actions/ping', { text: 'pay once' }, { 'idempotency-key': 'pay-1' })
  t.same(after.body, { echoed: 'pay once' }, 'afterwards, either instance gives the answer')
  t.equal(pings(peer), 1)
})

t.test('a call that timed out is no answer: the retry runs as attempt 2 and the plugin finds what attempt 1 made', async t => {
  const made: string[] = []
  let holdNext = true
  const service = await startHttpPeer(({ method, path, body }) => {
    if (method === 'GET' && path.startsWith('/records?tag=')) {
      const tag = decodeURIComponent(path.slice('/records?tag='.length))
      return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(made.filter(record => record.startsWith(`${tag}:`))) }
    }
    made.push(body)
    if (holdNext) {
      holdNext = false
      return undefined
    }
    return { status: 201, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
  })
  t.teardown(() => service.close())
  const ledger = defineIntegration({
    id: 'ledger',
    name: 'Ledger',
    description: 'Creates records tagged with the idempotency key, and looks for them on a retry.',
    version: '1.0.0',
    schema: { type: 'object', additionalProperties: false, required: ['serviceUrl'], properties: { serviceUrl: { type: 'string', title: 'Service URL' } } },
    errors: {},
    async test () {},
    actions: {
      create: {
        title: 'Create',
        input: { type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string', title: 'Name' } } },
        async run (config: { serviceUrl: string }, input: { name: string }, ctx) {
          const tag = ctx.idempotency?.key ?? 'none'
          if ((ctx.idempotency?.attempt ?? 1) > 1) {
            const found = (await readReply(await ctx.fetch(`${config.serviceUrl}/records?tag=${encodeURIComponent(tag)}`))).json as string[]
            if (found.length > 0) return { record: found[0], attempt: ctx.idempotency!.attempt, found: true }
          }
          const reply = await readReply(await ctx.fetch(`${config.serviceUrl}/records`, { method: 'POST', body: `${tag}:${input.name}` }))
          return { record: reply.json, attempt: ctx.idempotency?.attempt ?? 1, found: false }
        }
      }
    }
  })
  const hub = await createTestHub(t, { plugins: [ledger], builtinPlugins: false, timeoutMs: 400 })
  await hub.api('PUT', '/api/integrations/ledger', { config: { serviceUrl: service.url } })
  const key = { 'idempotency-key': 'incident-for-alert-17' }

  const first = await hub.api('POST', '/api/integrations/ledger/actions/create', { name: 'db down' }, key)
  t.equal(first.status, 504, 'the first attempt timed out, after the service had made the record')
  const retry = await hub.api('POST', '/api/integrations/ledger/actions/create', { name: 'db down' }, key)
  t.equal(retry.status, 200)
  t.same(retry.body, { record: 'incident-for-alert-17:db down', attempt: 2, found: true })
  t.equal(made.length, 1, 'no second record')
})
