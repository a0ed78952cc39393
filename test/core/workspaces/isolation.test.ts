/**
 * Workspaces never leak, as a property: for random pairs of workspaces, every route and every kind of
 * caller of one workspace (a scoped admin, viewer or allowlisted token, an expired or revoked one, an
 * SSO session), thousands of requests aimed at the other — and not one answer that reads, changes or
 * reveals its data. The bodies are searched for the other workspace's marks, and its stored data is
 * compared before and after each request. Set FUZZ_SEED to replay a run.
 */
import fc from 'fast-check'
import t, { type Test } from 'tap'
import { SessionStore } from '../../../core/security/sessions.js'
import { keys } from '../../../core/storage/keys.js'
import { MemoryStore } from '../../../core/storage/memory.js'
import beacon from '../../support/fixtures/beacon-plugin.js'
import { createTestHub, type TestHub } from '../../support/hub.js'
import { startBeaconPeer } from '../../support/peers/beacon.js'

const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000_000)
const WORKSPACES = ['north', 'south', 'east'] as const
type Ws = typeof WORKSPACES[number]
const CALLERS = ['admin', 'viewer', 'allowlisted', 'expired', 'revoked', 'session'] as const
type Caller = typeof CALLERS[number]

/** What only workspace `ws` holds: any of these in an answer to someone else is a leak. */
const marks = (ws: Ws): string[] => [`label-of-${ws}`, `subject-of-${ws}@example.com`, `Name of ${ws}`, `admin@${ws}.example`]

interface World {
  hub: TestHub
  store: MemoryStore
  /** Per workspace: each caller's Authorization or Cookie header. */
  credentials: Record<Ws, Record<Caller, Record<string, string>>>
  /** Per workspace: a token id and a session id of its own, to aim at. */
  ids: Record<Ws, { token: string, session: string }>
}

async function world (t: Test): Promise<World> {
  const peer = await startBeaconPeer()
  t.teardown(() => peer.close())
  const store = new MemoryStore()
  t.teardown(() => store.close())
  const hub = await createTestHub(t, { plugins: [beacon], builtinPlugins: false, store, env: { LOG_LEVEL: 'warn' } })
  const credentials = {} as World['credentials']
  const ids = {} as World['ids']
  const sessions = new SessionStore(store)
  for (const ws of WORKSPACES) {
    const ok = (status: number, what: string): void => { if (status >= 300) throw new Error(`${ws}: ${what} answered ${status}`) }
    ok((await hub.api('POST', '/api/workspaces', { id: ws, name: `Name of ${ws}` })).status, 'create')
    ok((await hub.api('PUT', `/api/workspaces/${ws}/integrations/beacon`, { config: { serviceUrl: peer.url, token: 'good-token', label: `label-of-${ws}` } })).status, 'save')
    ok((await hub.api('PUT', `/api/workspaces/${ws}/integrations/beacon/connections/backup`, { config: { serviceUrl: peer.url, token: 'good-token', label: `label-of-${ws}` } })).status, 'save backup')
    ok((await hub.api('PUT', `/api/workspaces/${ws}/integrations/sso?force=true`, {
      config: { provider: 'oidc', issuer: 'http://127.0.0.1:9/', clientId: `client-${ws}`, clientSecret: 'secret', enabled: true, admins: [`admin@${ws}.example`] }
    })).status, 'sso')
    const mint = async (grant: Record<string, unknown>) => (await hub.api('POST', `/api/workspaces/${ws}/tokens`, { subject: `subject-of-${ws}@example.com`, role: 'admin', ...grant })).body
    const admin = await mint({})
    const viewer = await mint({ role: 'viewer' })
    const allowlisted = await mint({ integrations: ['sso'] })
    const expired = await mint({})
    const record = await store.get<Record<string, unknown>>(keys.token(ws, expired.id))
    await store.set(keys.token(ws, expired.id), { ...record, expiresAt: new Date(Date.now() - 1000).toISOString() }, 3_600_000)
    const revoked = await mint({})
    await hub.api('DELETE', `/api/workspaces/${ws}/tokens/${revoked.id}`)
    const epoch = (await store.get<{ epoch: string }>(keys.workspace(ws)))!.epoch
    const cookie = await sessions.create({ id: ws, epoch },
      { sub: `sub-${ws}`, via: 'sso', email: `admin@${ws}.example`, emailVerified: true })
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
    credentials[ws] = {
      admin: bearer(admin.token),
      viewer: bearer(viewer.token),
      allowlisted: bearer(allowlisted.token),
      expired: bearer(expired.token),
      revoked: bearer(revoked.token),
      session: { authorization: '', cookie: `hub_session=${cookie}`, origin: 'http://127.0.0.1' }
    }
    const listed = await hub.api('GET', `/api/workspaces/${ws}/sessions`)
    ids[ws] = { token: admin.id, session: listed.body.sessions[0].id }
  }
  return { hub, store, credentials, ids }
}

/** Everything workspace `ws` holds, as text: records, logs and its registry entry. */
async function snapshot (store: MemoryStore, ws: Ws): Promise<string> {
  const records = await store.list(`ws/${ws}/`)
  const audit = await store.recent(keys.audit(ws), 1000)
  return JSON.stringify([records, audit, await store.get(keys.workspace(ws))])
}

/** Requests aimed at `victim`'s data by path, and the short forms (the caller's own workspace). */
const request = (victim: Ws, ids: World['ids']) => fc.oneof(
  fc.constantFrom(
    { method: 'GET', url: `/api/workspaces/${victim}` },
    { method: 'PATCH', url: `/api/workspaces/${victim}`, body: { name: 'taken over' } },
    { method: 'DELETE', url: `/api/workspaces/${victim}` },
    { method: 'GET', url: '/api/workspaces' },
    { method: 'POST', url: '/api/workspaces', body: { id: victim, name: 'again' } },
    { method: 'GET', url: `/api/workspaces/${victim}/integrations` },
    { method: 'GET', url: `/api/workspaces/${victim}/integrations/beacon` },
    { method: 'GET', url: `/api/workspaces/${victim}/integrations/sso` },
    { method: 'PUT', url: `/api/workspaces/${victim}/integrations/beacon`, body: { config: { serviceUrl: 'http://127.0.0.1:9', label: 'x' }, version: 1 } },
    { method: 'DELETE', url: `/api/workspaces/${victim}/integrations/beacon` },
    { method: 'POST', url: `/api/workspaces/${victim}/integrations/beacon/test`, body: {} },
    { method: 'GET', url: `/api/workspaces/${victim}/integrations/beacon/connections` },
    { method: 'GET', url: `/api/workspaces/${victim}/integrations/beacon/connections/backup` },
    { method: 'PUT', url: `/api/workspaces/${victim}/integrations/beacon/connections/backup`, body: { config: { serviceUrl: 'http://127.0.0.1:9', token: 't', label: 'x' } } },
    { method: 'DELETE', url: `/api/workspaces/${victim}/integrations/beacon/connections/backup` },
    { method: 'POST', url: `/api/workspaces/${victim}/integrations/beacon/connections/backup/test`, body: {} },
    { method: 'POST', url: `/api/workspaces/${victim}/integrations/beacon/actions/ping`, body: { text: 'hi' } },
    { method: 'POST', url: `/api/workspaces/${victim}/integrations/beacon/actions/ping?connection=backup`, body: { text: 'hi' } },
    { method: 'GET', url: `/api/workspaces/${victim}/audit` },
    { method: 'GET', url: `/api/workspaces/${victim}/audit?integration=beacon` },
    { method: 'GET', url: `/api/workspaces/${victim}/tokens` },
    { method: 'POST', url: `/api/workspaces/${victim}/tokens`, body: { subject: 'intruder', role: 'admin' } },
    { method: 'DELETE', url: `/api/workspaces/${victim}/tokens/${ids[victim].token}` },
    { method: 'GET', url: `/api/workspaces/${victim}/sessions` },
    { method: 'DELETE', url: `/api/workspaces/${victim}/sessions/${ids[victim].session}` },
    { method: 'POST', url: `/api/workspaces/${victim}/sso/tickets/redeem`, body: { ticket: `${victim}.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa` } },
    // The short forms: the caller's own workspace, never the victim's.
    { method: 'GET', url: '/api/integrations' },
    { method: 'GET', url: '/api/integrations/beacon' },
    { method: 'GET', url: '/api/integrations/beacon/connections' },
    { method: 'DELETE', url: `/api/tokens/${ids[victim].token}` },
    { method: 'DELETE', url: `/api/sessions/${ids[victim].session}` },
    { method: 'GET', url: '/api/audit' },
    { method: 'GET', url: '/api/me' }
  ),
  // Odd spellings of the victim's id in the path.
  fc.constantFrom(victim.toUpperCase(), `${victim}%2F..`, `${victim}/../${victim}`, `%20${victim}`, encodeURIComponent(victim)).map(spelling => ({ method: 'GET', url: `/api/workspaces/${spelling}/integrations/beacon` }))
)

t.comment(`isolation seed ${seed} (replay with FUZZ_SEED=${seed})`)

t.test('no caller of one workspace reads, changes or learns of another workspace’s data', async t => {
  const w = await world(t)
  const pairs = fc.tuple(fc.constantFrom(...WORKSPACES), fc.constantFrom(...WORKSPACES), fc.constantFrom(...CALLERS)).filter(([victim, attacker]) => victim !== attacker)
  let requests = 0
  const statuses = new Map<number, number>()
  await fc.assert(fc.asyncProperty(pairs.chain(([victim, attacker, caller]) => fc.tuple(fc.constant(victim), fc.constant(attacker), fc.constant(caller), request(victim, w.ids))), async ([victim, attacker, caller, req]) => {
    const before = await snapshot(w.store, victim)
    const res = await w.hub.api(req.method, req.url, (req as { body?: unknown }).body, w.credentials[attacker][caller])
    requests++
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
    const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body ?? '')
    for (const mark of marks(victim)) {
      if (text.includes(mark)) throw new Error(`${caller} of ${attacker}: ${req.method} ${req.url} answered ${res.status} with ${victim}'s "${mark}": ${text.slice(0, 300)}`)
    }
    if (res.status >= 500) throw new Error(`${req.method} ${req.url} answered ${res.status}: ${text.slice(0, 300)}`)
    const addressed = req.url.includes(`/workspaces/${victim}`)
    if (addressed && res.status < 400) throw new Error(`${caller} of ${attacker}: ${req.method} ${req.url} answered ${res.status}`)
    if (await snapshot(w.store, victim) !== before) throw new Error(`${caller} of ${attacker}: ${req.method} ${req.url} (${res.status}) changed ${victim}'s data`)
  }), { numRuns: Number(process.env.ISOLATION_RUNS ?? 3000), seed })
  t.comment(`${requests} requests; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`)
  t.ok(requests >= 1000, 'thousands of requests were made')

  // And the workspaces' own callers still see their own data: the property is not vacuous.
  for (const caller of ['admin', 'viewer', 'session'] as const) {
    const own = await w.hub.api('GET', '/api/integrations', undefined, w.credentials.north[caller])
    t.equal(own.status, 200, `${caller}: its own workspace answers`)
    t.ok(own.body.integrations.some((entry: { id: string }) => entry.id === 'beacon'))
  }
  t.ok((statuses.get(404) ?? 0) > 500 && (statuses.get(401) ?? 0) > 0 && (statuses.get(200) ?? 0) > 0, 'the runs reached every kind of answer')
})

t.test('a workspace that does not exist and one that is not yours answer the same bytes', async t => {
  const w = await world(t)
  for (const caller of ['admin', 'viewer', 'allowlisted', 'session'] as const) {
    for (const [method, path] of [['GET', '/integrations'], ['GET', '/integrations/beacon'], ['DELETE', '/integrations/beacon'], ['GET', '/audit'], ['GET', '/tokens'], ['GET', '/sessions'], ['GET', ''], ['PATCH', ''], ['DELETE', '']] as const) {
      const body = method === 'PATCH' ? { name: 'x' } : undefined
      const theirs = await w.hub.api(method, `/api/workspaces/south${path}`, body, w.credentials.north[caller])
      const nobodys = await w.hub.api(method, `/api/workspaces/zzz-no-such${path}`, body, w.credentials.north[caller])
      t.equal(theirs.status, nobodys.status, `${caller}: ${method} ${path} — the same status (${theirs.status})`)
      t.same(JSON.stringify(theirs.body).replaceAll('south', 'zzz-no-such'), JSON.stringify(nobodys.body), `${caller}: ${method} ${path} — the same answer`)
    }
  }
})
