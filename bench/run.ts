/**
 * `npm run bench`: the hub's costs, each measured side by side with a baseline in the same run, so the
 * figures compare across machines as ratios and differences. Not a test: bounded loops, one table, exit.
 *   (a) catalog throughput: GET /api/integrations of a real hub (SQLite) vs a bare Fastify route sending the same bytes
 *       (`npm run bench -- catalog save` measures only those: catalog, save, startup, widget)
 *   (b) Save with test: PUT /api/integrations/smtp against a local SMTP server in its own process (STARTTLS + AUTH) vs nodemailer verify()
 *   (c) start-up to ready: `node --import tsx core/standalone/main.ts` until /readyz answers 200 vs a bare Fastify server
 *   (d) memory after the catalog load, in the hub's process (and the bare server's)
 *   (e) the widget's gzipped size (scripts/ui-size.ts)
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import nodemailer from 'nodemailer'
import { buildApp } from '../core/standalone/app.js'
import { readSettings } from '../core/standalone/settings.js'
import { closedLoop, median, percentile } from './load.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const ADMIN_TOKEN = 'bench-admin-token-0123456789'
const CONNECTIONS = 10
const DURATION_MS = 2000
const WARMUP_MS = 1000
/** Short rounds alternating with the baseline; the median of their ratios shrugs off a burst of other work. */
const ROUNDS = 5
const SAVE_RUNS = 50
const STARTS = 5

const temporaryDirs: string[] = []
async function tempDir (): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hub-bench-'))
  temporaryDirs.push(dir)
  return dir
}

interface Child {
  process: ChildProcess
  origin: string
  /** ms from spawn until the server printed its address. */
  listeningMs: number
}

/** Spawns a server and resolves once it prints the address it listens on. */
async function startChild (args: string[], env: Record<string, string>): Promise<Child> {
  const started = performance.now()
  const child = spawn(process.execPath, ['--import', 'tsx', '--expose-gc', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc']
  })
  let output = ''
  return await new Promise<Child>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString()
      const origin = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(output)?.[1]
      if (origin !== undefined) {
        child.stdout!.off('data', onData)
        child.stdout!.resume()
        resolve({ process: child, origin, listeningMs: performance.now() - started })
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString() })
    child.once('exit', code => reject(new Error(`${args.join(' ')} exited with ${code} before listening:\n${output}`)))
  })
}

async function stopChild (child: Child): Promise<void> {
  if (child.process.exitCode !== null) return
  const exited = new Promise(resolve => child.process.once('exit', resolve))
  if (child.process.connected) child.process.send('close')
  else child.process.kill('SIGTERM')
  const timer = setTimeout(() => child.process.kill('SIGKILL'), 5000)
  await exited
  clearTimeout(timer)
}

async function memoryOf (child: Child): Promise<{ rss: number, heapUsed: number }> {
  return await new Promise(resolve => {
    child.process.once('message', message => resolve(message as { rss: number, heapUsed: number }))
    child.process.send('memory')
  })
}

async function waitForReady (origin: string): Promise<void> {
  for (;;) {
    try {
      const response = await fetch(`${origin}/readyz`)
      await response.arrayBuffer()
      if (response.status === 200) return
    } catch {}
    await new Promise(resolve => setTimeout(resolve, 2))
  }
}

const round1 = (value: number): string => value.toFixed(1)
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`

interface Row {
  benchmark: string
  hub: string
  baseline: string
  result: string
  goal: string
}

/** (a) and (d) */
async function catalogThroughput (): Promise<Row[]> {
  const hub = await startChild(['bench/server.ts', 'hub'], { HUB_DATA_DIR: await tempDir(), HUB_ADMIN_TOKEN: ADMIN_TOKEN, LOG_LEVEL: 'info' })
  let bare: Child | undefined
  try {
    const headers = { authorization: `Bearer ${ADMIN_TOKEN}` }
    // A realistic catalog: two integrations configured (stored despite a failing test) and their last test status.
    for (const [id, config] of [
      ['jira', { serviceUrl: 'https://127.0.0.1:9', apiToken: 'token', email: 'ada@example.com' }],
      ['servicenow', { serviceUrl: 'https://127.0.0.1:9', clientId: 'hub', clientSecret: 'secret', username: 'hub', password: 'password' }]
    ] as const) {
      const saved = await fetch(`${hub.origin}/api/integrations/${id}?force=true`, { method: 'PUT', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ config }) })
      if (saved.status !== 201) throw new Error(`could not store ${id}: ${saved.status} ${await saved.text()}`)
    }
    const catalog = await fetch(`${hub.origin}/api/integrations`, { headers })
    const body = await catalog.text()
    bare = await startChild(['bench/server.ts', 'bare'], { BENCH_BODY: body, LOG_LEVEL: 'info' })
    const options = { path: '/api/integrations', connections: CONNECTIONS, durationMs: DURATION_MS, warmupMs: WARMUP_MS }
    const hubRates: number[] = []
    const bareRates: number[] = []
    const ratios: number[] = []
    let errors = 0
    for (let round = 0; round < ROUNDS; round++) {
      const base = await closedLoop(bare.origin, options)
      const measured = await closedLoop(hub.origin, { ...options, headers })
      bareRates.push(base.perSecond)
      hubRates.push(measured.perSecond)
      ratios.push(measured.perSecond / base.perSecond)
      errors += base.errors + measured.errors
    }
    const hubRate = median(hubRates)
    const bareRate = median(bareRates)
    const ratio = median(ratios)
    const hubMemory = await memoryOf(hub)
    const bareMemory = await memoryOf(bare)
    return [
      {
        benchmark: `(a) GET /api/integrations, req/s, median of ${ROUNDS}×${DURATION_MS / 1000} s (${body.length} B, ${CONNECTIONS} conns${errors > 0 ? `, ${errors} errors` : ''})`,
        hub: Math.round(hubRate).toString(),
        baseline: `${Math.round(bareRate)} (bare Fastify)`,
        result: `ratio ${ratio.toFixed(2)} (rounds ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`,
        goal: `≥ 0.70 ${ratio >= 0.7 ? 'met' : 'NOT met'}`
      },
      {
        benchmark: '(d) memory after the catalog load: RSS / heap used (after GC)',
        hub: `${mb(hubMemory.rss)} / ${mb(hubMemory.heapUsed)}`,
        baseline: `${mb(bareMemory.rss)} / ${mb(bareMemory.heapUsed)} (bare Fastify)`,
        result: `+${mb(hubMemory.rss - bareMemory.rss)} RSS`,
        goal: '—'
      }
    ]
  } finally {
    if (bare !== undefined) await stopChild(bare)
    await stopChild(hub)
  }
}

/** (b) */
/** bench/smtp-server.ts in its own process; resolves with where it listens and the CA it trusts. */
async function startSmtpServer (): Promise<{ host: string, port: number, ca: string, close: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/smtp-server.ts'], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] })
  const exited = new Promise(resolve => child.once('exit', resolve))
  let output = ''
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('\n')) resolve(output.slice(0, output.indexOf('\n')))
    })
    void exited.then(code => reject(new Error(`bench/smtp-server.ts exited with ${String(code)}: ${output}`)))
  })
  const { host, port, ca } = JSON.parse(line) as { host: string, port: number, ca: string }
  return { host, port, ca, close: async () => { child.stdin.end(); await exited } }
}

async function saveWithTest (): Promise<Row> {
  const peer = await startSmtpServer()
  const { ca } = peer
  const app = await buildApp(readSettings({ HUB_DATA_DIR: await tempDir(), LOG_LEVEL: 'info' }), {
    adminToken: ADMIN_TOKEN,
    allowPrivateNetwork: true,
    trustedCertificates: [ca],
    ui: false
  }, { write: () => {} })
  try {
    await app.ready()
    const config = { host: peer.host, port: peer.port, security: 'starttls', email: 'mailer@example.com', password: 'right-password' }
    let run = 0
    const save = async (): Promise<number> => {
      run++
      const started = performance.now()
      const response = await app.inject({
        method: 'PUT',
        url: '/api/integrations/smtp',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        // An admin saves from one address; three take turns here, so the per-admin limit on connection
        // tests (30 a minute) is never reached. A new address per save would measure a cold read of its
        // wrong-token counter instead.
        remoteAddress: `10.0.0.${(run % 3) + 1}`,
        payload: { config }
      })
      const elapsed = performance.now() - started
      if (response.statusCode !== 201 && response.statusCode !== 200) throw new Error(`save failed: ${response.statusCode} ${response.body}`)
      return elapsed
    }
    const verify = async (): Promise<number> => {
      const started = performance.now()
      const transport = nodemailer.createTransport({
        host: peer.host,
        port: peer.port,
        secure: false,
        requireTLS: true,
        auth: { user: config.email, pass: config.password },
        tls: { ca: [ca], minVersion: 'TLSv1.2' }
      })
      try {
        await transport.verify()
      } finally {
        transport.close()
      }
      return performance.now() - started
    }
    for (let warmup = 0; warmup < 5; warmup++) {
      await save()
      await verify()
    }
    const hubTimes: number[] = []
    const directTimes: number[] = []
    for (let i = 0; i < SAVE_RUNS; i++) {
      hubTimes.push(await save())
      directTimes.push(await verify())
    }
    const overhead = median(hubTimes) - median(directTimes)
    return {
      benchmark: `(b) Save with test, PUT smtp (STARTTLS + AUTH), ms median / p95 of ${SAVE_RUNS}`,
      hub: `${round1(median(hubTimes))} / ${round1(percentile(hubTimes, 0.95))}`,
      baseline: `${round1(median(directTimes))} / ${round1(percentile(directTimes, 0.95))} (nodemailer verify)`,
      result: `overhead ${round1(overhead)} ms at the median`,
      goal: `< 5 ms ${overhead < 5 ? 'met' : 'NOT met'}`
    }
  } finally {
    await app.close()
    await peer.close()
  }
}

/** (c) */
async function startUp (): Promise<Row> {
  const timeToReady = async (args: string[], env: Record<string, string>): Promise<number> => {
    const started = performance.now()
    const child = await startChild(args, env)
    try {
      await waitForReady(child.origin)
      return performance.now() - started
    } finally {
      await stopChild(child)
    }
  }
  const hubTimes: number[] = []
  const bareTimes: number[] = []
  for (let i = 0; i < STARTS; i++) {
    hubTimes.push(await timeToReady(['core/standalone/main.ts'], { HUB_DATA_DIR: await tempDir(), HUB_ADMIN_TOKEN: ADMIN_TOKEN, PORT: '0', LOG_LEVEL: 'warn' }))
    bareTimes.push(await timeToReady(['bench/server.ts', 'bare'], { LOG_LEVEL: 'warn' }))
  }
  const hub = median(hubTimes)
  const bare = median(bareTimes)
  return {
    benchmark: `(c) start-up to /readyz 200, ms, median of ${STARTS} (fresh data folder, through tsx)`,
    hub: round1(hub),
    baseline: `${round1(bare)} (bare Fastify)`,
    result: `+${round1(hub - bare)} ms, ×${(hub / bare).toFixed(2)}`,
    goal: '—'
  }
}

/** (e): scripts/ui-size.ts builds the widget and prints its size against the budget. */
async function widgetSize (): Promise<Row> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/ui-size.ts'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString() })
  const code = await new Promise<number | null>(resolve => child.once('exit', resolve))
  const match = /([\d.]+) KB minified, ([\d.]+) KB gzipped \(budget (\d+) KB\)/.exec(output)
  if (match === null) throw new Error(`scripts/ui-size.ts said: ${output}`)
  return {
    benchmark: '(e) widget integration-hub.js, gzipped',
    hub: `${match[2]} KB`,
    baseline: `${match[1]} KB minified`,
    result: '',
    goal: `≤ ${match[3]} KB ${code === 0 ? 'met' : 'NOT met'}`
  }
}

function table (rows: Row[]): string {
  const header: Row = { benchmark: 'benchmark', hub: 'hub', baseline: 'baseline', result: 'result', goal: 'goal' }
  const keys = Object.keys(header) as Array<keyof Row>
  const widths = keys.map(key => Math.max(...[header, ...rows].map(row => row[key].length)))
  const line = (row: Row): string => `| ${keys.map((key, index) => row[key].padEnd(widths[index]!)).join(' | ')} |`
  return [line(header), `|${widths.map(width => '-'.repeat(width + 2)).join('|')}|`, ...rows.map(line)].join('\n')
}

const cpus = os.cpus()
console.log(`Integration Hub benchmarks — ${new Date().toISOString()}`)
const load = (): string => os.loadavg().map(value => value.toFixed(2)).join(' ')
console.log(`machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, ${os.platform()} ${os.release()}, Node.js ${process.version}`)
// Other work on the machine moves every figure: the load average says how much there was.
console.log(`load average (1, 5, 15 min) at start: ${load()}`)
try {
  const rows: Row[] = []
  const benchmarks = [
    ['catalog', 'catalog throughput and memory', catalogThroughput],
    ['save', 'save with test', saveWithTest],
    ['startup', 'start-up', startUp],
    ['widget', 'widget size', widgetSize]
  ] as const
  // `npm run bench -- catalog save` measures only those; no names measures everything.
  const wanted = process.argv.slice(2)
  const unknown = wanted.filter(name => !benchmarks.some(([key]) => key === name))
  if (unknown.length > 0) throw new Error(`unknown benchmark ${unknown.join(', ')}: choose from ${benchmarks.map(([key]) => key).join(', ')}`)
  for (const [key, label, measure] of benchmarks) {
    if (wanted.length > 0 && !wanted.includes(key)) continue
    process.stderr.write(`measuring ${label}…\n`)
    const result = await measure()
    rows.push(...(Array.isArray(result) ? result : [result]))
  }
  console.log(table(rows))
  console.log(`load average at end: ${load()}`)
} finally {
  await Promise.all(temporaryDirs.map(async dir => await rm(dir, { recursive: true, force: true })))
}
