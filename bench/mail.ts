/**
 * Mail throughput: 500 mails through the hub's `send` action (`app.inject`, the SQLite store, the
 * SMTP plugin's pooled transport) against nodemailer's own pooled transport sending straight to the
 * same server, with the same concurrency and the same pool size. The SMTP server (smtp-server with
 * STARTTLS and AUTH) runs in a process of its own, as a real one does. Not a test: bounded loops, one
 * line of figures, exit.
 *   node --import tsx --conditions=integration-hub-source bench/mail.ts
 */
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import nodemailer from 'nodemailer'
import { buildApp } from '../core/standalone/app.js'
import { readSettings } from '../core/standalone/settings.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const ADMIN_TOKEN = 'bench-admin-token-0123456789'
const USER = 'mailer@example.com'
const PASSWORD = 'right-password'
/** The plugin's pool: 3 connections, 100 messages each before a new login. */
const POOL = { maxConnections: 3, maxMessages: 100 }

export interface MailFigures {
  mails: number
  concurrency: number
  /** Mails per second through the hub (SQLite store: each action's audit entry is a durable commit). */
  hub: number
  /** The same on the memory store: the hub without its durable writes. */
  hubMemoryStore: number
  /** Mails per second through nodemailer's pooled transport alone. */
  nodemailer: number
  /** hub / nodemailer. */
  ratio: number
  /** hubMemoryStore / nodemailer. */
  memoryStoreRatio: number
}

/** Runs `count` jobs, `concurrency` at a time; resolves with the mails per second. */
async function throughput (count: number, concurrency: number, job: (index: number) => Promise<void>): Promise<number> {
  let next = 0
  const started = performance.now()
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) await job(next++)
  }))
  return count / ((performance.now() - started) / 1000)
}

async function startSmtpServer (): Promise<{ host: string, port: number, ca: string, stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/smtp-server.ts'], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] })
  let output = ''
  const address = await new Promise<{ host: string, port: number, ca: string }>((resolve, reject) => {
    child.once('exit', code => reject(new Error(`the SMTP server exited (${code})`)))
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const line = output.split('\n')[0]
      if (output.includes('\n') && line !== undefined) resolve(JSON.parse(line) as { host: string, port: number, ca: string })
    })
  })
  return { ...address, stop: () => child.stdin.end() }
}

/** A hub with SMTP configured, on the given store; its `send` through `app.inject`. */
async function startHub (smtp: { host: string, port: number, ca: string }, store: 'sqlite' | 'memory') {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'hub-bench-mail-'))
  const app = await buildApp(readSettings({ HUB_DATA_DIR: dataDir, LOG_LEVEL: 'warn' }), {
    ...(store === 'memory' ? { store: 'memory://' } : {}),
    adminToken: ADMIN_TOKEN,
    allowPrivateNetwork: ['127.0.0.0/8'],
    trustedCertificates: [smtp.ca]
  }, { write: () => {} })
  await app.ready()
  const headers = { authorization: `Bearer ${ADMIN_TOKEN}` }
  const saved = await app.inject({ method: 'PUT', url: '/api/integrations/smtp', headers, payload: { config: { host: smtp.host, port: smtp.port, email: USER, password: PASSWORD } } })
  if (saved.statusCode !== 201) throw new Error(`saving the SMTP settings answered ${saved.statusCode}: ${saved.body}`)
  return {
    send: async (index: number): Promise<void> => {
      // Actions are limited to 300 a minute per caller: the sends come from four addresses in turn.
      const res = await app.inject({ method: 'POST', url: '/api/integrations/smtp/actions/send', headers, payload: message(index), remoteAddress: `127.0.0.${1 + index % 4}` })
      if (res.statusCode !== 200) throw new Error(`send answered ${res.statusCode}: ${res.body}`)
    },
    close: async () => {
      await app.close()
      await rm(dataDir, { recursive: true, force: true })
    }
  }
}

const message = (index: number) => ({ to: `user${index}@example.com`, subject: `Message ${index}`, text: 'Volume /data is at 95%.' })

export async function measureMail (options: { mails?: number, concurrency?: number } = {}): Promise<MailFigures> {
  const mails = options.mails ?? 500
  const concurrency = options.concurrency ?? 10
  const smtp = await startSmtpServer()
  const transport = nodemailer.createTransport({ pool: true, ...POOL, host: smtp.host, port: smtp.port, requireTLS: true, auth: { user: USER, pass: PASSWORD }, tls: { ca: smtp.ca } })
  const hubs = { sqlite: await startHub(smtp, 'sqlite'), memory: await startHub(smtp, 'memory') }
  try {
    const direct = async (index: number): Promise<void> => { await transport.sendMail({ from: USER, ...message(index) }) }
    // Warm-up: every pool logged in, the code paths compiled.
    await throughput(50, concurrency, hubs.sqlite.send)
    await throughput(50, concurrency, hubs.memory.send)
    await throughput(50, concurrency, direct)
    const nodemailerRate = await throughput(mails, concurrency, direct)
    const hubRate = await throughput(mails, concurrency, hubs.sqlite.send)
    const memoryRate = await throughput(mails, concurrency, hubs.memory.send)
    return { mails, concurrency, hub: hubRate, hubMemoryStore: memoryRate, nodemailer: nodemailerRate, ratio: hubRate / nodemailerRate, memoryStoreRatio: memoryRate / nodemailerRate }
  } finally {
    transport.close()
    await hubs.sqlite.close()
    await hubs.memory.close()
    smtp.stop()
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures = await measureMail()
  const rate = (value: number): string => `${value.toFixed(0)} mails/s`
  console.log(`${figures.mails} mails, ${figures.concurrency} at a time: nodemailer pooled ${rate(figures.nodemailer)}; ` +
    `hub (SQLite) ${rate(figures.hub)}, ratio ${figures.ratio.toFixed(2)}; hub (memory store) ${rate(figures.hubMemoryStore)}, ratio ${figures.memoryStoreRatio.toFixed(2)} (goal ≥ 0.8)`)
}
