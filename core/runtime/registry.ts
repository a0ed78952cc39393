/**
 * Loads integration plugins (built-in and from HUB_PLUGINS), checks each definition once at start,
 * and compiles its schemas. A broken plugin stops start-up with a message naming it and the problem.
 */
import { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ValidateFunction } from 'ajv'
import type { ActionDefinition, IntegrationDefinition, JsonSchema } from '../contract/contract.js'
import { startupErrors } from '../errors.js'
import { createSchemaCompiler, secretPaths, type SchemaCompiler } from './schemas.js'

export interface LoadedAction {
  name: string
  definition: ActionDefinition<any, JsonSchema, unknown>
  validateInput: ValidateFunction
}

export interface LoadedIntegration {
  definition: IntegrationDefinition<JsonSchema, any>
  /** `built-in`, or the module specifier it came from. */
  source: string
  validateConfig: ValidateFunction
  /** Dot paths of every `writeOnly` property, in any alternative. */
  secretPaths: string[]
  actions: Map<string, LoadedAction>
}

const idPattern = /^[a-z][a-z0-9-]{0,39}$/
const semverPattern = /^\d+\.\d+\.\d+(?:[-+][\w.-]+)?$/

export class PluginRegistry {
  readonly #integrations = new Map<string, LoadedIntegration>()
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
    if (typeof definition.id !== 'string' || !idPattern.test(definition.id)) fail('`id` must be lower-case letters, digits and dashes, starting with a letter')
    if (this.#integrations.has(definition.id)) fail(`another plugin (${this.#integrations.get(definition.id)!.source}) already uses the id "${definition.id}"`)
    for (const key of ['name', 'description'] as const) {
      if (typeof definition[key] !== 'string' || definition[key].trim() === '') fail(`\`${key}\` must be a non-empty string`)
    }
    if (typeof definition.version !== 'string' || !semverPattern.test(definition.version)) fail('`version` must be a semver version such as 1.0.0')
    if (definition.icon !== undefined && (typeof definition.icon !== 'string' || !definition.icon.trimStart().startsWith('<svg'))) fail('`icon` must be an inline <svg> string')
    if (typeof definition.test !== 'function') fail('`test(config, ctx)` must be a function')
    if (definition.schema?.type !== 'object' || typeof definition.schema.properties !== 'object') fail('`schema` must be a JSON Schema of `type: "object"` with `properties`')
    let validateConfig: ValidateFunction
    try {
      validateConfig = this.compiler.compile(definition.schema)
    } catch (error) {
      return fail(`its settings schema does not compile: ${(error as Error).message}`, error)
    }
    const schemaVersion = definition.schemaVersion ?? 1
    if (!Number.isInteger(schemaVersion) || schemaVersion < 1) fail('`schemaVersion` must be a whole number from 1')
    for (let version = 2; version <= schemaVersion; version++) {
      if (typeof definition.migrations?.[version] !== 'function') fail(`\`migrations[${version}]\` is missing: stored configs of version ${version - 1} could not be upgraded`)
    }
    if (definition.errors === null || typeof definition.errors !== 'object') fail('`errors` must map failure codes to { message, field? }')
    for (const [code, entry] of Object.entries(definition.errors)) {
      if (!/^[A-Z][A-Z0-9_]*$/.test(code)) fail(`error code "${code}" must be UPPER_SNAKE_CASE`)
      if (typeof entry?.message !== 'string' || entry.message.trim() === '') fail(`error "${code}" has no message`)
    }
    const actions = new Map<string, LoadedAction>()
    for (const [name, action] of Object.entries(definition.actions ?? {})) {
      if (!/^[a-zA-Z][a-zA-Z0-9]*$/.test(name)) fail(`action name "${name}" must be letters and digits, starting with a letter`)
      if (typeof action?.title !== 'string' || typeof action.run !== 'function') fail(`action "${name}" needs a \`title\` and a \`run\` function`)
      if (action.input?.type !== 'object') fail(`action "${name}" needs an \`input\` schema of \`type: "object"\``)
      try {
        actions.set(name, { name, definition: action, validateInput: this.compiler.compile(action.input) })
      } catch (error) {
        fail(`the input schema of action "${name}" does not compile: ${(error as Error).message}`, error)
      }
    }
    const loaded: LoadedIntegration = { definition, source, validateConfig, secretPaths: secretPaths(definition.schema), actions }
    this.#integrations.set(definition.id, loaded)
    return loaded
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

  list (): LoadedIntegration[] {
    return [...this.#integrations.values()]
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
