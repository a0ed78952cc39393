import t from 'tap'
import { defineIntegration } from '../../../core/contract/contract.js'
import { keys } from '../../../core/storage/keys.js'
import { openStore } from '../../../core/storage/open.js'
import { createTestHub } from '../../support/hub.js'

const base = {
  id: 'legacy',
  name: 'Legacy',
  description: 'A plugin whose settings changed shape.',
  errors: { WRONG: { message: 'Wrong key' } }
}

const v1 = defineIntegration({
  ...base,
  version: '1.0.0',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['url', 'token'],
    properties: { url: { type: 'string', title: 'URL' }, token: { type: 'string', title: 'Token', writeOnly: true } }
  },
  async test () {}
})

const v2 = defineIntegration({
  ...base,
  version: '2.0.0',
  schemaVersion: 2,
  migrations: {
    2: ({ url, token, ...rest }) => ({ ...rest, serviceUrl: url, apiKey: token, region: 'eu' })
  },
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['serviceUrl', 'apiKey', 'region'],
    properties: { serviceUrl: { type: 'string' }, apiKey: { type: 'string', writeOnly: true }, region: { type: 'string' } }
  },
  async test (config, ctx) {
    if (config.apiKey !== 'k-123') throw ctx.fail('WRONG')
  }
})

t.test('a stored config from an older schema version is migrated on read and saved again', async t => {
  const dataDir = t.testdir()
  const old = await createTestHub(t, { plugins: [v1], builtinPlugins: false, dataDir })
  t.equal((await old.api('PUT', '/api/integrations/legacy', { config: { url: 'https://a.example.com', token: 'k-123' } })).status, 201)
  await old.app.close()

  const upgraded = await createTestHub(t, { plugins: [v2], builtinPlugins: false, dataDir })
  const read = await upgraded.api('GET', '/api/integrations/legacy')
  t.same(read.body.config, { serviceUrl: 'https://a.example.com', region: 'eu' })
  t.same(read.body.secretsSet, ['apiKey'], 'the secret moved with its field')
  t.equal(read.body.version, 1, 'the settings did not change, so neither did their version')
  t.equal((await upgraded.api('POST', '/api/integrations/legacy/test', {})).body.ok, true, 'the moved secret opens')
  await upgraded.app.close()

  const store = await openStore(`sqlite://${dataDir}/hub.sqlite`)
  const record = await store.get<{ connections: { default: { schemaVersion: number, config: Record<string, string> } } }>(keys.integration('default', 'legacy'))
  t.equal(record!.connections.default.schemaVersion, 2, 'saved in the new shape')
  t.match(record!.connections.default.config.apiKey, /^enc:v1:/)
  await store.close()
})

t.test('a plugin that raises its schema version without a migration is refused at start', async t => {
  const { migrations: _none, ...withoutMigration } = v2
  await t.rejects(createTestHub(t, { plugins: [withoutMigration], builtinPlugins: false }), {
    message: 'Plugin "legacy": `migrations[2]` is missing: stored configs of version 1 could not be upgraded'
  })
})
