/**
 * `npm run rotate-key`: re-encrypts every stored secret under the first key of HUB_ENCRYPTION_KEY.
 * Rotation without downtime: give every hub `HUB_ENCRYPTION_KEY=new,old` (restart them one by one),
 * run this once, then drop the old key.
 */
import { ConfigurationError } from '../errors.js'
import { resealSecrets } from '../integrations/key-rotation.js'
import { loadBuiltinPlugins } from '../runtime/builtin-plugins.js'
import { PluginRegistry } from '../runtime/registry.js'
import { loadKeys, SecretBox } from '../security/secret-box.js'
import { readSettings } from './settings.js'
import ssoDefinition from '../sso/definition.js'
import { openStore } from '../storage/store.js'

async function main (): Promise<void> {
  const settings = readSettings()
  if (settings.encryptionKeys === undefined || settings.encryptionKeys.length < 2) {
    throw new ConfigurationError('HUB_ERR_INVALID_SETTING', 'HUB_ENCRYPTION_KEY: set it to "new-key,old-key" (every key still in use, the new one first)')
  }
  const registry = new PluginRegistry()
  registry.add(ssoDefinition)
  for (const plugin of await loadBuiltinPlugins()) registry.add(plugin)
  await registry.load(settings.plugins)
  const box = new SecretBox(await loadKeys(settings.encryptionKeys, settings.dataDir))
  const store = await openStore(settings.store)
  try {
    const count = await resealSecrets(store, registry.list().map(integration => integration.definition.id), box)
    process.stdout.write(`Re-encrypted ${count} secret${count === 1 ? '' : 's'} under key ${box.activeKeyId}. The other keys can now be removed from HUB_ENCRYPTION_KEY.\n`)
  } finally {
    await store.close()
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`Key rotation failed: ${(error as Error).message}\n`)
  process.exit(1)
})
