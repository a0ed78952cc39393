/**
 * The audit trail: who changed which integration, when, which fields, and with what outcome.
 * Values are never recorded — not even of fields that are not secret — only field names.
 */
import { randomUUID } from 'node:crypto'
import type { HubStore } from './store.js'

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

const KEY = 'audit'
/** The trail keeps this many most recent entries. */
export const AUDIT_CAPACITY = 1000

export class AuditTrail {
  constructor (private readonly store: HubStore) {}

  async record (entry: Omit<AuditEntry, 'id' | 'at'>): Promise<void> {
    const complete: AuditEntry = { id: randomUUID(), at: new Date().toISOString(), ...entry }
    await this.store.update<AuditEntry[]>(KEY, entries => [...(entries ?? []), complete].slice(-AUDIT_CAPACITY))
  }

  /** Newest first. */
  async list (filter: { integration?: string, limit: number }): Promise<AuditEntry[]> {
    const entries = await this.store.get<AuditEntry[]>(KEY) ?? []
    return entries
      .filter(entry => filter.integration === undefined || entry.integration === filter.integration)
      .slice(-filter.limit)
      .reverse()
  }
}
