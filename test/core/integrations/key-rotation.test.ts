/**
 * `npm run rotate-key` (core/standalone/rotate-key.ts) run as an operator runs it: a separate
 * process, without the plugins the hub loads, on the hub's data folder.
 */
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import t from 'tap'
import { defineIntegration } from '../../../core/contract/contract.js'
import { keys } from '../../../core/storage/keys.js'
import { openStore } from '../../../core/storage/open.js'
import { createTestHub } from '../../support/hub.js'

const vault = defineIntegration({
  id: 'vault',
  name: 'Vault',
  description: 'Two secrets, one nested; loaded by the hub only, never by the rotation.',
  version: '1.0.0',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['token'],
    properties: {
      token: { type: 'string', title: 'Token', writeOnly: true },
      nested: { type: 'object', title: 'Nested', additionalProperties: false, properties: { key: { type: 'string', title: 'Key', writeOnly: true } } }
    }
  },
  errors: { WRONG: { message: 'Wrong token' } },
  async test (config, ctx) {
    if (config.token !== 'the-token' || config.nested?.key !== 'the-key') throw ctx.fail('WRONG')
  }
})

const root = path.resolve(import.meta.dirname, '../../..')

function rotate (dataDir: string, keys: Buffer[]): { status: number | null, stdout: string, stderr: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--conditions=integration-hub-source', 'core/standalone/rotate-key.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH, HUB_DATA_DIR: dataDir, HUB_ENCRYPTION_KEY: keys.map(key => key.toString('base64')).join(',') },
    encoding: 'utf8'
  })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

t.test('rotation re-seals every workspace key, whatever plugins its secrets belong to; afterwards the old key is not needed', async t => {
  const oldKey = randomBytes(32)
  const newKey = randomBytes(32)
  const dataDir = t.testdir()
  const options = { plugins: [vault], builtinPlugins: false, dataDir }
  const before = await createTestHub(t, { ...options, encryptionKeys: [oldKey] })
  t.equal((await before.api('PUT', '/api/integrations/vault', { config: { token: 'the-token', nested: { key: 'the-key' } } })).status, 201)
  t.equal((await before.api('POST', '/api/workspaces', { id: 'acme' })).status, 201)
  t.equal((await before.api('PUT', '/api/workspaces/acme/integrations/vault', { config: { token: 'the-token', nested: { key: 'the-key' } } })).status, 201)
  await before.app.close()
  const store = await openStore(`sqlite://${dataDir}/hub.sqlite`)
  const sealedBefore = (await store.get<{ dataKey: string }>(keys.workspace('acme')))!.dataKey
  await store.close()

  const first = rotate(dataDir, [newKey, oldKey])
  t.equal(first.status, 0, first.stderr)
  t.match(first.stdout, /^Re-sealed 2 workspace keys under key [0-9a-f]{12}\. The other keys can now be removed/)
  t.match(rotate(dataDir, [newKey, oldKey]).stdout, /^Re-sealed 0 workspace keys/, 'running it again changes nothing')
  t.notOk(readFileSync(path.join(dataDir, 'hub.sqlite')).includes(sealedBefore), 'no page of the file still holds a data key as the old key sealed it')

  const after = await createTestHub(t, { ...options, encryptionKeys: [newKey] })
  t.equal((await after.api('POST', '/api/integrations/vault/test', {})).body.ok, true, 'the secrets open with the new key alone')
  t.equal((await after.api('POST', '/api/workspaces/acme/integrations/vault/test', {})).body.ok, true)
})

t.test('a data key none of the given keys opens is named, and rotation does not claim success', async t => {
  const lostKey = randomBytes(32)
  const dataDir = t.testdir()
  const hub = await createTestHub(t, { plugins: [vault], builtinPlugins: false, dataDir, encryptionKeys: [lostKey] })
  await hub.app.close()
  const result = rotate(dataDir, [randomBytes(32), randomBytes(32)])
  t.equal(result.status, 1)
  t.match(result.stderr, /none of the given keys opens the data key of “default”/)
  t.notMatch(result.stdout, /can now be removed/)
})
