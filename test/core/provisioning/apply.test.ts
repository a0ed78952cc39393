/**
 * Applying a provisioning file to a hub, in process: the hub (createTestHub) and provisioning share
 * one store, as main.ts wires them. Connections appear tested and managed; the API may test and use
 * them but not change them; an edit changes what it says and nothing else; a broken reference or a
 * failing test leaves the stored connection working; what the file drops is released or pruned.
 */
/* eslint-disable no-template-curly-in-string -- provisioning references are written ${env:NAME}: these strings hold references, not templates */
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import t, { type Test } from 'tap'
import { openHubCore, type HubCore } from '../../../core/hub/open.js'
import type { ApplyReport } from '../../../core/provisioning/apply.js'
import { planFrom, provision, type ProvisionOptions } from '../../../core/provisioning/provisioner.js'
import { describeApply, describePlan } from '../../../core/provisioning/report.js'
import { MemoryStore } from '../../../core/storage/memory.js'
import beacon from '../../support/fixtures/beacon-plugin.js'
import { createTestHub, LOCAL_PEERS, type TestHub } from '../../support/hub.js'
import { startBeaconPeer, type BeaconPeer } from '../../support/peers/beacon.js'

const TOKEN = 'good-token'

interface Setup {
  hub: TestHub
  core: HubCore
  peer: BeaconPeer
  dir: string
  /** Writes `hub.yaml` (or another file) in the test folder; returns its absolute path. */
  write(text: string, name?: string): string
  apply(file?: string, options?: Partial<ProvisionOptions>): Promise<ApplyReport>
}

async function setup (t: Test, env: Record<string, string> = { BEACON_TOKEN: TOKEN }): Promise<Setup> {
  const peer = await startBeaconPeer(TOKEN)
  t.teardown(() => peer.close())
  const dir = t.testdir({ data: {}, secrets: { 'beacon-token': `${TOKEN}\n` } })
  const dataDir = path.join(dir, 'data')
  const store = new MemoryStore()
  const hub = await createTestHub(t, { plugins: [beacon], builtinPlugins: false, store, dataDir })
  const core = await openHubCore({ dataDir, store, plugins: [beacon], builtinPlugins: false, allowPrivateNetwork: LOCAL_PEERS, outboundTimeoutMs: 5000, maxConcurrentRuns: 8, log: hub.app.log })
  t.teardown(() => core.close())
  const write = (text: string, name = 'hub.yaml'): string => {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
    writeFileSync(path.join(dir, name), text)
    return path.join(dir, name)
  }
  const apply = async (file = 'hub.yaml', options: Partial<ProvisionOptions> = {}): Promise<ApplyReport> =>
    await provision(file, core, { mode: 'apply', actor: 'provisioning', log: hub.app.log, env, cwd: dir, ...options })
  return { hub, core, peer, dir, write, apply }
}

const twoConnections = (url: string, label = 'first'): string => `
workspaces:
  - id: acme
    name: Acme Corp
connections:
  - integration: beacon
    settings:
      serviceUrl: ${url}
      token: \${env:BEACON_TOKEN}
      label: ${label}
  - workspace: acme
    integration: beacon
    name: staging
    settings:
      serviceUrl: ${url}
      token: \${file:secrets/beacon-token}
`

const outcomes = (report: ApplyReport): string[] => report.applied.map(applied => `${applied.outcome} ${applied.label}`)

t.test('provisioned connections appear tested and managed; the API may test and use them, not change them', async t => {
  const { hub, peer, write, apply } = await setup(t)
  const file = write(twoConnections(peer.url))
  const report = await apply()
  t.same(report.problems, [])
  t.same(outcomes(report), ['created workspace acme', 'created beacon', 'created acme:beacon/staging'])
  t.equal(peer.requests.length, 2, 'each was tested before it was stored')

  const read = await hub.api('GET', '/api/integrations/beacon')
  t.equal(read.status, 200)
  t.same(read.body.managed, { file })
  t.equal(read.body.lastTest.ok, true)
  t.same(read.body.secretsSet, ['token'])
  t.equal(read.body.config.label, 'first')
  const staging = await hub.api('GET', '/api/workspaces/acme/integrations/beacon/connections/staging')
  t.same(staging.body.managed, { file })
  t.same((await hub.api('GET', '/api/workspaces/acme')).body.name, 'Acme Corp')
  t.same((await hub.api('GET', '/api/workspaces/acme/integrations/beacon/connections')).body.connections.map((connection: { name: string, managed?: unknown }) => [connection.name, connection.managed]), [['staging', { file }]])

  const put = await hub.api('PUT', '/api/integrations/beacon', { config: { serviceUrl: peer.url, token: TOKEN, label: 'changed' } })
  t.equal(put.status, 409)
  t.equal(put.body.error, 'HUB_ERR_MANAGED')
  t.equal(put.body.message, `Beacon is managed by provisioning (${file}): change it there.`)
  const remove = await hub.api('DELETE', '/api/workspaces/acme/integrations/beacon/connections/staging')
  t.equal(remove.status, 409)
  t.match(remove.body.message, file)

  const tested = await hub.api('POST', '/api/integrations/beacon/test', {})
  t.equal(tested.body.ok, true, 'tests work as usual')
  const action = await hub.api('POST', '/api/workspaces/acme/integrations/beacon/actions/ping?connection=staging', { text: 'hello' })
  t.equal(action.status, 200, 'and so do actions')
  t.equal(action.body.echoed, 'hello')

  const requests = peer.requests.length
  const again = await apply()
  t.same(outcomes(again), ['unchanged workspace acme', 'unchanged beacon', 'unchanged acme:beacon/staging'])
  t.equal(peer.requests.length, requests, 'unchanged connections are not tested again')
  t.notMatch(hub.logs.join('\n'), TOKEN, 'no secret in the logs')
})

t.test('an edit changes what it says; a broken reference or a failing test keeps the stored connection', async t => {
  const { hub, peer, write, apply, core } = await setup(t)
  write(twoConnections(peer.url))
  await apply()
  write(twoConnections(peer.url, 'second').replace('${file:secrets/beacon-token}', '${file:secrets/missing}'))

  const plan = describePlan(await planFrom('hub.yaml', core, { mode: 'apply', env: { BEACON_TOKEN: TOKEN }, cwd: path.dirname(hub.dataDir) }))
  t.same(plan.lines, [
    'Plan for hub.yaml:',
    '  unchanged  workspace acme',
    '  update     beacon: label',
    '  problem    acme:beacon/staging',
    'hub.yaml:16: acme:beacon/staging.token: ${file:secrets/missing}: no such file',
    'Plan: 1 to update, 1 unchanged, 1 with problems.'
  ])

  const report = await apply()
  t.same(outcomes(report), ['unchanged workspace acme', 'updated beacon', 'failed acme:beacon/staging'])
  t.same(report.applied[1]!.fields, ['label'])
  t.same(describeApply(report).slice(-2), [
    'hub.yaml:16: acme:beacon/staging.token: ${file:secrets/missing}: no such file',
    'Applied hub.yaml: 1 updated, 1 unchanged, 1 failed.'
  ])
  const staging = await hub.api('GET', '/api/workspaces/acme/integrations/beacon/connections/staging')
  t.equal(staging.body.version, 1, 'the broken one keeps its stored settings')
  t.equal((await hub.api('POST', '/api/workspaces/acme/integrations/beacon/connections/staging/test', {})).body.ok, true, 'and still works')
  t.ok(staging.body.managed, 'and stays managed')

  write(twoConnections(peer.url, 'second').replace('${env:BEACON_TOKEN}', 'wrong-token'))
  const failing = await apply()
  t.same(outcomes(failing), ['unchanged workspace acme', 'failed beacon', 'unchanged acme:beacon/staging'])
  t.same(failing.problems.map(problem => `${problem.level} ${problem.file}:${problem.line}: ${problem.subject}: ${problem.message}`), [
    'warning hub.yaml:9: beacon.token: a secret is written in clear in the file; write a reference instead, such as ${env:NAME} or ${file:/run/secrets/name}',
    'error hub.yaml:9: beacon.token: the connection test failed: Invalid API Token; the stored settings are kept'
  ])
  const kept = await hub.api('GET', '/api/integrations/beacon')
  t.equal(kept.body.version, 2)
  t.equal(kept.body.config.label, 'second')
  t.equal((await hub.api('POST', '/api/integrations/beacon/test', {})).body.ok, true, 'the stored token still works')
  t.notMatch([...describeApply(failing), ...hub.logs].join('\n'), 'wrong-token', 'the clear value is in no problem and no log line')
})

t.test('a connection the file drops is released to the API, or removed with prune: true', async t => {
  const { hub, peer, write, apply } = await setup(t)
  write(twoConnections(peer.url))
  await apply()
  const onlyFirst = twoConnections(peer.url).split('  - workspace: acme')[0]!
  write(onlyFirst)
  const released = await apply()
  t.same(outcomes(released), ['unchanged workspace acme', 'unchanged beacon', 'released acme:beacon/staging'])
  const staging = await hub.api('GET', '/api/workspaces/acme/integrations/beacon/connections/staging')
  t.equal(staging.body.managed, undefined, 'the API owns it again')
  t.equal((await hub.api('PUT', '/api/workspaces/acme/integrations/beacon/connections/staging', { config: { serviceUrl: peer.url, token: TOKEN, label: 'mine now' } })).status, 200)
  t.same(outcomes(await apply()), ['unchanged workspace acme', 'unchanged beacon'], 'a released connection is no longer the file\'s')

  write(`prune: true\n${twoConnections(peer.url)}`)
  await apply()
  write(`prune: true\n${onlyFirst}`)
  const pruned = await apply()
  t.same(outcomes(pruned), ['unchanged workspace acme', 'unchanged beacon', 'removed acme:beacon/staging'])
  t.equal((await hub.api('GET', '/api/workspaces/acme/integrations/beacon/connections/staging')).body.version, null, 'gone from the hub')
  t.equal((await hub.api('GET', '/api/workspaces/acme')).status, 200, 'a workspace is never deleted by provisioning')
})

t.test('a file that cannot be read as a whole changes nothing, not even what it no longer declares', async t => {
  const { hub, peer, write, apply } = await setup(t)
  write(`prune: true\n${twoConnections(peer.url)}`)
  await apply()
  write('prune: true\nconnections:\n  - integration: beacon\n    nmae: typo\n')
  const report = await apply()
  t.same(report.applied, [])
  t.same(describeApply(report), ['hub.yaml:4: “nmae” is not a known setting.', 'Nothing was applied: hub.yaml has to be corrected first.'])
  t.equal((await hub.api('GET', '/api/workspaces/acme/integrations/beacon/connections/staging')).body.version, 1)
})

t.test('--strict applies nothing while any entry has a problem', async t => {
  const { hub, peer, write, apply } = await setup(t)
  write(twoConnections(peer.url).replace('${env:BEACON_TOKEN}', '${env:NOT_SET}'))
  const report = await apply('hub.yaml', { strict: true })
  t.equal(report.stopped, 'strict')
  t.same(report.applied, [])
  t.same(describeApply(report), ['hub.yaml:9: beacon.token: the environment variable NOT_SET is not set', 'Nothing was applied (strict): hub.yaml has to be corrected first.'])
  t.equal((await hub.api('GET', '/api/workspaces/acme')).status, 404)
})

t.test('a folder: each connection is managed by its file, and may move from one file to another', async t => {
  const { hub, peer, write, apply, dir } = await setup(t)
  const entry = (name: string): string => `  - integration: beacon\n    name: ${name}\n    settings:\n      serviceUrl: ${peer.url}\n      token: \${env:BEACON_TOKEN}\n`
  const a = write(`connections:\n${entry('one')}${entry('two')}`, 'provision/a.yaml')
  const b = write(`connections:\n${entry('three')}`, 'provision/b.yml')
  t.same(outcomes(await apply('provision')), ['created beacon/one', 'created beacon/two', 'created beacon/three'])
  const managedBy = async (name: string): Promise<unknown> => (await hub.api('GET', `/api/integrations/beacon/connections/${name}`)).body.managed?.file
  t.equal(await managedBy('two'), a)
  t.equal(await managedBy('three'), b)

  write(`connections:\n${entry('one')}`, 'provision/a.yaml')
  write(`connections:\n${entry('three')}${entry('two')}`, 'provision/b.yml')
  const requests = peer.requests.length
  const moved = await apply('provision')
  t.same(outcomes(moved), ['unchanged beacon/one', 'unchanged beacon/three', 'updated beacon/two'])
  t.same(describePlan(moved.plan).lines[3], '  update     beacon/two: now managed by provision/b.yml (was provision/a.yaml)')
  t.equal(await managedBy('two'), b, 'moved, not released')
  t.equal(peer.requests.length, requests + 1)

  const other = write(`connections:\n${entry('one')}`, 'elsewhere.yaml')
  const refused = await apply(path.relative(dir, other))
  t.same(outcomes(refused), ['failed beacon/one'])
  t.equal(refused.problems[0]!.message, `managed by the provisioning file ${a}: change it there`, 'another source does not take it over')
})

t.test('import saves connections the API owns; it never takes over a managed one', async t => {
  const { hub, peer, write, apply } = await setup(t)
  write(twoConnections(peer.url))
  const imported = await apply('hub.yaml', { mode: 'import', actor: 'hub import' })
  t.same(outcomes(imported), ['created workspace acme', 'created beacon', 'created acme:beacon/staging'])
  const read = await hub.api('GET', '/api/integrations/beacon')
  t.equal(read.body.managed, undefined)
  t.equal((await hub.api('PUT', '/api/integrations/beacon', { config: { serviceUrl: peer.url, token: TOKEN } })).status, 200)

  await apply()
  const again = await apply('hub.yaml', { mode: 'import', actor: 'hub import' })
  t.same(outcomes(again).slice(1), ['failed beacon', 'failed acme:beacon/staging'])
})
