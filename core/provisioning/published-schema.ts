/**
 * The JSON Schema of provisioning files that editors validate and complete with (served at
 * `/provisioning.schema.json`, kept in docs/provisioning.schema.json): the file's structure, and
 * each connection's `settings` as its integration's own schema, chosen by `integration` with
 * if/then. Every free-text value may also be a reference, so secrets need not be written in clear.
 */
/* eslint-disable no-template-curly-in-string -- provisioning references are written ${env:NAME}: these strings hold references, not templates */
import type { JsonSchema } from '../contract/json-schema.js'
import type { PluginRegistry } from '../runtime/registry.js'
import { connectionEntrySchema, documentSchema, webhookEntrySchema, workspaceEntrySchema } from './document.js'

const reference = {
  type: 'string',
  title: 'Reference',
  description: 'A value the hub reads when it applies the file: ${env:NAME}, ${file:/run/secrets/name} or ${sealed:…} (write $${ for a literal ${).',
  pattern: '\\$\\{(env|file|sealed):[^}]+\\}'
} as const

const secretNote = 'A secret: give it as a reference (${env:NAME}, ${file:/run/secrets/name}) rather than in clear.'

export function provisioningSchema (registry: PluginRegistry): Record<string, unknown> {
  const integrations = registry.list().map(loaded => loaded.definition).sort((a, b) => a.id.localeCompare(b.id))
  const connection = forEditors(connectionEntrySchema)
  const settingsOf = (id: string): string => `#/definitions/settings-${id}`
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: documentSchema.title,
    description: 'Workspaces, connections and webhooks for Integration Hub (HUB_PROVISION, hub apply, hub plan, hub import).',
    type: 'object',
    additionalProperties: false,
    properties: {
      prune: documentSchema.properties.prune,
      workspaces: { ...documentSchema.properties.workspaces, items: { $ref: '#/definitions/workspace' } },
      connections: { ...documentSchema.properties.connections, items: { $ref: '#/definitions/connection' } },
      webhooks: { ...documentSchema.properties.webhooks, items: { $ref: '#/definitions/webhook' } }
    },
    definitions: {
      reference,
      workspace: forEditors(workspaceEntrySchema),
      webhook: forEditors(webhookEntrySchema),
      connection: {
        ...connection,
        properties: {
          ...connection.properties,
          integration: {
            title: connectionEntrySchema.properties.integration.title,
            description: connectionEntrySchema.properties.integration.description,
            enum: integrations.map(definition => definition.id)
          }
        },
        allOf: integrations.map(definition => ({
          if: { properties: { integration: { const: definition.id } }, required: ['integration'] },
          then: { properties: { settings: { $ref: settingsOf(definition.id) } } }
        }))
      },
      ...Object.fromEntries(integrations.map(definition => [`settings-${definition.id}`, {
        ...forEditors(definition.schema),
        title: `${definition.name} settings`,
        description: definition.description
      }]))
    }
  }
}

/**
 * A plugin's schema as an editor should read it: the hub's own keywords left out, and every
 * free-text field (not a choice) either its own value or a reference.
 */
function forEditors (schema: JsonSchema): JsonSchema {
  const copy: JsonSchema = {}
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword.startsWith('x-')) continue
    if (keyword === 'properties') copy.properties = Object.fromEntries(Object.entries(value as Record<string, JsonSchema>).map(([name, property]) => [name, forEditors(property)]))
    else if (keyword === 'items' || (keyword === 'additionalProperties' && typeof value === 'object')) copy[keyword] = forEditors(value as JsonSchema)
    else if (keyword === 'oneOf' || keyword === 'anyOf' || keyword === 'allOf') copy[keyword] = (value as JsonSchema[]).map(forEditors)
    else copy[keyword] = value
  }
  if (copy.type !== 'string' || copy.const !== undefined || copy.enum !== undefined || copy.oneOf !== undefined) return copy
  const { title, description, examples, default: fallback, writeOnly, ...value } = copy
  return {
    ...(title === undefined ? {} : { title }),
    ...(description === undefined && writeOnly !== true ? {} : { description: [description, writeOnly === true ? secretNote : undefined].filter(Boolean).join(' ') }),
    ...(examples === undefined ? {} : { examples }),
    ...(fallback === undefined ? {} : { default: fallback }),
    ...(writeOnly === undefined ? {} : { writeOnly }),
    anyOf: [value, { $ref: '#/definitions/reference' }]
  }
}
