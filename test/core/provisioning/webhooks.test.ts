/**
 * Provisioned webhooks, applied to a hub in process (the hub and provisioning share one store, as
 * main.ts wires them): deliveries verify at a receiver with the secret the file gives; the API reads
 * and tests such a webhook but refuses to change or delete it; an unchanged file changes nothing, a
 * changed secret is an update that never shows the secret; what the file drops is released or
 * pruned; another workspace never sees it; and the secret is in no answer, plan, report or log line.
 */
/* eslint-disable no-template-curly-in-string -- provisioning references are written ${env:NAME}: these strings hold references, not templates */
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import t, { type Test } from 'tap'
import { openHubCore, type HubCore } from '../../../core/hub/open.js'
import type { ApplyReport } from '../../../core/provisioning/apply.js'
import { planFrom, provision } from '../../../core/provisioning/provisioner.js'
import { describeApply, describePlan } from '../../../core/provisioning/report.js'
import { MemoryStore } from '../../../core/storage/memory.js'
import beacon from '../../support/fixtures/beacon-plugin.js'
import { createTestHub, LOCAL_PEERS, type TestHub } from '../../support/hub.js'
import { startBeaconPeer } from '../../support/peers/beacon.js'
import { startReceiver, type Receiver } from '../webhooks/receiver.js'

const secretOf = (fill: number, bytes = 32): string => `whsec_${Buffer.alloc(bytes, fill).toString('base64')}`
const FIRST = secretOf(7)
const SECOND = secretOf(9)

/** The secret in every form it could leak in: as given, its base64 key, the key in hex, the whole value in base64. */
const formsOf = (secret: string): string[] => {
  const key = secret.slice('whsec_'.length)
  return [secret, key, Buffer.from(key, 'base64').toString('hex'), Buffer.from(secret).toString('base64')]
}

interface Setup {
  hub: TestHub
  core: HubCore
  receiver: Receiver
  env: Record<string, string>
  /** Writes `hub.yaml`; returns its absolute path. */
  write(text: string): string
  apply(options?: { mode?: 'apply' | 'import' }): Promise<ApplyReport>
  plan(): Promise<string[]>
}

async function setup (t: Test): Promise<Setup> {
  const receiver = await startReceiver()
  t.teardown(() => receiver.close())
  const dir = t.testdir({ data: {}, secrets: { 'hook-secret': `${FIRST}\n` } })
  const dataDir = path.join(dir, 'data')
  const store = new MemoryStore()
  const hub = await createTestHub(t, { plugins: [beacon], builtinPlugins: false, store, dataDir, env: { LOG_LEVEL: 'trace' } })
  const core = await openHubCore({ dataDir, store, plugins: [beacon], builtinPlugins: false, allowPrivateNetwork: LOCAL_PEERS, outboundTimeoutMs: 5000, maxConcurrentRuns: 8, log: hub.app.log })
  t.teardown(() => core.close())
  const env: Record<string, string> = { HOOK_SECRET: FIRST }
  const file = path.join(dir, 'hub.yaml')
  const write = (text: string): string => {
    mkdirSync(dir, { recursive: true })
    writeFileSync(file, text)
    return file
  }
  return {
    hub,
    core,
    receiver,
    env,
    write,
    apply: async ({ mode = 'apply' } = {}) => await provision('hub.yaml', core, { mode, actor: 'provisioning', log: hub.app.log, env, cwd: dir }),
    plan: async () => describePlan(await planFrom('hub.yaml', core, { mode: 'apply', env, cwd: dir })).lines
  }
}

const declared = (url: string, { secret = '${env:HOOK_SECRET}', events = '[connection.changed, action.failed]' } = {}): string => [
  'workspaces: [{ id: acme }]',
  'webhooks:',
  '  - workspace: acme',
  '    name: alerts',
  `    url: ${url}`,
  `    events: ${events}`,
  `    secret: ${secret}`,
  ''
].join('\n')

const outcomes = (report: ApplyReport): string[] => report.applied.map(applied => `${applied.outcome} ${applied.label}`)

t.test('a provisioned webhook: signed with the file\'s secret, managed, and left alone by an unchanged file', async t => {
  const { hub, receiver, write, apply, plan } = await setup(t)
  const peer = await startBeaconPeer()
  t.teardown(() => peer.close())
  const file = write(declared(receiver.url))
  const report = await apply()
  t.same(report.problems, [])
  t.same(outcomes(report), ['created workspace acme', 'created acme:webhook alerts'])

  receiver.secret = FIRST
  const tested = await hub.api('POST', '/api/workspaces/acme/webhooks/alerts/test')
  t.equal(tested.status, 200, 'the test ping works')
  t.equal(tested.body.status, 'delivered')
  t.equal(receiver.verified().length, 1, 'and verifies with the declared secret')
  t.equal((await hub.api('PUT', '/api/workspaces/acme/integrations/beacon', { config: { serviceUrl: peer.url, token: 'good-token' } })).status, 201)
  for (let i = 0; i < 400 && !receiver.verified().some(delivery => delivery.payload.type === 'connection.changed'); i++) await sleep(25)
  t.ok(receiver.verified().some(delivery => delivery.payload.type === 'connection.changed'), 'so do events')
  t.equal(receiver.deliveries.length, receiver.verified().length, 'every delivery verified')

  const read = await hub.api('GET', '/api/workspaces/acme/webhooks/alerts')
  t.equal(read.status, 200)
  t.match(read.body, { name: 'alerts', url: receiver.url, events: ['connection.changed', 'action.failed'], managed: { file } })
  t.same((await hub.api('GET', '/api/workspaces/acme/webhooks')).body.webhooks.map((webhook: any) => webhook.managed), [{ file }])
  t.equal((await hub.api('GET', '/api/workspaces/acme/webhooks/alerts/deliveries')).status, 200, 'and its deliveries')

  const put = await hub.api('PUT', '/api/workspaces/acme/webhooks/alerts', { url: `${receiver.url}?mine`, events: ['connection.changed'] })
  t.equal(put.status, 409)
  t.equal(put.body.error, 'HUB_ERR_MANAGED')
  t.equal(put.body.message, `The webhook "alerts" is managed by provisioning (${file}): change it there.`)
  const remove = await hub.api('DELETE', '/api/workspaces/acme/webhooks/alerts')
  t.equal(remove.status, 409)
  t.equal(remove.body.error, 'HUB_ERR_MANAGED')
  t.match((await hub.api('GET', '/api/workspaces/acme/webhooks/alerts')).body, { url: receiver.url, managed: { file } }, 'neither changed it')

  t.same(await plan(), ['Plan for hub.yaml:', '  unchanged  workspace acme', '  unchanged  acme:webhook alerts', 'Plan: 2 unchanged.'])
  const again = await apply()
  t.same(outcomes(again), ['unchanged workspace acme', 'unchanged acme:webhook alerts'])
  t.equal((await hub.api('GET', '/api/workspaces/acme/webhooks/alerts')).body.updatedAt, read.body.updatedAt, 'not even saved again')

  const seen = [...hub.logs, ...describeApply(report), ...describeApply(again), read.raw.body, tested.raw.body, put.raw.body].join('\n')
  for (const form of formsOf(FIRST)) t.notOk(seen.includes(form), 'the secret is in no answer, report or log line')
})

t.test('a changed secret is an update that names it, never shows it; a new URL with the same secret is fine', async t => {
  const { hub, receiver, env, write, apply, plan } = await setup(t)
  write(declared(receiver.url))
  await apply()

  env.HOOK_SECRET = SECOND
  const lines = await plan()
  t.same(lines, ['Plan for hub.yaml:', '  unchanged  workspace acme', '  update     acme:webhook alerts: secret', 'Plan: 1 to update, 1 unchanged.'])
  const report = await apply()
  t.same(outcomes(report), ['unchanged workspace acme', 'updated acme:webhook alerts'])
  t.same(report.applied[1]!.fields, ['secret'])
  const output = [...lines, ...describeApply(report), ...hub.logs].join('\n')
  for (const form of [...formsOf(FIRST), ...formsOf(SECOND)]) t.notOk(output.includes(form), 'neither secret in the plan, the report or the log')

  receiver.secret = FIRST
  await hub.api('POST', '/api/workspaces/acme/webhooks/alerts/test')
  t.equal(receiver.deliveries.at(-1)!.refused, 'No matching signature found', 'the old secret no longer verifies')
  receiver.secret = SECOND
  await hub.api('POST', '/api/workspaces/acme/webhooks/alerts/test')
  t.equal(receiver.deliveries.at(-1)!.refused, undefined, 'the new one does')

  write(declared(`${receiver.url}/moved`, { secret: '${env:HOOK_SECRET}' }))
  const moved = await apply()
  t.same(outcomes(moved).slice(1), ['updated acme:webhook alerts'])
  t.same(moved.applied[1]!.fields, ['url'])
  await hub.api('POST', '/api/workspaces/acme/webhooks/alerts/test')
  t.equal(receiver.deliveries.at(-1)!.refused, undefined, 'the same secret at the new URL')
})

t.test('a secret given by a file reference, or in clear with a warning; a malformed one is refused in words', async t => {
  const { hub, receiver, write, apply } = await setup(t)
  write(declared(receiver.url, { secret: '${file:secrets/hook-secret}' }))
  t.same((await apply()).problems, [])
  receiver.secret = FIRST
  t.equal((await hub.api('POST', '/api/workspaces/acme/webhooks/alerts/test')).body.status, 'delivered')

  write(declared(receiver.url, { secret: SECOND }))
  const clear = await apply()
  t.same(clear.problems.map(problem => `${problem.level} ${problem.line}: ${problem.subject}: ${problem.message}`), [
    'warning 7: acme:webhook alerts.secret: a secret is written in clear in the file; write a reference instead, such as ${env:NAME} or ${file:/run/secrets/name}'
  ])
  t.same(clear.applied[1]!.fields, ['secret'], 'and applied')

  const malformed = ['whsec_short', secretOf(1, 16), secretOf(1, 65), SECOND.slice('whsec_'.length), `whsec_${Buffer.alloc(32, 0xfb).toString('base64url')}`]
  for (const secret of malformed) {
    write(declared(receiver.url, { secret: JSON.stringify(secret) }))
    const refused = await apply()
    t.same(outcomes(refused), ['unchanged workspace acme', 'failed acme:webhook alerts'], secret.slice(0, 12))
    t.same(refused.problems.map(problem => `${problem.line}: ${problem.subject}: ${problem.message}`), [
      '7: acme:webhook alerts.secret: Signing secret must be whsec_ and the base64 of 24 to 64 random bytes, as Standard Webhooks specifies (make one with: echo "whsec_$(openssl rand -base64 32)").'
    ])
  }
  receiver.secret = SECOND
  t.equal((await hub.api('POST', '/api/workspaces/acme/webhooks/alerts/test')).body.status, 'delivered', 'the stored webhook is kept as it was')
})

t.test('a webhook the file drops is released to the API, or removed with prune: true', async t => {
  const { hub, receiver, write, apply } = await setup(t)
  const twoHooks = (prune: boolean, both = true): string => [
    `prune: ${prune}`,
    declared(receiver.url),
    ...(both ? ['  - name: audit', `    url: ${receiver.url}`, '    events: [connection.changed]', '    secret: ${env:HOOK_SECRET}', ''] : [])
  ].join('\n')
  write(twoHooks(false))
  t.same(outcomes(await apply()), ['created workspace acme', 'created acme:webhook alerts', 'created webhook audit'])
  write(twoHooks(false, false))
  t.same(outcomes(await apply()), ['unchanged workspace acme', 'unchanged acme:webhook alerts', 'released webhook audit'])
  const released = await hub.api('GET', '/api/webhooks/audit')
  t.equal(released.status, 200, 'a released webhook stays')
  t.notOk('managed' in released.body, 'and the API owns it')
  const changed = await hub.api('PUT', '/api/webhooks/audit', { url: `${receiver.url}?mine`, events: ['action.failed'] })
  t.equal(changed.status, 200, 'so the API may change it')
  receiver.secret = FIRST
  t.equal((await hub.api('POST', '/api/webhooks/audit/test')).body.status, 'delivered', 'it keeps the secret the file gave it')
  t.equal((await hub.api('DELETE', '/api/webhooks/audit')).status, 204, 'and delete it')

  write(twoHooks(true))
  await apply()
  write(twoHooks(true, false))
  t.same(outcomes(await apply()), ['unchanged workspace acme', 'unchanged acme:webhook alerts', 'removed webhook audit'])
  t.equal((await hub.api('GET', '/api/webhooks/audit')).status, 404, 'pruned')
  write('prune: true\nwebhooks: []\n')
  t.same(outcomes(await apply()), ['removed acme:webhook alerts'])
  t.same((await hub.api('GET', '/api/workspaces/acme/webhooks')).body.webhooks, [])
})

t.test('an import saves a webhook the API then owns, and never takes over a managed one', async t => {
  const { hub, receiver, write, apply } = await setup(t)
  write(declared(receiver.url))
  t.same(outcomes(await apply({ mode: 'import' })), ['created workspace acme', 'created acme:webhook alerts'])
  t.notOk('managed' in (await hub.api('GET', '/api/workspaces/acme/webhooks/alerts')).body)
  await apply()
  t.same(outcomes(await apply({ mode: 'import' })).slice(1), ['failed acme:webhook alerts'])
})

t.test('a webhook declared for one workspace never appears to another workspace\'s principal', async t => {
  const { hub, receiver, write, apply } = await setup(t)
  write(declared(receiver.url).replace('workspaces: [{ id: acme }]', 'workspaces: [{ id: acme }, { id: other }]'))
  await apply()
  const minted = await hub.api('POST', '/api/workspaces/other/tokens', { subject: 'someone@other.example', role: 'admin' })
  t.equal(minted.status, 201)
  const outsider = { authorization: `Bearer ${minted.body.token as string}` }
  t.same((await hub.api('GET', '/api/webhooks', undefined, outsider)).body.webhooks, [], 'its own list is empty')
  const named = await hub.api('GET', '/api/webhooks/alerts', undefined, outsider)
  t.equal(named.status, 404)
  t.equal(named.body.error, 'HUB_ERR_UNKNOWN_WEBHOOK')
  const theirs = await hub.api('GET', '/api/workspaces/acme/webhooks', undefined, outsider)
  t.equal(theirs.status, 404)
  t.equal(theirs.body.error, 'HUB_ERR_UNKNOWN_WORKSPACE')
  t.equal((await hub.api('POST', '/api/webhooks/alerts/test', undefined, outsider)).status, 404)
  t.equal(receiver.deliveries.length, 0, 'nothing was sent')
})
