/**
 * (h) Mail throughput: the SMTP plugin's `send` action through the hub (`app.inject`, the plugin's
 * pooled transport) on the SQLite store, as `npm start` runs it, and on the memory store (the hub
 * without its store writes), against nodemailer's own pooled transport with the same pool sending
 * straight to the same server (bench/smtp-server.ts: STARTTLS and AUTH, in a process of its own).
 * ROUNDS rounds of MAILS mails, CONCURRENCY at a time, the three senders taking turns, each round
 * starting one sender further on; per round each hub's rate over nodemailer's, the median kept.
 */
import nodemailer from 'nodemailer'
import { buildApp } from '../core/standalone/app.js'
import { readSettings } from '../core/standalone/settings.js'
import { median } from './load.js'
import { ADMIN_TOKEN, tempDir } from './processes.js'
import { goal, ratio2, roundsResult, type Row } from './report.js'
import { startSmtpPeer, type SmtpPeer } from './smtp-peer.js'

const WARMUP_MAILS = 50
const MAILS = 300
const ROUNDS = 5
const CONCURRENCY = 10
/** The plugin's pool: 3 connections, 100 messages each before a new login (a round is a multiple of 3 × 100, so each has as many logins). */
const POOL = { maxConnections: 3, maxMessages: 100 }
/** The goal: the hub's throughput at least 0.8 of nodemailer's. */
const GOAL = 0.8

type Sender = (index: number) => Promise<void>

export async function measureMail (): Promise<Row[]> {
  const peer = await startSmtpPeer()
  const { host, port, email, password } = peer.config
  const transport = nodemailer.createTransport({ pool: true, ...POOL, host, port, requireTLS: true, auth: { user: email, pass: password }, tls: { ca: [peer.ca] } })
  const hubs = { sqlite: await startHub(peer, 'sqlite'), memory: await startHub(peer, 'memory') }
  try {
    const senders: Array<[name: 'nodemailer' | 'sqlite' | 'memory', Sender]> = [
      ['nodemailer', async (index) => { await transport.sendMail({ from: email, ...message(index) }) }],
      ['sqlite', hubs.sqlite.send],
      ['memory', hubs.memory.send]
    ]
    // Every pool logged in, the code paths compiled.
    for (const [, send] of senders) await throughput(WARMUP_MAILS, send)
    const rates = { nodemailer: [] as number[], sqlite: [] as number[], memory: [] as number[] }
    for (let round = 0; round < ROUNDS; round++) {
      for (let turn = 0; turn < senders.length; turn++) {
        const [name, send] = senders[(round + turn) % senders.length]!
        rates[name].push(await throughput(MAILS, send))
      }
    }
    const ratios = (hub: number[]): number[] => hub.map((rate, round) => rate / rates.nodemailer[round]!)
    const [sqlite, memory] = [ratios(rates.sqlite), ratios(rates.memory)]
    const rate = (values: number[]): string => `${Math.round(median(values))} mails/s`
    const baseline = `${rate(rates.nodemailer)} (nodemailer pooled)`
    const what = `${ROUNDS} rounds of ${MAILS} mails, ${CONCURRENCY} at a time`
    return [
      { benchmark: `(h) send action, SQLite store, median of ${what}`, hub: rate(rates.sqlite), baseline, result: roundsResult(median(sqlite), sqlite), goal: goal(`≥ ${ratio2(GOAL)}`, median(sqlite) >= GOAL) },
      { benchmark: '(h) the same on the memory store (the hub without its store writes)', hub: rate(rates.memory), baseline, result: roundsResult(median(memory), memory), goal: '—' }
    ]
  } finally {
    transport.close()
    await hubs.sqlite.close()
    await hubs.memory.close()
    await peer.close()
  }
}

/** Sends `count` mails, CONCURRENCY at a time; resolves with the mails per second. */
async function throughput (count: number, send: Sender): Promise<number> {
  let next = 0
  const started = performance.now()
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < count) await send(next++)
  }))
  return count / ((performance.now() - started) / 1000)
}

/** A hub with SMTP configured on the given store; its `send` through `app.inject`. */
async function startHub (peer: SmtpPeer, store: 'sqlite' | 'memory'): Promise<{ send: Sender, close(): Promise<void> }> {
  const app = await buildApp(readSettings({ HUB_DATA_DIR: await tempDir(), LOG_LEVEL: 'warn' }), {
    ...(store === 'memory' ? { store: 'memory://' } : {}),
    adminToken: ADMIN_TOKEN,
    // Loopback is opened only when named: the SMTP server listens on 127.0.0.1.
    allowPrivateNetwork: ['127.0.0.0/8'],
    trustedCertificates: [peer.ca],
    ui: false
  }, { write: () => {} })
  await app.ready()
  const headers = { authorization: `Bearer ${ADMIN_TOKEN}` }
  const { host, port, email, password } = peer.config
  const saved = await app.inject({ method: 'PUT', url: '/api/integrations/smtp', headers, payload: { config: { host, port, email, password } } })
  if (saved.statusCode !== 201) throw new Error(`saving the SMTP settings answered ${saved.statusCode}: ${saved.body}`)
  return {
    send: async (index) => {
      const res = await app.inject({ method: 'POST', url: '/api/integrations/smtp/actions/send', headers, payload: message(index) })
      if (res.statusCode !== 200) throw new Error(`send answered ${res.statusCode}: ${res.body}`)
    },
    close: async () => { await app.close() }
  }
}

const message = (index: number): { to: string, subject: string, text: string } => ({ to: `user${index}@example.com`, subject: `Message ${index}`, text: 'Volume /data is at 95%.' })
