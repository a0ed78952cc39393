/**
 * The audit trail of each workspace: who changed, tested or used which connection, when, which
 * fields, and with what outcome. Values are never recorded — not even of fields that are not
 * secret — only field names.
 */
import { randomUUID } from 'node:crypto'
import type { AuditEntry } from '../api/types.js'
import { keys } from '../storage/keys.js'
import type { HubStore, LogEntry } from '../storage/store.js'
import type { Workspace } from '../workspaces/registry.js'

/** An entry as the store keeps it: with the epoch of the workspace that wrote it. */
interface StoredEntry extends AuditEntry {
  epoch: string
}

export type AuditRecord = Omit<AuditEntry, 'id' | 'at'>

/** The trail keeps this many most recent entries per workspace (tests and action runs included). */
export const AUDIT_CAPACITY = 5000

export class AuditTrail {
  constructor (private readonly store: HubStore) {}

  /** An entry to store with the change it records, in one write (HubStore.update's `log`). */
  entry (workspace: Workspace, entry: AuditRecord): LogEntry {
    const stored: StoredEntry = { id: randomUUID(), at: new Date().toISOString(), ...entry, epoch: workspace.epoch }
    return { log: keys.audit(workspace.id), entry: stored, capacity: AUDIT_CAPACITY }
  }

  /**
   * Records what changed nothing stored: a refused save, a conflict, a test, an action run. Tests and
   * action runs are not synced to disk one by one (a host may send thousands of mails a minute): a
   * power loss may forget the last of them, never a change of settings.
   */
  async record (workspace: Workspace, entry: AuditRecord): Promise<void> {
    await this.store.append({ ...this.entry(workspace, entry), durable: entry.action !== 'test' && entry.action !== 'run' })
  }

  /** Newest first. */
  async list (workspace: Workspace, filter: { integration?: string, limit: number }): Promise<AuditEntry[]> {
    const wanted = filter.integration === undefined ? filter.limit : AUDIT_CAPACITY
    const entries = await this.store.recent<StoredEntry>(keys.audit(workspace.id), wanted)
    return entries
      .filter(entry => entry.epoch === workspace.epoch && (filter.integration === undefined || entry.integration === filter.integration))
      .slice(0, filter.limit)
      .map(({ epoch: _epoch, ...entry }) => entry as AuditEntry)
  }
}
