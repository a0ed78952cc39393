import { randomBytes } from 'node:crypto'
import t from 'tap'
import { resealSecrets } from '../../../core/integrations/key-rotation.js'
import { keyId, SecretBox } from '../../../core/security/secret-box.js'
import { openStore } from '../../../core/storage/store.js'
import { defineIntegration } from '../../../core/contract/contract.js'
import { createTestHub } from '../../support/hub.js'

const vault = defineIntegration({
  id: 'vault',
  name: 'Vault',
  description: 'Two secrets, one nested.',
  version: '1.0.0',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['token'],
    properties: {
      token: { type: 'string', writeOnly: true },
      nested: { type: 'object', additionalProperties: false, properties: { key: { type: 'string', writeOnly: true } } }
    }
  },
  errors: { WRONG: { message: 'Wrong token' } },
  async test (config, ctx) {
    if (config.token !== 'the-token' || config.nested?.key !== 'the-key') throw ctx.fail('WRONG')
  }
})

t.test('rotation re-encrypts every secret; afterwards the old key is not needed', async t => {
  const oldKey = randomBytes(32)
  const newKey = randomBytes(32)
  const dataDir = t.testdir()
  const options = { plugins: [vault], builtinPlugins: false, dataDir }
  const before = await createTestHub(t, { ...options, encryptionKeys: [oldKey] })
  t.equal((await before.api('PUT', '/api/integrations/vault', { config: { token: 'the-token', nested: { key: 'the-key' } } })).status, 201)
  await before.app.close()

  const store = await openStore(`sqlite://${dataDir}/hub.sqlite`)
  t.equal(await resealSecrets(store, ['vault', 'absent'], new SecretBox([newKey, oldKey])), 2)
  t.equal(await resealSecrets(store, ['vault'], new SecretBox([newKey, oldKey])), 0, 'running it again changes nothing')
  const record = await store.get<{ config: { token: string } }>('integration:vault')
  t.equal(SecretBox.keyIdOf(record!.config.token), keyId(newKey))
  await store.close()

  const after = await createTestHub(t, { ...options, encryptionKeys: [newKey] })
  const tested = await after.api('POST', '/api/integrations/vault/test', {})
  t.equal(tested.body.ok, true, 'the secrets open with the new key alone')
})
