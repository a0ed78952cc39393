/**
 * The catalog entry of each integration, and its JSON. The catalog is read on every page load and
 * poll, so each entry's JSON is kept per stored record: records are frozen, and while the store hands
 * out the same record object (the SQLite store's cache does) nothing in it changed.
 */
import type { CatalogEntry } from '../api/types.js'
import { DEFAULT_CONNECTION } from '../contract/names.js'
import type { LoadedIntegration } from '../runtime/registry.js'
import { connectionsOf, type StoredRecord } from './record.js'

export function catalogEntry (integration: LoadedIntegration, record: StoredRecord | undefined, epoch: string): CatalogEntry {
  const { id, name, description, icon, version } = integration.definition
  const connections = Object.entries(connectionsOf(record, epoch))
  const latest = connections.reduce<(typeof connections)[number] | undefined>((newest, entry) => newest === undefined || entry[1].updatedAt > newest[1].updatedAt ? entry : newest, undefined)
  const shown = connections.find(([connection]) => connection === DEFAULT_CONNECTION) ?? latest
  return {
    id,
    name,
    description,
    ...(icon === undefined ? {} : { icon }),
    pluginVersion: version,
    configured: connections.length > 0,
    updatedAt: latest?.[1].updatedAt ?? null,
    lastTest: shown?.[1].lastTest ?? null,
    connections: connections.length,
    failing: connections.filter(([, connection]) => connection.lastTest?.ok === false).length,
    expiring: connections.filter(([, connection]) => connection.health?.status === 'expiring').length
  }
}

export class CatalogCache {
  readonly #byRecord = new WeakMap<object, { epoch: string, json: string }>()
  readonly #unconfigured = new WeakMap<LoadedIntegration, string>()

  entryJson (integration: LoadedIntegration, record: StoredRecord | undefined, epoch: string): string {
    if (record === undefined) {
      let json = this.#unconfigured.get(integration)
      if (json === undefined) this.#unconfigured.set(integration, json = JSON.stringify(catalogEntry(integration, undefined, epoch)))
      return json
    }
    const kept = this.#byRecord.get(record)
    if (kept !== undefined && kept.epoch === epoch) return kept.json
    const json = JSON.stringify(catalogEntry(integration, record, epoch))
    this.#byRecord.set(record, { epoch, json })
    return json
  }
}
