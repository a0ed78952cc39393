/**
 * The catalog entry of each integration, and its JSON. The catalog is read on every page load and
 * poll, so its JSON is kept per workspace and each entry's per stored record: records are frozen, and
 * while the store hands out the same record objects (its read cache does) nothing in them changed.
 */
import type { CatalogEntry } from '../api/types.js'
import { DEFAULT_CONNECTION } from '../contract/names.js'
import type { LoadedIntegration } from '../runtime/registry.js'
import type { Workspace } from '../workspaces/registry.js'
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

/** A workspace's last catalog: the records it was made of, and its JSON. */
interface KeptCatalog {
  integrations: readonly LoadedIntegration[]
  records: ReadonlyArray<StoredRecord | undefined>
  json: string
}

export class CatalogCache {
  readonly #byRecord = new WeakMap<object, { epoch: string, json: string }>()
  readonly #unconfigured = new WeakMap<LoadedIntegration, string>()
  /** Per workspace (one object per stored workspace record), the last catalog it answered. */
  readonly #catalogs = new WeakMap<Workspace, KeptCatalog>()

  /** The catalog's JSON for these integrations and their records (in the same order), the last one again while none changed. */
  catalogJson (workspace: Workspace, integrations: readonly LoadedIntegration[], records: ReadonlyArray<StoredRecord | undefined>): string {
    const kept = this.#catalogs.get(workspace)
    if (kept !== undefined && sameItems(kept.integrations, integrations) && sameItems(kept.records, records)) return kept.json
    const entries = integrations.map((integration, index) => this.#entryJson(integration, records[index], workspace.epoch))
    const json = `{"integrations":[${entries.join(',')}]}`
    this.#catalogs.set(workspace, { integrations, records, json })
    return json
  }

  #entryJson (integration: LoadedIntegration, record: StoredRecord | undefined, epoch: string): string {
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

function sameItems<T> (a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false
  return true
}
