/**
 * The events the hub tells a workspace's host platform about, through its webhooks: the one list of
 * event types, and the one way to announce one (the webhook room delivers them).
 */
import type { WorkspaceIdentity } from '../security/sessions.js'

export const EVENT_TYPES = ['connection.failing', 'connection.recovered', 'credential.expiring', 'connection.changed', 'action.completed', 'action.failed', 'ping'] as const

export type HubEventType = typeof EVENT_TYPES[number]

/** The types a webhook may ask for: all but `ping`, which only a test sends (to one webhook, on demand). */
export const SUBSCRIBABLE_EVENTS = EVENT_TYPES.filter((type): type is Exclude<HubEventType, 'ping'> => type !== 'ping')

export type SubscribableEvent = typeof SUBSCRIBABLE_EVENTS[number]

export interface HubEvents {
  /** Announces an event of a workspace to every webhook of it that asked for this type (at least once, durably). */
  emit(workspace: WorkspaceIdentity, type: HubEventType, data: Record<string, unknown>): Promise<void>
}

/** Announces nothing: for a hub without webhooks (tools that open the store). */
export const noEvents: HubEvents = { emit: async () => {} }
