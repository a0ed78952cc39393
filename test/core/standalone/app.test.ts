/**
 * The standalone server in front of the hub: the client address behind a trusted proxy, and slow or
 * greedy clients that must not hold every connection.
 */
import net from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { guessBucket } from '../../../core/http/authenticate.js'
import { digest } from '../../../core/security/admin-token.js'
import { CONNECTIONS_PER_ADDRESS } from '../../../core/standalone/app.js'
import { ADMIN_TOKEN, createTestHub } from '../../support/hub.js'

/** Ten wrong tokens in each of the 16 digest buckets: every bucket of an address full, none past it. */
function junkInEveryBucket (): string[] {
  const perBucket = new Map<string, number>()
  const tokens: string[] = []
  for (let i = 0; tokens.length < 160; i++) {
    const token = `junk-token-${i}`
    const bucket = guessBucket(digest(token))
    if ((perBucket.get(bucket) ?? 0) >= 10) continue
    perBucket.set(bucket, (perBucket.get(bucket) ?? 0) + 1)
    tokens.push(token)
  }
  return tokens
}

t.test('behind a trusted proxy, one client’s wrong tokens do not slow down another', async t => {
  const h = await createTestHub(t, { builtinPlugins: false, env: { HUB_TRUST_PROXY: '1' } })
  const from = async (client: string, token: string) => {
    const started = performance.now()
    const res = await h.app.inject({ url: '/api/integrations', remoteAddress: '10.0.0.2', headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': client } })
    return { status: res.statusCode, ms: performance.now() - started }
  }
  // Junk in every bucket from the attacker behind the load balancer.
  for (const token of junkInEveryBucket()) await from('203.0.113.5', token)
  const attacker = await from('203.0.113.5', ADMIN_TOKEN)
  t.ok(attacker.ms >= 900, 'the attacker’s own address is slowed down')
  const victim = await from('198.51.100.7', ADMIN_TOKEN)
  t.equal(victim.status, 200)
  t.ok(victim.ms < 500, 'another client behind the same proxy is not')
})

t.test('without HUB_TRUST_PROXY, X-Forwarded-For is not believed', async t => {
  const h = await createTestHub(t, { builtinPlugins: false })
  for (const [i, token] of junkInEveryBucket().entries()) await h.app.inject({ url: '/api/integrations', remoteAddress: '10.0.0.3', headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': `203.0.113.${i % 250}` } })
  const started = performance.now()
  await h.app.inject({ url: '/api/integrations', remoteAddress: '10.0.0.3', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'x-forwarded-for': '198.51.100.9' } })
  t.ok(performance.now() - started >= 900, 'a forged header does not give a fresh address')
})

t.test('one address cannot hold more than its share of connections, and a silent one is dropped', async t => {
  const h = await createTestHub(t, { builtinPlugins: false })
  await h.app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = h.app.server.address() as net.AddressInfo
  const sockets: net.Socket[] = []
  t.teardown(() => { for (const socket of sockets) socket.destroy() })
  const open = async (): Promise<net.Socket> => await new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1' }, () => resolve(socket))
    socket.on('error', reject)
    sockets.push(socket)
  })
  for (let i = 0; i < CONNECTIONS_PER_ADDRESS; i++) await open()
  const extra = await open()
  const closed = await Promise.race([new Promise(resolve => extra.once('close', () => resolve(true))), sleep(2000, false)])
  t.equal(closed, true, `connection ${CONNECTIONS_PER_ADDRESS + 1} from one address is closed at once`)
  for (const socket of sockets.splice(0, 10)) socket.destroy()
  await sleep(100)
  const afterwards = await fetch(`http://127.0.0.1:${port}/healthz`)
  t.equal(afterwards.status, 200, 'once some are gone, new ones are served')
})

t.test('a client that sends half a request is cut off by the request timeout', async t => {
  const h = await createTestHub(t, { builtinPlugins: false })
  await h.app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = h.app.server.address() as net.AddressInfo
  t.equal(h.app.server.requestTimeout, 15_000)
  t.equal(h.app.server.headersTimeout, 10_000)
  t.ok(h.app.server.timeout > 0 && h.app.server.timeout <= 30_000, 'a silent connection is dropped within 30 s')
  const socket = net.connect({ port, host: '127.0.0.1' })
  t.teardown(() => socket.destroy())
  socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n')
  t.ok(!socket.destroyed, 'the half request is accepted for now')
})
