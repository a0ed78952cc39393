/**
 * Scheduled re-checks through a real hub (SQLite, its job table) against a service whose token can
 * be revoked or expire: a connection turns failing within an interval and recovers, each announced
 * once; an expiring token is announced at 30 days and again at 7 for a new date; "Check now" records
 * health too; a scheduled check is one write of the connection's record; the history keeps the
 * newest 20 checks; a deleted connection or workspace is no longer checked. The announcements are
 * counted where the hub hands them to its webhooks (Webhooks#emit).
 */
import { setTimeout as sleep } from 'node:timers/promises'
import t, { type Test } from 'tap'
import { openHubCore } from '../../../core/hub/open.js'
import { SqliteJobEngine } from '../../../core/jobs/sqlite.js'
import { CachedStore } from '../../../core/storage/cached.js'
import { keys } from '../../../core/storage/keys.js'
import { SqliteStore } from '../../../core/storage/sqlite.js'
import { Webhooks } from '../../../core/webhooks/webhooks.js'
import { createTestHub, LOCAL_PEERS, type TestHub } from '../../support/hub.js'
import { startWatchedService, watched, type WatchedService } from '../../support/watched-service.js'

const INTERVAL = 300
/** A check falls due at most 1.2 intervals after the one before; the job engine and the test's polling add a little. */
const WITHIN_AN_INTERVAL = 1.2 * INTERVAL + 250
const DAY_MS = 24 * 60 * 60 * 1000
const HEALTH_EVENTS = new Set(['connection.failing', 'connection.recovered', 'credential.expiring'])

async function until<T> (what: string, probe: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(20)
  }
}

/** The health events the hub hands to the workspace's webhooks, from now on. */
function announcements (t: Test): () => Array<{ workspace: string, type: string, data: Record<string, unknown> }> {
  const emits = t.capture(Webhooks.prototype, 'emit', async () => {})
  return () => emits.calls
    .map(({ args: [workspace, type, data] }) => ({ workspace: workspace.id, type, data }))
    .filter(event => HEALTH_EVENTS.has(event.type))
}

async function watchedHub (t: Test, intervalMs = INTERVAL): Promise<{ hub: TestHub, service: WatchedService }> {
  const service = await startWatchedService()
  t.teardown(() => service.close())
  const hub = await createTestHub(t, { healthIntervalMs: intervalMs, plugins: [watched], builtinPlugins: false })
  return { hub, service }
}

async function healthOf (hub: TestHub, path = '/api/integrations/watched'): Promise<any> {
  const view = await hub.api('GET', path)
  if (view.status !== 200) throw new Error(`GET ${path}: ${view.status} ${JSON.stringify(view.body)}`)
  return view.body.health
}

const healthIs = (hub: TestHub, status: string, path?: string) => async () => {
  const health = await healthOf(hub, path)
  return health.status === status ? health : undefined
}

t.test('a revoked token turns the connection failing within an interval, announced once; its recovery too', async t => {
  const announced = announcements(t)
  const { hub, service } = await watchedHub(t)
  t.equal((await hub.api('PUT', '/api/integrations/watched', { config: { serviceUrl: service.urlOf('a'), token: 'good-token' } })).status, 201)
  const planned = await until('the first check planned', async () => {
    const health = await healthOf(hub)
    return health.nextCheckAt === null ? undefined : health
  })
  t.match(planned, { status: 'unknown', checkedAt: null, history: [] }, 'not checked yet, but planned')
  const healthy = await until('the first check', healthIs(hub, 'healthy'))
  t.match(healthy, { checkedAt: String, nextCheckAt: String, history: [{ ok: true, message: 'Connection successful.' }] })
  t.ok(Date.parse(healthy.nextCheckAt) > Date.parse(healthy.checkedAt), 'the next check is planned after this one')

  service.token = 'rotated-token'
  const revokedAt = Date.now()
  const failing = await until('the check that fails', healthIs(hub, 'failing'))
  const tookMs = Date.now() - revokedAt
  t.ok(tookMs <= WITHIN_AN_INTERVAL, `failing ${tookMs} ms after the token was revoked (interval ${INTERVAL} ms)`)
  t.match(failing, { code: 'INVALID_TOKEN', message: 'Invalid API Token', history: [{ ok: false, code: 'INVALID_TOKEN', message: 'Invalid API Token' }, { ok: true }] })
  const catalog = (await hub.api('GET', '/api/integrations')).body.integrations.find((entry: { id: string }) => entry.id === 'watched')
  t.match(catalog, { connections: 1, failing: 1, expiring: 0 }, 'the catalog counts it')

  const hitsWhileFailing = service.hits.get('a')!
  await sleep(3 * INTERVAL)
  t.ok(service.hits.get('a')! >= hitsWhileFailing + 2, 'it is still checked while failing')
  t.same(announced().map(event => event.type), ['connection.failing'], 'announced once, not at every failed check')
  t.same(announced()[0], {
    workspace: 'default',
    type: 'connection.failing',
    data: { integration: 'watched', connection: 'default', code: 'INVALID_TOKEN', message: 'Invalid API Token', checkedAt: failing.checkedAt }
  })

  service.token = 'good-token'
  const mendedAt = Date.now()
  await until('the check that passes again', healthIs(hub, 'healthy'))
  t.ok(Date.now() - mendedAt <= WITHIN_AN_INTERVAL, 'healthy again within an interval')
  await sleep(3 * INTERVAL)
  t.same(announced().map(event => event.type), ['connection.failing', 'connection.recovered'], 'recovered once')
  t.match(announced()[1]!.data, { integration: 'watched', connection: 'default', checkedAt: String })
  t.notMatch(JSON.stringify(announced()), /good-token|rotated-token/, 'no secret in any announcement')

  const connections = await hub.api('GET', '/api/integrations/watched/connections')
  t.match(connections.body.connections, [{ name: 'default', health: { status: 'healthy', nextCheckAt: String, history: Array } }], 'each connection in the list carries its health')
  const audit = await hub.api('GET', '/api/audit?integration=watched')
  t.same(audit.body.entries.map((entry: { action: string }) => entry.action), ['create'], 'scheduled checks stay out of the audit trail')
})

t.test('an update that mends a failing connection: the schedule goes on, and the next check announces the recovery', async t => {
  const announced = announcements(t)
  const { hub, service } = await watchedHub(t)
  await hub.api('PUT', '/api/integrations/watched', { config: { serviceUrl: service.urlOf('a'), token: 'good-token' } })
  service.token = 'rotated-token'
  const failing = await until('the failing check', healthIs(hub, 'failing'))
  const updated = await hub.api('PUT', '/api/integrations/watched', { version: 1, config: { serviceUrl: service.urlOf('a'), token: 'rotated-token' } })
  t.equal(updated.status, 200)
  t.match(updated.body.health, { status: 'failing', checkedAt: failing.checkedAt, nextCheckAt: String }, 'until the next check, the last one stands')
  await until('the next check', healthIs(hub, 'healthy'))
  t.same(announced().map(event => event.type), ['connection.failing', 'connection.recovered'])
  t.match((await healthOf(hub)).history, [{ ok: true }, { ok: false }], 'one history across the update')
})

t.test('a token that expires in 20 days: expiring, announced at 30 days once, and at 7 for a new date', async t => {
  const announced = announcements(t)
  const { hub, service } = await watchedHub(t)
  const in20Days = new Date(Date.now() + 20 * DAY_MS).toISOString()
  service.tokenExpiresAt = in20Days
  await hub.api('PUT', '/api/integrations/watched', { config: { serviceUrl: service.urlOf('a'), token: 'good-token' } })
  const expiring = await until('the first check', healthIs(hub, 'expiring'))
  t.match(expiring, { expiresAt: in20Days, expiresWhat: 'API Token', history: [{ ok: true }] })
  t.notOk('code' in expiring || 'message' in expiring, 'it works: no failure to tell')
  const catalog = (await hub.api('GET', '/api/integrations')).body.integrations.find((entry: { id: string }) => entry.id === 'watched')
  t.match(catalog, { connections: 1, failing: 0, expiring: 1 })

  const checks = service.hits.get('a')!
  await sleep(3 * INTERVAL)
  t.ok(service.hits.get('a')! >= checks + 2, 'checked again meanwhile')
  t.same(announced(), [{ workspace: 'default', type: 'credential.expiring', data: { integration: 'watched', connection: 'default', what: 'API Token', expiresAt: in20Days, days: 30 } }], 'the 30-day notice, once')

  // The token was replaced by one that ends sooner: a new date starts over, at its nearest threshold.
  const in5Days = new Date(Date.now() + 5 * DAY_MS).toISOString()
  service.tokenExpiresAt = in5Days
  await until('the new date', async () => (await healthOf(hub)).expiresAt === in5Days ? true : undefined)
  await sleep(3 * INTERVAL)
  t.same(announced().map(event => event.data.days), [30, 7], 'one more notice, for 7 days (not one for 30 as well)')
  t.equal(announced()[1]!.data.expiresAt, in5Days)

  service.tokenExpiresAt = undefined
  await until('a token that no longer expires', healthIs(hub, 'healthy'))
  const healthy = await healthOf(hub)
  t.notOk('expiresAt' in healthy, 'no end known any more')
  t.same(announced().map(event => event.type), ['credential.expiring', 'credential.expiring'], 'nothing failed or recovered')
})

t.test('"Check now" records health and announces, with scheduled checks off', async t => {
  const announced = announcements(t)
  const { hub, service } = await watchedHub(t, 0)
  await hub.api('PUT', '/api/integrations/watched', { config: { serviceUrl: service.urlOf('a'), token: 'good-token' } })
  t.match(await healthOf(hub), { status: 'unknown', checkedAt: null, nextCheckAt: null, history: [] })

  service.token = 'rotated-token'
  const test = await hub.api('POST', '/api/integrations/watched/test')
  t.match(test.body, { ok: false, code: 'INVALID_TOKEN' })
  const failing = await until('the check recorded', healthIs(hub, 'failing'))
  t.match(failing, { nextCheckAt: null, history: [{ ok: false, code: 'INVALID_TOKEN' }] }, 'no scheduled check planned')

  service.token = 'good-token'
  await hub.api('POST', '/api/integrations/watched/test')
  await until('the recovery recorded', healthIs(hub, 'healthy'))
  await until('both announced', async () => announced().length === 2 ? true : undefined)
  t.same(announced().map(event => event.type), ['connection.failing', 'connection.recovered'])

  await hub.api('POST', '/api/integrations/watched/test', { config: { serviceUrl: service.urlOf('a'), token: 'rotated-token' } })
  await sleep(200)
  t.equal((await healthOf(hub)).history.length, 2, 'a test of a draft is no check of the stored settings')
  await sleep(INTERVAL)
  t.equal(service.hits.get('a'), 4, 'the save and three tests, nothing scheduled')
})

t.test('a scheduled check is one write of the connection’s record: its last test, health and history together', async t => {
  const writes = t.capture(SqliteStore.prototype, 'update', SqliteStore.prototype.update)
  const { hub, service } = await watchedHub(t)
  await hub.api('PUT', '/api/integrations/watched', { config: { serviceUrl: service.urlOf('a'), token: 'good-token' } })
  await until('three checks', async () => (await healthOf(hub)).history.length >= 3 ? true : undefined)
  const record = keys.integration('default', 'watched')
  // Read between two counts that agree, so that no check wrote in between.
  const { history, counted } = await until('a quiet moment', async () => {
    const before = writes.calls.filter(call => call.args[0] === record).length
    const { history } = await healthOf(hub)
    const after = writes.calls.filter(call => call.args[0] === record).length
    return before === after ? { history, counted: after } : undefined
  })
  t.equal(counted, 2 + history.length, `the save, the first plan, and one write for each of the ${history.length} checks`)
  const view = (await hub.api('GET', '/api/integrations/watched')).body
  t.match(view.lastTest, { ok: true, at: history[0].at }, 'the last test is the newest check')
})

t.test('checks are kept an hour once finished and need not wait for the disk; sweeps wait for it', async t => {
  const defined = t.capture(SqliteJobEngine.prototype, 'define', SqliteJobEngine.prototype.define)
  await watchedHub(t)
  const options = Object.fromEntries(defined.calls.map(({ args: [kind, , options] }) => [kind, options]))
  t.match(options['health-check'], { keepFinishedMs: 60 * 60 * 1000, durable: false })
  t.match(options['health-sweep'], { keepFinishedMs: 60 * 60 * 1000 })
  t.not(options['health-sweep']?.durable, false, 'a lost sweep would leave lost checks unplanned')
})

t.test('the history keeps the newest 20 checks, newest first', async t => {
  const { hub, service } = await watchedHub(t, 100)
  await hub.api('PUT', '/api/integrations/watched', { config: { serviceUrl: service.urlOf('a'), token: 'good-token' } })
  await until('25 checks', async () => (service.hits.get('a') ?? 0) >= 26 ? true : undefined, 15_000)
  const { history, checkedAt } = await healthOf(hub)
  t.equal(history.length, 20)
  t.equal(history[0].at, checkedAt, 'the newest first')
  t.same([...history].sort((a: { at: string }, b: { at: string }) => b.at.localeCompare(a.at)), history, 'in order')
})

t.test('a deleted connection is no longer checked; one created again under its name starts over', async t => {
  const { hub, service } = await watchedHub(t, 200)
  for (const name of ['a', 'b']) {
    t.equal((await hub.api('PUT', `/api/integrations/watched/connections/${name}`, { config: { serviceUrl: service.urlOf(name), token: 'good-token' } })).status, 201)
  }
  await until('both checked twice', async () => (service.hits.get('a') ?? 0) >= 3 && (service.hits.get('b') ?? 0) >= 3 ? true : undefined)
  t.equal((await hub.api('DELETE', '/api/integrations/watched/connections/b')).status, 204)
  const hitsOfA = service.hits.get('a')!
  const hitsOfB = service.hits.get('b')!
  await sleep(5 * 200)
  t.ok(service.hits.get('b')! <= hitsOfB + 1, `b: ${service.hits.get('b')! - hitsOfB} checks after its deletion (one may have begun before)`)
  t.ok(service.hits.get('a')! >= hitsOfA + 3, 'a goes on')

  await hub.api('PUT', '/api/integrations/watched/connections/b', { config: { serviceUrl: service.urlOf('b'), token: 'good-token' } })
  t.same((await healthOf(hub, '/api/integrations/watched/connections/b')).history, [], 'the checks of the deleted one are not its own')
  await until('the new b checked', healthIs(hub, 'healthy', '/api/integrations/watched/connections/b'))
  t.equal((await healthOf(hub, '/api/integrations/watched/connections/b')).history.length, 1)
})

t.test('a deleted workspace: its connections are no longer checked', async t => {
  const { hub, service } = await watchedHub(t, 200)
  t.equal((await hub.api('POST', '/api/workspaces', { id: 'acme', name: 'Acme' })).status, 201)
  await hub.api('PUT', '/api/workspaces/acme/integrations/watched', { config: { serviceUrl: service.urlOf('acme'), token: 'good-token' } })
  await until('a check', async () => (service.hits.get('acme') ?? 0) >= 2 ? true : undefined)
  t.equal((await hub.api('DELETE', '/api/workspaces/acme')).status, 204)
  const hits = service.hits.get('acme')!
  await sleep(5 * 200)
  t.ok(service.hits.get('acme')! <= hits + 1, `${service.hits.get('acme')! - hits} checks after the workspace went`)
})

t.test('at start, a sweep plans checks for connections stored while checks were off', async t => {
  const service = await startWatchedService()
  t.teardown(() => service.close())
  const dataDir = t.testdir()
  const before = await createTestHub(t, { dataDir, healthIntervalMs: 0, plugins: [watched], builtinPlugins: false })
  for (const name of ['a', 'b']) await before.api('PUT', `/api/integrations/watched/connections/${name}`, { config: { serviceUrl: service.urlOf(name), token: 'good-token' } })
  await before.app.close()

  // The sweep reads every workspace's connections past the read cache, which keeps what requests read.
  const throughCache: string[] = []
  const list = CachedStore.prototype.list
  CachedStore.prototype.list = async function (this: CachedStore, prefix, options) {
    throughCache.push(prefix)
    return await list.call(this, prefix, options)
  } as typeof list
  t.teardown(() => { CachedStore.prototype.list = list })

  // The hub's start (core/hub/open.ts) starts the job engine, then the monitor's sweep.
  const core = await openHubCore({ dataDir, store: `sqlite://${dataDir}/hub.sqlite`, healthIntervalMs: INTERVAL, plugins: [watched], builtinPlugins: false, allowPrivateNetwork: LOCAL_PEERS, outboundTimeoutMs: 5000, maxConcurrentRuns: 8, log: before.app.log })
  t.teardown(() => core.close())
  await core.start()
  const workspace = (await core.workspaces.get('default'))!
  for (const name of ['a', 'b']) {
    const health = await until(`${name} checked`, async () => {
      const view = await core.service.view({ workspace, integration: 'watched', connection: name })
      return view.health?.status === 'healthy' ? view.health : undefined
    })
    t.match(health, { nextCheckAt: String, history: [{ ok: true }] }, `${name} is checked, and its next check planned`)
  }
  t.same(throughCache.filter(prefix => prefix.startsWith(keys.integration('default', ''))), [], 'the sweep listed no connections through the read cache')
})
