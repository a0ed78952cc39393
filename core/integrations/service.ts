/**
 * What the API does with integrations: the catalog, reading a config without its secrets, saving
 * only what passed its connection test, testing drafts, deleting, and running actions.
 */
import type { FastifyBaseLogger } from 'fastify'
import type { IntegrationContext, JsonSchema, StepResult } from '../contract/contract.js'
import { AuditTrail } from './audit.js'
import { changedPaths, mergeDraft, openSecrets, sealSecrets, secretValues, withoutSecrets, type Config } from './secrets.js'
import { errors, HubError } from '../errors.js'
import type { Outbound } from '../security/outbound.js'
import { runHandler, toTestResult, type RunOutcome, type TestResult } from '../runtime/run.js'
import type { LoadedIntegration, PluginRegistry } from '../runtime/registry.js'
import { describeErrors } from '../runtime/schemas.js'
import type { SecretBox } from '../security/secret-box.js'
import type { Frozen, HubStore } from '../storage/store.js'

export interface StoredIntegration {
  /** Increases by one with every saved change; the client sends it back for optimistic concurrency. */
  version: number
  /** The plugin's `schemaVersion` the config was saved under (absent: 1). */
  schemaVersion?: number
  /** The settings, with secret fields sealed. */
  config: Config
  createdAt: string
  updatedAt: string
  updatedBy: string
  /** The last connection test of these settings: kept in the same record, so a save is one write. */
  lastTest?: TestStatus
}

export interface TestStatus {
  ok: boolean
  code?: string
  message: string
  at: string
}

export interface CatalogEntry {
  id: string
  name: string
  description: string
  icon?: string
  pluginVersion: string
  configured: boolean
  updatedAt: string | null
  lastTest: TestStatus | null
}

export interface IntegrationView extends CatalogEntry {
  schema: JsonSchema
  actions: Array<{ name: string, title: string, description?: string, input: JsonSchema }>
  config: Config | null
  secretsSet: string[]
  version: number | null
}

export interface IntegrationServiceOptions {
  registry: PluginRegistry
  store: HubStore
  secretBox: SecretBox
  outbound: Outbound
  audit: AuditTrail
  timeoutMs: number
  /** Connection tests and actions allowed to run at once; more are refused with 503. */
  maxConcurrentRuns: number
  log: FastifyBaseLogger
}

const configKey = (id: string): string => `integration:${id}`

export class IntegrationService {
  readonly #options: IntegrationServiceOptions
  #running = 0

  constructor (options: IntegrationServiceOptions) {
    this.#options = options
  }

  integration (id: string): LoadedIntegration {
    const integration = this.#options.registry.get(id)
    if (integration === undefined) throw errors.unknownIntegration(id)
    return integration
  }

  /**
   * The catalog (`{ integrations: CatalogEntry[] }`) as JSON text. It is read on every page load and
   * poll, so it is kept: records are frozen, so while the store hands out the same record objects
   * (the SQLite store's cache does) nothing changed; each plugin's fixed fields (name, icon…) are
   * serialized once.
   */
  async catalogJson (): Promise<string> {
    const integrations = this.#options.registry.list()
    const records = await this.#options.store.getMany<StoredIntegration>(integrations.map(integration => configKey(integration.definition.id)))
    const last = this.#catalog
    if (last !== undefined && last.records.length === records.length && last.records.every((record, index) => record === records[index])) return last.json
    const entries = integrations.map((integration, index) => `${this.#fixedJson(integration)},${statusJson(records[index])}`)
    const json = `{"integrations":[${entries.join(',')}]}`
    this.#catalog = { records, json }
    return json
  }

  #catalog: { records: Array<Frozen<StoredIntegration> | undefined>, json: string } | undefined
  readonly #fixedJsonCache = new WeakMap<LoadedIntegration, string>()

  /** A catalog entry's fields that come from the plugin, as JSON without its closing brace. */
  #fixedJson (integration: LoadedIntegration): string {
    let fixed = this.#fixedJsonCache.get(integration)
    if (fixed === undefined) {
      const { id, name, description, icon, version } = integration.definition
      fixed = JSON.stringify({ id, name, description, ...(icon === undefined ? {} : { icon }), pluginVersion: version }).slice(0, -1)
      this.#fixedJsonCache.set(integration, fixed)
    }
    return fixed
  }

  async view (id: string): Promise<IntegrationView> {
    const integration = this.integration(id)
    return this.#view(integration, await this.#stored(integration))
  }

  /** The stored settings with secrets opened, for handlers inside the hub (SSO login, actions). */
  async readConfig (id: string): Promise<Config | undefined> {
    const integration = this.integration(id)
    const stored = await this.#stored(integration)
    return stored === undefined ? undefined : openSecrets(integration, stored.config, this.#options.secretBox)
  }

  /**
   * Save (first time) or Update: validate, run the connection test, and store only if it passed
   * (or `force`). A stale `version` is refused, and a failed update leaves the stored config as it was.
   */
  async save (id: string, draft: Config, options: { version?: number, force: boolean, actor: string }): Promise<{ created: boolean, view: IntegrationView }> {
    const integration = this.integration(id)
    const { store, secretBox, audit } = this.#options
    const current = await this.#stored(integration)
    const expectedVersion = options.version ?? current?.version ?? 0
    if ((current?.version ?? 0) !== expectedVersion) throw errors.versionConflict(integration.definition.name)
    const storedPlain = current === undefined ? undefined : openSecrets(integration, current.config, secretBox)
    const config = this.#validated(integration, mergeDraft(integration, draft, storedPlain))
    const action = current === undefined ? 'create' : 'update'
    const fields = changedPaths(storedPlain, config)

    const result = await this.#test(integration, config)
    if (!result.ok && !options.force) {
      await audit.record({ actor: options.actor, integration: id, action, fields, outcome: 'rejected-by-test', testCode: result.code })
      throw errors.testFailed(result.message, {
        ...(result.detail === undefined ? {} : { detail: result.detail }),
        ...(result.fields === undefined ? {} : { fields: result.fields }),
        extra: { test: result }
      })
    }

    const now = new Date().toISOString()
    const sealed = sealSecrets(integration, config, secretBox)
    let saved: Frozen<StoredIntegration> | undefined
    try {
      ({ next: saved } = await store.update<StoredIntegration>(configKey(id), latest => {
        if ((latest?.version ?? 0) !== expectedVersion) throw errors.versionConflict(integration.definition.name)
        return {
          version: expectedVersion + 1,
          schemaVersion: integration.definition.schemaVersion ?? 1,
          config: sealed,
          createdAt: latest?.createdAt ?? now,
          updatedAt: now,
          updatedBy: options.actor,
          lastTest: testStatus(result)
        }
      }, {
        // Recorded in the same write as the change itself.
        log: (_previous, next) => audit.entry({
          actor: options.actor,
          integration: id,
          action,
          fields,
          outcome: result.ok ? 'saved' : 'saved-despite-failed-test',
          ...(result.ok ? {} : { testCode: result.code }),
          version: next!.version
        })
      }))
    } catch (error) {
      if (error instanceof HubError && error.code === 'HUB_ERR_VERSION_CONFLICT') {
        await audit.record({ actor: options.actor, integration: id, action, fields, outcome: 'conflict' })
      }
      throw error
    }
    return { created: current === undefined, view: this.#view(integration, saved) }
  }

  /** Tests a draft (omitted secrets come from the store) or, without one, the stored config. */
  async test (id: string, draft: Config | undefined, onStep?: (step: StepResult) => void): Promise<TestResult> {
    const integration = this.integration(id)
    const record = await this.#stored(integration)
    const stored = record === undefined ? undefined : openSecrets(integration, record.config, this.#options.secretBox)
    if (draft === undefined) {
      if (record === undefined || stored === undefined) throw errors.notConfigured(integration.definition.name)
      const result = await this.#test(integration, this.#validated(integration, stored), onStep)
      // Recorded only if the settings tested are still the stored ones.
      await this.#options.store.update<StoredIntegration>(configKey(id), latest =>
        latest?.version === record.version ? { ...latest, lastTest: testStatus(result) } : latest)
      return result
    }
    return await this.#test(integration, this.#validated(integration, mergeDraft(integration, draft, stored)), onStep)
  }

  async remove (id: string, actor: string): Promise<void> {
    this.integration(id)
    await this.#options.store.update<StoredIntegration>(configKey(id), () => undefined, {
      log: previous => previous === undefined
        ? undefined
        : this.#options.audit.entry({ actor, integration: id, action: 'delete', fields: changedPaths(previous.config, undefined), outcome: 'deleted' })
    })
  }

  /** Runs an action with the stored config; remote failures become 422 (with fields), 502 or 504. */
  async runAction (id: string, actionName: string, input: unknown): Promise<unknown> {
    const integration = this.integration(id)
    const action = integration.actions.get(actionName)
    if (action === undefined) throw errors.unknownAction(id, actionName)
    if (!action.validateInput(input)) throw errors.validation(describeErrors(action.definition.input, input, action.validateInput.errors ?? []))
    const config = await this.readConfig(id)
    if (config === undefined) throw errors.notConfigured(integration.definition.name)
    const outcome = await this.#run(integration, config, (settings, ctx) => action.definition.run(settings, input, ctx))
    if (outcome.ok) return outcome.value
    const { failure } = outcome
    const details = {
      ...(failure.detail === undefined ? {} : { detail: failure.detail }),
      ...(failure.fields.length === 0 ? {} : { fields: failure.fields }),
      extra: { code: failure.code }
    }
    if (failure.code === 'TIMEOUT') throw errors.remoteTimeout(failure.message, details)
    if (failure.fields.length > 0) throw errors.actionRejected(failure.message, details)
    throw errors.remoteFailed(failure.message, details)
  }

  /** The stored record, migrated first (and saved so) when it predates the plugin's schema version. */
  async #stored (integration: LoadedIntegration): Promise<StoredIntegration | undefined> {
    const key = configKey(integration.definition.id)
    const target = integration.definition.schemaVersion ?? 1
    const stored = await this.#options.store.get<StoredIntegration>(key)
    if (stored === undefined || (stored.schemaVersion ?? 1) >= target) return stored
    const { next } = await this.#options.store.update<StoredIntegration>(key, latest => {
      if (latest === undefined || (latest.schemaVersion ?? 1) >= target) return latest
      let config = openSecrets(integration, latest.config, this.#options.secretBox)
      for (let version = (latest.schemaVersion ?? 1) + 1; version <= target; version++) config = integration.definition.migrations![version]!(config)
      return { ...latest, schemaVersion: target, config: sealSecrets(integration, config, this.#options.secretBox) }
    })
    this.#options.log.info({ integration: integration.definition.id, from: stored.schemaVersion ?? 1, to: target }, 'migrated stored settings')
    return next
  }

  #validated (integration: LoadedIntegration, config: Config): Config {
    if (!integration.validateConfig(config)) {
      throw errors.validation(describeErrors(integration.definition.schema, config, integration.validateConfig.errors ?? []))
    }
    return config
  }

  async #test (integration: LoadedIntegration, config: Config, onStep?: (step: StepResult) => void): Promise<TestResult> {
    return toTestResult(await this.#run(integration, config, (settings, ctx) => integration.definition.test(settings, ctx), onStep))
  }

  /**
   * Runs a handler with its own copy of the settings (what it changes is never what gets stored). Its
   * run slot is given back when the handler itself ends, not at its deadline answer, so a plugin that
   * ignores its signal cannot pile up work past the cap (runHandler bounds how long it keeps it).
   */
  async #run<T> (integration: LoadedIntegration, config: Config, handler: (settings: Config, ctx: IntegrationContext) => Promise<T>, onStep?: (step: StepResult) => void): Promise<RunOutcome<T>> {
    if (this.#running >= this.#options.maxConcurrentRuns) throw errors.busy()
    const settings = structuredClone(config)
    this.#running++
    let released = false
    const release = (): void => {
      if (released) return
      released = true
      this.#running--
    }
    try {
      return await runHandler(integration, async ctx => await handler(settings, ctx), {
        outbound: this.#options.outbound,
        timeoutMs: this.#options.timeoutMs,
        log: this.#options.log,
        secrets: secretValues(integration, config),
        ...(onStep === undefined ? {} : { onStep }),
        onSettled: release
      })
    } catch (error) {
      release()
      throw error
    }
  }

  #view (integration: LoadedIntegration, stored: StoredIntegration | undefined): IntegrationView {
    const visible = stored === undefined ? undefined : withoutSecrets(integration, stored.config)
    return {
      ...entry(integration, stored),
      schema: integration.definition.schema,
      actions: [...integration.actions.values()].map(({ name, definition }) => ({
        name,
        title: definition.title,
        ...(definition.description === undefined ? {} : { description: definition.description }),
        input: definition.input
      })),
      config: visible?.config ?? null,
      secretsSet: visible?.secretsSet ?? [],
      version: stored?.version ?? null
    }
  }
}

function testStatus (result: TestResult): TestStatus {
  return { ok: result.ok, ...(result.code === undefined ? {} : { code: result.code }), message: result.message, at: new Date().toISOString() }
}

/** The part of a catalog entry that depends on the stored record, as JSON without its opening brace. */
function statusJson (stored: Frozen<StoredIntegration> | undefined): string {
  return JSON.stringify({ configured: stored !== undefined, updatedAt: stored?.updatedAt ?? null, lastTest: stored?.lastTest ?? null }).slice(1)
}

function entry (integration: LoadedIntegration, stored: StoredIntegration | undefined): CatalogEntry {
  const { id, name, description, icon, version } = integration.definition
  return {
    id,
    name,
    description,
    ...(icon === undefined ? {} : { icon }),
    pluginVersion: version,
    configured: stored !== undefined,
    updatedAt: stored?.updatedAt ?? null,
    lastTest: stored?.lastTest ?? null
  }
}
