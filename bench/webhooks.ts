/**
 * (k) Webhook deliveries, per store (SQLite; Redis and PostgreSQL when REDIS_URL and DATABASE_URL are
 * set, in keys and tables of the run's own, removed at the end): what `emit` costs with one subscribed
 * webhook (reading the workspace's webhooks and queueing the delivery), the time from `emit` to a local
 * receiver having the request on an idle hub, and how many deliveries a second one instance makes to
 * it (one webhook, 8 at a time). Also what signing one delivery costs.
 */
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import Fastify from 'fastify'
import pg from 'pg'
import { Webhook } from 'standardwebhooks'
import { DEFAULT_WORKSPACE } from '../core/contract/names.js'
import { openHubCore } from '../core/hub/open.js'
import { median, percentile } from './load.js'
import { round1, skipped, type Row } from './report.js'

const EMITS = 100
const PICKUPS = 50
const THROUGHPUT = 500
const SIGNINGS = 20_000
const CHANGE = { integration: 'x', connection: 'default', change: 'update', fields: ['label'] }

interface Store {
  name: string
  variable?: string
  /** The store's URL for a hub whose data folder is `dataDir`, its keys or tables named after `prefix`. */
  url: (dataDir: string, prefix: string) => string
  /** Removes what the hub left outside its data folder. */
  clean?: (prefix: string) => Promise<void>
}

const stores: Store[] = [
  { name: 'SQLite', url: dataDir => `sqlite://${dataDir}/hub.sqlite` },
  { name: 'Redis', variable: 'REDIS_URL', url: (_, prefix) => withParameter(process.env.REDIS_URL!, 'key_prefix', prefix), clean: cleanRedis },
  { name: 'PostgreSQL', variable: 'DATABASE_URL', url: (_, prefix) => withParameter(process.env.DATABASE_URL!, 'table_prefix', prefix), clean: cleanPostgres }
]

export async function measureWebhooks (): Promise<Row[]> {
  const rows: Row[] = [signing()]
  for (const store of stores) {
    if (store.variable !== undefined && (process.env[store.variable] ?? '') === '') {
      rows.push(skipped(`(k) webhook deliveries on ${store.name}`, `${store.variable} is not set`))
      continue
    }
    rows.push(...await measureOn(store))
  }
  return rows
}

function signing (): Row {
  const signer = new Webhook(`whsec_${Buffer.alloc(32, 3).toString('base64')}`)
  const body = JSON.stringify({ type: 'connection.changed', timestamp: new Date().toISOString(), data: { integration: 'jira', connection: 'default', change: 'update', fields: ['serviceUrl', 'token'] } })
  const started = performance.now()
  for (let i = 0; i < SIGNINGS; i++) signer.sign(`msg_${i}`, new Date(), body)
  return { benchmark: `(k) signing one delivery (${body.length} B body, standardwebhooks), mean of ${SIGNINGS}`, hub: `${round1((performance.now() - started) * 1000 / SIGNINGS)} µs`, baseline: '—', result: '—', goal: '—' }
}

async function measureOn (store: Store): Promise<Row[]> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'hub-bench-webhooks-'))
  const prefix = `hubbench_${randomBytes(4).toString('hex')}`
  let received = 0
  let onArrival: () => void = () => {}
  const receiver = http.createServer((request, response) => {
    request.resume()
    request.on('end', () => {
      received++
      onArrival()
      response.writeHead(204).end()
    })
  })
  await new Promise<void>(resolve => receiver.listen(0, '127.0.0.1', resolve))
  const core = await openHubCore({
    dataDir,
    store: store.url(dataDir, prefix),
    encryptionKeys: [Buffer.alloc(32, 7)],
    allowPrivateNetwork: ['127.0.0.0/8'],
    outboundTimeoutMs: 10_000,
    maxConcurrentRuns: 16,
    log: Fastify({ logger: false }).log,
    builtinPlugins: false
  })
  try {
    await core.start()
    const workspace = (await core.workspaces.get(DEFAULT_WORKSPACE))!
    await core.webhooks.put(workspace, 'measure', { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, events: ['connection.changed'] })
    // Each delivery's id is the hub's own: wait for the next arrival, whichever it is.
    const nextArrival = async (): Promise<void> => await new Promise<void>(resolve => { onArrival = () => { onArrival = () => {}; resolve() } })
    const emit = async (): Promise<void> => { await core.events.emit(workspace, 'connection.changed', CHANGE) }

    const emits: number[] = []
    for (let i = 0; i < EMITS; i++) {
      const arrived = nextArrival()
      const before = performance.now()
      await emit()
      emits.push(performance.now() - before)
      await arrived
    }
    const pickups: number[] = []
    for (let i = 0; i < PICKUPS; i++) {
      const arrived = nextArrival()
      const before = performance.now()
      await emit()
      await arrived
      pickups.push(performance.now() - before)
    }
    const start = received
    const allArrived = new Promise<void>(resolve => { onArrival = () => { if (received - start === THROUGHPUT) resolve() } })
    const before = performance.now()
    for (let i = 0; i < THROUGHPUT; i++) await emit()
    await allArrived
    const perSecond = THROUGHPUT / ((performance.now() - before) / 1000)
    const spread = (figures: number[]): string => `${ms(median(figures))} / ${ms(percentile(figures, 0.95))}`
    return [
      { benchmark: `(k) ${store.name}: emit with one subscribed webhook, ms median / p95 of ${EMITS}`, hub: spread(emits), baseline: '—', result: '—', goal: '—' },
      { benchmark: `(k) ${store.name}: emit to the receiver having the request, idle hub, ms median / p95 of ${PICKUPS}`, hub: spread(pickups), baseline: '—', result: '—', goal: '—' },
      { benchmark: `(k) ${store.name}: deliveries/s, ${THROUGHPUT} events emitted one after the other, one webhook`, hub: `${Math.round(perSecond)} deliveries/s`, baseline: '—', result: '—', goal: '—' }
    ]
  } finally {
    await core.close()
    await new Promise<void>(resolve => receiver.close(() => resolve()))
    await store.clean?.(prefix)
    await rm(dataDir, { recursive: true, force: true })
  }
}

/** The store's keys and the job engine's (`hub_jobs_<prefix>`). */
async function cleanRedis (prefix: string): Promise<void> {
  const { createClient } = await import('@redis/client')
  const client = createClient({ url: process.env.REDIS_URL })
  await client.connect()
  try {
    for (const pattern of [`${prefix}:*`, `hub_jobs_${prefix}:*`]) {
      for await (const found of client.scanIterator({ MATCH: pattern, COUNT: 1000 })) if (found.length > 0) await client.del(found)
    }
  } finally {
    client.destroy()
  }
}

/** The store's tables and sequence (postgres-tables.ts names them), and the job engine's schema. */
async function cleanPostgres (prefix: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL })
  await client.connect()
  try {
    await client.query(`DROP TABLE IF EXISTS ${prefix}_record, ${prefix}_log`)
    await client.query(`DROP SEQUENCE IF EXISTS ${prefix}_revision`)
    await client.query(`DROP SCHEMA IF EXISTS hub_jobs_${prefix} CASCADE`)
  } finally {
    await client.end()
  }
}

function withParameter (url: string, name: string, value: string): string {
  const own = new URL(url)
  own.searchParams.set(name, value)
  return own.href
}

const ms = (value: number): string => value.toFixed(2)
