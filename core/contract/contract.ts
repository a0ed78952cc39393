/**
 * The plugin contract: everything a third party needs to write an integration.
 * A plugin is one module whose default export is `defineIntegration({...})`.
 */
import type { Socket } from 'node:net'
import type { SecureContext } from 'node:tls'
import type { FromSchema, JsonSchema } from './json-schema.js'

export type { FromSchema, JsonSchema } from './json-schema.js'

/** What the admin reads when a code is raised; `field` marks the form field it concerns. */
export interface ErrorEntry {
  /** Plain words for the admin. `{name}` placeholders are filled from `fail(code, { params })`. */
  message: string
  /** Property path in the settings (or action input) the failure concerns, e.g. `password`. */
  field?: string
}

export interface FailOptions {
  /** One more sentence for the admin (shown under the message): what exactly went wrong. */
  detail?: string
  /** Values for the message's `{placeholders}`. */
  params?: Record<string, string | number>
  /** Field errors reported by the remote service, e.g. Jira's `errors` object on a 400. */
  fields?: FieldError[]
  cause?: unknown
}

export interface FieldError {
  field: string
  message: string
}

/** Outcome of one named step of a connection test. */
export interface StepResult {
  label: string
  ok: boolean
  durationMs: number
}

export interface ConnectOptions {
  host: string
  port: number
}

/** A logger that scrubs every secret of the current config from what it writes. */
export interface PluginLogger {
  debug(message: string, data?: Record<string, unknown>): void
  info(message: string, data?: Record<string, unknown>): void
  warn(message: string, data?: Record<string, unknown>): void
  error(message: string, data?: Record<string, unknown>): void
}

/** What the core hands to `test()` and to every action's `run()`. */
export interface IntegrationContext {
  /** Aborts at the deadline (and when the client goes away). Pass it to anything that waits. */
  signal: AbortSignal
  /** Milliseconds left before the deadline. */
  remainingMs(): number
  /** `fetch` through the hub's outbound guard, bound by the deadline and a response-size cap. */
  fetch(url: string | URL, init?: RequestInit): Promise<Response>
  /** A TCP socket through the same guard (name resolved once, address checked, deadline applied). */
  connect(options: ConnectOptions): Promise<Socket>
  /** The `secureContext` for a `tls.connect` of your own (system roots plus `HUB_CA_FILE`); undefined means Node's defaults. */
  secureContext: SecureContext | undefined
  /** Builds the failure for a code of the plugin's error map (or a common code); `throw` it. */
  fail(code: string, options?: FailOptions): IntegrationFailure
  /** Runs `fn` as a named step whose outcome is reported to the admin ("Reach server", "Log in"). */
  step<T>(label: string, fn: () => Promise<T>): Promise<T>
  log: PluginLogger
}

/**
 * A failure the plugin raised on purpose. The core turns its code into the mapped message;
 * anything else thrown is classified by the core (UNREACHABLE, TIMEOUT, TLS, …).
 */
export class IntegrationFailure extends Error {
  override name = 'IntegrationFailure'
  readonly code: string
  readonly detail: string | undefined
  readonly params: Record<string, string | number>
  readonly fields: FieldError[]

  constructor (code: string, options: FailOptions = {}) {
    super(code, { cause: options.cause })
    this.code = code
    this.detail = options.detail
    this.params = options.params ?? {}
    this.fields = options.fields ?? []
  }
}

export interface ActionDefinition<Config, Input extends JsonSchema = JsonSchema, Output = unknown> {
  title: string
  description?: string
  /** JSON Schema of the input; the core validates it before `run` is called. */
  input: Input
  run(config: Config, input: FromSchema<Input>, ctx: IntegrationContext): Promise<Output>
}

export interface IntegrationDefinition<Schema extends JsonSchema = JsonSchema, Config = FromSchema<Schema>> {
  /** URL-safe and unique: lower-case letters, digits and dashes. */
  id: string
  name: string
  description: string
  /** The plugin's own semver version. */
  version: string
  /** An inline SVG shown in the catalog. */
  icon?: string
  /** JSON Schema of the settings. `title` is the label, `writeOnly: true` marks a secret. */
  schema: Schema
  /**
   * Version of the settings' shape (default 1). Raise it when the schema changes incompatibly and
   * add a migration for each step: stored configs are migrated when next read, and saved again.
   */
  schemaVersion?: number
  /** `migrations[n]` turns a config of shape n-1 into shape n (secrets arrive opened, as plain text). */
  migrations?: Record<number, (config: Record<string, unknown>) => Record<string, unknown>>
  /** Failure code → what the admin reads. May override the common codes' messages. */
  errors: Record<string, ErrorEntry>
  /** Resolves when the settings work; throws `ctx.fail(code)` when they do not. */
  test(config: Config, ctx: IntegrationContext): Promise<void>
  actions?: Record<string, ActionDefinition<NoInfer<Config>, any, unknown>>
}

/** Identity function that gives a plugin definition its types, with the config inferred from the schema. */
export function defineIntegration<const Schema extends JsonSchema, Config = FromSchema<Schema>> (
  definition: IntegrationDefinition<Schema, Config>
): IntegrationDefinition<Schema, Config> {
  return definition
}

/** Identity function for one action, so its input type is inferred from its schema. */
export function defineAction<Config, const Input extends JsonSchema, Output> (
  action: ActionDefinition<Config, Input, Output>
): ActionDefinition<Config, Input, Output> {
  return action
}

/** Common failure codes the core assigns to errors a plugin did not raise itself. */
export const commonErrors = {
  UNREACHABLE: { message: 'The service could not be reached: check the address and that the service is running.' },
  TIMEOUT: { message: 'The service did not answer within {seconds} s.' },
  TLS: { message: 'The service’s TLS certificate could not be verified.' },
  ADDRESS_BLOCKED: { message: 'This address is not allowed: {reason}.' },
  RESPONSE_TOO_LARGE: { message: 'The service sent a larger answer than the hub accepts.' },
  UNEXPECTED: { message: 'The connection failed unexpectedly; the details are in the hub’s log.' }
} as const satisfies Record<string, ErrorEntry>

export type CommonErrorCode = keyof typeof commonErrors
