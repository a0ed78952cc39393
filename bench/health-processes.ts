/**
 * The processes of the health benchmark (bench/health.ts), each on its own event loop:
 *   bench/health-processes.ts peer        the watched service, answering every check after 50 ms
 *   bench/health-processes.ts hub         a hub as `npm start` builds it, with the watched plugin
 *   bench/health-processes.ts scheduler   the core alone: its heap before and after its sweep plans every first check
 * (run as processes.ts runs them: node --import tsx --conditions=integration-hub-source --expose-gc).
 * They talk to the benchmark over IPC and exit on "stop".
 */
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import Fastify from 'fastify'
import { openHubCore } from '../core/hub/open.js'
import { buildApp } from '../core/standalone/app.js'
import { readSettings } from '../core/standalone/settings.js'
import { keys } from '../core/storage/keys.js'
import { startWatchedService, watched } from '../test/support/watched-service.js'
import { ADMIN_TOKEN } from './processes.js'

/** How long the service takes to answer a check. */
export const PEER_DELAY_MS = 50
/** The scheduler's interval: long enough that none of the checks it plans runs while its heap is read. */
export const SCHEDULER_INTERVAL_MS = 6 * 60 * 60 * 1000
/** What the monitor logs when its sweep has planned the connections without a check. */
const PLANNED = 'scheduled checks planned for connections without one'
/** The Redis client keeps a timer per command for about 5 s; the scheduler's heap is read after they ran out. */
const SETTLE_MS = 15_000
/**
 * Between collections, a turn of the event loop: what a FinalizationRegistry frees runs only then (each
 * Redis command's AbortSignal.timeout holds its timer until its signal's cleanup has run), and a heap
 * read straight after synchronous collections counts all of that as live.
 */
const GC_ROUNDS = 3

/** What the peer tells: how many connections it saw, how many checks in all, and when it first saw the last one. */
export interface PeerCount { seen: number, hits: number, mostAtOnce: number, lastFirstSeenAt: number }
/** What a hub tells when its start-up sweep has planned every first check. */
export interface Planned { planned: number, durationMs: number, at: number }
/** What the scheduler tells: its heap after GC before and after planning. */
export interface SchedulerHeap { before: number, after: number, planned: number }

/** The environment of a hub or scheduler process. */
export interface HubEnvironment {
  HUB_DATA_DIR: string
  HUB_STORE: string
  HUB_ENCRYPTION_KEY: string
  /** The hub's interval in ms; 0: checks off. */
  BENCH_HEALTH_INTERVAL_MS?: string
}

/** The service: the watched stand-in answering after 50 ms, counting what it sees since the last reset. */
async function servePeer (): Promise<void> {
  const service = await startWatchedService({ delayMs: PEER_DELAY_MS })
  // When each connection was first checked: polled, so the first sight of each lands within a poll.
  const firstSeen = new Map<string, number>()
  const note = (): void => { for (const connection of service.hits.keys()) if (!firstSeen.has(connection)) firstSeen.set(connection, Date.now()) }
  const watch = setInterval(note, 100)
  process.on('message', (request) => {
    if (request === 'reset') {
      service.hits.clear()
      service.mostAtOnce.clear()
      firstSeen.clear()
    } else if (request === 'count') {
      note()
      process.send!({
        seen: service.hits.size,
        hits: [...service.hits.values()].reduce((sum, hits) => sum + hits, 0),
        mostAtOnce: Math.max(0, ...service.mostAtOnce.values()),
        lastFirstSeenAt: Math.max(0, ...firstSeen.values())
      } satisfies PeerCount)
    } else if (request === 'stop') {
      clearInterval(watch)
      void service.close().then(() => process.exit(0))
    }
  })
  process.send!({ ready: service.url })
}

/** A hub as `npm start` runs it, with the watched plugin and loopback allowed; it logs into a sink but for its sweep's line and errors. */
async function serveHub (): Promise<void> {
  const settings = readSettings({ HUB_DATA_DIR: process.env.HUB_DATA_DIR!, HUB_STORE: process.env.HUB_STORE!, HUB_ENCRYPTION_KEY: process.env.HUB_ENCRYPTION_KEY!, LOG_LEVEL: 'info' })
  const app = await buildApp(settings, {
    adminToken: ADMIN_TOKEN,
    plugins: [watched],
    allowPrivateNetwork: ['127.0.0.0/8'],
    healthIntervalMs: Number(process.env.BENCH_HEALTH_INTERVAL_MS)
  }, {
    write: (line: string) => {
      if (line.includes(PLANNED)) process.send!({ ...(JSON.parse(line) as { planned: number, durationMs: number }), at: Date.now() } satisfies Planned)
      else if (/"level":(50|60)/.test(line)) process.stderr.write(line)
    }
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address() as { port: number }
  let since = performance.eventLoopUtilization()
  process.on('message', (request) => {
    if (request === 'busy') {
      const now = performance.eventLoopUtilization()
      process.send!({ busy: performance.eventLoopUtilization(now, since).utilization })
      since = now
    } else if (request === 'heap') {
      void heapAfterGc().then(heap => process.send!({ heap }))
    } else if (request === 'stop') {
      void app.close().then(() => process.exit(0))
    }
  })
  process.send!({ ready: `http://127.0.0.1:${address.port}` })
}

/** The core alone: its heap after GC before the job engine starts, and after the sweep planned every first check. */
async function measureScheduler (): Promise<void> {
  let plannedNow: (count: number) => void = () => {}
  const planned = new Promise<number>(resolve => { plannedNow = resolve })
  const log = Fastify({ logger: { level: 'info', stream: { write: (line: string) => { if (line.includes(PLANNED)) plannedNow((JSON.parse(line) as { planned: number }).planned) } } } }).log
  const core = await openHubCore({ dataDir: process.env.HUB_DATA_DIR!, store: process.env.HUB_STORE!, encryptionKeys: [Buffer.from(process.env.HUB_ENCRYPTION_KEY!, 'base64')], plugins: [watched], healthIntervalMs: SCHEDULER_INTERVAL_MS, outboundTimeoutMs: 10_000, maxConcurrentRuns: 32, log })
  // The sweep's reads first, without planning anything: whatever the store keeps of them is the store's, not the scheduler's.
  for (const { id } of await core.workspaces.list()) {
    await core.workspaces.get(id)
    await core.store.list(keys.integration(id, ''))
  }
  const before = await heapAfterGc()
  await core.start()
  const count = await planned
  await new Promise(resolve => setTimeout(resolve, SETTLE_MS))
  process.send!({ before, after: await heapAfterGc(), planned: count } satisfies SchedulerHeap)
  process.on('message', (request) => {
    if (request === 'stop') void core.close().then(() => process.exit(0))
  })
}

async function heapAfterGc (): Promise<number> {
  for (let round = 0; round < GC_ROUNDS; round++) {
    globalThis.gc!()
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  globalThis.gc!()
  return process.memoryUsage().heapUsed
}

if (path.resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
  const mode = process.argv[2]
  if (mode === 'peer') await servePeer()
  else if (mode === 'hub') await serveHub()
  else if (mode === 'scheduler') await measureScheduler()
  else throw new Error('usage: bench/health-processes.ts peer|hub|scheduler')
}
