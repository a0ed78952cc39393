/**
 * What the API does with a workspace's connections: the catalog, reading settings without their
 * secrets, saving only what passed its connection test, testing drafts and stored settings,
 * deleting, and running actions — each recorded in the workspace's audit trail.
 */
import type { FastifyBaseLogger } from 'fastify'
import type { Config, ConnectionHealth, ConnectionSummary, HealthCheck, IntegrationView } from '../api/types.js'
import type { IntegrationContext, StepResult } from '../contract/contract.js'
import type { TestResult } from '../contract/results.js'
import { errors, HubError, type HubErrorBody } from '../errors.js'
import { ConnectionCaches, KeptValues } from '../runtime/connection-cache.js'
import { describeErrors } from '../runtime/field-errors.js'
import type { LoadedAction, LoadedIntegration, PluginRegistry } from '../runtime/registry.js'
import { runHandler, toTestResult, type RunOutcome } from '../runtime/run.js'
import type { Outbound } from '../security/outbound.js'
import { keys } from '../storage/keys.js'
import type { HubStore } from '../storage/store.js'
import type { Workspace } from '../workspaces/registry.js'
import type { AuditTrail } from './audit.js'
import type { IdempotencyKeys } from './idempotency.js'
import { CatalogCache, catalogEntry } from './catalog.js'
import { connectionsOf, HEALTH_LOG_CAPACITY, testStatus, withConnection, type ConnectionRef, type HealthLogEntry, type StoredConnection, type StoredConnectionRecord, type StoredHealth, type StoredRecord } from './record.js'

export type { ConnectionRef } from './record.js'
import { changedPaths, mergeDraft, openSecrets, sealSecrets, secretValues, withoutSecrets, type SecretPlace } from './secrets.js'

/**
 * What the service tells those who watch it (metrics, webhooks, the health monitor) — never values.
 * Listeners run after the fact; what they throw is logged, never given to the caller.
 */
export interface IntegrationEvents {
  /** A connection's settings were stored or deleted. */
  changed?(ref: ConnectionRef, change: { action: 'create' | 'update' | 'delete', fields: string[], actor: string, version?: number }): void
  /** A connection test or an action ran (`stored`: with the stored settings, not a draft). */
  ran?(ref: ConnectionRef, run: { kind: 'test' | 'action', name?: string, stored: boolean, ok: boolean, code?: string, durationMs: number, result?: TestResult }): void
}

export interface IntegrationServiceOptions {
  /** Who watches; more can be added with `watch`. */
  events?: IntegrationEvents[]
  registry: PluginRegistry
  store: HubStore
  outbound: Outbound
  audit: AuditTrail
  idempotency: IdempotencyKeys
  timeoutMs: number
  /** Connection tests and actions allowed to run at once; more are refused with 503. */
  maxConcurrentRuns: number
  log: FastifyBaseLogger
}

/** What an action run reports beside its value: enough for a queued job to decide on a retry. */
export type ActionOutcome = RunOutcome<unknown>

/** What `catalogJson` reads for a workspace: see `#catalogParts`. */
interface CatalogParts {
  workspace: Workspace
  /** The registry's list it was made from. */
  all: readonly LoadedIntegration[]
  integrations: readonly LoadedIntegration[]
  keys: string[]
}

export class IntegrationService {
  readonly #options: IntegrationServiceOptions
  readonly #watchers: IntegrationEvents[]
  readonly #caches = new ConnectionCaches()
  readonly #catalog = new CatalogCache()
  readonly #parts = new WeakMap<object, CatalogParts>()
  #running = 0

  constructor (options: IntegrationServiceOptions) {
    this.#options = options
    this.#watchers = [...(options.events ?? [])]
  }

  /** Adds a watcher of changes and runs. */
  watch (events: IntegrationEvents): void {
    this.#watchers.push(events)
  }

  #tell<K extends keyof IntegrationEvents> (event: K, ...args: Parameters<NonNullable<IntegrationEvents[K]>>): void {
    for (const watcher of this.#watchers) {
      try {
        (watcher[event] as ((...args: unknown[]) => void) | undefined)?.(...args)
      } catch (error) {
        this.#options.log.error({ err: error, event }, 'a watcher of the integration service failed')
      }
    }
  }

  integration (id: string): LoadedIntegration {
    const integration = this.#options.registry.get(id)
    if (integration === undefined) throw errors.unknownIntegration(id)
    return integration
  }

  /** The catalog (`{ integrations: CatalogEntry[] }`) as JSON text, of the integrations `visible` lets through. */
  /** The catalog of the integrations in `visible` (all when undefined), as JSON. */
  async catalogJson (workspace: Workspace, visible?: ReadonlySet<string>): Promise<string> {
    const { integrations, keys } = this.#catalogParts(workspace, visible)
    const records = await this.#options.store.getMany<StoredRecord>(keys)
    return this.#catalog.catalogJson(workspace, integrations, records as Array<StoredRecord | undefined>)
  }

  /**
   * The integrations a catalog shows and the keys of their records, kept per workspace, or per
   * allowlist (one per principal): built once rather than on every request, and keys built once
   * are looked up faster.
   */
  #catalogParts (workspace: Workspace, visible: ReadonlySet<string> | undefined): CatalogParts {
    const all = this.#options.registry.list()
    let parts = this.#parts.get(visible ?? workspace)
    if (parts === undefined || parts.workspace !== workspace || parts.all !== all) {
      const integrations = visible === undefined ? all : all.filter(integration => visible.has(integration.definition.id))
      parts = { workspace, all, integrations, keys: integrations.map(integration => keys.integration(workspace.id, integration.definition.id)) }
      this.#parts.set(visible ?? workspace, parts)
    }
    return parts
  }

  async view (ref: ConnectionRef): Promise<IntegrationView> {
    const integration = this.integration(ref.integration)
    const { record, stored } = await this.#stored(integration, ref)
    return await this.#view(integration, ref, record, stored)
  }

  async connections (workspace: Workspace, id: string): Promise<ConnectionSummary[]> {
    this.integration(id)
    const record = await this.#options.store.get<StoredRecord>(keys.integration(workspace.id, id))
    const summaries = await Promise.all(Object.entries(connectionsOf(record as StoredRecord | undefined, workspace.epoch))
      .map(async ([name, connection]) => ({
        name,
        version: connection.version,
        updatedAt: connection.updatedAt,
        lastTest: connection.lastTest ?? null,
        ...(connection.managed === undefined ? {} : { managed: { file: connection.managed.file } }),
        health: await this.#health({ workspace, integration: id, connection: name }, connection)
      })))
    return summaries.sort((a, b) => a.name.localeCompare(b.name))
  }

  /**
   * The stored settings without their secrets, or undefined: what the hub reads on every request
   * (who may sign in, who is an administrator), kept per stored record so it costs no copy.
   */
  async plainConfig (ref: ConnectionRef): Promise<Config | undefined> {
    const integration = this.integration(ref.integration)
    const { stored } = await this.#stored(integration, ref)
    if (stored === undefined) return undefined
    let plain = this.#plain.get(stored)
    if (plain === undefined) this.#plain.set(stored, plain = withoutSecrets(integration, stored).config)
    return plain
  }

  readonly #plain = new WeakMap<object, Config>()

  /** The stored settings with secrets opened, for the hub's own use (sign-in, actions), or undefined. */
  async readConfig (ref: ConnectionRef): Promise<Config | undefined> {
    const integration = this.integration(ref.integration)
    const { stored } = await this.#stored(integration, ref)
    return stored === undefined ? undefined : openSecrets(integration, stored, ref.workspace.box(), place(ref))
  }

  /**
   * Save (first time) or Update: validate, run the connection test, and store only if it passed
   * (or `force`). A stale `version` is refused, and a failed update leaves the stored settings as they were.
   */
  async save (ref: ConnectionRef, draft: Config, options: SaveOptions): Promise<{ created: boolean, view: IntegrationView }> {
    const integration = this.integration(ref.integration)
    const { store, audit } = this.#options
    const { workspace, connection } = ref
    const { stored: current } = await this.#stored(integration, ref)
    refuseManaged(integration, current, options.managed)
    const expectedVersion = options.version ?? current?.version ?? 0
    if ((current?.version ?? 0) !== expectedVersion) throw errors.versionConflict(integration.definition.name)
    const config = this.#validated(integration, mergeDraft(integration, draft, current, () => workspace.box(), place(ref)))
    const action = current === undefined ? 'create' : 'update'
    const fields = changedPaths(integration, current, config, draft)
    const record = (entry: Parameters<AuditTrail['record']>[1]): Promise<void> => audit.record(workspace, entry)

    const result = await this.#test(integration, ref, config, { draft: true })
    if (!result.ok && !options.force) {
      await record({ actor: options.actor, integration: ref.integration, connection, action, fields, outcome: 'rejected-by-test', ...codeOf(result) })
      throw errors.testFailed(result.message, {
        ...(result.detail === undefined ? {} : { detail: result.detail }),
        ...(result.fields === undefined ? {} : { fields: result.fields }),
        extra: { test: result }
      })
    }

    const now = new Date().toISOString()
    const sealed = sealSecrets(integration, config, await workspace.sealingBox(), place(ref))
    let saved: StoredRecord | undefined
    try {
      ({ next: saved } = await store.update<StoredRecord>(keys.integration(workspace.id, ref.integration), latest => {
        const existing = connectionsOf(latest, workspace.epoch)[connection]
        if ((existing?.version ?? 0) !== expectedVersion) throw errors.versionConflict(integration.definition.name)
        refuseManaged(integration, existing, options.managed)
        const next: StoredConnection = {
          version: expectedVersion + 1,
          schemaVersion: integration.definition.schemaVersion ?? 1,
          config: sealed.config,
          sealed: sealed.sealed,
          createdAt: existing?.createdAt ?? now,
          updatedAt: now,
          updatedBy: options.actor,
          lastTest: testStatus(result),
          ...(options.managed === undefined ? {} : { managed: options.managed }),
          // The schedule goes on across an update, and the next check tells whether the change mended or broke it.
          ...(existing?.health === undefined ? {} : { health: existing.health })
        }
        return withConnection(latest, workspace.epoch, connection, next)
      }, {
        // Recorded in the same write as the change itself.
        log: (_previous, next) => audit.entry(workspace, {
          actor: options.actor,
          integration: ref.integration,
          connection,
          action,
          fields,
          outcome: result.ok ? 'saved' : 'saved-despite-failed-test',
          ...codeOf(result),
          version: connectionsOf(next as StoredRecord, workspace.epoch)[connection]!.version
        })
      }))
    } catch (error) {
      if (error instanceof HubError && error.code === 'HUB_ERR_VERSION_CONFLICT') {
        await record({ actor: options.actor, integration: ref.integration, connection, action, fields, outcome: 'conflict' })
      }
      throw error
    }
    const stored = connectionsOf(saved, workspace.epoch)[connection]
    this.#tell('changed', ref, { action, fields, actor: options.actor, ...(stored === undefined ? {} : { version: stored.version }) })
    return { created: current === undefined, view: await this.#view(integration, ref, saved, stored) }
  }

  /**
   * Tests a draft (omitted secrets come from the store) or, without one, the stored settings (and
   * records the outcome with them, unless `record: false`: a scheduled check records it with the
   * connection's health, in one write through recordHealth). `audit: false` keeps a scheduled re-check
   * out of the trail.
   */
  async test (ref: ConnectionRef, draft: Config | undefined, options: { actor: string, onStep?: (step: StepResult) => void, audit?: boolean, record?: boolean }): Promise<TestResult> {
    const integration = this.integration(ref.integration)
    const { workspace, connection } = ref
    const { stored } = await this.#stored(integration, ref)
    let result: TestResult
    let fields: string[] = []
    if (draft === undefined) {
      if (stored === undefined) throw errors.notConfigured(integration.definition.name)
      result = await this.#test(integration, ref, this.#validated(integration, openSecrets(integration, stored, workspace.box(), place(ref))), { stored, onStep: options.onStep })
      // Recorded only if the settings tested are still the stored ones.
      if (options.record !== false) {
        await this.#options.store.update<StoredRecord>(keys.integration(workspace.id, ref.integration), latest => {
          const current = connectionsOf(latest, workspace.epoch)[connection]
          return current?.version === stored.version ? withConnection(latest, workspace.epoch, connection, { ...current, lastTest: testStatus(result) }) : latest
        })
      }
    } else {
      const config = this.#validated(integration, mergeDraft(integration, draft, stored, () => workspace.box(), place(ref)))
      fields = changedPaths(integration, stored, config, draft)
      result = await this.#test(integration, ref, config, { draft: true, onStep: options.onStep })
    }
    if (options.audit !== false) {
      await this.#options.audit.record(workspace, {
        actor: options.actor,
        integration: ref.integration,
        connection,
        action: 'test',
        fields,
        outcome: result.ok ? 'passed' : 'failed',
        ...codeOf(result)
      })
    }
    this.#tell('ran', ref, { kind: 'test', stored: draft === undefined, ok: result.ok, ...codeOf(result), durationMs: result.durationMs, result })
    return result
  }

  /**
   * Records a connection's health, and the check behind it in its health log, in one write — only
   * while the connection is the one checked (the same life, `createdAt`, at the same `version`): what a
   * check found about settings since changed or deleted is dropped. `next` is given the health as it is
   * stored at the time of the write. `asLastTest`: the check is the connection's last test too (a
   * scheduled check's, which `test` left unrecorded), in the same write. Resolves to the health before
   * and after, or undefined when nothing was recorded.
   */
  async recordHealth (ref: ConnectionRef, checked: { createdAt: string, version: number }, next: (previous: StoredHealth | undefined) => StoredHealth, check?: HealthCheck, options: { asLastTest?: boolean } = {}): Promise<{ previous: StoredHealth | undefined, next: StoredHealth } | undefined> {
    const { workspace, connection } = ref
    const isChecked = (stored: StoredConnectionRecord | undefined): stored is StoredConnectionRecord =>
      stored !== undefined && stored.createdAt === checked.createdAt && stored.version === checked.version
    const written = await this.#options.store.update<StoredRecord>(keys.integration(workspace.id, ref.integration), latest => {
      const current = connectionsOf(latest, workspace.epoch)[connection]
      if (!isChecked(current)) return latest
      return withConnection(latest, workspace.epoch, connection, { ...current, ...(options.asLastTest === true && check !== undefined ? { lastTest: check } : {}), health: next(current.health) })
    }, {
      log: (previous, next) => {
        const before = connectionsOf(previous, workspace.epoch)[connection]
        const after = connectionsOf(next, workspace.epoch)[connection]
        if (check === undefined || after === before) return undefined
        const entry: HealthLogEntry = { ...check, createdAt: checked.createdAt }
        // A crash may forget the newest check; the next one is never far.
        return { log: keys.healthLog(workspace.id, ref.integration, connection), entry, capacity: HEALTH_LOG_CAPACITY, durable: false }
      }
    })
    const before = connectionsOf(written.previous, workspace.epoch)[connection]
    const after = connectionsOf(written.next, workspace.epoch)[connection]
    if (after === before || !isChecked(after)) return undefined
    return { previous: before?.health, next: after.health! }
  }

  /** Deletes a connection; a managed one only for its provisioning (`managed` naming the same file). */
  async remove (ref: ConnectionRef, actor: string, options: { managed?: { file: string } } = {}): Promise<void> {
    const integration = this.integration(ref.integration)
    const { workspace, connection } = ref
    const { previous } = await this.#options.store.update<StoredRecord>(keys.integration(workspace.id, ref.integration), latest => {
      refuseManaged(integration, connectionsOf(latest, workspace.epoch)[connection], options.managed)
      return withConnection(latest, workspace.epoch, connection, undefined)
    }, {
      log: previous => {
        const removed = connectionsOf(previous, workspace.epoch)[connection]
        return removed === undefined
          ? undefined
          : this.#options.audit.entry(workspace, { actor, integration: ref.integration, connection, action: 'delete', fields: changedPaths(integration, removed), outcome: 'deleted' })
      }
    })
    this.#caches.drop(cacheKey(ref))
    const removed = connectionsOf(previous, workspace.epoch)[connection]
    if (removed !== undefined) this.#tell('changed', ref, { action: 'delete', fields: changedPaths(integration, removed), actor })
  }

  /**
   * Runs an action with the stored settings; remote failures become 422 (with fields), 502 or 504.
   * With an Idempotency-Key, the first answer is given again (`replayed`) instead of a second call.
   */
  async runAction (ref: ConnectionRef, actionName: string, input: unknown, options: { actor: string, idempotencyKey?: string }): Promise<{ value: unknown, replayed: boolean }> {
    const key = options.idempotencyKey
    if (key === undefined) {
      const outcome = await this.execute(ref, actionName, input, { actor: options.actor })
      if (outcome.ok) return { value: outcome.value, replayed: false }
      throw actionError(outcome)
    }
    // A refused input uses up no key: it is checked before the key is taken.
    this.#action(ref, actionName, input)
    const begun = await this.#options.idempotency.begin(ref, actionName, key, input)
    if ('answer' in begun) {
      if (begun.answer.ok) return { value: begun.answer.value, replayed: true }
      throw HubError.fromBody(begun.answer.status, begun.answer.error as HubErrorBody)
    }
    let outcome: ActionOutcome
    try {
      outcome = await this.execute(ref, actionName, input, { actor: options.actor, idempotency: { key, attempt: begun.attempt } })
    } catch (error) {
      await this.#options.idempotency.finish(ref, actionName, key, undefined)
      throw error
    }
    if (outcome.ok) {
      await this.#options.idempotency.finish(ref, actionName, key, { ok: true, value: outcome.value })
      return { value: outcome.value, replayed: false }
    }
    const error = actionError(outcome)
    // The remote refused the input: running again would be refused again. A failure or time-out is no answer.
    await this.#options.idempotency.finish(ref, actionName, key, error.statusCode === 422 ? { ok: false, status: error.statusCode, error: error.toJSON() } : undefined)
    throw error
  }

  /** Hands a managed connection back to the API (its provisioning file no longer declares it). */
  async release (ref: ConnectionRef): Promise<void> {
    const { workspace, connection } = ref
    await this.#options.store.update<StoredRecord>(keys.integration(workspace.id, ref.integration), latest => {
      const current = connectionsOf(latest, workspace.epoch)[connection]
      if (current?.managed === undefined) return latest
      const { managed: _managed, ...released } = current
      return withConnection(latest, workspace.epoch, connection, released)
    })
  }

  /** Runs an action and reports its outcome as it is (a queued job decides on retries from it). */
  async execute (ref: ConnectionRef, actionName: string, input: unknown, options: { actor: string, idempotency?: { key: string, attempt: number } }): Promise<ActionOutcome> {
    const { integration, action } = this.#action(ref, actionName, input)
    const { stored } = await this.#stored(integration, ref)
    if (stored === undefined) throw errors.notConfigured(integration.definition.name)
    const config = openSecrets(integration, stored, ref.workspace.box(), place(ref))
    const outcome = await this.#run(integration, ref, config, (settings, ctx) => action.definition.run(settings, input, ctx), {
      stored,
      ...(options.idempotency === undefined ? {} : { idempotency: options.idempotency })
    })
    await this.#options.audit.record(ref.workspace, {
      actor: options.actor,
      integration: ref.integration,
      connection: ref.connection,
      action: 'run',
      name: actionName,
      fields: [],
      outcome: outcome.ok ? 'passed' : 'failed',
      ...(outcome.ok ? {} : { code: outcome.failure.code })
    })
    this.#tell('ran', ref, { kind: 'action', name: actionName, stored: true, ok: outcome.ok, ...(outcome.ok ? {} : { code: outcome.failure.code }), durationMs: outcome.durationMs })
    return outcome
  }

  /** Refuses an unknown action or an input its schema refuses (before an action is queued). */
  checkAction (ref: ConnectionRef, actionName: string, input: unknown): void {
    this.#action(ref, actionName, input)
  }

  /** The integration and action named, with the input checked against the action's schema. */
  #action (ref: ConnectionRef, actionName: string, input: unknown): { integration: LoadedIntegration, action: LoadedAction } {
    const integration = this.integration(ref.integration)
    const action = integration.actions.get(actionName)
    if (action === undefined) throw errors.unknownAction(ref.integration, actionName)
    if (!action.validateInput(input)) throw errors.validation(describeErrors(action.definition.input, input, action.validateInput.errors ?? []))
    return { integration, action }
  }

  /** Drops what plugins keep for a whole workspace (it was deleted). */
  forgetWorkspace (workspace: string): void {
    this.#caches.drop(`${workspace}/`)
  }

  close (): void {
    this.#caches.close()
  }

  /** The integration's record and the connection in it, migrated first (and saved so) when it predates the plugin's schema version. */
  async #stored (integration: LoadedIntegration, ref: ConnectionRef): Promise<{ record: StoredRecord | undefined, stored: StoredConnectionRecord | undefined }> {
    const { workspace, connection } = ref
    const key = keys.integration(workspace.id, ref.integration)
    const target = integration.definition.schemaVersion ?? 1
    const record = await this.#options.store.get<StoredRecord>(key) as StoredRecord | undefined
    const stored = connectionsOf(record, workspace.epoch)[connection]
    if (stored === undefined || stored.schemaVersion >= target) return { record, stored }
    const { next } = await this.#options.store.update<StoredRecord>(key, latest => {
      const current = connectionsOf(latest, workspace.epoch)[connection]
      if (current === undefined || current.schemaVersion >= target) return latest
      let config = openSecrets(integration, current, workspace.box(), place(ref))
      for (let version = current.schemaVersion + 1; version <= target; version++) config = integration.definition.migrations![version]!(config)
      const sealed = sealSecrets(integration, config, workspace.box(), place(ref))
      return withConnection(latest, workspace.epoch, connection, { ...current, schemaVersion: target, config: sealed.config, sealed: sealed.sealed })
    })
    this.#options.log.info({ workspace: workspace.id, integration: ref.integration, connection, from: stored.schemaVersion, to: target }, 'migrated stored settings')
    return { record: next, stored: connectionsOf(next, workspace.epoch)[connection] }
  }

  #validated (integration: LoadedIntegration, config: Config): Config {
    if (!integration.validateConfig(config)) {
      throw errors.validation(describeErrors(integration.definition.schema, config, integration.validateConfig.errors ?? []))
    }
    return config
  }

  async #test (integration: LoadedIntegration, ref: ConnectionRef, config: Config, options: RunSettings & { onStep?: ((step: StepResult) => void) | undefined }): Promise<TestResult> {
    return toTestResult(await this.#run(integration, ref, config, (settings, ctx) => integration.definition.test(settings, ctx), options))
  }

  /**
   * Runs a handler with its own copy of the settings (what it changes is never what gets stored). Its
   * run slot is given back when the handler itself ends, not at its deadline answer, so a plugin that
   * ignores its signal cannot pile up work past the cap (runHandler bounds how long it keeps it).
   * Stored settings use the connection's kept values; a draft gets its own, dropped when it ends.
   */
  async #run<T> (integration: LoadedIntegration, ref: ConnectionRef, config: Config, handler: (settings: Config, ctx: IntegrationContext) => Promise<T>, options: RunSettings & { onStep?: ((step: StepResult) => void) | undefined, idempotency?: { key: string, attempt: number } }): Promise<RunOutcome<T>> {
    if (this.#running >= this.#options.maxConcurrentRuns) throw errors.busy()
    const settings = structuredClone(config)
    const cache = options.stored === undefined ? new KeptValues() : this.#caches.of(cacheKey(ref), `${ref.workspace.epoch}:${options.stored.version}`)
    this.#running++
    let released = false
    const release = (): void => {
      if (released) return
      released = true
      this.#running--
      if (options.stored === undefined) cache.clear()
    }
    try {
      return await runHandler(integration, async ctx => await handler(settings, ctx), {
        outbound: this.#options.outbound,
        timeoutMs: this.#options.timeoutMs,
        log: this.#options.log,
        secrets: secretValues(integration, config),
        cache,
        ...(options.idempotency === undefined ? {} : { idempotency: options.idempotency }),
        ...(options.onStep === undefined ? {} : { onStep: options.onStep }),
        onSettled: release
      })
    } catch (error) {
      release()
      throw error
    }
  }

  async #view (integration: LoadedIntegration, ref: ConnectionRef, record: StoredRecord | undefined, stored: StoredConnectionRecord | undefined): Promise<IntegrationView> {
    const visible = stored === undefined ? undefined : withoutSecrets(integration, stored)
    return {
      ...catalogEntry(integration, record, ref.workspace.epoch),
      configured: stored !== undefined,
      updatedAt: stored?.updatedAt ?? null,
      lastTest: stored?.lastTest ?? null,
      connection: ref.connection,
      schema: integration.definition.schema,
      actions: [...integration.actions.values()].map(({ name, definition }) => ({
        name,
        title: definition.title,
        ...(definition.description === undefined ? {} : { description: definition.description }),
        input: definition.input,
        ...(definition.output === undefined ? {} : { output: definition.output })
      })),
      config: visible?.config ?? null,
      secretsSet: visible?.secretsSet ?? [],
      version: stored?.version ?? null,
      ...(stored?.managed === undefined ? {} : { managed: { file: stored.managed.file } }),
      health: stored === undefined ? null : await this.#health(ref, stored)
    }
  }

  /** A connection's health as the API shows it, with the newest checks of its log (those of this life of it). */
  async #health (ref: ConnectionRef, stored: StoredConnectionRecord): Promise<ConnectionHealth> {
    const log = await this.#options.store.recent<HealthLogEntry>(keys.healthLog(ref.workspace.id, ref.integration, ref.connection), HEALTH_LOG_CAPACITY)
    const { health } = stored
    return {
      status: health?.status ?? 'unknown',
      checkedAt: health?.checkedAt ?? null,
      nextCheckAt: health?.nextCheckAt ?? null,
      ...(health?.code === undefined ? {} : { code: health.code }),
      ...(health?.message === undefined ? {} : { message: health.message }),
      ...(health?.expires === undefined ? {} : { expiresAt: health.expires.at, expiresWhat: health.expires.what }),
      history: log.filter(entry => entry.createdAt === stored.createdAt).map(({ at, ok, code, message }) => ({ at, ok, ...(code === undefined ? {} : { code }), message }))
    }
  }
}

export interface SaveOptions {
  /** The version read (absent: whatever is stored, or a first save). */
  version?: number
  /** Store even when the connection test fails (and record the failure). */
  force: boolean
  actor: string
  /** Provisioning saves a connection it declares as managed by its file; the API never passes this. */
  managed?: { file: string }
}

/** A managed connection changes only through its own provisioning file. */
function refuseManaged (integration: LoadedIntegration, current: StoredConnectionRecord | StoredConnection | undefined, managed: { file: string } | undefined): void {
  if (current?.managed !== undefined && current.managed.file !== managed?.file) throw errors.managed(integration.definition.name, current.managed.file)
}

/** Stored settings run with the connection's kept values; a draft (`draft: true`) with values of its own. */
type RunSettings = { stored: StoredConnectionRecord, draft?: undefined } | { draft: true, stored?: undefined }

/** A 4xx about the request, not about the hub's credentials (401, 403, 407) or its rate (429). */
function refusedRequest (status: number | undefined): boolean {
  return status !== undefined && status >= 400 && status < 500 && ![401, 403, 407, 429].includes(status)
}

function place (ref: ConnectionRef): SecretPlace {
  return { workspace: ref.workspace.id, integration: ref.integration, connection: ref.connection }
}

function cacheKey (ref: ConnectionRef): string {
  return `${ref.workspace.id}/${ref.integration}/${ref.connection}`
}

function codeOf (result: TestResult): { code?: string } {
  return result.code === undefined ? {} : { code: result.code }
}

/**
 * A failed action as the HTTP answer: 504 on a timeout; 422 when the remote refused the request itself
 * (its fields, or a 4xx about it); else 502 — credentials the remote no longer takes, a server error, a
 * rate limit — with `retryAfterSeconds` when the remote said how long to wait.
 */
export function actionError (outcome: Extract<ActionOutcome, { ok: false }>): HubError {
  const { failure } = outcome
  const details = {
    ...(failure.detail === undefined ? {} : { detail: failure.detail }),
    ...(failure.fields.length === 0 ? {} : { fields: failure.fields }),
    extra: { code: failure.code, ...(failure.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: failure.retryAfterSeconds }) }
  }
  if (failure.code === 'TIMEOUT') return errors.remoteTimeout(failure.message, details)
  if (failure.fields.length > 0 || refusedRequest(failure.status)) return errors.actionRejected(failure.message, details)
  return errors.remoteFailed(failure.message, details)
}
