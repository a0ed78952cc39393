/**
 * Webhooks as a provisioning file declares them, and what provisioning needs from the webhook room
 * to apply them: the caller passes a `WebhookTarget` in (the room is its own; provisioning only
 * declares which webhooks should exist).
 */

/** The events a webhook may subscribe to. */
export const WEBHOOK_EVENTS = [
  'connection.failing',
  'connection.recovered',
  'credential.expiring',
  'connection.changed',
  'action.completed',
  'action.failed',
  'ping'
] as const

export type WebhookEvent = typeof WEBHOOK_EVENTS[number]

/** A webhook's name within its workspace: lower-case letters, digits and dashes (1–63). */
export const WEBHOOK_NAME = '^[a-z0-9-]{1,63}$'

export interface WebhookSettings {
  url: string
  events: WebhookEvent[]
}

/** A webhook as the target lists it: enough to tell whether the file changes it, and who manages it. */
export interface ListedWebhook {
  name: string
  url: string
  events: string[]
  managed?: { file: string }
}

/**
 * Where provisioned webhooks go. `put` creates or replaces one; with `managed`, the API then refuses
 * to change or delete it (as with connections), and `release` hands it back.
 */
export interface WebhookTarget {
  list(workspace: string): Promise<ListedWebhook[]>
  put(workspace: string, name: string, webhook: WebhookSettings & { managed?: { file: string } }): Promise<{ created: boolean }>
  remove(workspace: string, name: string): Promise<void>
  release(workspace: string, name: string): Promise<void>
}
