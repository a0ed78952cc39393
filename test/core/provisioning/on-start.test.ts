/**
 * HUB_PROVISION in the real process (core/standalone/main.ts): applied before the hub listens,
 * applied again on SIGHUP after an edit, a broken reference reported with file and line while the
 * working connection stays, and no secret in any log line. A file that cannot be read, or a failure
 * under HUB_PROVISION_STRICT, stops start-up with one line. While the hub runs on SQLite, `hub apply`
 * says the store is in use and how to reach the running hub.
 */
/* eslint-disable no-template-curly-in-string -- provisioning references are written ${env:NAME}: these strings hold references, not templates */
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import t from 'tap'
import { readSettings } from '../../../core/standalone/settings.js'
import { startBeaconPeer } from '../../support/peers/beacon.js'
import { baseEnv, hub, startHub } from '../../support/processes.js'

const TOKEN = 'good-token-for-the-process'

const file = (url: string, label: string, token = '${env:BEACON_TOKEN}'): string => `connections:
  - integration: beacon
    settings:
      serviceUrl: ${url}
      token: ${token}
      label: ${label}
  - integration: beacon
    name: second
    settings:
      serviceUrl: ${url}
      token: \${file:beacon-token}
`

t.test('applied on start and on SIGHUP; a broken reference keeps the working connection', async t => {
  const peer = await startBeaconPeer(TOKEN)
  t.teardown(() => peer.close())
  const dir = t.testdir({ 'beacon-token': `${TOKEN}\n`, data: {} })
  const provision = path.join(dir, 'hub.yaml')
  writeFileSync(provision, file(peer.url, 'first'))
  const running = await startHub(t, baseEnv(path.join(dir, 'data'), { HUB_PROVISION: provision, HUB_PLUGINS: './test/support/fixtures/beacon-plugin.ts', BEACON_TOKEN: TOKEN }))
  t.match(running.output(), `Provisioning: Applied ${provision}: 2 created. Send SIGHUP to apply it again.`)

  const first = await running.request('GET', '/api/integrations/beacon')
  t.same(first.body.managed, { file: provision })
  t.equal(first.body.lastTest.ok, true)
  t.equal(first.body.config.label, 'first')
  const refused = await running.request('PUT', '/api/integrations/beacon', { config: { serviceUrl: peer.url, token: TOKEN } })
  t.equal(refused.status, 409)
  t.equal(refused.body.error, 'HUB_ERR_MANAGED')
  t.match(refused.body.message, provision)
  t.equal((await running.request('POST', '/api/integrations/beacon/connections/second/test', {})).body.ok, true)

  writeFileSync(provision, file(peer.url, 'edited'))
  running.child.kill('SIGHUP')
  await running.waitFor(/Applied [^\n]*hub\.yaml: 1 updated, 1 unchanged\./)
  t.equal((await running.request('GET', '/api/integrations/beacon')).body.config.label, 'edited')

  writeFileSync(provision, file(peer.url, 'broken', '${env:NOT_SET_ANYWHERE}'))
  running.child.kill('SIGHUP')
  await running.waitFor(/Applied [^\n]*hub\.yaml: 1 unchanged, 1 failed\./)
  t.match(running.output(), `${provision}:5: beacon.token: the environment variable NOT_SET_ANYWHERE is not set`)
  const kept = await running.request('GET', '/api/integrations/beacon')
  t.equal(kept.body.config.label, 'edited', 'the working connection is kept')
  t.same(kept.body.managed, { file: provision })
  t.equal((await running.request('POST', '/api/integrations/beacon/test', {})).body.ok, true)

  const apply = await hub(['apply', provision], baseEnv(path.join(dir, 'data')))
  t.equal(apply.status, 1)
  t.match(apply.stderr, /^hub apply: The SQLite store \S+hub\.sqlite is in use by another process: one hub process owns it .*\. To apply HUB_PROVISION to the running hub, send it SIGHUP \(kill -HUP <pid>\)\.\n$/)

  running.child.kill('SIGTERM')
  t.equal(await running.exited, 0)
  t.notMatch(running.output(), TOKEN, 'no secret in the logs')
})

t.test('a file that cannot be read stops start-up with one line; so does a failure under HUB_PROVISION_STRICT', async t => {
  const peer = await startBeaconPeer(TOKEN)
  t.teardown(() => peer.close())
  const dir = t.testdir({ 'beacon-token': `${TOKEN}\n`, 'broken.yaml': 'connections:\n  - integration: beacon\n    settings: [\n', 'hub.yaml': file(peer.url, 'x', 'wrong-token') })
  const env = baseEnv(path.join(dir, 'data'), { HUB_PLUGINS: './test/support/fixtures/beacon-plugin.ts', LOG_LEVEL: 'silent' })

  const broken = await startHub(t, { ...env, HUB_PROVISION: path.join(dir, 'broken.yaml') }).then(() => undefined, (error: Error) => error.message)
  t.match(broken, `Integration Hub cannot start: The provisioning HUB_PROVISION ${dir}/broken.yaml cannot be applied: ${dir}/broken.yaml:4: not valid YAML or JSON: `)

  const strict = await startHub(t, { ...env, HUB_PROVISION: path.join(dir, 'hub.yaml'), HUB_PROVISION_STRICT: '1' }).then(() => undefined, (error: Error) => error.message)
  t.match(strict, `Integration Hub cannot start: The provisioning HUB_PROVISION ${dir}/hub.yaml cannot be applied: ${dir}/hub.yaml:5: beacon.token: the connection test failed: Invalid API Token; the stored settings are kept`)
  t.notMatch(strict, 'wrong-token')
})

t.test('the settings: HUB_PROVISION names the source, HUB_PROVISION_STRICT is 1 or 0', async t => {
  t.same([readSettings({}).provision, readSettings({}).provisionStrict], [undefined, false])
  const settings = readSettings({ HUB_PROVISION: 'provision/', HUB_PROVISION_STRICT: '1' })
  t.same([settings.provision, settings.provisionStrict], ['provision/', true])
  t.throws(() => readSettings({ HUB_PROVISION_STRICT: 'yes' }), { code: 'HUB_ERR_INVALID_SETTING', message: 'HUB_PROVISION_STRICT: expected 1 or 0, got "yes"' })
})
