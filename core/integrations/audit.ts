/**
 * The audit trail: who changed which integration, when, which fields, and with what outcome.
 * Values are never recorded — not even of fields that are not secret — only field names.
 */
import { randomUUID } from 'node:crypto'
import type { Frozen, HubStore, LogEntry } from '../storage/store.js'

export interface AuditEntry {
  id: string
  at: string
  /** Who: the admin token, an SSO user's email or subject, or what a host app's `authorize` returned. */
  actor: string
  integration: string
  action: 'create' | 'update' | 'delete'
  /** Paths of the settings that changed (secrets included by name). */
  fields: string[]
  /** `saved`, `saved-despite-failed-test` (force), `rejected-by-test` or `conflict`. */
  outcome: 'saved' | 'saved-despite-failed-test' | 'rejected-by-test' | 'conflict' | 'deleted'
  /** The failure code of the connection test, when it failed. */
  testCode?: string
  /** The version the change produced, when it was saved. */
  version?: number
}

const LOG = 'audit'
/** The trail keeps this many most recent entries. */
export const AUDIT_CAPACITY = 1000
/** Where trails written before the store had logs kept their entries: one array under one key. */
const LEGACY_KEY = 'audit'

export class AuditTrail {
  #legacyMoved: Promise<void> | undefined

  constructor (private readonly store: HubStore) {}

  /** An entry to store with the change it records, in one write (HubStore.update's `log`). */
  entry (entry: Omit<AuditEntry, 'id' | 'at'>): LogEntry {
    const complete: AuditEntry = { id: randomUUID(), at: new Date().toISOString(), ...entry }
    return { log: LOG, entry: complete, capacity: AUDIT_CAPACITY }
  }

  /** Records what changed nothing (a save refused by its test, a conflict). */
  async record (entry: Omit<AuditEntry, 'id' | 'at'>): Promise<void> {
    await this.moveLegacy()
    await this.store.append(this.entry(entry))
  }

  /** Newest first. */
  async list (filter: { integration?: string, limit: number }): Promise<Array<Frozen<AuditEntry>>> {
    await this.moveLegacy()
    const entries = await this.store.recent<AuditEntry>(LOG, filter.integration === undefined ? filter.limit : AUDIT_CAPACITY)
    return entries.filter(entry => filter.integration === undefined || entry.integration === filter.integration).slice(0, filter.limit)
  }

  /**
   * Moves a legacy trail into the log, once (`take`, so only one instance moves it). The hub calls it
   * at start, before any change is recorded; if the store was away then, the first read or record does.
   */
  async moveLegacy (): Promise<void> {
    this.#legacyMoved ??= (async () => {
      for (const entry of await this.store.take<AuditEntry[]>(LEGACY_KEY) ?? []) {
        await this.store.append({ log: LOG, entry, capacity: AUDIT_CAPACITY })
      }
    })().catch((error: unknown) => {
      this.#legacyMoved = undefined
      throw error
    })
    await this.#legacyMoved
  }
}
