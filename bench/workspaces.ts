/**
 * (f) SQLite and (g) PostgreSQL: workspaces at scale (issue #15). A hub whose store holds 10 000
 * workspaces × 4 configured integrations (BENCH_WORKSPACES for another number) beside a hub with one,
 * measured side by side in the same run:
 *   - Save with test, `PUT /api/integrations/smtp` with a scoped token of one of those workspaces,
 *     against the bench's SMTP server, through `app.inject` as (b): both hubs' saves interleaved with
 *     nodemailer `verify()` of the same server, and each hub's overhead over it;
 *   - `DELETE /api/workspaces/:ws` of a workspace with 4 connections, audit entries and scoped tokens,
 *     in the store of 10 000 and in one of 10, taking turns;
 *   - the catalog, `GET /api/integrations` with that scoped token, each hub in its own process over
 *     real sockets as (a), in rounds alternating with the hub of one workspace and a bare Fastify
 *     route serving the same bytes.
 * The stores are filled before any hub opens them (populate.ts); the time that takes is reported.
 */
import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { SecretBox } from '../core/security/secret-box.js'
import { buildApp } from '../core/standalone/app.js'
import { readSettings } from '../core/standalone/settings.js'
import { alternate, closedLoop, median, roundRatios } from './load.js'
import { ADMIN_TOKEN, startChild, stopChild, type Child } from './processes.js'
import { populate, workspaceId } from './populate.js'
import { count, goal, ratio2, round1, roundsResult, skipped, type Row } from './report.js'
import { startSmtpPeer, type SmtpPeer } from './smtp-peer.js'
import { postgresBackend, sqliteBackend, type BenchStore, type StoreBackend } from './stores.js'

const DEFAULT_WORKSPACES = 10_000
/** The store the deletes are compared with. */
const FEW_WORKSPACES = 10
const CONNECTIONS = 10
const ROUNDS = 5
const DURATION_MS = 1500
/** Before each measurement, after one warm-up of WARMUP_MS per server before the first round. */
const ROUND_WARMUP_MS = 500
const WARMUP_MS = 1000
const SAVE_WARMUPS = 5
const SAVE_RUNS = 50
/** One delete to warm each hub up, then the measured ones. */
const DELETE_WARMUPS = 1
const DELETES = 30
/** Tests of the stored settings in each workspace deleted: an audit entry each, beside those of its four saves. */
const VICTIM_TESTS = 6
/** Settings where nothing listens: every connection test fails at once, and `?force=true` stores them anyway. */
const UNREACHABLE_SETTINGS = {
  sso: { provider: 'oidc', issuer: 'http://127.0.0.1:9', clientId: 'hub', clientSecret: 'secret', enabled: false },
  jira: { serviceUrl: 'https://127.0.0.1:9', apiToken: 'token', email: 'ada@example.com' },
  servicenow: { serviceUrl: 'https://127.0.0.1:9', clientId: 'hub', clientSecret: 'secret', username: 'hub', password: 'password' },
  smtp: { host: '127.0.0.1', port: 9, security: 'starttls', email: 'mailer@example.com', password: 'password' }
}
/**
 * People of a workspace, a scoped admin token each. Saves take turns between them, so none reaches
 * the limit on connection tests (30 a minute per person).
 */
const SUBJECTS = ['ada@example.com', 'grace@example.com', 'edsger@example.com']
/** Goals: the hub of many workspaces within 1.25× of the hub of one; its catalog ≥ 0.80 of the bare route. */
const WITHIN = 1.25
const CATALOG_GOAL = 0.8

export async function measureWorkspacesOnSqlite (): Promise<Row[]> {
  return await measureWorkspaces(sqliteBackend(), '(f)')
}

export async function measureWorkspacesOnPostgres (): Promise<Row[]> {
  const url = process.env.DATABASE_URL
  if (url === undefined || url === '') return [skipped('(g) workspaces at scale on PostgreSQL', 'DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test)')]
  return await measureWorkspaces(postgresBackend(url), '(g)')
}

function workspaceCount (): number {
  const raw = process.env.BENCH_WORKSPACES
  if (raw === undefined || raw === '') return DEFAULT_WORKSPACES
  const value = Number(raw)
  if (!Number.isInteger(value) || value < FEW_WORKSPACES) throw new Error(`BENCH_WORKSPACES must be a whole number from ${FEW_WORKSPACES}, got "${raw}"`)
  return value
}

async function measureWorkspaces (backend: StoreBackend, tag: string): Promise<Row[]> {
  const many = workspaceCount()
  const masterKey = randomBytes(32)
  const peer = await startSmtpPeer()
  try {
    const stores = { one: await backend.create('one'), few: await backend.create('few'), many: await backend.create('many') }
    const fill = async (store: BenchStore, workspaces: number): Promise<number> => {
      const started = performance.now()
      await store.fill(async url => { await populate(url, new SecretBox([masterKey]), { workspaces, smtp: peer.config }) })
      return performance.now() - started
    }
    progress(`writing ${count(many)} workspaces into ${backend.name}`)
    await fill(stores.one, 1)
    await fill(stores.few, FEW_WORKSPACES)
    const populationMs = await fill(stores.many, many)
    progress(`written in ${round1(populationMs / 1000)} s; saves and deletes`)
    const measured = { one: workspaceId(0, 1), many: workspaceId(Math.floor(many / 2), many) }

    const hubs = {
      one: await openHub(stores.one, masterKey, peer),
      few: await openHub(stores.few, masterKey, peer),
      many: await openHub(stores.many, masterKey, peer)
    }
    let tokens: { one: string[], many: string[] }
    let save: Awaited<ReturnType<typeof measureSave>>
    let deletes: Awaited<ReturnType<typeof measureDeletes>>
    try {
      tokens = { one: await mintTokens(hubs.one, measured.one), many: await mintTokens(hubs.many, measured.many) }
      await checkPopulation(hubs.one, tokens.one[0]!)
      await checkPopulation(hubs.many, tokens.many[0]!)
      save = await measureSave(peer, { app: hubs.one, tokens: tokens.one }, { app: hubs.many, tokens: tokens.many })
      deletes = await measureDeletes(hubs.few, hubs.many)
    } finally {
      for (const hub of Object.values(hubs)) await hub.close()
    }
    progress('catalog rounds')
    const catalog = await measureCatalog({ store: stores.one, token: tokens.one[0]! }, { store: stores.many, token: tokens.many[0]! }, masterKey)

    const scale = `${count(many)} workspaces vs 1`
    return [
      {
        benchmark: `${tag} ${backend.name}: ${count(many)} workspaces × 4 connections written through the store API, before the hub opens it`,
        hub: `${round1(populationMs / 1000)} s`,
        baseline: '—',
        result: `${(populationMs / many).toFixed(2)} ms per workspace`,
        goal: '—'
      },
      {
        benchmark: `${tag} Save with test, PUT smtp, scoped token: overhead over nodemailer verify (${round1(save.verify)} ms), ms at the median of ${SAVE_RUNS}, ${scale}`,
        hub: `${round1(save.many)} (save ${round1(save.manySave)})`,
        baseline: `${round1(save.one)} (save ${round1(save.oneSave)}, 1 workspace)`,
        result: `×${ratio2(save.many / save.one)} (${save.many >= save.one ? '+' : ''}${round1(save.many - save.one)} ms)`,
        goal: goal(`≤ ${ratio2(WITHIN)}`, save.many / save.one <= WITHIN)
      },
      {
        benchmark: `${tag} DELETE /api/workspaces/:ws (4 connections, ${4 + VICTIM_TESTS} audit entries, ${SUBJECTS.length} tokens), ms, median of ${DELETES}, store of ${count(many)} vs ${FEW_WORKSPACES}`,
        hub: round1(deletes.many),
        baseline: `${round1(deletes.few)} (${FEW_WORKSPACES} workspaces)`,
        result: `×${ratio2(deletes.many / deletes.few)}`,
        goal: goal(`≈ 1 (≤ ${ratio2(WITHIN)})`, deletes.many / deletes.few <= WITHIN)
      },
      {
        benchmark: `${tag} hub start until it listens, ms (once each, in its own process), ${scale}`,
        hub: round1(catalog.manyListeningMs),
        baseline: `${round1(catalog.oneListeningMs)} (1 workspace)`,
        result: `×${ratio2(catalog.manyListeningMs / catalog.oneListeningMs)}`,
        goal: '—'
      },
      {
        benchmark: `${tag} GET /api/integrations, scoped token, req/s, median of ${ROUNDS}×${DURATION_MS / 1000} s (${catalog.bytes} B, ${CONNECTIONS} conns${catalog.errors > 0 ? `, ${catalog.errors} errors` : ''}), ${scale}`,
        hub: Math.round(catalog.many).toString(),
        baseline: `${Math.round(catalog.one)} (1 workspace)`,
        result: roundsResult(catalog.manyVsOne, catalog.manyVsOneRounds),
        goal: goal(`≥ ${ratio2(1 / WITHIN)}`, catalog.manyVsOne >= 1 / WITHIN)
      },
      {
        benchmark: `${tag} the same catalog (${count(many)} workspaces, scoped token) vs a bare Fastify route serving its bytes`,
        hub: Math.round(catalog.many).toString(),
        baseline: `${Math.round(catalog.bare)} (bare Fastify)`,
        result: roundsResult(catalog.manyVsBare, catalog.manyVsBareRounds),
        goal: goal(`≥ ${ratio2(CATALOG_GOAL)}`, catalog.manyVsBare >= CATALOG_GOAL)
      }
    ]
  } finally {
    await peer.close()
    await backend.dispose()
  }
}

const progress = (step: string): void => { process.stderr.write(`  ${step}…\n`) }

/** A hub in this process, as (b) runs one: it may reach the SMTP server on 127.0.0.1 and trusts its CA. */
async function openHub (store: BenchStore, masterKey: Buffer, peer: SmtpPeer): Promise<FastifyInstance> {
  const app = await buildApp(readSettings({ HUB_DATA_DIR: store.dataDir, HUB_STORE: store.url, LOG_LEVEL: 'info' }), {
    adminToken: ADMIN_TOKEN,
    encryptionKeys: [masterKey],
    // Loopback is opened only when named.
    allowPrivateNetwork: ['127.0.0.0/8'],
    trustedCertificates: [peer.ca],
    ui: false
  }, { write: () => {} })
  await app.ready()
  return app
}

/** A call to a hub in this process; throws unless it answers `status`. */
async function call (app: FastifyInstance, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, status: number, options: { token?: string, payload?: object } = {}): Promise<string> {
  const response = await app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${options.token ?? ADMIN_TOKEN}` },
    ...(options.payload === undefined ? {} : { payload: options.payload })
  })
  if (response.statusCode !== status) throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`)
  return response.body
}

/** A scoped admin token in `workspace` for each of SUBJECTS, minted by the operator. */
async function mintTokens (app: FastifyInstance, workspace: string): Promise<string[]> {
  const tokens: string[] = []
  for (const subject of SUBJECTS) {
    const body = await call(app, 'POST', `/api/workspaces/${workspace}/tokens`, 201, { payload: { subject, role: 'admin', ttlSeconds: 3600 } })
    tokens.push((JSON.parse(body) as { token: string }).token)
  }
  return tokens
}

/** The hub reads the population as its own: four integrations configured, and the stored SMTP password opens and logs in. */
async function checkPopulation (app: FastifyInstance, token: string): Promise<void> {
  const catalog = JSON.parse(await call(app, 'GET', '/api/integrations', 200, { token })) as { integrations: Array<{ configured: boolean }> }
  const configured = catalog.integrations.filter(entry => entry.configured).length
  if (configured !== 4) throw new Error(`the populated workspace shows ${configured} configured integrations, not 4`)
  const result = JSON.parse(await call(app, 'POST', '/api/integrations/smtp/test', 200, { token })) as { ok: boolean }
  if (!result.ok) throw new Error(`the stored SMTP settings did not pass their test: ${JSON.stringify(result)}`)
}

/** Each hub's save overhead over nodemailer verify() at the medians, the saves of both hubs and verify() taking turns. */
async function measureSave (peer: SmtpPeer, one: { app: FastifyInstance, tokens: string[] }, many: { app: FastifyInstance, tokens: string[] }) {
  const save = async (hub: { app: FastifyInstance, tokens: string[] }, run: number): Promise<number> => {
    const started = performance.now()
    await call(hub.app, 'PUT', '/api/integrations/smtp', 200, { token: hub.tokens[run % hub.tokens.length]!, payload: { config: peer.config } })
    return performance.now() - started
  }
  const oneTimes: number[] = []
  const manyTimes: number[] = []
  const verifyTimes: number[] = []
  for (let run = 0; run < SAVE_WARMUPS + SAVE_RUNS; run++) {
    // Either hub goes first every other run.
    const turns = run % 2 === 0 ? [{ hub: one, times: oneTimes }, { hub: many, times: manyTimes }] : [{ hub: many, times: manyTimes }, { hub: one, times: oneTimes }]
    for (const { hub, times } of turns) times.push(await save(hub, run))
    verifyTimes.push(await peer.verify())
  }
  const measured = (times: number[]): number => median(times.slice(SAVE_WARMUPS))
  const verify = measured(verifyTimes)
  const oneSave = measured(oneTimes)
  const manySave = measured(manyTimes)
  return { verify, oneSave, manySave, one: oneSave - verify, many: manySave - verify }
}

/**
 * A workspace to delete, made through the API as people would: four connections saved, tests of the
 * stored settings, scoped tokens. Its store holds it beside the populated ones until its deletion.
 */
async function prepareVictim (app: FastifyInstance, workspace: string): Promise<void> {
  await call(app, 'POST', '/api/workspaces', 201, { payload: { id: workspace } })
  const integrations = Object.entries(UNREACHABLE_SETTINGS)
  for (const [id, config] of integrations) await call(app, 'PUT', `/api/workspaces/${workspace}/integrations/${id}?force=true`, 201, { payload: { config } })
  for (let test = 0; test < VICTIM_TESTS; test++) await call(app, 'POST', `/api/workspaces/${workspace}/integrations/${integrations[test % integrations.length]![0]}/test`, 200)
  await mintTokens(app, workspace)
}

/** Deletes a fresh workspace in each hub, taking turns; the medians after the warm-ups. */
async function measureDeletes (few: FastifyInstance, many: FastifyInstance) {
  const remove = async (app: FastifyInstance, workspace: string): Promise<number> => {
    const started = performance.now()
    await call(app, 'DELETE', `/api/workspaces/${workspace}`, 204)
    const elapsed = performance.now() - started
    await call(app, 'GET', `/api/workspaces/${workspace}`, 404)
    return elapsed
  }
  const fewTimes: number[] = []
  const manyTimes: number[] = []
  for (let index = 0; index < DELETE_WARMUPS + DELETES; index++) {
    const victim = `victim-${index}`
    // Either hub goes first every other time, in preparing as in deleting.
    const turns = index % 2 === 0 ? [{ app: few, times: fewTimes }, { app: many, times: manyTimes }] : [{ app: many, times: manyTimes }, { app: few, times: fewTimes }]
    for (const { app } of turns) await prepareVictim(app, victim)
    for (const { app, times } of turns) times.push(await remove(app, victim))
  }
  return { few: median(fewTimes.slice(DELETE_WARMUPS)), many: median(manyTimes.slice(DELETE_WARMUPS)) }
}

/** Both hubs in processes of their own, and a bare Fastify route serving the same catalog, in alternating rounds. */
async function measureCatalog (one: { store: BenchStore, token: string }, many: { store: BenchStore, token: string }, masterKey: Buffer) {
  const start = async (store: BenchStore): Promise<Child> => await startChild(['bench/server.ts', 'hub'], {
    HUB_DATA_DIR: store.dataDir,
    HUB_STORE: store.url,
    HUB_ADMIN_TOKEN: ADMIN_TOKEN,
    HUB_ENCRYPTION_KEY: masterKey.toString('base64'),
    LOG_LEVEL: 'info'
  })
  const children: Child[] = []
  try {
    const oneHub = await start(one.store)
    children.push(oneHub)
    const manyHub = await start(many.store)
    children.push(manyHub)
    const targets = [
      { origin: oneHub.origin, headers: { authorization: `Bearer ${one.token}` } },
      { origin: manyHub.origin, headers: { authorization: `Bearer ${many.token}` } }
    ]
    const body = await (await fetch(`${manyHub.origin}/api/integrations`, { headers: targets[1]!.headers })).text()
    const bare = await startChild(['bench/server.ts', 'bare'], { BENCH_BODY: body, LOG_LEVEL: 'info' })
    children.push(bare)
    const options = { path: '/api/integrations', connections: CONNECTIONS }
    for (const { origin, headers } of [{ origin: bare.origin }, ...targets]) await closedLoop(origin, { ...options, ...(headers === undefined ? {} : { headers }), durationMs: 0, warmupMs: WARMUP_MS })
    const { rates: [bareRates, oneRates, manyRates], errors } = await alternate([{ origin: bare.origin }, ...targets], { ...options, rounds: ROUNDS, durationMs: DURATION_MS, warmupMs: ROUND_WARMUP_MS })
    const manyVsOneRounds = roundRatios(manyRates!, oneRates!)
    const manyVsBareRounds = roundRatios(manyRates!, bareRates!)
    return {
      oneListeningMs: oneHub.listeningMs,
      manyListeningMs: manyHub.listeningMs,
      bytes: body.length,
      errors,
      bare: median(bareRates!),
      one: median(oneRates!),
      many: median(manyRates!),
      manyVsOne: median(manyVsOneRounds),
      manyVsOneRounds,
      manyVsBare: median(manyVsBareRounds),
      manyVsBareRounds
    }
  } finally {
    for (const child of children) await stopChild(child)
  }
}
