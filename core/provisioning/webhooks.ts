/**
 * What provisioning needs from the webhook room to apply the webhooks a file declares: the hub's
 * `Webhooks` is one (the room keeps them, their sealed secrets and their deliveries; provisioning only
 * declares which webhooks should exist, with which secret). The events a webhook may ask for and its
 * name pattern are the room's too (core/integrations/events.ts, core/webhooks/webhooks.ts).
 */
import type { ProvisionedSettings, WebhookSettings, WebhookView } from '../webhooks/webhooks.js'
import type { Workspace } from '../workspaces/registry.js'

/** A webhook as the target lists it: enough to tell whether the file changes it, and who manages it. */
export type ListedWebhook = Pick<WebhookView, 'name' | 'url' | 'events' | 'managed'>

/**
 * Where provisioned webhooks go. `put` creates or replaces one with the given secret; with `managed`,
 * the API then refuses to change or delete it (as with connections), and `release` hands it back.
 */
export interface WebhookTarget {
  list(workspace: Workspace): Promise<ListedWebhook[]>
  /** Whether the stored secret is this one (compared, never shown). */
  hasSecret(workspace: Workspace, name: string, secret: string): Promise<boolean>
  /** The stored secret, for an export (undefined when it no longer opens). */
  secretOf(workspace: Workspace, name: string): Promise<string | undefined>
  put(workspace: Workspace, name: string, settings: WebhookSettings, provisioned: ProvisionedSettings & { secret: string }): Promise<{ created: boolean }>
  remove(workspace: Workspace, name: string, options: { managed: { file: string } }): Promise<void>
  release(workspace: Workspace, name: string): Promise<void>
}
