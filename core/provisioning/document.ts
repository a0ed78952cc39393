/**
 * The shape of a provisioning file, once: the structural JSON Schema the hub checks every file with
 * (each connection's `settings` is then checked by its plugin), and the published schema builds on.
 */
import type { JsonSchema } from '../contract/json-schema.js'
import { CONNECTION_NAME, DEFAULT_CONNECTION, DEFAULT_WORKSPACE, INTEGRATION_ID, WORKSPACE_ID } from '../contract/names.js'
import { SUBSCRIBABLE_EVENTS } from '../integrations/events.js'
import { WEBHOOK_NAME } from '../webhooks/webhooks.js'

/** What one file says, once its references are resolved and its shape checked. */
export interface ProvisioningDocument {
  prune?: boolean
  workspaces?: Array<{ id: string, name?: string }>
  connections?: Array<{ workspace?: string, integration: string, name?: string, settings?: Record<string, unknown> }>
  webhooks?: Array<{ workspace?: string, name: string, url: string, events: string[], secret: string }>
}

export type Section = 'workspaces' | 'connections' | 'webhooks'

export const SECTIONS: readonly Section[] = ['workspaces', 'connections', 'webhooks']

/**
 * The members of an entry that say which thing it is. When one of them cannot be read, the file
 * cannot say what it no longer declares, so nothing of it is applied; any other member concerns
 * only its own entry.
 */
export const IDENTITY: Readonly<Record<Section, readonly string[]>> = {
  workspaces: ['id'],
  connections: ['workspace', 'integration', 'name'],
  webhooks: ['workspace', 'name']
}

const workspace = {
  type: 'string',
  title: 'Workspace',
  description: `The workspace's id (default \`${DEFAULT_WORKSPACE}\`).`,
  pattern: WORKSPACE_ID
} as const

export const workspaceEntrySchema = {
  type: 'object',
  title: 'Workspace',
  additionalProperties: false,
  required: ['id'],
  properties: {
    id: { type: 'string', title: 'Workspace id', description: 'Lower-case letters, digits and dashes, 1 to 63 characters.', pattern: WORKSPACE_ID },
    name: { type: 'string', title: 'Workspace name', description: 'Shown to people (default: the id).', minLength: 1, maxLength: 200 }
  }
} as const satisfies JsonSchema

export const connectionEntrySchema = {
  type: 'object',
  title: 'Connection',
  additionalProperties: false,
  required: ['integration'],
  properties: {
    workspace,
    integration: { type: 'string', title: 'Integration', description: 'The plugin\'s id, e.g. `jira`.', pattern: INTEGRATION_ID },
    name: { type: 'string', title: 'Connection name', description: `Lower-case letters, digits and dashes (default \`${DEFAULT_CONNECTION}\`).`, pattern: CONNECTION_NAME },
    settings: { type: 'object', title: 'Settings', description: 'The integration\'s settings, as its form has them.' }
  }
} as const satisfies JsonSchema

export const webhookEntrySchema = {
  type: 'object',
  title: 'Webhook',
  additionalProperties: false,
  required: ['name', 'url', 'events', 'secret'],
  properties: {
    workspace,
    name: { type: 'string', title: 'Webhook name', description: 'Lower-case letters, digits and dashes.', pattern: WEBHOOK_NAME },
    url: { type: 'string', title: 'URL', description: 'Where the hub posts the events (http or https).', format: 'uri', pattern: '^[hH][tT][tT][pP][sS]?://' },
    events: {
      type: 'array',
      title: 'Events',
      description: 'The events to send.',
      minItems: 1,
      uniqueItems: true,
      items: { type: 'string', enum: SUBSCRIBABLE_EVENTS }
    },
    secret: {
      type: 'string',
      title: 'Signing secret',
      description: 'The secret the receiver verifies deliveries with: whsec_ and the base64 of 24 to 64 random bytes (Standard Webhooks).',
      writeOnly: true,
      minLength: 1
    }
  }
} as const satisfies JsonSchema

export const documentSchema = {
  type: 'object',
  title: 'Integration Hub provisioning file',
  additionalProperties: false,
  properties: {
    prune: {
      type: 'boolean',
      title: 'Prune',
      description: 'Delete the connections and webhooks this file managed and no longer declares (default false: they are handed back to the API).'
    },
    workspaces: { type: 'array', title: 'Workspaces', items: workspaceEntrySchema },
    connections: { type: 'array', title: 'Connections', items: connectionEntrySchema },
    webhooks: { type: 'array', title: 'Webhooks', items: webhookEntrySchema }
  }
} as const satisfies JsonSchema
