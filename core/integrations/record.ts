/**
 * How an integration's connections are stored: one record per integration and workspace, holding
 * every connection by name (the catalog reads one key per integration; a save rewrites one record).
 * A record carries its workspace's epoch: one left behind by a deleted workspace is never read as the
 * data of a new workspace of the same id.
 */
import type { Config, HealthCheck, HealthStatus, TestStatus } from '../api/types.js'
import type { TestResult } from '../contract/results.js'
import type { Frozen } from '../storage/store.js'
import type { Workspace } from '../workspaces/registry.js'

/** One connection of one integration in one workspace: what every operation on connections is about. */
export interface ConnectionRef {
  workspace: Workspace
  integration: string
  connection: string
}

export interface StoredConnection {
  /** Increases by one with every saved change; the client sends it back for optimistic concurrency. */
  version: number
  /** The plugin's `schemaVersion` the config was saved under. */
  schemaVersion: number
  /** The settings, with secret fields sealed under the workspace's data key. */
  config: Config
  /** Paths of the values in `config` that are sealed: only these are ever opened. */
  sealed: string[]
  createdAt: string
  updatedAt: string
  updatedBy: string
  /** The last connection test of these settings: kept in the same record, so a save is one write. */
  lastTest?: TestStatus
  /** Declared in a provisioning file: the API may test and use it, but not change or delete it. */
  managed?: { file: string }
  /** What the checks of the stored settings found, and when the next scheduled one is due. */
  health?: StoredHealth
}

/** A connection's health as stored with it; each check that records it also appends to its health log. */
export interface StoredHealth {
  status: HealthStatus
  /** When the last check ran (absent before the first). */
  checkedAt?: string
  /** Why the last check failed: set only while `failing`. */
  code?: string
  message?: string
  /** When the next scheduled check falls due. */
  nextCheckAt?: string
  /** The earliest end the checks reported (a token's expiry, say). */
  expires?: { what: string, at: string }
  /** The days before `expires.at` (30, 7, 1) whose credential.expiring was announced already. */
  announced?: readonly number[]
}

/** The newest checks a connection's health log keeps (`keys.healthLog`). */
export const HEALTH_LOG_CAPACITY = 20

/** One check in a connection's health log, with the connection's life (a deleted namesake's entries are not its own). */
export interface HealthLogEntry extends HealthCheck {
  createdAt: string
}

export interface StoredIntegration {
  /** The epoch of the workspace that wrote it. */
  epoch: string
  connections: Record<string, StoredConnection>
}

export type StoredRecord = Frozen<StoredIntegration>
export type StoredConnectionRecord = Frozen<StoredConnection>

/** The record's connections, or none when it belongs to another epoch of the workspace (or is absent). */
export function connectionsOf (record: StoredRecord | undefined, epoch: string): Frozen<Record<string, StoredConnection>> {
  return record !== undefined && record.epoch === epoch ? record.connections : {}
}

/** The record with one connection replaced (undefined removes it); a record without connections is deleted. */
export function withConnection (record: StoredRecord | undefined, epoch: string, name: string, next: StoredConnection | StoredConnectionRecord | undefined): StoredIntegration | undefined {
  const connections: Record<string, StoredConnection | StoredConnectionRecord> = { ...connectionsOf(record, epoch) }
  if (next === undefined) delete connections[name]
  else connections[name] = next
  return Object.keys(connections).length === 0 ? undefined : { epoch, connections: connections as Record<string, StoredConnection> }
}

export function testStatus (result: TestResult): TestStatus {
  return { ok: result.ok, ...(result.code === undefined ? {} : { code: result.code }), message: result.message, at: new Date().toISOString() }
}
