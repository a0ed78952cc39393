/**
 * Re-encrypts every stored secret under the active key, so an old key can be retired. Safe while
 * hubs are running: each record is rewritten atomically, and its version is left as it is because
 * the settings themselves do not change.
 */
import type { StoredIntegration } from './service.js'
import { SecretBox } from '../security/secret-box.js'
import type { HubStore } from '../storage/store.js'

type Node = Record<string, unknown>

function reseal (value: unknown, place: string, box: SecretBox): { value: unknown, count: number } {
  if (SecretBox.isSealed(value)) {
    return SecretBox.keyIdOf(value) === box.activeKeyId ? { value, count: 0 } : { value: box.seal(box.open(value, place), place), count: 1 }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { value, count: 0 }
  let count = 0
  const copy: Node = {}
  for (const [key, child] of Object.entries(value as Node)) {
    const result = reseal(child, `${place}${place.endsWith('/') ? '' : '.'}${key}`, box)
    copy[key] = result.value
    count += result.count
  }
  return { value: copy, count }
}

/** Reseals the secrets of the given integrations; resolves to how many secrets were re-encrypted. */
export async function resealSecrets (store: HubStore, integrationIds: string[], box: SecretBox): Promise<number> {
  let total = 0
  for (const id of integrationIds) {
    let resealed = 0
    await store.update<StoredIntegration>(`integration:${id}`, record => {
      if (record === undefined) return undefined
      const { value, count } = reseal(record.config, `${id}/`, box)
      resealed = count
      return { ...record, config: value as Node }
    })
    total += resealed
  }
  return total
}
