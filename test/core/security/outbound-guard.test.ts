/**
 * The outbound guard against what outbound.test.ts does not cover: IPv6 spellings of loopback and
 * IPv4, names that resolve to several addresses, and answers that must not turn the hub into a
 * port scanner. Every server here is our own, on loopback; every hostile target must be refused
 * before a socket is opened, so no test ever sends a packet anywhere else.
 */
import http from 'node:http'
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import t, { type Test } from 'tap'
import { networkAllowance, refusalReason, specialPurpose } from '../../../core/security/address-policy.js'
import { AddressBlockedError, Outbound, type LookupFunction } from '../../../core/security/outbound.js'
import { createTestHub } from '../../support/hub.js'

/** An HTTP server on every loopback address we can listen on, counting every connection it receives. */
async function countingServer (t: Test): Promise<{ port: number, connections: () => number }> {
  let connections = 0
  const server = http.createServer((_req, res) => res.end('ok'))
  server.on('connection', () => { connections++ })
  // '::' also receives IPv4 (127.0.0.1, 0.0.0.0) where the host has IPv6; otherwise 127.0.0.1 alone.
  server.listen({ port: 0, host: '::', ipv6Only: false })
  const [error] = await Promise.race([once(server, 'listening').then(() => [undefined]), once(server, 'error')])
  if (error !== undefined) {
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
  }
  t.teardown(() => server.close())
  return { port: (server.address() as AddressInfo).port, connections: () => connections }
}

/** A port nothing listens on (bound once, then released). */
async function closedPort (): Promise<number> {
  const server = http.createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  await new Promise(resolve => server.close(resolve))
  return port
}

/** A resolver that answers every address of its list at once, as a name with several A/AAAA records. */
function multiResolver (answers: Record<string, string[]>, asked: Array<{ hostname: string, all: unknown }> = []): LookupFunction {
  return ((hostname: string, options: { all?: boolean }, callback: (error: Error | null, addresses: Array<{ address: string, family: number }>) => void) => {
    asked.push({ hostname, all: options.all })
    const list = answers[hostname]
    if (list === undefined) callback(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }), [])
    else callback(null, list.map(address => ({ address, family: address.includes(':') ? 6 : 4 })))
  }) as unknown as LookupFunction
}

const deadline = () => AbortSignal.timeout(5000)
const refusal = async (pending: Promise<unknown>): Promise<string | undefined> => await pending.then(
  () => undefined,
  (error: Error) => {
    const blocked = error instanceof AddressBlockedError ? error : error.cause
    return blocked instanceof AddressBlockedError ? blocked.reason : `not blocked: ${String((error.cause as Error | undefined)?.message ?? error.message)}`
  }
)

t.test('IPv6 forms of loopback, IPv4 and tunnels are not the public internet', async t => {
  const table: Array<[string, string | undefined]> = [
    ['::ffff:0:7f00:1', 'non-public IPv6 range'], // IPv4-translated 127.0.0.1 (RFC 2765)
    ['::ffff:0:127.0.0.1', 'non-public IPv6 range'],
    ['0:0:0:0:0:ffff:127.0.0.1', 'loopback'], // IPv4-mapped, written out
    ['0:0:0:0:0:ffff:7f00:1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'cloud metadata service'],
    ['::127.0.0.1', 'non-public IPv6 range'], // IPv4-compatible (deprecated)
    ['::7f00:1', 'non-public IPv6 range'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'NAT64 network'], // NAT64 of the metadata address
    ['64:ff9b::7f00:1', 'NAT64 network'],
    ['64:ff9b:1::a00:1', 'NAT64 network'], // local-use NAT64 (RFC 8215)
    ['2002:7f00:1::1', '6to4 tunnel'],
    ['2002:a9fe:a9fe::1', '6to4 tunnel'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo tunnel'],
    ['fec0::1', 'private network'], // site-local (deprecated)
    ['3fff::1', 'documentation network'],
    ['1::1', 'non-public IPv6 range'],
    ['5f00::1', 'non-public IPv6 range'],
    ['192.88.99.1', 'reserved network'],
    ['255.255.255.255', 'reserved network'],
    ['2606:4700:4700::1111', undefined],
    ['2a00:1450:4001::200e', undefined],
    ['::ffff:8.8.8.8', undefined],
    ['8.8.8.8', undefined]
  ]
  for (const [address, reason] of table) {
    t.equal(specialPurpose(address), reason, address)
    t.equal(refusalReason(address, networkAllowance(false)), reason, `${address} under the default setting`)
  }
  t.not(refusalReason('::ffff:0:7f00:1', networkAllowance(true)), undefined, 'opening the private networks leaves a loopback in disguise closed')
})

t.test('literal hostile addresses are refused before any connection, whatever their spelling', async t => {
  const { port, connections } = await countingServer(t)
  const outbound = new Outbound({ allowance: networkAllowance(false) })
  t.teardown(() => outbound.close())
  const urls: Array<[string, string]> = [
    [`http://[::ffff:0:7f00:1]:${port}/`, 'non-public IPv6 range'],
    [`http://[0:0:0:0:0:ffff:127.0.0.1]:${port}/`, 'loopback'],
    [`http://[::ffff:127.0.0.1]:${port}/`, 'loopback'],
    [`http://[::127.0.0.1]:${port}/`, 'non-public IPv6 range'],
    [`http://[::]:${port}/`, 'unspecified address'],
    [`http://0:${port}/`, 'unspecified address'],
    [`http://0.0.0.0:${port}/`, 'unspecified address'],
    [`http://127.1:${port}/`, 'loopback'],
    [`http://017700000001:${port}/`, 'loopback'],
    [`http://[64:ff9b::a9fe:a9fe]:${port}/`, 'NAT64 network'],
    [`http://[64:ff9b::7f00:1]:${port}/`, 'NAT64 network'],
    [`http://[2002:7f00:1::1]:${port}/`, '6to4 tunnel'],
    [`http://localhost:${port}/`, 'loopback'],
    [`http://LocalHost:${port}/`, 'loopback']
  ]
  for (const [url, reason] of urls) {
    t.equal(await refusal(outbound.fetch(url, { signal: deadline() })), reason, url)
  }
  const hosts: Array<[string, string]> = [
    ['::ffff:0:7f00:1', 'non-public IPv6 range'],
    ['[::ffff:0:7f00:1]', 'non-public IPv6 range'],
    ['0:0:0:0:0:ffff:127.0.0.1', 'loopback'],
    ['0', 'unspecified address'],
    ['0.0.0.0', 'unspecified address'],
    ['localhost', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'NAT64 network']
  ]
  for (const [host, reason] of hosts) {
    t.equal(await refusal(outbound.connect({ host, port }, deadline())), reason, `connect ${host}`)
  }
  t.equal(connections(), 0, 'our server was never reached')
})

t.test('a name with an allowed and a refused address is refused as a whole', async t => {
  const { port, connections } = await countingServer(t)
  const asked: Array<{ hostname: string, all: unknown }> = []
  const answers = {
    'allowed-first.example': ['127.0.0.1', '10.0.0.1'],
    'refused-first.example': ['10.0.0.1', '127.0.0.1'],
    'with-metadata.example': ['127.0.0.1', '::1', '169.254.169.254']
  }
  const outbound = new Outbound({ allowance: networkAllowance(['127.0.0.1/32', '::1/128']), lookup: multiResolver(answers, asked) })
  t.teardown(() => outbound.close())
  t.equal(await refusal(outbound.fetch(`http://allowed-first.example:${port}/`, { signal: deadline() })), 'private network')
  t.equal(await refusal(outbound.fetch(`http://refused-first.example:${port}/`, { signal: deadline() })), 'private network')
  t.equal(await refusal(outbound.fetch(`http://with-metadata.example:${port}/`, { signal: deadline() })), 'cloud metadata service')
  t.equal(await refusal(outbound.connect({ host: 'allowed-first.example', port }, deadline())), 'private network', 'raw sockets too')
  t.equal(connections(), 0, 'not even the allowed address was connected to')
  t.ok(asked.length >= 4 && asked.every(({ all }) => all === true), 'the guard always asks for every address of a name')
})

t.test('a name with a public and a private address is refused without connecting anywhere', async t => {
  const { port, connections } = await countingServer(t)
  const outbound = new Outbound({
    allowance: networkAllowance(false),
    // The private address comes first: a guard that checked one address would still refuse, and
    // one that skipped refused addresses would be caught by the assertion, not by a packet.
    lookup: multiResolver({ 'split-horizon.example': ['127.0.0.1', '2606:4700:4700::1111', '8.8.8.8'] })
  })
  t.teardown(() => outbound.close())
  t.equal(await refusal(outbound.fetch(`http://split-horizon.example:${port}/`, { signal: deadline() })), 'loopback')
  t.equal(await refusal(outbound.connect({ host: 'split-horizon.example', port }, deadline())), 'loopback')
  t.equal(connections(), 0)
})

t.test('the hub is no port scanner: a refused address answers the same whatever the port', async t => {
  const { port: open, connections } = await countingServer(t)
  const closed = await closedPort()
  const h = await createTestHub(t, { allowPrivateNetwork: false })
  /** What the admin sees, without the timings. */
  const answer = async (id: string, config: Record<string, unknown>) => {
    const res = await h.api('POST', `/api/integrations/${id}/test`, { config })
    const { durationMs: _durationMs, steps, ...rest } = res.body
    return { status: res.status, ...rest, steps: steps.map(({ label, ok }: { label: string, ok: boolean }) => ({ label, ok })) }
  }
  const jira = (serviceUrl: string) => answer('jira', { serviceUrl, apiToken: 'token-value', email: 'admin@example.com' })
  const smtp = (host: string, port: number) => answer('smtp', { host, port, email: 'alerts@example.com', password: 'password-value' })

  for (const host of ['127.0.0.1', 'localhost', '[::1]', '[::ffff:0:7f00:1]']) {
    const toOpen = await jira(`http://${host}:${open}/`)
    const toClosed = await jira(`http://${host}:${closed}/`)
    t.equal(toOpen.code, 'ADDRESS_BLOCKED', `jira ${host}`)
    t.same(toOpen, toClosed, `jira ${host}: an open and a closed port answer alike`)
  }
  const metadata = await Promise.all([80, 443, 8080].map(port => jira(`http://169.254.169.254:${port}/`)))
  t.equal(metadata[0]!.message, 'Unable to connect to the Jira instance: this address is not allowed (cloud metadata service)')
  t.same(metadata[1], metadata[0])
  t.same(metadata[2], metadata[0])

  for (const host of ['127.0.0.1', 'localhost', '::1']) {
    const toOpen = await smtp(host, open)
    const toClosed = await smtp(host, closed)
    t.equal(toOpen.code, 'ADDRESS_BLOCKED', `smtp ${host}`)
    t.equal(toOpen.message, 'Unable to connect to SMTP server: this address is not allowed (loopback)')
    t.same(toOpen, toClosed, `smtp ${host}: an open and a closed port answer alike`)
  }
  t.equal(connections(), 0, 'no connection was made to find out')
})
