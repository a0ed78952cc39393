/**
 * The contract test kit for plugin authors (`integration-hub/testing`): one call that checks a
 * definition the way the hub will treat it, and helpers that run a connection test or an action
 * exactly as the API does — so a plugin's own tests assert what the admin will read.
 *
 *   const problems = await checkIntegration(plugin, { validConfig: { … } })
 *   t.same(problems, [])            // or: await assertIntegration(plugin, { validConfig: { … } })
 */
import type { FastifyBaseLogger } from 'fastify'
import { IntegrationFailure, commonErrors, isIntegrationFailure, type FieldError, type IntegrationContext, type IntegrationDefinition, type JsonSchema } from './contract/contract.js'
import type { TestResult } from './contract/results.js'
import { schemaAt, secretPaths, walkProperties } from './contract/schema-walk.js'
import { secretValues } from './integrations/secrets.js'
import { KeptValues } from './runtime/connection-cache.js'
import { describeErrors } from './runtime/field-errors.js'
import { PluginRegistry, type LoadedIntegration } from './runtime/registry.js'
import { runHandler, toTestResult } from './runtime/run.js'
import { networkAllowance } from './security/address-policy.js'
import { Outbound } from './security/outbound.js'

/** The part of the contract a problem breaks. */
export type ContractCheck = 'registry' | 'labels' | 'secrets' | 'errors' | 'settings' | 'deadline' | 'actions'

export interface ContractProblem {
  check: ContractCheck
  /** One sentence naming the setting, code or action concerned and what to change. */
  message: string
}

export interface ActionSamples {
  /** Inputs the action's schema must accept; the first is also run against a hanging service. */
  valid?: unknown[]
  /** Inputs the action's schema must refuse. */
  invalid?: unknown[]
}

export interface CheckOptions {
  /** Settings that pass the schema: `test()` (and each action) runs with them against a service that never answers. */
  validConfig: Record<string, unknown>
  /** Settings the schema must refuse (a missing required field, a wrong type, a bad URL…). */
  invalidConfigs?: Array<Record<string, unknown>>
  /** Per action name: inputs its schema must accept and refuse. */
  actionInputs?: Record<string, ActionSamples>
  /** When the hanging service's signal aborts, in ms. Default 100. */
  deadlineMs?: number
  /** How long after the abort `test()` may take to settle, in ms. Default 1000. */
  graceMs?: number
}

/**
 * Words that make a setting a secret when its name ends with them. The name is split into words
 * at camelCase humps, `_`, `-` and `.`; matching the *last* word (or last two) keeps `apiKey`,
 * `client_secret` and `smtpPassword` in while leaving `projectKey`, `tokenUrl` and `secretName` out.
 */
const secretLastWords = new Set(['password', 'passwd', 'passphrase', 'secret', 'token', 'apikey', 'credential', 'credentials'])
const secretLastTwoWords = new Set(['api key', 'private key', 'secret key', 'signing key', 'encryption key'])

/** Splits a property name into lower-case words: `clientSecret` → client, secret; `API_KEY` → api, key. */
export function nameWords (name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_.-]+/)
    .filter(Boolean)
    .map(word => word.toLowerCase())
}

/** Whether a setting's name says it holds a secret (see `secretLastWords`). */
export function looksSecret (name: string): boolean {
  const words = nameWords(name)
  const last = words.at(-1)
  if (last === undefined) return false
  return secretLastWords.has(last) || secretLastTwoWords.has(words.slice(-2).join(' '))
}

/**
 * Checks a plugin definition against the contract and returns every problem found (an empty list
 * when there is none). It never throws for a broken plugin: a broken plugin is a list of problems.
 */
export async function checkIntegration (definition: unknown, options: CheckOptions): Promise<ContractProblem[]> {
  const problems: ContractProblem[] = []
  const report = (check: ContractCheck, message: string): void => { problems.push({ check, message }) }
  let loaded: LoadedIntegration | undefined
  try {
    loaded = new PluginRegistry().add(definition, 'checkIntegration')
  } catch (error) {
    report('registry', (error as Error).message)
  }
  const candidate = definition as Partial<IntegrationDefinition>
  const schema = isSchema(candidate?.schema) ? candidate.schema : undefined
  if (schema !== undefined) {
    checkLabels(schema, report)
    checkSecrets(schema, report)
    checkErrorFields(candidate, schema, report)
  }
  if (loaded === undefined) return problems

  const config = checkSettings(loaded, options, report)
  const deadlineMs = options.deadlineMs ?? 100
  const graceMs = options.graceMs ?? 1000
  if (config !== undefined) {
    const outcome = await settlesAfterAbort(ctx => loaded.definition.test(clone(config), ctx), deadlineMs, graceMs)
    if (outcome.hung) {
      report('deadline', `test() did not settle within ${graceMs} ms after its signal aborted: pass ctx.signal to everything that waits, and use ctx.fetch / ctx.connect`)
    }
    checkRaisedCode(loaded, 'test()', outcome.error, report)
  }
  for (const action of loaded.actions.values()) {
    const samples = options.actionInputs?.[action.name] ?? {}
    for (const [index, input] of (samples.valid ?? []).entries()) {
      if (!action.validateInput(clone(input))) {
        const fields = describeErrors(action.definition.input, input, action.validateInput.errors ?? [])
        report('actions', `action "${action.name}" refuses valid input ${index + 1}: ${fieldList(fields)}`)
      }
    }
    for (const [index, input] of (samples.invalid ?? []).entries()) {
      if (action.validateInput(clone(input))) report('actions', `action "${action.name}" accepts invalid input ${index + 1}: its input schema must refuse it`)
    }
    const base = samples.valid?.[0]
    const probe = { ...(isRecord(base) ? base : {}), unexpectedProperty: 'x' }
    if (action.validateInput(probe)) {
      report('actions', `action "${action.name}" accepts an unknown input property: set \`additionalProperties: false\` on its input schema, so a misspelt field is refused instead of ignored`)
    }
    if (config !== undefined && base !== undefined && action.validateInput(clone(base))) {
      const input = clone(base)
      action.validateInput(input)
      const outcome = await settlesAfterAbort(ctx => action.definition.run(clone(config), input, ctx), deadlineMs, graceMs)
      if (outcome.hung) report('deadline', `action "${action.name}" did not settle within ${graceMs} ms after its signal aborted: pass ctx.signal to everything that waits`)
      checkRaisedCode(loaded, `action "${action.name}"`, outcome.error, report)
    }
  }
  return problems
}

/** Thrown by `assertIntegration`: its message lists every problem, one per line. */
export class ContractError extends Error {
  override name = 'ContractError'
  constructor (readonly problems: ContractProblem[], plugin: string) {
    super(`Plugin "${plugin}" breaks the integration contract:\n${problems.map(problem => `- [${problem.check}] ${problem.message}`).join('\n')}`)
  }
}

/** `checkIntegration` for any test runner: resolves when there is no problem, throws a ContractError listing them otherwise. */
export async function assertIntegration (definition: unknown, options: CheckOptions): Promise<void> {
  const problems = await checkIntegration(definition, options)
  if (problems.length > 0) {
    const id = (definition as { id?: unknown } | null)?.id
    throw new ContractError(problems, typeof id === 'string' ? id : 'unnamed')
  }
}

/** How `runConnectionTest` and `runAction` run a handler: as a hub configured with these settings would. */
export interface HubRunOptions {
  /** Deadline in ms, as `HUB_OUTBOUND_TIMEOUT_MS`. Default 10 000. */
  timeoutMs?: number
  /** Let calls reach loopback and private addresses, where local peers listen. Default true (tests). */
  allowPrivateNetwork?: boolean
  /** What the connection keeps between runs (`ctx.cache`): pass the same one to several runs to see reuse. Default: a fresh one per run. */
  cache?: KeptValues
  /** The Idempotency-Key an action run sees, as the API passes it. */
  idempotency?: { key: string, attempt: number }
  /** Extra certificate authorities (PEM), as `HUB_CA_FILE`: the CA of a local TLS peer. */
  trustedCertificates?: string[]
}

/** Runs the plugin's `test()` as the hub does: the settings validated, the real outbound guard, the deadline, the error map. */
export async function runConnectionTest (definition: IntegrationDefinition<any, any>, config: Record<string, unknown>, options: HubRunOptions = {}): Promise<TestResult> {
  return await withLoaded(definition, config, options, async (loaded, settings, run) =>
    toTestResult(await run(ctx => loaded.definition.test(settings, ctx))))
}

export type ActionReport =
  | { ok: true, value: unknown }
  | { ok: false, code: string, message: string, detail?: string, fields: FieldError[] }

/** Runs one action as `POST /api/integrations/:id/actions/:action` does (input validated first: a refused input throws). */
export async function runAction (definition: IntegrationDefinition<any, any>, config: Record<string, unknown>, actionName: string, input: unknown, options: HubRunOptions = {}): Promise<ActionReport> {
  return await withLoaded(definition, config, options, async (loaded, settings, run) => {
    const action = loaded.actions.get(actionName)
    if (action === undefined) throw new Error(`${loaded.definition.id} has no action "${actionName}"`)
    const checked = clone(input)
    if (!action.validateInput(checked)) {
      throw new Error(`the input is refused by the schema of action "${actionName}": ${fieldList(describeErrors(action.definition.input, checked, action.validateInput.errors ?? []))}`)
    }
    const outcome = await run(ctx => action.definition.run(settings, checked, ctx))
    if (outcome.ok) return { ok: true, value: outcome.value }
    const { failure } = outcome
    return { ok: false, code: failure.code, message: failure.message, ...(failure.detail === undefined ? {} : { detail: failure.detail }), fields: failure.fields }
  })
}

type Runner = <T>(handler: (ctx: IntegrationContext) => Promise<T>) => ReturnType<typeof runHandler<T>>

async function withLoaded<R> (
  definition: IntegrationDefinition<any, any>,
  config: Record<string, unknown>,
  options: HubRunOptions,
  body: (loaded: LoadedIntegration, settings: Record<string, unknown>, run: Runner) => Promise<R>
): Promise<R> {
  const loaded = new PluginRegistry().add(definition, 'integration-hub/testing')
  const settings = clone(config)
  if (!loaded.validateConfig(settings)) {
    throw new Error(`the settings are refused by the schema: ${fieldList(describeErrors(loaded.definition.schema, settings, loaded.validateConfig.errors ?? []))}`)
  }
  const allowance = networkAllowance(options.allowPrivateNetwork ?? true ? ['private', '127.0.0.0/8', '::1/128'] : false)
  const outbound = new Outbound({ allowance, trustedCertificates: options.trustedCertificates })
  try {
    return await body(loaded, settings, async handler => await runHandler(loaded, handler, {
      outbound,
      timeoutMs: options.timeoutMs ?? 10_000,
      log: silentLogger,
      secrets: secretValues(loaded, settings),
      cache: options.cache ?? new KeptValues(),
      ...(options.idempotency === undefined ? {} : { idempotency: options.idempotency })
    }))
  } finally {
    await outbound.close()
  }
}

const noop = (): void => {}
const silentLogger = {
  level: 'silent',
  fatal: noop,
  error: noop,
  warn: noop,
  info: noop,
  debug: noop,
  trace: noop,
  silent: noop,
  child: () => silentLogger
} as unknown as FastifyBaseLogger

type Report = (check: ContractCheck, message: string) => void

/** Every setting with a type has a title: it is the label the admin reads (a `const` discriminator or a `{}` reference needs none). */
function checkLabels (schema: JsonSchema, report: Report): void {
  const reported = new Set<string>()
  for (const [path, property] of walkProperties(schema)) {
    if (property.type === undefined || property.const !== undefined || reported.has(path)) continue
    if (typeof property.title !== 'string' || property.title.trim() === '') {
      reported.add(path)
      report('labels', `setting "${path}" has no \`title\`: the form would label it "${path.split('.').at(-1)}"`)
    }
  }
}

/** A setting named like a secret must be `writeOnly` (in at least one place that declares it), or it is stored in clear and sent back. */
function checkSecrets (schema: JsonSchema, report: Report): void {
  const secrets = new Set(secretPaths(schema))
  const reported = new Set<string>()
  for (const [path, property] of walkProperties(schema)) {
    if (property.type !== 'string' || reported.has(path) || secrets.has(path)) continue
    if (looksSecret(path.split('.').at(-1)!)) {
      reported.add(path)
      report('secrets', `setting "${path}" looks like a secret but is not \`writeOnly: true\`: it would be stored unencrypted and returned by the API`)
    }
  }
}

/** Each error entry's `field` must name a setting (or an action's input property), so the form can mark it. */
function checkErrorFields (definition: Partial<IntegrationDefinition>, schema: JsonSchema, report: Report): void {
  if (definition.errors === null || typeof definition.errors !== 'object') return
  const inputs = Object.values(definition.actions ?? {}).map(action => action?.input).filter(isSchema)
  for (const [code, entry] of Object.entries(definition.errors)) {
    const field = entry?.field
    if (field === undefined) continue
    if (typeof field !== 'string' || field === '') {
      report('errors', `error "${code}" has a \`field\` that is not a property path`)
      continue
    }
    if (schemaAt(schema, field) === undefined && !inputs.some(input => schemaAt(input, field) !== undefined)) {
      report('errors', `error "${code}" points at field "${field}", which is neither a setting nor an action input property`)
    }
  }
}

/** The schema accepts `validConfig`, refuses each of `invalidConfigs` and refuses unknown properties; returns the config with defaults applied. */
function checkSettings (loaded: LoadedIntegration, options: CheckOptions, report: Report): Record<string, unknown> | undefined {
  const { validateConfig, definition } = loaded
  const config = clone(options.validConfig)
  let accepted: Record<string, unknown> | undefined = config
  if (!validateConfig(config)) {
    report('settings', `validConfig is refused by the settings schema: ${fieldList(describeErrors(definition.schema, config, validateConfig.errors ?? []))}`)
    accepted = undefined
  }
  for (const [index, invalid] of (options.invalidConfigs ?? []).entries()) {
    if (validateConfig(clone(invalid))) report('settings', `invalidConfigs[${index}] is accepted by the settings schema: it must be refused`)
  }
  if (validateConfig({ ...clone(options.validConfig), unexpectedProperty: 'x' })) {
    report('settings', 'the settings schema accepts an unknown property: set `additionalProperties: false` (at the root, or in each `oneOf` alternative), so a misspelt setting is refused instead of stored')
  }
  return accepted
}

/** A code the handler raised through ctx.fail must be in its error map or a common code, or the admin reads "unexpected". */
function checkRaisedCode (loaded: LoadedIntegration, handler: string, error: unknown, report: Report): void {
  if (!isIntegrationFailure(error)) return
  if (error.code in loaded.definition.errors || error.code in commonErrors) return
  report('errors', `${handler} raised code "${error.code}", which the error map does not declare: the admin would read the generic "unexpected" message`)
}

/**
 * Runs a handler against a service that never answers: ctx.fetch and ctx.connect stay pending until
 * the signal aborts (then reject with its reason, as the hub's client does). Reports whether the
 * handler settled within `graceMs` of the abort, and what it threw.
 */
async function settlesAfterAbort (handler: (ctx: IntegrationContext) => Promise<unknown>, deadlineMs: number, graceMs: number): Promise<{ hung: boolean, error?: unknown }> {
  const deadline = new AbortController()
  const started = performance.now()
  const abortTimer = setTimeout(() => deadline.abort(new DOMException('The deadline passed.', 'TimeoutError')), deadlineMs)
  const { signal } = deadline
  const pendingUntilAbort = async (extra?: AbortSignal | null): Promise<never> => await new Promise<never>((_resolve, reject) => {
    const watched = extra == null ? signal : AbortSignal.any([signal, extra])
    if (watched.aborted) reject(watched.reason)
    else watched.addEventListener('abort', () => reject(watched.reason), { once: true })
  })
  const ctx: IntegrationContext = {
    signal,
    remainingMs: () => Math.max(0, deadlineMs - (performance.now() - started)),
    fetch: async (_url, init) => await pendingUntilAbort(init?.signal),
    connect: async () => await pendingUntilAbort(),
    secureContext: undefined,
    fail: (code, failOptions) => new IntegrationFailure(code, failOptions),
    step: async (_label, fn) => await fn(),
    cache: new KeptValues(),
    idempotency: undefined,
    expires: noop,
    log: { debug: noop, info: noop, warn: noop, error: noop }
  }
  let graceTimer: NodeJS.Timeout | undefined
  const hung = new Promise<{ hung: true }>(resolve => {
    graceTimer = setTimeout(() => resolve({ hung: true }), deadlineMs + graceMs)
  })
  try {
    const settled = (async () => await handler(ctx))().then(() => ({ hung: false }), (error: unknown) => ({ hung: false, error }))
    return await Promise.race([settled, hung])
  } finally {
    clearTimeout(abortTimer)
    clearTimeout(graceTimer)
    if (!signal.aborted) deadline.abort(new Error('check finished'))
  }
}

function fieldList (fields: FieldError[]): string {
  return fields.map(({ field, message }) => `${field}: ${message}`).join('; ')
}

function isSchema (value: unknown): value is JsonSchema {
  return isRecord(value) && value.type === 'object'
}

function isRecord (value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function clone<T> (value: T): T {
  return value === undefined ? value : structuredClone(value)
}
