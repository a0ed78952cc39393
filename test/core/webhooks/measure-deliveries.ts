/**
 * Measures webhook deliveries on this machine (not a test; run by hand, figures for the report and
 * docs/performance.md): per store, what `emit` costs with one subscribed webhook (reading the
 * workspace's webhooks and queueing the job), the time from `emit` to the receiver having the request
 * on an idle hub, and how many deliveries per second one instance makes to a local receiver (one
 * webhook, 8 at a time). Also what signing one delivery costs. Redis and PostgreSQL are measured when
 * REDIS_URL and DATABASE_URL are set.
 *
 * node --import tsx --conditions=integration-hub-source test/core/webhooks/measure-deliveries.ts
 */
import { mkdtempSync, rmSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import pino from 'pino'
import { Webhook } from 'standardwebhooks'
import { openHubCore } from '../../../core/hub/open.js'
import { DEFAULT_WORKSPACE } from '../../../core/contract/names.js'

const EMITS = 100
const PICKUPS = 50
const THROUGHPUT = 500

const percentile = (values: number[], p: number): number => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!
const ms = (value: number): string => value.toFixed(2)

async function measure (name: string, storeUrl: (dir: string) => string): Promise<string> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hub-webhooks-'))
  const arrivals = new Map<string, () => void>()
  let received = 0
  let onAll: () => void = () => {}
  const receiver = http.createServer((request, response) => {
    request.resume()
    request.on('end', () => {
      received++
      arrivals.get(String(request.headers['webhook-id']))?.()
      onAll()
      response.writeHead(204).end()
    })
  })
  await new Promise<void>(resolve => receiver.listen(0, '127.0.0.1', resolve))
  const core = await openHubCore({
    dataDir,
    store: storeUrl(dataDir),
    encryptionKeys: [Buffer.alloc(32, 7)],
    allowPrivateNetwork: ['127.0.0.0/8'],
    outboundTimeoutMs: 10_000,
    maxConcurrentRuns: 16,
    log: pino({ level: 'silent' }),
    builtinPlugins: false
  })
  try {
    await core.start()
    const workspace = (await core.workspaces.get(DEFAULT_WORKSPACE))!
    await core.webhooks.put(workspace, 'measure', { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, events: ['connection.changed'] })
    // Each emit's id is the hub's own: wait for the next arrival, whichever it is.
    const next = async (): Promise<void> => await new Promise<void>(resolve => { onAll = () => { onAll = () => {}; resolve() } })

    const emits: number[] = []
    for (let i = 0; i < EMITS; i++) {
      const arrived = next()
      const before = performance.now()
      await core.events.emit(workspace, 'connection.changed', { integration: 'x', connection: 'default', change: 'update', fields: ['label'] })
      emits.push(performance.now() - before)
      await arrived
    }
    const pickups: number[] = []
    for (let i = 0; i < PICKUPS; i++) {
      const arrived = next()
      const before = performance.now()
      await core.events.emit(workspace, 'connection.changed', { integration: 'x', connection: 'default', change: 'update', fields: ['label'] })
      await arrived
      pickups.push(performance.now() - before)
    }
    const start = received
    const allArrived = new Promise<void>(resolve => {
      onAll = () => { if (received - start === THROUGHPUT) resolve() }
    })
    const before = performance.now()
    for (let i = 0; i < THROUGHPUT; i++) await core.events.emit(workspace, 'connection.changed', { integration: 'x', connection: 'default', change: 'update', fields: ['label'] })
    await allArrived
    const perSecond = THROUGHPUT / ((performance.now() - before) / 1000)
    return `| ${name} | ${ms(percentile(emits, 0.5))} / ${ms(percentile(emits, 0.95))} | ${ms(percentile(pickups, 0.5))} / ${ms(percentile(pickups, 0.95))} | ${perSecond.toFixed(0)} |`
  } finally {
    await core.close()
    await new Promise<void>(resolve => receiver.close(() => resolve()))
    rmSync(dataDir, { recursive: true, force: true })
  }
}

const signer = new Webhook(`whsec_${Buffer.alloc(32, 3).toString('base64')}`)
const body = JSON.stringify({ type: 'connection.changed', timestamp: new Date().toISOString(), data: { integration: 'jira', connection: 'default', change: 'update', fields: ['serviceUrl', 'token'] } })
const signings = 20_000
const signStart = performance.now()
for (let i = 0; i < signings; i++) signer.sign(`msg_${i}`, new Date(), body)
console.log(`signing one delivery (${body.length} B body, standardwebhooks): ${((performance.now() - signStart) * 1000 / signings).toFixed(1)} µs`)

const prefix = `hubmeasure${process.pid}`
console.log(`| store | emit, ms median / p95 of ${EMITS} | emit to the receiver, ms median / p95 of ${PICKUPS} | deliveries/s, ${THROUGHPUT} events, one webhook |`)
console.log('|---|---|---|---|')
console.log(await measure('sqlite', dir => `sqlite://${dir}/hub.sqlite`))
if (process.env.REDIS_URL !== undefined) console.log(await measure('redis', () => `${process.env.REDIS_URL!}?key_prefix=${prefix}`))
if (process.env.DATABASE_URL !== undefined) console.log(await measure('postgres', () => `${process.env.DATABASE_URL!}?table_prefix=${prefix}`))
