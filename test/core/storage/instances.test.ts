/**
 * Several hub instances on one shared store behave, from outside, like one hub: run against the
 * real Redis and PostgreSQL of this machine (REDIS_URL, DATABASE_URL), in keys or tables of this
 * file's own (a hub's keys are fixed, and what another run sealed with its own key would not open).
 */
import { randomBytes } from 'node:crypto'
import t, { type Test } from 'tap'
import { defineIntegration } from '../../../core/contract/contract.js'
import { ADMIN_TOKEN, createTestHub, type TestHub } from '../../support/hub.js'
import { startTcpProxy } from '../../support/tcp-proxy.js'
import { Browser, passProviderPages, startOidcPeer } from '../../support/peers/oidc.js'
import { ownNamespace } from '../../support/backends.js'

const backends = [
  { name: 'Redis', variable: 'REDIS_URL' },
  { name: 'PostgreSQL', variable: 'DATABASE_URL' }
] as const

/** A plugin of its own per test (ids are unique), so parallel runs on the shared servers never meet. */
function probe (delayMs = 0) {
  return defineIntegration({
    id: `probe-${randomBytes(4).toString('hex')}`,
    name: 'Probe',
    description: 'Passes its test when the token is right.',
    version: '1.0.0',
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['label', 'token'],
      properties: { label: { type: 'string' }, token: { type: 'string', writeOnly: true } }
    },
    errors: { WRONG: { message: 'Wrong token', field: 'token' } },
    async test (config, ctx) {
      await new Promise(resolve => setTimeout(resolve, delayMs))
      if (config.token !== 'right') throw ctx.fail('WRONG')
    },
    actions: {
      whoami: {
        title: 'Echo the label',
        input: { type: 'object', additionalProperties: false, properties: {} },
        async run (config: { label: string }) { return { label: config.label } }
      }
    }
  })
}

const encryptionKeys = [randomBytes(32)]

async function instances (t: Test, storeUrl: string, plugin: ReturnType<typeof probe>, count = 2): Promise<TestHub[]> {
  const hubs: TestHub[] = []
  // Rate-limit counters are shared through the store too: a client address of its own keeps this
  // test's counts apart from other runs on the same servers.
  const remoteAddress = `10.${randomBytes(3).join('.')}`
  for (let i = 0; i < count; i++) {
    hubs.push(await createTestHub(t, { store: storeUrl, plugins: [plugin], builtinPlugins: false, encryptionKeys, remoteAddress }))
  }
  return hubs
}

for (const { name, variable } of backends) {
  const server = process.env[variable]
  const skip = server === undefined && process.env.CI !== 'true' ? `${variable} is not set` : false

  t.test(`${name}: two instances on one store`, { skip }, async t => {
    if (server === undefined) throw new Error(`${variable} must be set when CI=true`)
    const url = ownNamespace(t, server)

    t.test('a config saved on A is served and usable on B at once', async t => {
      const plugin = probe()
      const [a, b] = await instances(t, url, plugin)
      const saved = await a!.api('PUT', `/api/integrations/${plugin.id}`, { config: { label: 'from A', token: 'right' } })
      t.equal(saved.status, 201)
      const read = await b!.api('GET', `/api/integrations/${plugin.id}`)
      t.equal(read.body.config.label, 'from A')
      t.same(read.body.secretsSet, ['token'])
      t.same((await b!.api('POST', `/api/integrations/${plugin.id}/actions/whoami`, {})).body, { label: 'from A' }, 'B decrypts and uses it')
      await b!.api('PUT', `/api/integrations/${plugin.id}`, { config: { label: 'from B' }, version: 1 })
      t.equal((await a!.api('GET', `/api/integrations/${plugin.id}`)).body.config.label, 'from B', 'and back: no stale cache')
    })

    t.test('no lost update: the same version on both instances, exactly one wins, many times', async t => {
      const plugin = probe(5)
      const [a, b] = await instances(t, url, plugin)
      await a!.api('PUT', `/api/integrations/${plugin.id}`, { config: { label: 'v1', token: 'right' } })
      // 14 rounds: two saves a round stay under the per-admin limit of 30 saves a minute, shared by both instances.
      const rounds = 14
      let conflicts = 0
      for (let round = 1; round <= rounds; round++) {
        const results = await Promise.all([a!, b!].map(async (hub, index) =>
          await hub.api('PUT', `/api/integrations/${plugin.id}`, { config: { label: `round ${round} by ${index}` }, version: round })))
        const statuses = results.map(result => result.status).sort()
        t.same(statuses, [200, 409], `round ${round}: one update, one conflict`)
        conflicts += statuses.filter(status => status === 409).length
        const winner = results.find(result => result.status === 200)!
        const stored = await b!.api('GET', `/api/integrations/${plugin.id}`)
        t.equal(stored.body.version, round + 1)
        t.equal(stored.body.config.label, winner.body.config.label, `round ${round}: the acknowledged update is the stored one`)
      }
      t.equal(conflicts, rounds)
    })

    t.test('a session started on A is valid on B; sign-out on B ends it on A', async t => {
      const plugin = probe()
      const [a, b] = await instances(t, url, plugin)
      const signIn = await a!.app.inject({ method: 'POST', url: '/auth/token', payload: { token: ADMIN_TOKEN } })
      const cookie = signIn.cookies.find(c => c.name === 'hub_session')!.value
      t.equal((await b!.app.inject({ url: '/api/integrations', cookies: { hub_session: cookie } })).statusCode, 200)
      await b!.app.inject({ method: 'POST', url: '/auth/logout', cookies: { hub_session: cookie } })
      t.equal((await a!.app.inject({ url: '/api/integrations', cookies: { hub_session: cookie } })).statusCode, 401)
    })

    t.test('an SSO login begun on A finishes on B, and the session works on both', async t => {
      const remoteAddress = `10.${randomBytes(3).join('.')}`
      const shared = { store: url, encryptionKeys, remoteAddress }
      // B is where the load balancer sends the provider's callback: both instances share its public URL.
      const b = await createTestHub(t, shared)
      const publicUrl = await b.app.listen({ port: 0, host: '127.0.0.1' })
      const a = await createTestHub(t, { ...shared, publicUrl: new URL(publicUrl) })
      const aUrl = await a.app.listen({ port: 0, host: '127.0.0.1' })
      const peer = await startOidcPeer({ redirectUris: [`${publicUrl}/auth/callback`] })
      t.teardown(() => peer.close())
      const sso = { provider: 'oidc', issuer: peer.url, clientId: peer.client.id, clientSecret: peer.client.secret, enabled: true, admins: ['ada@example.com'] }
      // The SSO settings have a fixed key on the shared server: start from none, leave none.
      await a.api('DELETE', '/api/integrations/sso')
      t.teardown(() => a.api('DELETE', '/api/integrations/sso'))
      t.equal((await a.api('PUT', '/api/integrations/sso', { config: sso })).status, 201, 'SSO saved')

      const browser = new Browser()
      const started = await browser.request(`${aUrl}/auth/login`)
      t.equal(started.status, 302, 'A starts the login')
      const callback = await passProviderPages(browser, started.headers.get('location')!, 'ada', next => next.pathname === '/auth/callback')
      t.equal(callback.origin, publicUrl, 'the provider sends the browser back to B')
      const finished = await browser.request(callback)
      t.equal(finished.status, 302, 'B finishes the login A began')
      for (const [name, base] of [['B', publicUrl], ['A', aUrl]]) {
        const me = await browser.request(`${base}/auth/me`)
        t.equal((await me.json()).email, 'ada@example.com', `signed in on ${name}`)
      }
    })

    t.test('rate limits count across instances', async t => {
      const plugin = probe()
      const [a, b] = await instances(t, url, plugin)
      const address = `10.9.${randomBytes(1)[0]}.${randomBytes(1)[0]}`
      const attempt = async (hub: TestHub) => (await hub.app.inject({ method: 'POST', url: '/auth/token', payload: { token: 'wrong' }, remoteAddress: address })).statusCode
      const statuses: number[] = []
      for (let i = 0; i < 12; i++) statuses.push(await attempt(i % 2 === 0 ? a! : b!))
      t.same(statuses.slice(0, 10), Array(10).fill(401), 'ten attempts in a minute, on either instance')
      t.same(statuses.slice(10), [429, 429], 'then both refuse')
    })

    t.test('the store going away: /readyz fails, the API answers 503, and both recover', async t => {
      const target = new URL(url)
      const proxy = await startTcpProxy({ targetHost: target.hostname, targetPort: Number(target.port) })
      t.teardown(() => proxy.close())
      const plugin = probe()
      const [hub] = await instances(t, proxy.url(url), plugin, 1)
      t.equal((await hub!.api('PUT', `/api/integrations/${plugin.id}`, { config: { label: 'kept', token: 'right' } })).status, 201)
      proxy.pause()
      const started = Date.now()
      const ready = await hub!.app.inject('/readyz')
      t.equal(ready.statusCode, 503)
      t.equal(ready.json().error, 'HUB_ERR_STORE_UNAVAILABLE')
      const api = await hub!.api('GET', `/api/integrations/${plugin.id}`)
      t.equal(api.status, 503)
      t.equal(api.body.message, 'The hub cannot reach its store right now; try again in a moment.')
      t.ok(Date.now() - started < 10_000, `answered in ${Date.now() - started} ms, not hung`)
      t.same((await hub!.app.inject('/healthz')).json(), { status: 'ok' }, 'the process stays up')
      proxy.resume()
      let recovered = false
      for (let attempt = 0; attempt < 50 && !recovered; attempt++) {
        recovered = (await hub!.app.inject('/readyz')).statusCode === 200
        if (!recovered) await new Promise(resolve => setTimeout(resolve, 200))
      }
      t.ok(recovered, 'ready again')
      const after = await hub!.api('GET', `/api/integrations/${plugin.id}`)
      t.equal(after.body.config?.label, 'kept', JSON.stringify(after.body))
    })
  })
}

t.test('closing drains in-flight requests before the store closes', async t => {
  const plugin = probe(300)
  const hub = await createTestHub(t, { plugins: [plugin], builtinPlugins: false })
  await hub.app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = hub.app.server.address() as { port: number }
  const inFlight = fetch(`http://127.0.0.1:${port}/api/integrations/${plugin.id}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ config: { label: 'draining', token: 'right' } })
  })
  await new Promise(resolve => setTimeout(resolve, 100))
  const closed = hub.app.close()
  const response = await inFlight
  t.equal(response.status, 201, 'the save in flight was completed and acknowledged')
  await closed
})
