/**
 * Carrying out a plan: workspaces first, then each connection saved through the service (validated
 * and tested before it replaces the stored one; `apply` marks it managed by its file), then webhooks
 * (with the secrets the file gives), then what the files no longer declare is removed or released.
 * One thing failing leaves it as it was stored and is reported; the others go on. A source with
 * problems of its own changes nothing.
 */
import type { FastifyBaseLogger } from 'fastify'
import type { Config } from '../api/types.js'
import type { TestResult } from '../contract/results.js'
import { getPath, setPath } from '../contract/value-paths.js'
import { errors, HubError } from '../errors.js'
import type { DeclaredConnection } from './declaration.js'
import { failed, type ConnectionStep, type Plan, type ProvisioningHub, type WebhookStep, type WorkspaceStep } from './plan.js'
import { connectionLabel, isError, webhookLabel, type Problem } from './problems.js'

export type Outcome = 'created' | 'updated' | 'renamed' | 'removed' | 'released' | 'unchanged' | 'failed'

export interface Applied {
  kind: 'workspace' | 'connection' | 'webhook'
  label: string
  outcome: Outcome
  /** Updated: the fields changed (never values). */
  fields?: string[]
  /** Saved connections: what their connection test said. */
  test?: string
}

export interface ApplyReport {
  plan: Plan
  applied: Applied[]
  /** Every problem: the plan's and those met while applying. */
  problems: Problem[]
  /** Set when nothing was applied because `strict` refuses a source with any problem. */
  stopped?: 'strict'
}

type Saving = Extract<ConnectionStep, { change: 'create' | 'update' }>

export interface ApplyOptions {
  /** Who the audit trail names. */
  actor: string
  log: FastifyBaseLogger
  /** Connections saved (and so tested) at once. */
  concurrency?: number
}

export async function applyPlan (plan: Plan, hub: ProvisioningHub, options: ApplyOptions): Promise<ApplyReport> {
  const report: ApplyReport = { plan, applied: [], problems: [...plan.problems] }
  if (plan.declaration.problems.some(isError)) return report
  const record = (applied: Applied): void => { report.applied.push(applied) }
  const fail = (label: string, kind: Applied['kind'], problem: Problem): void => {
    report.problems.push(problem)
    record({ kind, label, outcome: 'failed' })
  }

  for (const step of plan.workspaces) await applyWorkspace(step, hub, record, fail)

  const saves: Applied[] = []
  await eachLimited(plan.connections.filter((step): step is Saving => step.change === 'create' || step.change === 'update'), options.concurrency ?? 4, async step => {
    try {
      saves.push(await saveConnection(step, hub, plan.mode, options.actor))
    } catch (error) {
      report.problems.push(...saveProblems(step.entry, error, options.log))
      saves.push({ kind: 'connection', label: step.entry.label, outcome: 'failed' })
    }
  })
  // In file order, whatever order the saves finished in.
  for (const step of plan.connections) {
    if (step.change === 'create' || step.change === 'update') record(saves.find(applied => applied.label === step.entry.label)!)
    else if (step.change === 'unchanged' || step.change === 'invalid') record({ kind: 'connection', label: step.entry.label, outcome: step.change === 'invalid' ? 'failed' : 'unchanged' })
  }

  for (const step of plan.webhooks) await applyWebhook(step, hub, plan.mode, record, fail, options.log)

  for (const step of plan.connections) {
    if (step.change !== 'remove' && step.change !== 'release') continue
    const label = connectionLabel(step.address)
    try {
      const workspace = await hub.workspaces.get(step.address.workspace)
      if (workspace !== undefined) {
        const ref = { workspace, integration: step.address.integration, connection: step.address.connection }
        if (step.change === 'remove') await hub.service.remove(ref, options.actor, { managed: { file: step.file } })
        else await hub.service.release(ref)
      }
      record({ kind: 'connection', label, outcome: step.change === 'remove' ? 'removed' : 'released' })
    } catch (error) {
      fail(label, 'connection', { level: 'error', subject: label, message: `could not be ${step.change === 'remove' ? 'removed' : 'released'}: ${messageOf(error, options.log)}` })
    }
  }
  return report
}

async function applyWorkspace (step: WorkspaceStep, hub: ProvisioningHub, record: (applied: Applied) => void, fail: (label: string, kind: Applied['kind'], problem: Problem) => void): Promise<void> {
  const { entry } = step
  if (step.change === 'invalid') return record({ kind: 'workspace', label: entry.label, outcome: 'failed' })
  try {
    if (step.change === 'create') await hub.workspaces.create(entry.id, entry.name ?? entry.id)
    else if (step.change === 'rename') await hub.workspaces.rename(entry.id, entry.name!)
    record({ kind: 'workspace', label: entry.label, outcome: step.change === 'create' ? 'created' : step.change === 'rename' ? 'renamed' : 'unchanged' })
  } catch (error) {
    fail(entry.label, 'workspace', { level: 'error', file: entry.file.shown, line: entry.line, subject: entry.label, message: error instanceof HubError ? error.message : String(error) })
  }
}

/**
 * Saves the declared settings whole: a secret the file leaves out is cleared (`null`), not kept,
 * since the file is all there is to the connection.
 */
async function saveConnection (step: Saving, hub: ProvisioningHub, mode: Plan['mode'], actor: string): Promise<Applied> {
  const { entry } = step
  const workspace = await hub.workspaces.get(entry.workspace)
  if (workspace === undefined) throw errors.unknownWorkspace(entry.workspace)
  const ref = { workspace, integration: entry.integration, connection: entry.connection }
  const draft = structuredClone(entry.config) as Config
  if (step.change === 'update') {
    for (const secret of step.secretsSet) if (getPath(draft, secret) === undefined) setPath(draft, secret, null)
    // Moved from another file of the same source: that file's claim goes first.
    if (step.adopt?.from !== undefined) await hub.service.release(ref)
  }
  const { created, view } = await hub.service.save(ref, draft, {
    version: step.change === 'update' ? step.version : 0,
    force: false,
    actor,
    ...(mode === 'apply' ? { managed: { file: entry.file.path } } : {})
  })
  return {
    kind: 'connection',
    label: entry.label,
    outcome: created ? 'created' : 'updated',
    ...(step.change === 'update' ? { fields: step.fields } : {}),
    ...(view.lastTest === null ? {} : { test: view.lastTest.message })
  }
}

async function applyWebhook (step: WebhookStep, hub: ProvisioningHub, mode: Plan['mode'], record: (applied: Applied) => void, fail: (label: string, kind: Applied['kind'], problem: Problem) => void, log: FastifyBaseLogger): Promise<void> {
  const target = hub.webhooks
  if (step.change === 'remove' || step.change === 'release') {
    const label = webhookLabel(step.workspace, step.name)
    try {
      const workspace = await hub.workspaces.get(step.workspace)
      if (workspace !== undefined && step.change === 'remove') await target.remove(workspace, step.name, { managed: { file: step.file } })
      else if (workspace !== undefined) await target.release(workspace, step.name)
      record({ kind: 'webhook', label, outcome: step.change === 'remove' ? 'removed' : 'released' })
    } catch (error) {
      fail(label, 'webhook', { level: 'error', subject: label, message: `could not be ${step.change === 'remove' ? 'removed' : 'released'}: ${messageOf(error, log)}` })
    }
    return
  }
  const { entry } = step
  if (step.change === 'unchanged' || failed(entry)) return record({ kind: 'webhook', label: entry.label, outcome: failed(entry) ? 'failed' : 'unchanged' })
  try {
    const workspace = await hub.workspaces.get(entry.workspace)
    if (workspace === undefined) throw errors.unknownWorkspace(entry.workspace)
    if (step.change === 'update' && step.adopt?.from !== undefined) await target.release(workspace, entry.name)
    const { created } = await target.put(workspace, entry.name, { url: entry.url, events: entry.events }, {
      secret: entry.secret,
      ...(mode === 'apply' ? { managed: { file: entry.file.path } } : {})
    })
    record({ kind: 'webhook', label: entry.label, outcome: created ? 'created' : 'updated', ...(step.change === 'update' ? { fields: step.fields } : {}) })
  } catch (error) {
    fail(entry.label, 'webhook', { level: 'error', file: entry.file.shown, line: entry.line, subject: entry.label, message: messageOf(error, log) })
  }
}

/** Why a save was refused, pointed at the field it concerns when there is one. */
function saveProblems (entry: DeclaredConnection, error: unknown, log: FastifyBaseLogger): Problem[] {
  const at = (field: string | undefined, message: string): Problem => ({
    level: 'error',
    file: entry.file.shown,
    line: field === undefined ? entry.line : entry.lineOf(field),
    subject: field === undefined ? entry.label : `${entry.label}.${field}`,
    message
  })
  if (error instanceof HubError && error.code === 'HUB_ERR_TEST_FAILED') {
    const test = error.extra.test as TestResult | undefined
    const field = test?.field ?? error.fields?.[0]?.field
    return [at(field, `the connection test failed: ${error.message}; the stored settings are kept`)]
  }
  if (error instanceof HubError && error.code === 'HUB_ERR_VALIDATION' && error.fields !== undefined) {
    return error.fields.map(field => at(field.field, field.message))
  }
  return [at(undefined, messageOf(error, log))]
}

/** Our errors say what happened; anything else is the hub's own fault, logged and not shown. */
function messageOf (error: unknown, log: FastifyBaseLogger): string {
  if (error instanceof HubError) return error.message
  const internal = errors.internal(error)
  log.error({ err: error }, 'provisioning failed unexpectedly')
  return internal.message
}

async function eachLimited<T> (items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const lane = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]!)
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane))
}
