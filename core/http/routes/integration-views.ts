/**
 * What the integration routes answer, as JSON Schemas: each a component of the OpenAPI document
 * (its `$id`), the serializer of its route, and, generated from the document, the types of
 * core/api/types.ts. Change a shape here, then run `npm run generate:api`.
 */

/** Nullable itself, so that no answer needs an `anyOf` (costly to serialize: fast-json-stringify validates each branch). */
export const lastTestSchema = {
  $id: 'LastTest',
  type: ['object', 'null'],
  description: 'The last connection test of stored settings; null before the first.',
  additionalProperties: false,
  required: ['ok', 'message', 'at'],
  properties: {
    ok: { type: 'boolean' },
    code: { type: 'string' },
    message: { type: 'string' },
    at: { type: 'string', format: 'date-time' }
  }
} as const

const lastTest = { $ref: 'LastTest#' } as const
const managed = {
  type: 'object',
  description: 'Set when a provisioning file declares it: it is changed there, not through the API.',
  additionalProperties: false,
  required: ['file'],
  properties: { file: { type: 'string' } }
} as const

const catalogProperties = {
  id: { type: 'string' },
  name: { type: 'string' },
  description: { type: 'string' },
  icon: { type: 'string', description: 'An SVG; draw it as an image (`<img src="data:image/svg+xml,…">`), never as markup.' },
  pluginVersion: { type: 'string' },
  configured: { type: 'boolean', description: 'Whether it has at least one connection.' },
  updatedAt: { type: ['string', 'null'], format: 'date-time', description: 'When a connection of it last changed.' },
  lastTest: { ...lastTest, description: 'The last test of the default connection (else of the connection changed last).' },
  connections: { type: 'integer', description: 'How many connections it has.' },
  failing: { type: 'integer', description: 'How many of them failed their last test.' },
  expiring: { type: 'integer', description: 'How many of them work, but rely on something that ends within 30 days (health `expiring`).' }
} as const

const catalogRequired = ['id', 'name', 'description', 'pluginVersion', 'configured', 'updatedAt', 'lastTest', 'connections', 'failing', 'expiring'] as const

export const catalogEntrySchema = {
  $id: 'CatalogEntry',
  type: 'object',
  description: 'One integration in the catalog, with the state of its connections in the caller’s workspace.',
  additionalProperties: false,
  required: catalogRequired,
  properties: catalogProperties
} as const

export const healthCheckSchema = {
  $id: 'HealthCheck',
  type: 'object',
  description: 'One check of a connection’s stored settings: scheduled, or "Check now".',
  additionalProperties: false,
  required: ['at', 'ok', 'message'],
  properties: { at: { type: 'string', format: 'date-time' }, ok: { type: 'boolean' }, code: { type: 'string' }, message: { type: 'string' } }
} as const

const connectionHealth = {
  description: 'A connection’s health: it is tested again on a schedule, and each check is recorded.',
  additionalProperties: false,
  required: ['status', 'checkedAt', 'nextCheckAt', 'history'],
  properties: {
    status: { type: 'string', enum: ['unknown', 'healthy', 'failing', 'expiring'], description: '`unknown` until the first check; `failing`: the last check failed; `expiring`: it passed, but something it relies on ends within 30 days.' },
    checkedAt: { type: ['string', 'null'], format: 'date-time', description: 'When the last check ran, or null before the first.' },
    nextCheckAt: { type: ['string', 'null'], format: 'date-time', description: 'When the next scheduled check falls due, or null when none is planned (scheduled checks are off).' },
    code: { type: 'string', description: 'Why the last check failed, while `failing`.' },
    message: { type: 'string' },
    expiresAt: { type: 'string', format: 'date-time', description: 'The earliest end the checks reported, when one is known.' },
    expiresWhat: { type: 'string', description: 'What ends then ("API Token").' },
    history: { type: 'array', items: { $ref: 'HealthCheck#' }, description: 'The newest checks first, at most 20.' }
  }
} as const

export const connectionHealthSchema = { $id: 'ConnectionHealth', type: 'object', ...connectionHealth } as const

export const connectionSummarySchema = {
  $id: 'ConnectionSummary',
  type: 'object',
  description: 'One connection of an integration, as `GET …/connections` lists it.',
  additionalProperties: false,
  required: ['name', 'version', 'updatedAt', 'lastTest', 'health'],
  properties: {
    name: { type: 'string' },
    version: { type: 'integer' },
    updatedAt: { type: 'string', format: 'date-time' },
    lastTest,
    managed,
    health: { $ref: 'ConnectionHealth#' }
  }
} as const

/** A plugin's JSON Schema (settings, an action's input or output): documented as an object of its own. */
const pluginSchema = { type: 'object', additionalProperties: true } as const

export const actionSummarySchema = {
  $id: 'ActionSummary',
  type: 'object',
  description: 'One action of an integration: its own operation in this document gives the schemas as types.',
  additionalProperties: false,
  required: ['name', 'title', 'input'],
  properties: {
    name: { type: 'string' },
    title: { type: 'string' },
    description: { type: 'string' },
    input: { ...pluginSchema, description: 'The JSON Schema of its input.' },
    output: { ...pluginSchema, description: 'The JSON Schema of what it answers.' }
  }
} as const

export const integrationViewSchema = {
  $id: 'IntegrationView',
  type: 'object',
  description: 'One connection of an integration with its schema and settings (secrets are never returned, only listed). `configured`, `updatedAt` and `lastTest` are this connection’s; `connections`, `failing` and `expiring` count them all.',
  additionalProperties: false,
  required: [...catalogRequired, 'connection', 'schema', 'actions', 'config', 'secretsSet', 'version', 'health'],
  properties: {
    ...catalogProperties,
    connection: { type: 'string', description: 'The connection shown: `default` for `/api/integrations/{id}`.' },
    schema: { ...pluginSchema, description: 'The JSON Schema of the settings (`writeOnly` marks a secret).' },
    actions: { type: 'array', items: { $ref: 'ActionSummary#' } },
    config: { type: ['object', 'null'], additionalProperties: true, description: 'The settings without their secrets, or null when it is not configured.' },
    secretsSet: { type: 'array', items: { type: 'string' }, description: 'Paths of the secrets stored for this connection.' },
    version: { type: ['integer', 'null'], description: 'The connection’s version (send it back with an Update), or null when it is not configured.' },
    managed,
    // The shape of ConnectionHealth, or null: written out, since an `anyOf` is costly to serialize.
    health: { ...connectionHealth, type: ['object', 'null'], description: 'The connection’s health, or null when it is not configured.' }
  }
} as const

export const jobViewSchema = {
  $id: 'JobView',
  type: 'object',
  description: 'A queued action (`Prefer: respond-async`): its status, attempts, and once done its result or final error.',
  additionalProperties: false,
  required: ['id', 'status', 'attempts', 'createdAt'],
  properties: {
    id: { type: 'string' },
    status: { type: 'string', enum: ['queued', 'running', 'succeeded', 'failed'] },
    attempts: { type: 'integer' },
    createdAt: { type: 'string', format: 'date-time' },
    finishedAt: { type: 'string', format: 'date-time' },
    nextAttemptAt: { type: 'string', format: 'date-time' },
    result: { description: 'The action’s output, once it succeeded.' },
    error: { $ref: 'HubError#', description: 'The final error in the same words a direct call answers with (or the latest attempt’s, while it retries).' }
  }
} as const

export const integrationViews = [lastTestSchema, catalogEntrySchema, healthCheckSchema, connectionHealthSchema, connectionSummarySchema, actionSummarySchema, integrationViewSchema, jobViewSchema]
