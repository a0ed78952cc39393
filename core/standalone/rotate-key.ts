/**
 * `npm run rotate-key`: seals every workspace's data key again under the first key of
 * HUB_ENCRYPTION_KEY (the secrets themselves stay sealed under their data keys, whatever plugin
 * they belong to). Rotation without downtime: give every hub `HUB_ENCRYPTION_KEY=new,old`
 * (restart them one by one), run this once, then drop the old key. It refuses to report success
 * while any data key is left that the given keys cannot open.
 */
import { ConfigurationError } from '../errors.js'
import { loadKeys, SecretBox } from '../security/secret-box.js'
import { openStore } from '../storage/open.js'
import { Workspaces } from '../workspaces/registry.js'
import { readSettings } from './settings.js'

async function main (): Promise<void> {
  const settings = readSettings()
  if (settings.encryptionKeys === undefined || settings.encryptionKeys.length < 2) {
    throw new ConfigurationError('HUB_ERR_INVALID_SETTING', 'HUB_ENCRYPTION_KEY: set it to "new-key,old-key" (every key still in use, the new one first)')
  }
  const master = new SecretBox(await loadKeys(settings.encryptionKeys, settings.dataDir))
  const store = await openStore(settings.store)
  try {
    const { resealed, unreadable } = await new Workspaces({ store, master }).resealDataKeys()
    // Freed pages would still hold the data keys as the old key sealed them.
    await store.compact?.()
    if (unreadable.length > 0) {
      process.stderr.write(`Re-sealed ${resealed} workspace key${resealed === 1 ? '' : 's'} under key ${master.activeKeyId}, but none of the given keys opens the data key of ${unreadable.map(id => `“${id}”`).join(', ')}. Keep the old keys in HUB_ENCRYPTION_KEY until those are restored or deleted.\n`)
      process.exitCode = 1
      return
    }
    process.stdout.write(`Re-sealed ${resealed} workspace key${resealed === 1 ? '' : 's'} under key ${master.activeKeyId}. The other keys can now be removed from HUB_ENCRYPTION_KEY.\n`)
  } finally {
    await store.close()
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`Key rotation failed: ${(error as Error).message}\n`)
  process.exit(1)
})
