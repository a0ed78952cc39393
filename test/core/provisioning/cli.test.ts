/**
 * `hub` as a process: help, plan (exit 2 on changes, 0 on none, 1 on errors), apply and test, on a
 * data folder of the test's own with the beacon fixture plugin and its peer (export and import as
 * processes: round-trip.test.ts).
 */
/* eslint-disable no-template-curly-in-string -- provisioning references are written ${env:NAME}: these strings hold references, not templates */
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import t from 'tap'
import { startBeaconPeer } from '../../support/peers/beacon.js'
import { baseEnv, hub } from '../../support/processes.js'

const TOKEN = 'good-token-for-the-cli'
const PLUGINS = { HUB_PLUGINS: './test/support/fixtures/beacon-plugin.ts' }

t.test('help: the commands, and each command\'s options', async t => {
  const env = baseEnv(t.testdir())
  const overview = await hub(['--help'], env)
  t.equal(overview.status, 0)
  for (const command of ['start', 'plan', 'apply', 'export', 'import', 'test', 'rotate-key', 'schema']) t.match(overview.stdout, new RegExp(`^  ${command} +\\S`, 'm'), command)
  const plan = await hub(['plan', '--help'], env)
  t.equal(plan.status, 0)
  t.match(plan.stdout, /^Usage: hub plan \[--decrypt-with key\.pem\] \[file\]\n/)
  t.match(plan.stdout, '--decrypt-with FILE')
  t.same(await hub(['help', 'export'], env), await hub(['export', '-h'], env))

  const unknown = await hub(['deploy'], env)
  t.equal(unknown.status, 1)
  t.match(unknown.stderr, /^hub: there is no command "deploy"\.\n/)
  const badOption = await hub(['apply', '--force'], env)
  t.equal(badOption.status, 1)
  t.equal(badOption.stderr, 'hub apply: Unknown option \'--force\' (hub apply --help lists the options)\n')
  const noFile = await hub(['plan'], env)
  t.equal(noFile.status, 1)
  t.equal(noFile.stderr, 'hub plan: name a provisioning file or folder, or set HUB_PROVISION\n')
  t.equal((await hub([], env)).status, 1)
  const rotate = await hub(['rotate-key'], env)
  t.equal(rotate.stderr, 'Key rotation failed: HUB_ENCRYPTION_KEY: set it to "new-key,old-key" (every key still in use, the new one first)\n')
})

t.test('plan, apply, plan again, an edit, test: what each prints and its exit code', async t => {
  const peer = await startBeaconPeer(TOKEN)
  t.teardown(() => peer.close())
  const dir = t.testdir({ data: {}, 'token.txt': `${TOKEN}\n` })
  const provision = path.join(dir, 'hub.yaml')
  const write = (label: string, token = '${file:token.txt}'): void => writeFileSync(provision, [
    'workspaces:',
    '  - id: acme',
    '    name: Acme',
    'connections:',
    '  - integration: beacon',
    '    settings:',
    `      serviceUrl: ${peer.url}`,
    `      token: ${token}`,
    `      label: ${label}`,
    '  - workspace: acme',
    '    integration: beacon',
    '    name: staging',
    '    settings:',
    `      serviceUrl: ${peer.url}`,
    '      token: ${env:BEACON_TOKEN}',
    ''
  ].join('\n'))
  const env = baseEnv(path.join(dir, 'data'), { ...PLUGINS, HUB_PROVISION: provision, BEACON_TOKEN: TOKEN })
  write('first')

  const planned = await hub(['plan'], env)
  t.equal(planned.status, 2, 'changes: exit 2')
  t.equal(planned.stdout, [`Plan for ${provision}:`, '  create     workspace acme', '  create     beacon', '  create     acme:beacon/staging', 'Plan: 3 to create.', ''].join('\n'))
  t.equal(peer.requests.length, 0, 'a plan tests nothing')

  const applied = await hub(['apply'], env)
  t.equal(applied.status, 0, applied.stderr)
  t.match(applied.stdout, /^ {2}created {4}workspace acme\n {2}created {4}beacon \(tested: .+\)\n {2}created {4}acme:beacon\/staging \(tested: .+\)\n/)
  t.match(applied.stdout, `Applied ${provision}: 3 created.\n`)

  const none = await hub(['plan', provision], env)
  t.equal(none.status, 0, 'no changes: exit 0')
  t.match(none.stdout, 'Plan: 3 unchanged.\n')

  write('second')
  const edit = await hub(['plan'], env)
  t.equal(edit.status, 2)
  t.equal(edit.stdout, [`Plan for ${provision}:`, '  unchanged  workspace acme', '  update     beacon: label', '  unchanged  acme:beacon/staging', 'Plan: 1 to update, 2 unchanged.', ''].join('\n'), 'exactly the edit')

  write('second', 'a-new-token-value')
  const secret = await hub(['plan'], env)
  t.equal(secret.status, 2)
  t.match(secret.stdout, '  update     beacon: label, token\n', 'a changed secret is named, compared with the stored one')
  t.match(secret.stdout, `warning: ${provision}:8: beacon.token: a secret is written in clear in the file`)
  t.notMatch(secret.stdout + secret.stderr, 'a-new-token-value')

  write('second', '${env:NOT_SET}')
  const broken = await hub(['plan'], env)
  t.equal(broken.status, 1, 'errors: exit 1')
  t.match(broken.stdout, `${provision}:8: beacon.token: the environment variable NOT_SET is not set\n`)
  const strict = await hub(['apply', '--strict'], env)
  t.equal(strict.status, 1)
  t.match(strict.stdout, `Nothing was applied (strict): ${provision} has to be corrected first.\n`)
  const lenient = await hub(['apply'], env)
  t.equal(lenient.status, 0, 'without --strict, the others are applied and the failure reported')
  t.match(lenient.stdout, '  failed     beacon\n')

  const test = await hub(['test', 'beacon'], env)
  t.equal(test.status, 0, test.stderr)
  t.match(test.stdout, /^beacon: the connection works: .+ \(\d+ ms\)\n {2}✓ Check the token \(\d+ ms\)\n$/)
  const staging = await hub(['test', 'beacon', '--workspace', 'acme', '--connection', 'staging'], env)
  t.equal(staging.status, 0)
  t.match(staging.stdout, /^acme:beacon\/staging: the connection works/)
  const missing = await hub(['test', 'beacon', '--connection', 'nope'], env)
  t.equal(missing.status, 1)
  t.equal(missing.stderr, 'hub test: Beacon is not configured yet.\n')

  peer.close()
  const down = await hub(['test', 'beacon'], env)
  t.equal(down.status, 1, 'a failing test: exit 1')
  t.match(down.stdout, /^beacon: the connection test failed: .+\n {2}✗ Check the token/)
})
