/**
 * The JSON the HTTP API speaks, shared by the routes and the widget (the browser bundle imports
 * only this folder and contract/). Types only: nothing here runs.
 */
import type { FieldError, StepResult } from '../contract/contract.js'
import type { JsonSchema } from '../contract/json-schema.js'
import type { TestResult } from '../contract/results.js'

export type { FieldError, JsonSchema, StepResult, TestResult }

/** Settings as the API carries them: secrets left out on the way back. */
export type Config = Record<string, unknown>

/** The body of every error answer. */
export interface ErrorBody {
  /** A stable `HUB_ERR_…` code (docs/errors.md). */
  error: string
  message: string
  detail?: string
  fields?: FieldError[]
  /** The failed connection test of a refused Save. */
  test?: TestResult
  /** The plugin's failure code of a failed action (`INVALID_TOKEN`, `TIMEOUT`, …). */
  code?: string
  /** How long the remote asked to wait before trying again (also sent as `Retry-After`). */
  retryAfterSeconds?: number
}

/** The last connection test of stored settings. */
export interface TestStatus {
  ok: boolean
  code?: string
  message: string
  at: string
}

/** One integration in the catalog, with the state of its connections in the caller's workspace. */
export interface CatalogEntry {
  id: string
  name: string
  description: string
  /** An SVG; draw it as an image (`<img src="data:image/svg+xml,…">`), never as markup. */
  icon?: string
  pluginVersion: string
  /** Whether it has at least one connection. */
  configured: boolean
  /** When a connection of it last changed. */
  updatedAt: string | null
  /** The last test of the default connection (else of the connection changed last). */
  lastTest: TestStatus | null
  /** How many connections it has. */
  connections: number
  /** How many of them failed their last test. */
  failing: number
}

/** One connection of an integration, as `GET …/connections` lists it. */
export interface ConnectionSummary {
  name: string
  version: number
  updatedAt: string
  lastTest: TestStatus | null
  managed?: { file: string }
}

export interface ActionSummary {
  name: string
  title: string
  description?: string
  input: JsonSchema
  output?: JsonSchema
}

/** One connection of an integration with its schema and settings (secrets are never returned, only listed). */
export interface IntegrationView extends CatalogEntry {
  /** The connection shown: `default` for `/api/integrations/:id`. */
  connection: string
  schema: JsonSchema
  actions: ActionSummary[]
  config: Config | null
  /** Paths of the secrets stored for this connection. */
  secretsSet: string[]
  /** The connection's version (send it back with an Update), or null when it is not configured. */
  version: number | null
  /** Set when a provisioning file declares this connection: it is changed there, not through the API. */
  managed?: { file: string }
}

export type Role = 'admin' | 'viewer'

/** Who is signed in (`GET /auth/me`). */
export interface Principal {
  sub: string
  name?: string
  email?: string
  via: 'token' | 'sso'
  workspace: string
  /** `operator` manages every workspace; `admin` and `viewer` act in their own. */
  role: Role | 'operator'
}

export interface WorkspaceView {
  id: string
  name: string
  createdAt: string
  updatedAt: string
}

/** A scoped token as the operator sees it after creating it (the token itself is shown this once). */
export interface CreatedToken {
  id: string
  token: string
  expiresAt: string
}

export interface TokenView {
  id: string
  subject: string
  role: Role
  integrations?: string[]
  createdAt: string
  expiresAt: string
  revokedAt?: string
}

export interface AuditEntry {
  id: string
  at: string
  /** Who: the operator, a scoped token's subject, an SSO user's verified email or subject, what a host's `authorize` said. */
  actor: string
  integration: string
  connection: string
  /** A change (`create`, `update`, `delete`), a test of a draft or of the stored settings, or an action run. */
  action: 'create' | 'update' | 'delete' | 'test' | 'run'
  /** The action run, for `run`. */
  name?: string
  /** Paths of the settings that changed (secrets included by name, never values). */
  fields: string[]
  outcome: 'saved' | 'saved-despite-failed-test' | 'rejected-by-test' | 'conflict' | 'deleted' | 'passed' | 'failed'
  /** The failure code of a test or action, when it failed. */
  code?: string
  /** The version a saved change produced. */
  version?: number
}
