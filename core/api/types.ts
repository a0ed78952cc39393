/**
 * The JSON the HTTP API speaks, shared by the routes, the widget (the browser bundle imports only
 * this folder and contract/) and `integration-hub/client`. Types only: nothing here runs. The shapes
 * are the routes' JSON Schemas, through the OpenAPI document, generated into openapi.ts (`npm run
 * generate:api`); this file names them. Plugin JSON Schemas keep the contract's `JsonSchema` type.
 */
import type { FieldError, StepResult } from '../contract/contract.js'
import type { JsonSchema } from '../contract/json-schema.js'
import type { TestResult } from '../contract/results.js'
import type { components } from './openapi.js'

export type { FieldError, JsonSchema, StepResult, TestResult }
export type { components, operations, paths } from './openapi.js'

type Schemas = components['schemas']

/** Settings as the API carries them: secrets left out on the way back. */
export type Config = Record<string, unknown>

/** The body of every error answer. */
export type ErrorBody = Schemas['HubError']

/** The last connection test of stored settings. */
export type TestStatus = NonNullable<Schemas['LastTest']>

/** One integration in the catalog, with the state of its connections in the caller's workspace. */
export type CatalogEntry = Schemas['CatalogEntry']

/** What the checks of a connection's stored settings found: `unknown` until the first one. */
export type HealthStatus = ConnectionHealth['status']

/** One check of a connection's stored settings: scheduled, or "Check now". */
export type HealthCheck = Schemas['HealthCheck']

/** A connection's health: it is tested again on a schedule, and each check is recorded. */
export type ConnectionHealth = Schemas['ConnectionHealth']

/** One connection of an integration, as `GET …/connections` lists it. */
export type ConnectionSummary = Schemas['ConnectionSummary']

/** One action of an integration, its schemas as the contract types them. */
export type ActionSummary = Omit<Schemas['ActionSummary'], 'input' | 'output'> & { input: JsonSchema, output?: JsonSchema }

/**
 * One connection of an integration with its schema and settings (secrets are never returned, only listed).
 * `configured`, `updatedAt` and `lastTest` are this connection's; `connections`, `failing` and `expiring` count them all.
 */
export type IntegrationView = Omit<Schemas['IntegrationView'], 'schema' | 'actions'> & { schema: JsonSchema, actions: ActionSummary[] }

export type Role = TokenView['role']

/** The caller of the API, as `GET /api/me` answers. */
export type Caller = Schemas['Caller']

/** Who is signed in to the page (`GET /auth/me`); `role` null: signed in, but with no rights there. */
export type SignedIn = Schemas['SignedIn']

/** Who is signed in, with a role. */
export type Principal = Omit<SignedIn, 'role'> & { role: NonNullable<SignedIn['role']> }

export type WorkspaceView = Schemas['WorkspaceView']

/** A scoped token as the operator sees it after creating it (the token itself is shown this once). */
export type CreatedToken = Schemas['CreatedToken']

export type TokenView = Schemas['TokenView']

export type AuditEntry = Schemas['AuditEntry']
