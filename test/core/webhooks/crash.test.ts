/**
 * Deliveries are durable: the real hub process (core/standalone/main.ts) killed with -9 while a
 * delivery is in flight — queued, its attempt sent, the receiver not yet answering — delivers it after
 * a restart on the same data folder, under the same event id, verified with the same secret.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { ADMIN_TOKEN } from '../../support/hub.js'
import { startBeaconPeer } from '../../support/peers/beacon.js'
import { startReceiver } from './receiver.js'

const root = path.resolve(import.meta.dirname, '../../..')

async function until<T> (probe: () => T | undefined, ms: number): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await sleep(25)
  }
}

t.test('killed with -9 between enqueue and delivery: delivered after the restart', async t => {
  const receiver = await startReceiver()
  t.teardown(() => receiver.close())
  const peer = await startBeaconPeer()
  t.teardown(() => peer.close())
  const env = {
    PATH: process.env.PATH ?? '',
    HUB_DATA_DIR: t.testdir(),
    HUB_ADMIN_TOKEN: ADMIN_TOKEN,
    HUB_ALLOW_PRIVATE_NETWORK: '127.0.0.0/8',
    HUB_PLUGINS: path.join(root, 'test/support/fixtures/beacon-plugin.ts'),
    PORT: '0',
    LOG_LEVEL: 'warn'
  }
  const children: ChildProcess[] = []
  t.teardown(() => { for (const child of children) child.kill('SIGKILL') })
  const start = async (): Promise<{ child: ChildProcess, origin: string }> => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=integration-hub-source', 'core/standalone/main.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
    children.push(child)
    let output = ''
    child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString() })
    const origin = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString()
        const found = /open (http:\/\/[\d.:]+)\//.exec(output)?.[1]
        if (found !== undefined) resolve(found)
      })
      child.once('exit', code => reject(new Error(`the hub exited with ${code}: ${output}`)))
    })
    return { child, origin }
  }
  const call = async (origin: string, method: string, url: string, body?: unknown): Promise<{ status: number, body: any }> => {
    const response = await fetch(`${origin}${url}`, { method, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
    return { status: response.status, body: await response.json().catch(() => undefined) }
  }

  const first = await start()
  const created = await call(first.origin, 'PUT', '/api/webhooks/ops', { url: receiver.url, events: ['connection.changed'] })
  t.equal(created.status, 201)
  receiver.secret = created.body.secret
  // The first attempt reaches the receiver, which keeps it waiting while the hub dies.
  receiver.answer = () => undefined
  t.equal((await call(first.origin, 'PUT', '/api/integrations/beacon', { config: { serviceUrl: peer.url, token: 'good-token' } })).status, 201)
  const held = await until(() => receiver.deliveries[0], 15_000)
  t.equal(held.refused, undefined, 'the attempt in flight was signed right')
  first.child.kill('SIGKILL')
  await once(first.child, 'exit')

  receiver.answer = () => ({ status: 200 })
  const second = await start()
  const delivered = await until(() => receiver.deliveries[1], 30_000)
  t.equal(delivered.refused, undefined, 'verified with the same secret')
  t.equal(delivered.headers['webhook-id'], held.headers['webhook-id'], 'the same event, by its id')
  t.equal(delivered.body, held.body, 'with the same body')
  t.match(delivered.payload, { type: 'connection.changed', data: { integration: 'beacon', change: 'create' } })

  let log: any[] = []
  for (let i = 0; i < 200 && log.length === 0; i++) {
    log = (await call(second.origin, 'GET', '/api/webhooks/ops/deliveries')).body.deliveries
    if (log.length === 0) await sleep(25)
  }
  t.match(log[0], { eventId: held.headers['webhook-id'], status: 'delivered', httpStatus: 200, attempt: 2 }, 'the attempt cut short by the kill counts')
  await sleep(300)
  t.equal(receiver.deliveries.length, 2, 'delivered once after the restart')
})
