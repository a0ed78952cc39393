/**
 * Loads integration plugins (built-in and from HUB_PLUGINS), checks each definition once at start,
 * and compiles its schemas. A broken plugin stops start-up with a message naming it and the problem.
 */
import { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ValidateFunction } from 'ajv'
import type { ActionDefinition, IntegrationDefinition } from '../contract/contract.js'
import type { JsonSchema } from '../contract/json-schema.js'
import { ACTION_NAME, ERROR_CODE, INTEGRATION_ID, matches } from '../contract/names.js'
import { destinationPaths, secretPaths, walkProperties } from '../contract/schema-walk.js'
import { startupErrors } from '../errors.js'
import { createSchemaCompiler, type SchemaCompiler } from './schemas.js'

export interface LoadedAction {
  name: string
  definition: ActionDefinition<any, JsonSchema, JsonSchema | undefined>
  validateInput: ValidateFunction
}

export interface LoadedIntegration {
  definition: IntegrationDefinition<JsonSchema, any>
  /** `built-in`, or the module specifier it came from. */
  source: string
  validateConfig: ValidateFunction
  /** Dot paths of every `writeOnly` property, in any alternative. */
  secretPaths: string[]
  /** Dot paths of every `x-destination` property: where the secrets go. */
  destinationPaths: string[]
  actions: Map<string, LoadedAction>
}

const semverPattern = /^\d+\.\d+\.\d+(?:[-+][\w.-]+)?$/

export class PluginRegistry {
  readonly #integrations = new Map<string, LoadedIntegration>()
  #list: readonly LoadedIntegration[] | undefined
  readonly compiler: SchemaCompiler

  constructor (compiler = createSchemaCompiler()) {
    this.compiler = compiler
  }

  /** Checks and adds one definition; throws a ConfigurationError naming the plugin. */
  add (candidate: unknown, source = 'built-in'): LoadedIntegration {
    const label = typeof (candidate as { id?: unknown })?.id === 'string' ? (candidate as { id: string }).id : source
    const fail = (problem: string, cause?: unknown): never => { throw startupErrors.invalidPlugin(label, problem, cause) }
    if (candidate === null || typeof candidate !== 'object') fail('the module’s default export is not an integration definition (use defineIntegration)')
    const definition = candidate as IntegrationDefinition<JsonSchema, any>
    if (!matches(INTEGRATION_ID, definition.id)) fail('`id` must be lower-case letters, digits and dashes, starting with a letter')
    if (this.#integrations.has(definition.id)) fail(`another plugin (${this.#integrations.get(definition.id)!.source}) already uses the id "${definition.id}"`)
    for (const key of ['name', 'description'] as const) {
      if (typeof definition[key] !== 'string' || definition[key].trim() === '') fail(`\`${key}\` must be a non-empty string`)
    }
    if (typeof definition.version !== 'string' || !semverPattern.test(definition.version)) fail('`version` must be a semver version such as 1.0.0')
    if (definition.icon !== undefined && (typeof definition.icon !== 'string' || !definition.icon.trimStart().startsWith('<svg'))) fail('`icon` must be an inline <svg> string')
    if (typeof definition.test !== 'function') fail('`test(config, ctx)` must be a function')
    if (definition.schema?.type !== 'object' || typeof definition.schema.properties !== 'object') fail('`schema` must be a JSON Schema of `type: "object"` with `properties`')
    const validateConfig = this.#compile(definition.schema, 'its settings schema', fail)
    const schemaVersion = definition.schemaVersion ?? 1
    if (!Number.isInteger(schemaVersion) || schemaVersion < 1) fail('`schemaVersion` must be a whole number from 1')
    for (let version = 2; version <= schemaVersion; version++) {
      if (typeof definition.migrations?.[version] !== 'function') fail(`\`migrations[${version}]\` is missing: stored configs of version ${version - 1} could not be upgraded`)
    }
    if (definition.errors === null || typeof definition.errors !== 'object') fail('`errors` must map failure codes to { message, field? }')
    for (const [code, entry] of Object.entries(definition.errors)) {
      if (!matches(ERROR_CODE, code)) fail(`error code "${code}" must be UPPER_SNAKE_CASE`)
      if (typeof entry?.message !== 'string' || entry.message.trim() === '') fail(`error "${code}" has no message`)
    }
    const actions = new Map<string, LoadedAction>()
    for (const [name, action] of Object.entries(definition.actions ?? {})) {
      if (!matches(ACTION_NAME, name)) fail(`action name "${name}" must be letters and digits, starting with a letter (at most 64)`)
      if (typeof action?.title !== 'string' || typeof action.run !== 'function') fail(`action "${name}" needs a \`title\` and a \`run\` function`)
      if (action.input?.type !== 'object') fail(`action "${name}" needs an \`input\` schema of \`type: "object"\``)
      const validateInput = this.#compile(action.input, `the input schema of action "${name}"`, fail)
      if (action.output !== undefined) this.#compile(action.output, `the output schema of action "${name}"`, fail)
      actions.set(name, { name, definition: action, validateInput })
    }
    for (const [owner, schema] of [['settings', definition.schema], ...[...actions.values()].map(action => [`action "${action.name}"`, action.definition.input])] as Array<[string, JsonSchema]>) {
      checkHubKeywords(schema, owner, actions, fail)
    }
    const loaded: LoadedIntegration = {
      definition,
      source,
      validateConfig,
      secretPaths: secretPaths(definition.schema),
      destinationPaths: destinationPaths(definition.schema),
      actions
    }
    this.#integrations.set(definition.id, loaded)
    this.#list = undefined
    return loaded
  }

  #compile (schema: JsonSchema, what: string, fail: (problem: string, cause?: unknown) => never): ValidateFunction {
    try {
      return this.compiler.compile(schema)
    } catch (error) {
      return fail(`${what} does not compile: ${(error as Error).message}`, error)
    }
  }

  /** Imports each module specifier (a package name or a path relative to `cwd`) and adds its default export. */
  async load (specifiers: string[], cwd = process.cwd()): Promise<void> {
    for (const specifier of specifiers) {
      let module: { default?: unknown }
      try {
        module = await import(resolveSpecifier(specifier, cwd))
      } catch (error) {
        throw startupErrors.invalidPlugin(specifier, `cannot be loaded: ${(error as Error).message}`, error)
      }
      const exported = module.default as { default?: unknown } | undefined
      this.add(exported?.default !== undefined && (exported as { id?: unknown }).id === undefined ? exported.default : exported, specifier)
    }
  }

  get (id: string): LoadedIntegration | undefined {
    return this.#integrations.get(id)
  }

  /** The loaded integrations, in the order they were added: one array until another is added. */
  list (): readonly LoadedIntegration[] {
    this.#list ??= Object.freeze([...this.#integrations.values()])
    return this.#list
  }
}

/** `x-destination` only on fields that are not secrets; `x-choices` naming an action whose output lists `items`. */
function checkHubKeywords (schema: JsonSchema, owner: string, actions: Map<string, LoadedAction>, fail: (problem: string) => never): void {
  for (const [path, property] of walkProperties(schema)) {
    if (property['x-destination'] === true && property.writeOnly === true) fail(`${owner}: "${path}" is a secret and cannot also be an \`x-destination\``)
    const choices = property['x-choices']
    if (choices === undefined) continue
    const source = actions.get(choices.action)
    if (source === undefined) fail(`${owner}: the choices of "${path}" come from action "${choices.action}", which the plugin does not have`)
    const items = source!.definition.output?.properties?.items
    if (source!.definition.output !== undefined && items?.type !== 'array') fail(`${owner}: action "${choices.action}" gives the choices of "${path}", so its output needs an \`items\` list`)
  }
}

function resolveSpecifier (specifier: string, cwd: string): string {
  if (specifier.startsWith('.') || path.isAbsolute(specifier)) return pathToFileURL(path.resolve(cwd, specifier)).href
  try {
    return pathToFileURL(createRequire(path.join(cwd, 'package.json')).resolve(specifier)).href
  } catch {
    // ESM-only packages expose no "require" entry; let the module loader resolve them.
    return specifier
  }
}
