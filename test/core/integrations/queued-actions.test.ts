/**
 * Queued delivery (`Prefer: respond-async`) against the ServiceNow stand-in: 202 and a job at once;
 * the hub retries while the instance answers 503 and ends with one incident; a refusal is final; the
 * job is its workspace's alone. And the hub killed with -9 while jobs are in flight: after a restart
 * every job ends succeeded or failed, none lost, none done twice.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import t, { type Test } from 'tap'
import { createTestHub, ADMIN_TOKEN, LOCAL_PEERS, type TestHub } from '../../support/hub.js'
import { serviceNowSettings, startServiceNowPeer, type ServiceNowPeer } from '../../support/peers/servicenow.js'

const root = path.resolve(import.meta.dirname, '../../..')

async function until<T> (probe: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await sleep(50)
  }
}

async function finished (hub: TestHub, location: string): Promise<any> {
  return await until(async () => {
    const job = await hub.api('GET', location)
    return job.body.status === 'succeeded' || job.body.status === 'failed' ? job.body : undefined
  })
}

async function serviceNow (t: Test): Promise<{ hub: TestHub, peer: ServiceNowPeer }> {
  const peer = await startServiceNowPeer()
  t.teardown(() => peer.close())
  const hub = await createTestHub(t, { actionRetry: { firstBackoffMs: 100 } })
  t.equal((await hub.api('PUT', '/api/integrations/servicenow', { config: serviceNowSettings(peer) })).status, 201)
  return { hub, peer }
}

t.test('503 for a while, then 201: one incident, the job succeeded', async t => {
  const { hub, peer } = await serviceNow(t)
  peer.state.unavailableRequests = 3

  const queued = await hub.api('POST', '/api/integrations/servicenow/actions/createIncident', { shortDescription: 'Budget blown' }, { prefer: 'respond-async' })

  t.equal(queued.status, 202)
  t.equal(queued.headers['preference-applied'], 'respond-async')
  t.match(queued.body, { id: String, status: /queued|running/ })
  t.equal(queued.headers.location, `/api/jobs/${queued.body.id}`)
  const job = await finished(hub, queued.headers.location as string)
  t.equal(job.status, 'succeeded')
  t.ok(job.attempts >= 4, `retried past the 503s (${job.attempts} attempts)`)
  t.match(job.result, { number: /^INC/ })
  t.equal(peer.state.tables.incident.length, 1, 'one incident, not one per attempt')
})

t.test('a refusal is final and reads as a direct call would; another workspace cannot see the job', async t => {
  const { hub } = await serviceNow(t)
  const direct = await hub.api('POST', '/api/integrations/servicenow/actions/getIncident', { number: 'INC9999999' })
  const queued = await hub.api('POST', '/api/integrations/servicenow/actions/getIncident', { number: 'INC9999999' }, { prefer: 'respond-async' })
  const job = await finished(hub, queued.headers.location as string)
  t.equal(job.status, 'failed')
  t.equal(job.attempts, 1, 'not retried')
  t.equal(job.error.message, direct.body.message, 'the same words as the direct call')
  t.equal(job.error.error, direct.body.error)

  t.equal((await hub.api('POST', '/api/integrations/servicenow/actions/createIncident', { nope: 1 }, { prefer: 'respond-async' })).status, 400, 'bad input is refused before anything is queued')
  await hub.api('POST', '/api/workspaces', { id: 'acme' })
  const token = (await hub.api('POST', '/api/workspaces/acme/tokens', { subject: 'x', role: 'admin' })).body.token
  const theirs = await hub.api('GET', queued.headers.location as string, undefined, { authorization: `Bearer ${token}` })
  t.equal(theirs.status, 404)
  t.equal(theirs.body.error, 'HUB_ERR_UNKNOWN_JOB')
  t.equal((await hub.api('GET', `/api/workspaces/acme/jobs/${queued.body.id}`)).status, 404, 'not even by naming the workspace')
})

t.test('killed with -9 while jobs are in flight: after a restart each ends once, none lost', async t => {
  const peer = await startServiceNowPeer()
  t.teardown(() => peer.close())
  const dataDir = t.testdir()
  const env = {
    PATH: process.env.PATH ?? '',
    HUB_DATA_DIR: dataDir,
    HUB_ADMIN_TOKEN: ADMIN_TOKEN,
    HUB_ALLOW_PRIVATE_NETWORK: LOCAL_PEERS.join(','),
    PORT: '0',
    LOG_LEVEL: 'warn'
  }
  const start = async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=integration-hub-source', 'core/standalone/main.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString() })
    const origin = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString()
        const found = /open (http:\/\/[\d.:]+)\//.exec(output)?.[1]
        if (found !== undefined) resolve(found)
      })
      child.once('exit', code => reject(new Error(`the hub exited with ${code}: ${output}`)))
    })
    return { child, origin }
  }
  const call = async (origin: string, method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${origin}${url}`, { method, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
    return { status: response.status, headers: response.headers, body: await response.json().catch(() => undefined) as any }
  }

  const first = await start()
  t.equal((await call(first.origin, 'PUT', '/api/integrations/servicenow', { config: serviceNowSettings(peer) })).status, 201)
  // The instance is down while the jobs are queued and the hub dies.
  peer.state.unavailableRequests = 1_000_000
  const locations: string[] = []
  for (let i = 0; i < 10; i++) {
    const queued = await call(first.origin, 'POST', '/api/integrations/servicenow/actions/createIncident', { shortDescription: `incident ${i}` }, { prefer: 'respond-async' })
    t.equal(queued.status, 202)
    locations.push(queued.headers.get('location')!)
  }
  await sleep(300)
  first.child.kill('SIGKILL')
  await once(first.child, 'exit')
  peer.state.unavailableRequests = 0

  const second = await start()
  t.teardown(() => { second.child.kill('SIGKILL') })
  const outcomes = await until(async () => {
    const jobs = await Promise.all(locations.map(async location => (await call(second.origin, 'GET', location)).body))
    return jobs.every(job => job.status === 'succeeded' || job.status === 'failed') ? jobs : undefined
  }, 60_000)
  t.same(outcomes.map(job => job.status), locations.map(() => 'succeeded'), 'every job ended, and well')
  const made = peer.state.tables.incident.map(record => record.short_description).sort()
  t.same(made, Array.from({ length: 10 }, (_, i) => `incident ${i}`).sort(), 'each incident made once')
})
