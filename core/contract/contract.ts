/**
 * The plugin contract: everything a third party needs to write an integration.
 * A plugin is one module whose default export is `defineIntegration({...})`.
 */
import type { Socket } from 'node:net'
import type { SecureContext } from 'node:tls'
import type { FromSchema, JsonSchema } from './json-schema.js'

export type { ChoicesFrom, FromSchema, JsonSchema } from './json-schema.js'

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
  /** The remote's HTTP status, when it answered: decides whether a queued action is tried again (5xx, 429) or not (4xx). */
  status?: number
  /** How long the remote asked to wait (`Retry-After`), in seconds. */
  retryAfterSeconds?: number
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

export interface CacheOptions<T> {
  /** How long the value may be used, in ms (or computed from it, e.g. a token's `expires_in`). Default: until the settings change. */
  ttlMs?: number | ((value: T) => number)
  /** Runs when the value is dropped (expired, replaced, settings changed, hub stopping): close a pool here. */
  dispose?: (value: T) => void | Promise<void>
}

/**
 * Values kept for one connection while its stored settings stay the same: an access token, a pool
 * of SMTP connections. A changed or deleted connection drops them; a draft's test gets a cache of its
 * own that ends with the test, so nothing made with unsaved settings outlives it.
 */
export interface ConnectionCache {
  /** The value kept under `name`, or the one `create` makes (concurrent callers share one `create`). */
  get<T>(name: string, create: () => Promise<T>, options?: CacheOptions<T>): Promise<T>
  /** Drops a value (e.g. a token the service no longer accepts). */
  delete(name: string): void
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
  /** Values kept for this connection (tokens, pools). */
  cache: ConnectionCache
  /**
   * The caller's `Idempotency-Key` for this action, and which attempt with that key this is: from the
   * second on, an earlier one may have reached the service (it timed out), so look for what it made
   * before making it again.
   */
  idempotency: { key: string, attempt: number } | undefined
  /** Tells the hub when something this connection relies on stops working (a token, a certificate); it warns before then. */
  expires(what: string, at: Date): void
  log: PluginLogger
}

const failureBrand: unique symbol = Symbol.for('integration-hub.IntegrationFailure')

/**
 * A failure the plugin raised on purpose. The core turns its code into the mapped message;
 * anything else thrown is classified by the core (UNREACHABLE, TIMEOUT, TLS, …). Recognised by a
 * brand (`isIntegrationFailure`), so a plugin that bundles its own copy of this module still works.
 */
export class IntegrationFailure extends Error {
  override name = 'IntegrationFailure'
  readonly [failureBrand] = true
  readonly code: string
  readonly detail: string | undefined
  readonly params: Record<string, string | number>
  readonly fields: FieldError[]
  readonly status: number | undefined
  readonly retryAfterSeconds: number | undefined

  constructor (code: string, options: FailOptions = {}) {
    super(code, { cause: options.cause })
    this.code = code
    this.detail = options.detail
    this.params = options.params ?? {}
    this.fields = options.fields ?? []
    this.status = options.status
    this.retryAfterSeconds = options.retryAfterSeconds
  }
}

export function isIntegrationFailure (value: unknown): value is IntegrationFailure {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[failureBrand] === true
}

type Output<S> = S extends JsonSchema ? FromSchema<S> : unknown

export interface ActionDefinition<Config, Input extends JsonSchema = JsonSchema, OutputSchema extends JsonSchema | undefined = JsonSchema | undefined> {
  title: string
  description?: string
  /** JSON Schema of the input; the core validates it before `run` is called. */
  input: Input
  /** JSON Schema of what `run` resolves to: documented in the API and typed for `run`. */
  output?: OutputSchema
  run(config: Config, input: FromSchema<Input>, ctx: IntegrationContext): Promise<Output<OutputSchema>>
}

export interface IntegrationDefinition<Schema extends JsonSchema = JsonSchema, Config = FromSchema<Schema>> {
  /** URL-safe and unique: lower-case letters, digits and dashes. */
  id: string
  name: string
  description: string
  /** The plugin's own semver version. */
  version: string
  /** An SVG shown in the catalog (drawn as an image: scripts and event handlers in it never run). */
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
  actions?: Record<string, ActionDefinition<NoInfer<Config>, any, any>>
}

/** Identity function that gives a plugin definition its types, with the config inferred from the schema. */
export function defineIntegration<const Schema extends JsonSchema, Config = FromSchema<Schema>> (
  definition: IntegrationDefinition<Schema, Config>
): IntegrationDefinition<Schema, Config> {
  return definition
}

/** Identity function for one action, so its input (and output) types are inferred from its schemas. */
export function defineAction<Config, const Input extends JsonSchema, const OutputSchema extends JsonSchema | undefined = undefined> (
  action: ActionDefinition<Config, Input, OutputSchema>
): ActionDefinition<Config, Input, OutputSchema> {
  return action
}

/** Common failure codes the core assigns to errors a plugin did not raise itself. */
export const commonErrors = {
  UNREACHABLE: { message: 'The service could not be reached: check the address and that the service is running.' },
  TIMEOUT: { message: 'The service did not answer within {seconds} s.' },
  TLS: { message: 'The service’s TLS certificate could not be verified.' },
  ADDRESS_BLOCKED: { message: 'This address is not allowed: {reason}.' },
  RESPONSE_TOO_LARGE: { message: 'The service sent a larger answer than the hub accepts.' },
  REDIRECT_REFUSED: { message: 'The service redirected a request carrying credentials to another site; the hub does not follow it.' },
  UNEXPECTED: { message: 'The connection failed unexpectedly; the details are in the hub’s log.' }
} as const satisfies Record<string, ErrorEntry>

export type CommonErrorCode = keyof typeof commonErrors

/**
 * The entries for failing to reach a service, in one plugin's words: `message` is what the admin reads
 * ("Service URL not reachable"), `field` the setting to mark. Spread it into `errors`.
 */
export function connectionErrors ({ message, field }: { message: string, field: string }): Record<'UNREACHABLE' | 'TIMEOUT' | 'TLS' | 'ADDRESS_BLOCKED', ErrorEntry> {
  return {
    UNREACHABLE: { message, field },
    TIMEOUT: { message: `${message}: no answer within {seconds} s`, field },
    TLS: { message: `${message}: its TLS certificate could not be verified`, field },
    ADDRESS_BLOCKED: { message: `${message}: this address is not allowed ({reason})`, field }
  }
}
