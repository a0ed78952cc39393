/**
 * A hub as a provisioning file: secrets as generated `${env:…}` references (or sealed to a public
 * key), plain text escaped, and the file imported into a fresh hub gives the same connections and webhooks,
 * each passing its test.
 */
/* eslint-disable no-template-curly-in-string -- provisioning references are written ${env:NAME}: these strings hold references, not templates */
import { generateKeyPairSync } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import type { FastifyBaseLogger } from 'fastify'
import t, { type Test } from 'tap'
import { openHubCore, type HubCore } from '../../../core/hub/open.js'
import { exportProvisioning, variableName } from '../../../core/provisioning/export.js'
import { provision } from '../../../core/provisioning/provisioner.js'
import { privateSealingKey, publicSealingKey } from '../../../core/provisioning/sealed.js'
import { MemoryStore } from '../../../core/storage/memory.js'
import beacon from '../../support/fixtures/beacon-plugin.js'
import { createTestHub, LOCAL_PEERS } from '../../support/hub.js'
import { startBeaconPeer } from '../../support/peers/beacon.js'

const TOKEN = 'good-token-to-export'

/** A hub core of its own (and a test hub beside it, for its captured log). */
async function core (t: Test, dataDir: string): Promise<HubCore & { log: FastifyBaseLogger }> {
  const { app } = await createTestHub(t, { plugins: [beacon], builtinPlugins: false, dataDir: `${dataDir}-server`, store: new MemoryStore() })
  const opened = await openHubCore({ dataDir, store: 'memory://', plugins: [beacon], builtinPlugins: false, allowPrivateNetwork: LOCAL_PEERS, outboundTimeoutMs: 5000, maxConcurrentRuns: 8, log: app.log })
  t.teardown(() => opened.close())
  return { ...opened, log: app.log }
}

async function populated (t: Test, dir: string, url: string): Promise<HubCore & { log: FastifyBaseLogger }> {
  const hub = await core(t, path.join(dir, 'from'))
  writeFileSync(path.join(dir, 'hub.yaml'), [
    'workspaces: [{ id: acme, name: Acme Corp }]',
    'connections:',
    '  - integration: beacon',
    `    settings: { serviceUrl: "${url}", token: "\${env:T}", label: "costs $\${x}" }`,
    `  - { workspace: acme, integration: beacon, name: eu-1, settings: { serviceUrl: "${url}", token: "\${env:T}" } }`,
    ''
  ].join('\n'))
  const report = await provision('hub.yaml', hub, { mode: 'apply', actor: 'test', log: hub.log, env: { T: TOKEN }, cwd: dir })
  t.same(report.problems, [])
  return hub
}

t.test('secrets become references with generated names; nothing else changes', async t => {
  const peer = await startBeaconPeer(TOKEN)
  t.teardown(() => peer.close())
  const dir = t.testdir()
  const hub = await populated(t, dir, peer.url)
  const now = new Date('2027-03-01T10:00:00Z')
  const result = await exportProvisioning(hub, { now })
  t.notMatch(result.text, TOKEN, 'no secret value in the file')
  t.same(result.problems, [])
  t.same(result.variables, [
    { name: 'HUB_ACME_BEACON_EU_1_TOKEN', field: 'acme:beacon/eu-1.token' },
    { name: 'HUB_DEFAULT_BEACON_DEFAULT_TOKEN', field: 'beacon.token' }
  ])
  t.equal(result.text, [
    '# Integration Hub provisioning file, exported 2027-03-01T10:00:00.000Z.',
    '# Secrets are ${env:…} references: set those variables where the file is applied or imported.',
    '',
    'workspaces:',
    '  - id: acme',
    '    name: Acme Corp',
    '  - id: default',
    '    name: Default',
    'connections:',
    '  - workspace: acme',
    '    integration: beacon',
    '    name: eu-1',
    '    settings:',
    `      serviceUrl: ${peer.url}`,
    '      token: ${env:HUB_ACME_BEACON_EU_1_TOKEN}',
    '  - workspace: default',
    '    integration: beacon',
    '    name: default',
    '    settings:',
    `      serviceUrl: ${peer.url}`,
    '      token: ${env:HUB_DEFAULT_BEACON_DEFAULT_TOKEN}',
    '      label: costs $${x}',
    ''
  ].join('\n'))
  t.match((await exportProvisioning(hub, { workspace: 'acme' })).text, /workspaces:\n {2}- id: acme\n {4}name: Acme Corp\nconnections:\n {2}- workspace: acme\n/)

  t.equal(variableName('acme', 'jira', 'default', 'apiToken'), 'HUB_ACME_JIRA_DEFAULT_APITOKEN')
  t.equal(variableName('eu-west', 'smtp', 'oauth', 'options.clientSecret'), 'HUB_EU_WEST_SMTP_OAUTH_OPTIONS_CLIENTSECRET')

  const fresh = await core(t, path.join(dir, 'to'))
  writeFileSync(path.join(dir, 'export.yaml'), result.text)
  const env = Object.fromEntries(result.variables.map(variable => [variable.name, TOKEN]))
  const imported = await provision('export.yaml', fresh, { mode: 'import', actor: 'test', log: fresh.log, env, cwd: dir })
  t.same(imported.problems, [])
  for (const [workspace, connection] of [['default', 'default'], ['acme', 'eu-1']] as const) {
    const ref = { workspace: (await fresh.workspaces.get(workspace))!, integration: 'beacon', connection }
    t.equal((await fresh.service.test(ref, undefined, { actor: 'test' })).ok, true, `${workspace}/${connection} passes its test`)
  }
  t.equal((await exportProvisioning(fresh, { now })).text, result.text, 'exported again, the same file')
})

t.test('sealed to a public key: only the private key opens the file', async t => {
  const peer = await startBeaconPeer(TOKEN)
  t.teardown(() => peer.close())
  const dir = t.testdir()
  const hub = await populated(t, dir, peer.url)
  const pair = generateKeyPairSync('x25519')
  const recipient = publicSealingKey(pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(), 'public.pem')
  const result = await exportProvisioning(hub, { recipient })
  t.same(result.variables, [])
  t.notMatch(result.text, TOKEN)
  t.match(result.text, new RegExp(`token: \\$\\{sealed:x25519\\.${recipient.id.replace(/[-]/g, '\\-')}\\.`))
  t.match(result.text, `Secrets are sealed to key ${recipient.id}`)
  writeFileSync(path.join(dir, 'sealed.yaml'), result.text)

  const fresh = await core(t, path.join(dir, 'to'))
  const log = fresh.log
  const withoutKey = await provision('sealed.yaml', fresh, { mode: 'import', actor: 'test', log, env: {}, cwd: dir })
  t.match(withoutKey.problems.map(problem => problem.message), ['a ${sealed:…} value needs the private key it was sealed for (--decrypt-with key.pem)'])
  const privateKey = privateSealingKey(pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'key.pem')
  const imported = await provision('sealed.yaml', fresh, { mode: 'import', actor: 'test', log, env: {}, cwd: dir, privateKey })
  t.same(imported.problems, [])
  t.equal((await fresh.service.test({ workspace: (await fresh.workspaces.get('default'))!, integration: 'beacon', connection: 'default' }, undefined, { actor: 'test' })).ok, true)
})

t.test('a connection whose secrets no longer open is named and left out', async t => {
  const peer = await startBeaconPeer(TOKEN)
  t.teardown(() => peer.close())
  const dir = t.testdir()
  const hub = await populated(t, dir, peer.url)
  const lost = await openHubCore({ dataDir: path.join(dir, 'other'), store: hub.store, encryptionKeys: [Buffer.alloc(32, 7)], plugins: [beacon], builtinPlugins: false, outboundTimeoutMs: 5000, maxConcurrentRuns: 8, log: hub.log })
  t.teardown(() => lost.close())
  const result = await exportProvisioning(lost)
  t.same(result.problems.map(problem => problem.subject), ['acme:beacon/eu-1', 'beacon'])
  t.match(result.problems[0]!.message, /^not exported: The stored secrets of /)
  t.notMatch(result.text, 'eu-1')
})

t.test('webhooks too: the signing secret becomes a reference, and the imported webhook signs with it', async t => {
  const dir = t.testdir()
  const secret = `whsec_${Buffer.alloc(32, 9).toString('base64')}`
  const hub = await core(t, path.join(dir, 'from'))
  writeFileSync(path.join(dir, 'hub.yaml'), [
    'workspaces: [{ id: acme, name: Acme Corp }]',
    'webhooks:',
    '  - { workspace: acme, name: alerts, url: "http://127.0.0.1:8099/hooks", events: [connection.failing, connection.recovered], secret: "${env:W}" }',
    ''
  ].join('\n'))
  t.same((await provision('hub.yaml', hub, { mode: 'apply', actor: 'test', log: hub.log, env: { W: secret }, cwd: dir })).problems, [])

  const result = await exportProvisioning(hub)
  t.notMatch(result.text, secret.slice(6), 'no signing secret in the file')
  t.same(result.variables, [{ name: 'HUB_ACME_WEBHOOK_ALERTS_SECRET', field: 'acme:webhook alerts.secret' }])
  t.match(result.text, [
    'webhooks:',
    '  - workspace: acme',
    '    name: alerts',
    '    url: http://127.0.0.1:8099/hooks',
    '    events:',
    '      - connection.failing',
    '      - connection.recovered',
    '    secret: ${env:HUB_ACME_WEBHOOK_ALERTS_SECRET}'
  ].join('\n'))

  const fresh = await core(t, path.join(dir, 'to'))
  writeFileSync(path.join(dir, 'export.yaml'), result.text)
  t.same((await provision('export.yaml', fresh, { mode: 'import', actor: 'test', log: fresh.log, env: { HUB_ACME_WEBHOOK_ALERTS_SECRET: secret }, cwd: dir })).problems, [])
  const acme = (await fresh.workspaces.get('acme'))!
  t.match(await fresh.webhooks.get(acme, 'alerts'), { url: 'http://127.0.0.1:8099/hooks', events: ['connection.failing', 'connection.recovered'] })
  t.equal(await fresh.webhooks.hasSecret(acme, 'alerts', secret), true, 'the imported webhook has the same signing secret')

  const lost = await openHubCore({ dataDir: path.join(dir, 'other'), store: hub.store, encryptionKeys: [Buffer.alloc(32, 7)], plugins: [beacon], builtinPlugins: false, outboundTimeoutMs: 5000, maxConcurrentRuns: 8, log: hub.log })
  t.teardown(() => lost.close())
  const unopened = await exportProvisioning(lost)
  t.same(unopened.problems.map(problem => [problem.subject, problem.message]), [['acme:webhook alerts', "not exported: its signing secret no longer opens with the hub's keys"]])
  t.notMatch(unopened.text, 'webhooks:', 'a webhook that cannot be exported is left out')
})
