/**
 * What applying a declaration would change, found by comparing it with the hub: each workspace,
 * connection and webhook is to be created, updated (which fields — never values), removed or
 * released, or is unchanged. Plain fields compare by value, secrets by opening the stored ones (a
 * webhook's signing secret too), so an unchanged connection is not tested again. Only `apply`
 * removes or releases what its files managed and no longer declare; `import` saves connections and
 * webhooks the API then owns.
 */
import path from 'node:path'
import type { Config } from '../api/types.js'
import { isPlainObject } from '../contract/value-paths.js'
import { HubError } from '../errors.js'
import type { HubCore } from '../hub/open.js'
import type { Workspace } from '../workspaces/registry.js'
import type { Declaration, DeclaredConnection, DeclaredWebhook, DeclaredWorkspace } from './declaration.js'
import { isError, type ConnectionAddress, type Problem } from './problems.js'
import type { ProvisioningSource } from './source.js'
import type { ListedWebhook, WebhookTarget } from './webhooks.js'

export type ProvisioningMode = 'apply' | 'import'

/** What provisioning uses of a hub (a `HubCore` is one: its `webhooks` are the target). */
export type ProvisioningHub = Pick<HubCore, 'service' | 'workspaces' | 'registry'> & { webhooks: WebhookTarget }

export interface WorkspaceStep {
  change: 'create' | 'rename' | 'unchanged' | 'invalid'
  entry: DeclaredWorkspace
}

/** How a declared thing comes under its file: it was not managed, or another file of the source managed it. */
export interface Adoption {
  from: string | undefined
}

/** Something a file of the source managed and no longer declares: removed with `prune: true`, else released. */
type Gone<T> = ({ change: 'remove' } & T) | ({ change: 'release' } & T)

/** A declared thing the plan leaves as it is stored: nothing changed, or its entry has a problem. */
type Kept<T> = { change: 'unchanged', entry: T } | { change: 'invalid', entry: T }

export type ConnectionStep =
  | { change: 'create', entry: DeclaredConnection }
  | { change: 'update', entry: DeclaredConnection, fields: string[], version: number, secretsSet: string[], adopt?: Adoption }
  | Kept<DeclaredConnection>
  | Gone<{ address: ConnectionAddress, file: string }>

export type WebhookStep =
  | { change: 'create', entry: DeclaredWebhook }
  | { change: 'update', entry: DeclaredWebhook, fields: string[], adopt?: Adoption }
  | Kept<DeclaredWebhook>
  | Gone<{ workspace: string, name: string, file: string }>

export interface Plan {
  mode: ProvisioningMode
  declaration: Declaration
  workspaces: WorkspaceStep[]
  connections: ConnectionStep[]
  webhooks: WebhookStep[]
  /** Problems of the source and every entry, in file order. */
  problems: Problem[]
}

export interface PlanOptions {
  mode: ProvisioningMode
}

export const failed = (entry: { problems: Problem[] }): boolean => entry.problems.some(isError)

export async function planProvisioning (declaration: Declaration, hub: ProvisioningHub, options: PlanOptions): Promise<Plan> {
  const plan: Plan = { mode: options.mode, declaration, workspaces: [], connections: [], webhooks: [], problems: [] }
  if (declaration.problems.some(isError)) return withProblems(plan)
  const { source } = declaration
  const owned = (file: string | undefined): boolean => file !== undefined && inScope(source, file)
  const apply = options.mode === 'apply'

  const existing = new Map((await hub.workspaces.list()).map(view => [view.id, view]))
  for (const entry of declaration.workspaces) {
    const current = existing.get(entry.id)
    const change = failed(entry) ? 'invalid' : current === undefined ? 'create' : entry.name !== undefined && entry.name !== current.name ? 'rename' : 'unchanged'
    plan.workspaces.push({ change, entry })
  }
  const workspaceFor = async (entry: DeclaredConnection | DeclaredWebhook): Promise<Workspace | 'new' | undefined> => {
    if (existing.has(entry.workspace)) return await hub.workspaces.get(entry.workspace)
    const declared = plan.workspaces.find(step => step.entry.id === entry.workspace)
    if (declared?.change === 'create') return 'new'
    const problem = declared === undefined
      ? `there is no workspace "${entry.workspace}": declare it under workspaces (id, name)`
      : `the workspace "${entry.workspace}" cannot be created (see its entry)`
    entry.problems.push({ level: 'error', file: entry.file.shown, line: entry.line, subject: entry.label, message: problem })
    return undefined
  }

  for (const entry of declaration.connections) {
    const workspace = failed(entry) ? undefined : await workspaceFor(entry)
    if (failed(entry) || workspace === undefined) {
      plan.connections.push({ change: 'invalid', entry })
      continue
    }
    if (workspace === 'new') {
      plan.connections.push({ change: 'create', entry })
      continue
    }
    const ref = { workspace, integration: entry.integration, connection: entry.connection }
    const view = await hub.service.view(ref)
    if (view.version === null) {
      plan.connections.push({ change: 'create', entry })
      continue
    }
    const managedBy = view.managed?.file
    if (managedBy !== undefined && (!apply || !owned(managedBy))) {
      entry.problems.push({ level: 'error', file: entry.file.shown, line: entry.line, subject: entry.label, message: `managed by the provisioning file ${managedBy}: change it there` })
      plan.connections.push({ change: 'invalid', entry })
      continue
    }
    const fields = changedFields(await storedConfig(hub, ref), entry.config)
    const adopt = apply && managedBy !== entry.file.path ? { adopt: { from: managedBy } } : {}
    plan.connections.push(fields.length === 0 && adopt.adopt === undefined
      ? { change: 'unchanged', entry }
      : { change: 'update', entry, fields, version: view.version, secretsSet: view.secretsSet, ...adopt })
  }

  if (apply) {
    const declared = new Set(declaration.connections.map(entry => `${entry.workspace}/${entry.integration}/${entry.connection}`))
    for (const view of existing.values()) {
      const workspace = await hub.workspaces.get(view.id)
      if (workspace === undefined) continue
      for (const integration of hub.registry.list()) {
        for (const connection of await hub.service.connections(workspace, integration.definition.id)) {
          const file = connection.managed?.file
          if (!owned(file) || declared.has(`${view.id}/${integration.definition.id}/${connection.name}`)) continue
          plan.connections.push({ change: declaration.prune.has(file!) ? 'remove' : 'release', address: { workspace: view.id, integration: integration.definition.id, connection: connection.name }, file: file! })
        }
      }
    }
  }

  await planWebhooks(plan, hub, existing, owned, workspaceFor)
  return withProblems(plan)
}

async function planWebhooks (plan: Plan, hub: ProvisioningHub, existing: Map<string, unknown>, owned: (file: string | undefined) => boolean, workspaceFor: (entry: DeclaredWebhook) => Promise<Workspace | 'new' | undefined>): Promise<void> {
  const apply = plan.mode === 'apply'
  const target = hub.webhooks
  const listed = new Map<string, ListedWebhook[]>()
  for (const id of existing.keys()) {
    const workspace = await hub.workspaces.get(id)
    if (workspace !== undefined) listed.set(id, await target.list(workspace))
  }
  for (const entry of plan.declaration.webhooks) {
    const workspace = failed(entry) ? undefined : await workspaceFor(entry)
    if (failed(entry) || workspace === undefined) {
      plan.webhooks.push({ change: 'invalid', entry })
      continue
    }
    const current = listed.get(entry.workspace)?.find(webhook => webhook.name === entry.name)
    if (workspace === 'new' || current === undefined) {
      plan.webhooks.push({ change: 'create', entry })
      continue
    }
    const managedBy = current.managed?.file
    if (managedBy !== undefined && (!apply || !owned(managedBy))) {
      entry.problems.push({ level: 'error', file: entry.file.shown, line: entry.line, subject: entry.label, message: `managed by the provisioning file ${managedBy}: change it there` })
      plan.webhooks.push({ change: 'invalid', entry })
      continue
    }
    // The secret is named when it changed, never shown.
    const fields = [
      ...(current.url === entry.url ? [] : ['url']),
      ...(sameSet(current.events, entry.events) ? [] : ['events']),
      ...(await target.hasSecret(workspace, entry.name, entry.secret) ? [] : ['secret'])
    ]
    const adopt = apply && managedBy !== entry.file.path ? { adopt: { from: managedBy } } : {}
    plan.webhooks.push(fields.length === 0 && adopt.adopt === undefined ? { change: 'unchanged', entry } : { change: 'update', entry, fields, ...adopt })
  }
  if (!apply) return
  const declared = new Set(plan.declaration.webhooks.map(entry => `${entry.workspace}/${entry.name}`))
  for (const [workspace, webhooks] of listed) {
    for (const webhook of webhooks) {
      const file = webhook.managed?.file
      if (!owned(file) || declared.has(`${workspace}/${webhook.name}`)) continue
      plan.webhooks.push({ change: plan.declaration.prune.has(file!) ? 'remove' : 'release', workspace, name: webhook.name, file: file! })
    }
  }
}

/** Whether a managed thing's file belongs to this source: the file itself, or any file of the folder. */
export function inScope (source: ProvisioningSource, file: string): boolean {
  return source.folder ? path.dirname(file) === source.root : file === source.root
}

/** The stored settings, secrets opened; settings whose secrets no longer open compare as empty (all is replaced). */
async function storedConfig (hub: ProvisioningHub, ref: Parameters<ProvisioningHub['service']['readConfig']>[0]): Promise<Config> {
  try {
    return await hub.service.readConfig(ref) ?? {}
  } catch (error) {
    if (error instanceof HubError && error.code === 'HUB_ERR_SECRET_UNREADABLE') return {}
    throw error
  }
}

/** Dot paths where two settings differ: through nested objects, lists and values compared whole. */
export function changedFields (before: unknown, after: unknown, prefix = ''): string[] {
  const changed: string[] = []
  const keys = new Set([...Object.keys(isPlainObject(before) ? before : {}), ...Object.keys(isPlainObject(after) ? after : {})])
  for (const key of keys) {
    const left = isPlainObject(before) ? before[key] : undefined
    const right = isPlainObject(after) ? after[key] : undefined
    if (isPlainObject(left) && isPlainObject(right)) changed.push(...changedFields(left, right, `${prefix}${key}.`))
    else if (canonical(left) !== canonical(right)) changed.push(prefix + key)
  }
  return changed.sort()
}

/** JSON with every object's keys in order: the same value however its file wrote it. */
function canonical (value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => isPlainObject(item) ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0)) : item)
}

function sameSet (a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every(item => b.includes(item))
}

function withProblems (plan: Plan): Plan {
  const { declaration } = plan
  const entries = [...declaration.workspaces, ...declaration.connections, ...declaration.webhooks]
    .sort((a, b) => a.file.shown.localeCompare(b.file.shown) || a.line - b.line)
  plan.problems = [...declaration.problems, ...entries.flatMap(entry => entry.problems), ...plan.problems]
  return plan
}
