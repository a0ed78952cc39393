import http from 'node:http'
import { once } from 'node:events'
import { gzipSync } from 'node:zlib'
import type { AddressInfo } from 'node:net'
import t, { type Test } from 'tap'
import { networkAllowance } from '../../../core/security/address-policy.js'
import { AddressBlockedError, Outbound, ResponseTooLargeError, type LookupFunction } from '../../../core/security/outbound.js'

/** Only our own test server's address is allowed: everything else must be refused before a packet leaves. */
const onlyTestServer = networkAllowance(['127.0.0.1/32'])

async function server (t: Test, handler: http.RequestListener): Promise<number> {
  const instance = http.createServer(handler)
  instance.listen(0, '127.0.0.1')
  await once(instance, 'listening')
  t.teardown(() => instance.close())
  return (instance.address() as AddressInfo).port
}

/** A resolver that answers each lookup of a name with the next address of its list (DNS rebinding). */
function resolver (answers: Record<string, string[]>, calls: string[] = []): LookupFunction {
  return ((hostname: string, _options: unknown, callback: (error: Error | null, addresses: Array<{ address: string, family: number }>) => void) => {
    calls.push(hostname)
    const list = answers[hostname]
    const address = list?.length === 1 ? list[0] : list?.shift()
    if (address === undefined) callback(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }), [])
    else callback(null, [{ address, family: address.includes(':') ? 6 : 4 }])
  }) as unknown as LookupFunction
}

const deadline = () => AbortSignal.timeout(5000)

t.test('hostile URLs are refused before any connection', async t => {
  let hits = 0
  const port = await server(t, (_req, res) => { hits++; res.end('ok') })
  const outbound = new Outbound({
    allowance: onlyTestServer,
    lookup: resolver({ 'metadata.example': ['169.254.169.254'], 'intranet.example': ['10.0.0.8'], 'both.example': ['127.0.0.1', '192.168.0.1'] })
  })
  t.teardown(() => outbound.close())
  const hostile: Array<[string, string]> = [
    [`http://127.0.0.2:${port}/`, 'loopback'],
    ['http://169.254.169.254/latest/meta-data/', 'cloud metadata service'],
    ['http://[::ffff:169.254.169.254]/', 'cloud metadata service'],
    ['http://2852039166/', 'cloud metadata service'],
    ['http://0xa9.0xfe.0xa9.0xfe/', 'cloud metadata service'],
    ['http://0251.0376.0251.0376/', 'cloud metadata service'],
    ['http://[::1]/', 'loopback'],
    ['http://10.0.0.1/', 'private network'],
    ['http://metadata.example/', 'cloud metadata service'],
    ['http://intranet.example/', 'private network'],
    ['http://[fe80::1]/', 'link-local network'],
    ['http://100.64.0.1/', 'shared (CGNAT) network']
  ]
  for (const [url, reason] of hostile) {
    const error = await outbound.fetch(url, { signal: deadline() }).catch((e: Error) => e)
    t.type((error as Error).cause, AddressBlockedError, url)
    t.equal(((error as Error).cause as AddressBlockedError).reason, reason, url)
  }
  t.equal(hits, 0, 'the test server was never reached')
  t.equal((await outbound.fetch(`http://127.0.0.1:${port}/`, { signal: deadline() })).status, 200, 'an allowed address works')
})

t.test('DNS rebinding: each connection uses the address that was checked', async t => {
  const port = await server(t, (_req, res) => res.end('ok'))
  const calls: string[] = []
  const outbound = new Outbound({
    allowance: onlyTestServer,
    lookup: resolver({ 'rebind.example': ['127.0.0.1', '10.0.0.1'] }, calls)
  })
  t.teardown(() => outbound.close())
  const first = await outbound.fetch(`http://rebind.example:${port}/`, { signal: deadline(), headers: { connection: 'close' } })
  t.equal(await first.text(), 'ok')
  const second = await outbound.fetch(`http://rebind.example:${port}/`, { signal: deadline() }).catch((e: Error) => e)
  t.equal(((second as Error).cause as AddressBlockedError).reason, 'private network')
  t.same(calls, ['rebind.example', 'rebind.example'], 'one lookup per connection, none after the check')
})

t.test('a redirect to a private address is refused', async t => {
  const port = await server(t, (req, res) => {
    res.writeHead(302, { location: req.url === '/to-metadata' ? 'http://169.254.169.254/' : `http://127.0.0.3:${(req.socket.address() as AddressInfo).port}/` })
    res.end()
  })
  const outbound = new Outbound({ allowance: onlyTestServer })
  t.teardown(() => outbound.close())
  for (const path of ['/to-metadata', '/to-loopback']) {
    const error = await outbound.fetch(`http://127.0.0.1:${port}${path}`, { signal: deadline() }).catch((e: Error) => e)
    t.type((error as Error).cause, AddressBlockedError, path)
  }
})

t.test('raw sockets go through the same guard', async t => {
  const outbound = new Outbound({ allowance: networkAllowance(false), lookup: resolver({ 'smtp.intranet': ['10.1.1.1'] }) })
  t.teardown(() => outbound.close())
  const refusal = async (pending: Promise<unknown>) => await pending.then(() => undefined, (error: AddressBlockedError) => error.reason)
  t.equal(await refusal(outbound.connect({ host: '127.0.0.1', port: 25 }, deadline())), 'loopback')
  t.equal(await refusal(outbound.connect({ host: 'smtp.intranet', port: 25 }, deadline())), 'private network')
  const systemResolver = new Outbound({ allowance: networkAllowance(false) })
  t.teardown(() => systemResolver.close())
  t.equal(await refusal(systemResolver.connect({ host: '2130706433', port: 25 }, deadline())), 'loopback', 'a decimal IP resolves to loopback')
})

t.test('refusal: the reason a literal address is refused, nothing for names and allowed addresses', async t => {
  const lookups: string[] = []
  const outbound = new Outbound({ allowance: networkAllowance(['private', '127.0.0.1/32']), lookup: resolver({}, lookups) })
  t.teardown(() => outbound.close())
  const cases: Array<[string, string | undefined]> = [
    ['169.254.169.254', 'cloud metadata service'],
    ['127.0.0.2', 'loopback'],
    ['[::1]', 'loopback'],
    ['::ffff:127.0.0.2', 'loopback'],
    ['[fe80::1]', 'link-local network'],
    ['0.0.0.0', 'unspecified address'],
    ['127.0.0.1', undefined],
    ['10.1.2.3', undefined],
    ['[fd00::1]', undefined],
    ['93.184.215.14', undefined],
    ['localhost', undefined],
    ['metadata.google.internal', undefined]
  ]
  for (const [host, reason] of cases) t.equal(outbound.refusal(host), reason, host)
  t.same(lookups, [], 'a name is not resolved: it is judged when a call resolves it')
  const strict = new Outbound({ allowance: networkAllowance(false) })
  t.teardown(() => strict.close())
  t.equal(strict.refusal('10.1.2.3'), 'private network', 'without the switch, private networks are refused')
  await t.rejects(strict.connect({ host: '10.1.2.3', port: 443 }, deadline()), new AddressBlockedError('10.1.2.3', 'private network'), 'for the same reason connect gives')
})

t.test('responses over the size cap are cut off', async t => {
  // 2 KiB of text compressed to a few dozen bytes: its declared length is no measure of what it unpacks to.
  const bomb = gzipSync('x'.repeat(2048))
  const port = await server(t, (req, res) => {
    if (req.url === '/declared') {
      res.end('x'.repeat(2048))
      return
    }
    if (req.url === '/small') {
      res.end('x'.repeat(1024))
      return
    }
    if (req.url === '/compressed') {
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': bomb.length })
      res.end(bomb)
      return
    }
    res.write('x'.repeat(1000))
    res.end('x'.repeat(1048))
  })
  const outbound = new Outbound({ allowance: onlyTestServer, maxResponseBytes: 1024 })
  t.teardown(() => outbound.close())
  await t.rejects(outbound.fetch(`http://127.0.0.1:${port}/declared`, { signal: deadline() }), ResponseTooLargeError)
  const streamed = await outbound.fetch(`http://127.0.0.1:${port}/streamed`, { signal: deadline() })
  await t.rejects(streamed.text(), ResponseTooLargeError)
  const compressed = await outbound.fetch(`http://127.0.0.1:${port}/compressed`, { signal: deadline() })
  t.ok(bomb.length < 1024, `declared ${bomb.length} bytes`)
  await t.rejects(compressed.text(), ResponseTooLargeError, 'a compressed body is counted as it unpacks')
  const small = await outbound.fetch(`http://127.0.0.1:${port}/small`, { signal: deadline() })
  t.equal((await small.text()).length, 1024, 'a body of the cap exactly is read whole')
})

t.test('only http and https can be fetched', async t => {
  const outbound = new Outbound({ allowance: onlyTestServer })
  t.teardown(() => outbound.close())
  await t.rejects(outbound.fetch('file:///etc/passwd', { signal: deadline() }), TypeError)
})
