import { randomBytes } from 'node:crypto'
import { statSync } from 'node:fs'
import t from 'tap'
import { keyId, loadKeys, SecretBox, SecretKeyMissingError } from '../../../core/security/secret-box.js'

t.test('seals and opens; the sealed text holds no plaintext and differs each time', async t => {
  const box = new SecretBox([randomBytes(32)])
  const a = box.seal('hunter2-password', 'smtp/password')
  const b = box.seal('hunter2-password', 'smtp/password')
  t.not(a, b)
  t.notMatch(a, /hunter2/)
  t.match(a, new RegExp(`^enc:v1:${box.activeKeyId}:`))
  t.equal(box.open(a, 'smtp/password'), 'hunter2-password')
})

t.test('a sealed value cannot be moved to another place or altered', async t => {
  const box = new SecretBox([randomBytes(32)])
  const sealed = box.seal('s3cret', 'jira/apiToken')
  t.throws(() => box.open(sealed, 'smtp/password'))
  const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA')
  t.throws(() => box.open(tampered, 'jira/apiToken'))
})

t.test('keys rotate: the first key seals, older keys still open', async t => {
  const oldKey = randomBytes(32)
  const newKey = randomBytes(32)
  const sealedWithOld = new SecretBox([oldKey]).seal('token', 'x/y')
  const rotated = new SecretBox([newKey, oldKey])
  t.equal(rotated.open(sealedWithOld, 'x/y'), 'token')
  t.equal(SecretBox.keyIdOf(rotated.seal('token', 'x/y')), keyId(newKey))
  t.throws(() => new SecretBox([newKey]).open(sealedWithOld, 'x/y'), SecretKeyMissingError)
})

t.test('without HUB_ENCRYPTION_KEY a key file is generated once, mode 0600', async t => {
  const dir = t.testdir()
  const [first] = await loadKeys(undefined, dir)
  const [again] = await loadKeys(undefined, dir)
  t.equal(first!.length, 32)
  t.same(again, first)
  t.equal(statSync(`${dir}/encryption.key`).mode & 0o777, 0o600)
})

t.test('settings sealed with a master key the hub no longer has: a clear 500, Delete still works, and then a new data key takes over', async t => {
  const { createTestHub } = await import('../../support/hub.js')
  const { defineIntegration } = await import('../../../core/contract/contract.js')
  const vault = defineIntegration({
    id: 'vault',
    name: 'Vault',
    description: 'One secret.',
    version: '1.0.0',
    schema: { type: 'object', additionalProperties: false, required: ['token'], properties: { token: { type: 'string', title: 'Token', writeOnly: true } } },
    errors: {},
    async test () {}
  })
  const dataDir = t.testdir()
  const before = await createTestHub(t, { plugins: [vault], builtinPlugins: false, dataDir, encryptionKeys: [randomBytes(32)] })
  await before.api('PUT', '/api/integrations/vault', { config: { token: 'sealed-with-the-old-key' } })
  await before.app.close()
  const after = await createTestHub(t, { plugins: [vault], builtinPlugins: false, dataDir, encryptionKeys: [randomBytes(32)] })
  const read = await after.api('GET', '/api/integrations/vault')
  t.equal(read.status, 200, 'reading without secrets still works')
  const tested = await after.api('POST', '/api/integrations/vault/test', {})
  t.equal(tested.status, 500)
  t.equal(tested.body.error, 'HUB_ERR_SECRET_UNREADABLE')
  t.match(tested.body.message, /^The stored secrets of the workspace “default” cannot be decrypted/)
  t.equal((await after.api('DELETE', '/api/integrations/vault')).status, 204)
  t.equal((await after.api('PUT', '/api/integrations/vault', { config: { token: 'new' } })).status, 201, 'and it can be entered again')
})
