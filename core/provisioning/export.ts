/**
 * A hub's workspaces, connections and webhooks as a provisioning file. No secret value is written:
 * each (a connection's secret fields, a webhook's signing secret) becomes an `${env:…}` reference
 * with a generated name (`HUB_ACME_JIRA_DEFAULT_APITOKEN`, `HUB_ACME_WEBHOOK_ALERTS_SECRET`), listed
 * for the operator, or — given a public key — a `${sealed:…}` value only the private key opens. Every other string is escaped, so the file
 * reads back as the hub has it.
 */
/* eslint-disable no-template-curly-in-string -- provisioning references are written ${env:NAME}: these strings hold references, not templates */
import { Document } from 'yaml'
import type { Config } from '../api/types.js'
import { getPath, isPlainObject, setPath } from '../contract/value-paths.js'
import { HubError } from '../errors.js'
import type { ProvisioningDocument } from './document.js'
import type { ProvisioningHub } from './plan.js'
import { connectionLabel, webhookLabel, type Problem } from './problems.js'
import { escapeText } from './references.js'
import { sealValue, type SealingKey } from './sealed.js'

export interface ExportOptions {
  /** Only this workspace. */
  workspace?: string | undefined
  /** Seal secrets to this public key instead of naming environment variables. */
  recipient?: SealingKey | undefined
  /** Written into the file's header. */
  now?: Date
}

export interface ExportResult {
  text: string
  /** The environment variables the file's references name, with the field each stands for. */
  variables: Array<{ name: string, field: string }>
  /** Connections that could not be exported (secrets that no longer open). */
  problems: Problem[]
}

export async function exportProvisioning (hub: ProvisioningHub, options: ExportOptions = {}): Promise<ExportResult> {
  const document: Required<Pick<ProvisioningDocument, 'workspaces' | 'connections' | 'webhooks'>> = { workspaces: [], connections: [], webhooks: [] }
  const variables: ExportResult['variables'] = []
  const problems: Problem[] = []
  const taken = new Set<string>()
  /** A secret as the file holds it: sealed to the recipient, or a reference to a variable named after `parts`. */
  const reference = (value: string, field: string, parts: Parameters<typeof variableName>): string => {
    if (options.recipient !== undefined) return `\${sealed:${sealValue(value, options.recipient)}}`
    const variable = uniqueName(variableName(...parts), taken)
    variables.push({ name: variable, field })
    return `\${env:${variable}}`
  }
  const views = (await hub.workspaces.list()).filter(view => options.workspace === undefined || view.id === options.workspace)
  for (const view of views) {
    document.workspaces.push({ id: view.id, name: view.name })
    const workspace = await hub.workspaces.get(view.id)
    if (workspace === undefined) continue
    for (const integration of hub.registry.list()) {
      const id = integration.definition.id
      for (const { name } of await hub.service.connections(workspace, id)) {
        const address = { workspace: view.id, integration: id, connection: name }
        let config: Config | undefined
        try {
          config = await hub.service.readConfig({ workspace, integration: id, connection: name })
        } catch (error) {
          if (!(error instanceof HubError)) throw error
          problems.push({ level: 'error', subject: connectionLabel(address), message: `not exported: ${error.message}` })
          continue
        }
        if (config === undefined) continue
        const settings = escaped(config) as Config
        for (const secret of integration.secretPaths) {
          const value = getPath(config, secret)
          if (typeof value !== 'string') continue
          setPath(settings, secret, reference(value, `${connectionLabel(address)}.${secret}`, [view.id, id, name, secret]))
        }
        document.connections.push({ workspace: view.id, integration: id, name, settings })
      }
    }
    for (const webhook of await hub.webhooks.list(workspace)) {
      const label = webhookLabel(view.id, webhook.name)
      const secret = await hub.webhooks.secretOf(workspace, webhook.name)
      if (secret === undefined) {
        problems.push({ level: 'error', subject: label, message: 'not exported: its signing secret no longer opens with the hub\'s keys' })
        continue
      }
      const entry = { workspace: view.id, name: webhook.name, url: escapeText(webhook.url), events: [...webhook.events] }
      document.webhooks.push({ ...entry, secret: reference(secret, `${label}.secret`, [view.id, 'webhook', webhook.name, 'secret']) })
    }
  }
  const { webhooks, ...rest } = document
  const yaml = new Document(webhooks.length === 0 ? rest : document)
  yaml.commentBefore = [
    ` Integration Hub provisioning file, exported ${(options.now ?? new Date()).toISOString()}.`,
    options.recipient === undefined
      ? ' Secrets are ${env:…} references: set those variables where the file is applied or imported.'
      : ` Secrets are sealed to key ${options.recipient.id}: hub import --decrypt-with <its private key>.`
  ].join('\n')
  return { text: yaml.toString({ lineWidth: 0 }), variables, problems }
}

/** `HUB_<WORKSPACE>_<INTEGRATION>_<CONNECTION>_<FIELD>`, upper case, anything else an underscore. */
export function variableName (workspace: string, integration: string, connection: string, field: string): string {
  return ['HUB', workspace, integration, connection, field].join('_').toUpperCase().replace(/[^A-Z0-9]+/g, '_')
}

function uniqueName (name: string, taken: Set<string>): string {
  let candidate = name
  for (let suffix = 2; taken.has(candidate); suffix++) candidate = `${name}_${suffix}`
  taken.add(candidate)
  return candidate
}

function escaped (value: unknown): unknown {
  if (typeof value === 'string') return escapeText(value)
  if (Array.isArray(value)) return value.map(escaped)
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, escaped(item)]))
  return value
}
