/**
 * Two hub instances on one shared store (Redis with BullMQ, PostgreSQL with pg-boss), in keys or
 * tables of this file's own: over many intervals each connection is checked once per interval — not
 * once per instance — and never twice at the same time, counted where the checks arrive; a change of
 * health is announced once, not once per instance.
 */
import { randomBytes } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { Webhooks } from '../../../core/webhooks/webhooks.js'
import { ownNamespace } from '../../support/backends.js'
import { createTestHub, type TestHub } from '../../support/hub.js'
import { startWatchedService, watched } from '../../support/watched-service.js'

const INTERVAL = 400
const INTERVALS = 8
const CONNECTIONS = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6']
const encryptionKeys = [randomBytes(32)]

const backends = [
  { name: 'Redis', variable: 'REDIS_URL' },
  { name: 'PostgreSQL', variable: 'DATABASE_URL' }
] as const

for (const { name, variable } of backends) {
  const server = process.env[variable]
  const skip = server === undefined && process.env.CI !== 'true' ? `${variable} is not set` : false

  t.test(`${name}: two instances check each connection once an interval, one check at a time`, { skip }, async t => {
    if (server === undefined) throw new Error(`${variable} must be set when CI=true`)
    const emits = t.capture(Webhooks.prototype, 'emit', async () => {})
    const store = ownNamespace(t, server)
    // Long enough an answer that two checks of one connection at once would meet at the service.
    const service = await startWatchedService({ delayMs: 60 })
    t.teardown(() => service.close())
    // Rate limits are counted in the shared store: an address of this run's own.
    const remoteAddress = `10.${randomBytes(3).join('.')}`
    const hubs: TestHub[] = []
    for (let i = 0; i < 2; i++) hubs.push(await createTestHub(t, { store, encryptionKeys, remoteAddress, healthIntervalMs: INTERVAL, plugins: [watched], builtinPlugins: false }))

    // Created on either instance: each chain begins where its connection was created, then runs wherever a slot is free.
    for (const [index, connection] of CONNECTIONS.entries()) {
      const saved = await hubs[index % 2]!.api('PUT', `/api/integrations/watched/connections/${connection}`, { config: { serviceUrl: service.urlOf(connection), token: 'good-token' } })
      t.equal(saved.status, 201)
    }
    const firstChecked = Date.now() + 20_000
    while (CONNECTIONS.some(connection => (service.hits.get(connection) ?? 0) < 2)) {
      if (Date.now() > firstChecked) throw new Error(`not every connection was checked: ${JSON.stringify([...service.hits])}`)
      await sleep(20)
    }
    const before = new Map(service.hits)
    await sleep(INTERVALS * INTERVAL)
    for (const connection of CONNECTIONS) {
      const checks = service.hits.get(connection)! - before.get(connection)!
      t.ok(checks >= INTERVALS - 1 && checks <= INTERVALS + 1, `${connection}: ${checks} checks in ${INTERVALS} intervals`)
      t.equal(service.mostAtOnce.get(connection), 1, `${connection}: never two checks at once`)
    }
    for (const hub of hubs) {
      const { connections } = (await hub.api('GET', '/api/integrations/watched/connections')).body
      t.same(connections.map((connection: { health: { status: string } }) => connection.health.status), CONNECTIONS.map(() => 'healthy'), 'both instances read the same health')
    }

    service.token = 'rotated-token'
    await sleep(3 * INTERVAL)
    const failing = emits.calls.map(({ args: [, type, data] }) => ({ type, connection: data.connection })).filter(event => event.type === 'connection.failing')
    t.same(failing.map(event => event.connection).sort(), CONNECTIONS, 'each connection announced failing once')
  })
}
