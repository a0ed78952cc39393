/**
 * Crash safety: a hub killed with SIGKILL in the middle of a stream of saves starts again on the
 * same data folder with a readable store that holds at least the last save it acknowledged, and an
 * audit entry for every version it stored (the two are written together).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import t, { type Test } from 'tap'
import { ADMIN_TOKEN, requestJson } from '../../support/processes.js'

const root = fileURLToPath(new URL('../../..', import.meta.url))

interface Hub { child: ChildProcess, port: number, exited: Promise<number | null> }

/** `npm start` on a data folder, with the instant plugin; resolves once it prints where it listens. */
async function startHub (t: Test, dataDir: string): Promise<Hub> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'core/standalone/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      HUB_DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      HUB_ADMIN_TOKEN: ADMIN_TOKEN,
      HUB_PLUGINS: './test/support/fixtures/instant-plugin.ts',
      LOG_LEVEL: 'warn'
    },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)))
  t.teardown(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL') })
  let output = ''
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the hub did not start within 30 s:\n${output}`)), 30_000)
    const read = (chunk: Buffer): void => {
      output += chunk.toString()
      const match = /Integration Hub is running: open http:\/\/127\.0\.0\.1:(\d+)\//.exec(output)
      if (match !== null) {
        clearTimeout(timer)
        resolve(Number(match[1]))
      }
    }
    child.stdout!.on('data', read)
    child.stderr!.on('data', read)
    void exited.then(code => {
      clearTimeout(timer)
      reject(new Error(`the hub exited (${code}) before it started:\n${output}`))
    })
  })
  return { child, port, exited }
}

const valueOf = (version: number): string => `value-${version}-${'v'.repeat(version % 7)}`

/**
 * Saves version after version from `from`; after `killAfter` acknowledged saves, sends one more and
 * kills the hub a moment later, while that save is in flight.
 */
async function saveUntilKilled (t: Test, hub: Hub, from: number, killAfter: number, acked: number[]): Promise<{ lastAcked: number, lastSent: number }> {
  const killDelayMs = Math.random() * 4
  t.comment(`killing after ${killAfter} saves, ${killDelayMs.toFixed(2)} ms into the next`)
  let lastAcked = from - 1
  for (let version = from; ; version++) {
    // Rate-limit counters live in the store too, so they survive the restarts: the address is chosen by version.
    const localAddress = `127.0.0.${2 + Math.floor(version / 25)}`
    const save = requestJson(hub.port, 'PUT', '/api/integrations/instant', { config: { value: valueOf(version), secret: `secret-${version}` }, version: version - 1 }, { localAddress })
    if (version - from >= killAfter) {
      await new Promise(resolve => setTimeout(resolve, killDelayMs))
      hub.child.kill('SIGKILL')
      await save.then(res => {
        if (res.status < 300) {
          lastAcked = version
          acked.push(version)
        }
      }, () => {})
      return { lastAcked, lastSent: version }
    }
    const res = await save
    if (res.status >= 300) throw new Error(`save ${version} answered ${res.status}: ${JSON.stringify(res.body)}`)
    lastAcked = version
    acked.push(version)
  }
}

t.test('SIGKILL during a stream of saves loses no acknowledged save', async t => {
  const dataDir = t.testdir()
  let hub = await startHub(t, dataDir)
  let from = 1
  const acked: number[] = []
  for (let round = 1; round <= 3; round++) {
    const { lastAcked, lastSent } = await saveUntilKilled(t, hub, from, 20 + Math.floor(Math.random() * 40), acked)
    t.equal(await hub.exited, null, `round ${round}: the hub was killed`)
    t.equal(hub.child.signalCode, 'SIGKILL')

    hub = await startHub(t, dataDir)
    const read = await requestJson(hub.port, 'GET', '/api/integrations/instant')
    t.equal(read.status, 200, `round ${round}: the store is readable`)
    const stored = read.body
    t.ok(stored.version >= lastAcked, `round ${round}: the stored version ${stored.version} is at least the last acknowledged ${lastAcked}`)
    t.ok(stored.version <= lastSent, 'and no more than was sent')
    t.equal(stored.config.value, valueOf(stored.version), 'the value is the one saved with that version')
    t.same(stored.secretsSet, ['secret'])
    const test = await requestJson(hub.port, 'POST', '/api/integrations/instant/test', {})
    t.equal(test.body.ok, true, 'the stored secret still opens with the key on disk')
    const audit = await requestJson(hub.port, 'GET', '/api/audit?integration=instant&limit=1000')
    t.equal(audit.status, 200)
    const audited = new Set(audit.body.entries.map((entry: { version?: number }) => entry.version))
    t.same(acked.filter(version => !audited.has(version)), [], 'the audit trail is readable and has every acknowledged save')
    t.ok(audited.has(stored.version), `round ${round}: the stored version ${stored.version} has its audit entry, even if the kill came before the answer`)
    from = stored.version + 1
  }
  const next = await requestJson(hub.port, 'PUT', '/api/integrations/instant', { config: { value: 'after', secret: 'after' }, version: from - 1 })
  t.equal(next.status, 200, 'saving goes on from the stored version')
  hub.child.kill('SIGTERM')
  t.equal(await hub.exited, 0, 'the last hub stops cleanly')
})
