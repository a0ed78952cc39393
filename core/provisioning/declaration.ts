/**
 * From the files read to what they declare: references resolved, the shape checked, each
 * connection's settings checked by its plugin, each webhook's signing secret checked, duplicates
 * refused, secrets written in clear warned about. A problem that hides which things a file declares
 * (a syntax error, an unknown key, an unreadable id, a duplicate) is the whole source's: nothing of
 * it may be applied. Any other problem belongs to its entry, which is then left as it is stored.
 */
/* eslint-disable no-template-curly-in-string -- provisioning references are written ${env:NAME}: these strings hold references, not templates */
import path from 'node:path'
import type { ErrorObject, ValidateFunction } from 'ajv'
import type { Config } from '../api/types.js'
import { DEFAULT_CONNECTION, DEFAULT_WORKSPACE } from '../contract/names.js'
import { getPath } from '../contract/value-paths.js'
import { describeErrors } from '../runtime/field-errors.js'
import type { PluginRegistry } from '../runtime/registry.js'
import { createSchemaCompiler } from '../runtime/schemas.js'
import type { SubscribableEvent } from '../integrations/events.js'
import { secretProblem } from '../webhooks/webhooks.js'
import { documentSchema, IDENTITY, SECTIONS, type ProvisioningDocument, type Section } from './document.js'
import { connectionLabel, webhookLabel, type ConnectionAddress, type Problem } from './problems.js'
import { pathKey, resolveReferences } from './references.js'
import type { SealingKey } from './sealed.js'
import type { PathSegment, ProvisioningSource, SourceFile } from './source.js'

interface Declared {
  file: SourceFile
  line: number
  /** How messages name it: `acme:jira/staging`, `workspace acme`, `webhook alerts`. */
  label: string
  /** This entry's problems: when one is an error, the entry is left as it is stored. */
  problems: Problem[]
}

export interface DeclaredWorkspace extends Declared {
  id: string
  name: string | undefined
}

export interface DeclaredConnection extends Declared, ConnectionAddress {
  /** The settings with references resolved and the schema's defaults filled in: secrets in clear, never to be logged. */
  config: Config
  /** The line of a settings field (a dot path), or of the entry. */
  lineOf(field: string): number
}

export interface DeclaredWebhook extends Declared {
  workspace: string
  name: string
  url: string
  events: SubscribableEvent[]
  /** The signing secret with its reference resolved: in clear, never to be logged. */
  secret: string
}

export interface Declaration {
  source: ProvisioningSource
  workspaces: DeclaredWorkspace[]
  connections: DeclaredConnection[]
  webhooks: DeclaredWebhook[]
  /** Files (absolute paths) that say `prune: true`. */
  prune: Set<string>
  /** The source's own problems (any error: nothing is applied) and warnings. */
  problems: Problem[]
}

export interface DeclarationOptions {
  registry: PluginRegistry
  env: NodeJS.ProcessEnv
  privateKey?: SealingKey | undefined
}

let validateDocument: ValidateFunction | undefined

const CLEAR_SECRET = 'a secret is written in clear in the file; write a reference instead, such as ${env:NAME} or ${file:/run/secrets/name}'

export async function readDeclaration (source: ProvisioningSource, options: DeclarationOptions): Promise<Declaration> {
  const declaration: Declaration = { source, workspaces: [], connections: [], webhooks: [], prune: new Set(), problems: [...source.problems] }
  for (const file of source.files) await declareFile(declaration, file, options)
  refuseDuplicates(declaration)
  // In reading order: file by file, line by line (sort is stable).
  const order = source.files.map(file => file.shown)
  declaration.problems.sort((a, b) => order.indexOf(a.file ?? '') - order.indexOf(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0))
  return declaration
}

async function declareFile (declaration: Declaration, file: SourceFile, options: DeclarationOptions): Promise<void> {
  const { problems } = declaration
  const resolved = await resolveReferences(file.value, { env: options.env, baseDir: path.dirname(file.path), privateKey: options.privateKey })
  const value = resolved.value
  validateDocument ??= createSchemaCompiler().compile(documentSchema)
  // An entry's problems wait for the entry's label, which names them (`acme:jira.serviceUrl`).
  const entryProblems = new Map<string, Array<{ problem: Problem, member: PathSegment[] }>>()
  const addTo = (section: Section, index: number, problem: Problem, at: PathSegment[]): void => {
    const key = `${section}.${index}`
    if (!entryProblems.has(key)) entryProblems.set(key, [])
    // A connection's fields are named without `settings.`.
    const member = section === 'connections' && at[2] === 'settings' ? at.slice(3) : at.slice(2)
    entryProblems.get(key)!.push({ problem, member })
  }
  const entryOf = (section: Section, index: number, label: string): Problem[] =>
    (entryProblems.get(`${section}.${index}`) ?? []).map(({ problem, member }) => ({ ...problem, subject: member.length === 0 ? label : `${label}.${member.join('.')}` }))
  const before = problems.length
  if (!validateDocument(value)) {
    const own: ErrorObject[] = []
    const byEntry = new Map<string, { section: Section, index: number, errors: ErrorObject[] }>()
    // A string whose reference failed is kept as written: its own problem says enough.
    const unresolved = new Set(resolved.problems.map(({ path: at }) => `/${at.join('/')}`))
    for (const error of validateDocument.errors ?? []) {
      if (unresolved.has(error.instancePath)) continue
      const place = entryPlace(error)
      if (place === undefined) {
        own.push(error)
        continue
      }
      const key = `${place.section}.${place.index}`
      if (!byEntry.has(key)) byEntry.set(key, { ...place, errors: [] })
      byEntry.get(key)!.errors.push(error)
    }
    for (const field of describeErrors(documentSchema, value, own)) {
      problems.push({ level: 'error', file: file.shown, line: file.lineOf(segmentsOf(field.field)), message: field.message })
    }
    for (const { section, index, errors } of byEntry.values()) {
      for (const field of describeErrors(documentSchema, value, errors)) {
        const at = segmentsOf(field.field)
        addTo(section, index, { level: 'error', file: file.shown, line: file.lineOf(at), message: field.message }, at)
      }
    }
  }
  for (const { path: at, message } of resolved.problems) {
    const place = referencePlace(at)
    const problem: Problem = { level: 'error', file: file.shown, line: file.lineOf(at), message }
    if (place === undefined) problems.push(problem)
    else addTo(place.section, place.index, problem, at)
  }
  // The identities are unreadable: what the file declares is unknown.
  if (problems.length > before) return

  const document = value as ProvisioningDocument
  if (document.prune === true) declaration.prune.add(file.path)
  document.workspaces?.forEach((entry, index) => {
    const label = `workspace ${entry.id}`
    const own = entryOf('workspaces', index, label)
    declaration.workspaces.push({ id: entry.id, name: entry.name, file, line: file.lineOf(['workspaces', index]), label, problems: own })
  })
  document.connections?.forEach((entry, index) => {
    const address = { workspace: entry.workspace ?? DEFAULT_WORKSPACE, integration: entry.integration, connection: entry.name ?? DEFAULT_CONNECTION }
    const settingsAt = ['connections', index, 'settings']
    const label = connectionLabel(address)
    const own = entryOf('connections', index, label)
    const declared: DeclaredConnection = {
      ...address,
      config: structuredClone(entry.settings ?? {}) as Config,
      file,
      line: file.lineOf(['connections', index]),
      label,
      problems: own,
      lineOf: field => file.lineOf(field === '' || field === '(root)' ? settingsAt : [...settingsAt, ...segmentsOf(field)])
    }
    checkSettings(declared, options.registry, resolved.referenced, settingsAt)
    declaration.connections.push(declared)
  })
  document.webhooks?.forEach((entry, index) => {
    const workspace = entry.workspace ?? DEFAULT_WORKSPACE
    const label = webhookLabel(workspace, entry.name)
    const own = entryOf('webhooks', index, label)
    const secretAt = ['webhooks', index, 'secret']
    const secret = `${label}.secret`
    // A secret that is missing, not text or whose reference failed has its problem already.
    if (!own.some(problem => problem.subject === secret)) {
      const shape = secretProblem(entry.secret)
      const at = { file: file.shown, line: file.lineOf(secretAt), subject: secret }
      if (shape !== undefined) own.push({ level: 'error', ...at, message: shape })
      else if (!resolved.referenced.has(pathKey(secretAt))) own.push({ level: 'warning', ...at, message: CLEAR_SECRET })
    }
    declaration.webhooks.push({ workspace, name: entry.name, url: entry.url, events: entry.events as SubscribableEvent[], secret: entry.secret, file, line: file.lineOf(['webhooks', index]), label, problems: own })
  })
}

/** The plugin's own check of the settings (unless a reference in them failed), and secrets written in clear. */
function checkSettings (declared: DeclaredConnection, registry: PluginRegistry, referenced: Set<string>, settingsAt: PathSegment[]): void {
  const label = declared.label
  const problem = (field: string, level: Problem['level'], message: string): void => {
    declared.problems.push({ level, file: declared.file.shown, line: declared.lineOf(field), subject: field === '' || field === '(root)' ? label : `${label}.${field}`, message })
  }
  const integration = registry.get(declared.integration)
  if (integration === undefined) {
    const known = registry.list().map(loaded => loaded.definition.id).sort().join(', ')
    problem('', 'error', `there is no integration "${declared.integration}" (this hub has: ${known})`)
    return
  }
  if (declared.problems.some(found => found.level === 'error')) return
  const config = declared.config
  if (!integration.validateConfig(config)) {
    for (const field of describeErrors(integration.definition.schema, config, integration.validateConfig.errors ?? [])) problem(field.field, 'error', field.message)
    return
  }
  for (const secret of integration.secretPaths) {
    if (typeof getPath(config, secret) !== 'string' || referenced.has(pathKey([...settingsAt, ...segmentsOf(secret)]))) continue
    problem(secret, 'warning', CLEAR_SECRET)
  }
}

/** Two entries for one thing: the source cannot say which one is meant. */
function refuseDuplicates (declaration: Declaration): void {
  const check = <T extends Declared>(entries: T[], keyOf: (entry: T) => string): void => {
    const first = new Map<string, T>()
    for (const entry of entries) {
      const key = keyOf(entry)
      const earlier = first.get(key)
      if (earlier === undefined) {
        first.set(key, entry)
        continue
      }
      declaration.problems.push({ level: 'error', file: entry.file.shown, line: entry.line, subject: entry.label, message: `declared twice (first at ${earlier.file.shown}:${earlier.line})` })
    }
  }
  check(declaration.workspaces, entry => entry.id)
  check(declaration.connections, entry => `${entry.workspace}/${entry.integration}/${entry.connection}`)
  check(declaration.webhooks, entry => `${entry.workspace}/${entry.name}`)
}

/** The entry an error concerns, unless it concerns the source (the file's shape, an entry's identity, an unknown key). */
function entryPlace (error: ErrorObject): { section: Section, index: number } | undefined {
  if (error.keyword === 'additionalProperties') return undefined
  const segments = error.instancePath.split('/').slice(1)
  const member = error.keyword === 'required' ? (error.params as { missingProperty: string }).missingProperty : segments[2]
  return placeOf([...segments.slice(0, 2), ...(member === undefined ? [] : [member])])
}

function referencePlace (at: PathSegment[]): { section: Section, index: number } | undefined {
  return placeOf(at.map(String))
}

function placeOf ([section, index, member]: PathSegment[]): { section: Section, index: number } | undefined {
  if (!SECTIONS.includes(section as Section) || !/^\d+$/.test(String(index)) || member === undefined) return undefined
  if (IDENTITY[section as Section].includes(String(member))) return undefined
  return { section: section as Section, index: Number(index) }
}

/** `connections.2.settings.url` → ['connections', 2, 'settings', 'url']. */
function segmentsOf (field: string): PathSegment[] {
  if (field === '(root)' || field === '') return []
  return field.split('.').map(part => /^\d+$/.test(part) ? Number(part) : part)
}
