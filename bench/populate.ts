/**
 * Fills a store with workspaces before a hub opens it, written as the hub writes them: each workspace
 * through `Workspaces` (its epoch, its data key sealed under the master key), and four integrations
 * configured in each, their secrets sealed with the workspace's data key at their place, each record
 * stored with its audit entry in one write, as a save does.
 *
 * Through the store's own API, a write at a time (stores.ts has the store spare the syncs meanwhile).
 */
import type { Config, TestStatus } from '../core/api/types.js'
import { DEFAULT_CONNECTION } from '../core/contract/names.js'
import { AuditTrail } from '../core/integrations/audit.js'
import type { StoredIntegration } from '../core/integrations/record.js'
import { changedPaths, sealSecrets } from '../core/integrations/secrets.js'
import { loadBuiltinPlugins } from '../core/runtime/builtin-plugins.js'
import { PluginRegistry, type LoadedIntegration } from '../core/runtime/registry.js'
import { SecretBox } from '../core/security/secret-box.js'
import ssoDefinition from '../core/sso/definition.js'
import { keys } from '../core/storage/keys.js'
import { openStore } from '../core/storage/open.js'
import type { HubStore } from '../core/storage/store.js'
import { Workspaces, type Workspace } from '../core/workspaces/registry.js'
import type { SmtpPeer } from './smtp-peer.js'

type SmtpSettings = SmtpPeer['config']

export interface Population {
  workspaces: number
  /** The SMTP settings stored in every workspace: the bench's server, so a test of the stored settings shows the hub opens their secrets. */
  smtp: SmtpSettings
}

/** Workspaces written at once: PostgreSQL takes them in parallel; on SQLite every write is synchronous anyway. */
const CONCURRENCY = 8
const ACTOR = 'operator'

/** The id of the `index`th workspace of a population of `size`: `ws-00000` … */
export function workspaceId (index: number, size: number): string {
  return `ws-${String(index).padStart(Math.max(5, String(size - 1).length), '0')}`
}

const passed = (at: string): TestStatus => ({ ok: true, message: 'Connected', at })

/** The four integrations configured in every workspace, with settings each plugin's schema accepts. Jira's last test failed. */
function settingsOf (smtp: SmtpSettings): Array<{ id: string, config: Config, lastTest: (at: string) => TestStatus }> {
  return [
    { id: 'sso', config: { provider: 'oidc', issuer: 'https://login.example.com', clientId: 'hub', clientSecret: 'sso-client-secret', enabled: true, admins: ['ada@example.com'] }, lastTest: passed },
    { id: 'jira', config: { serviceUrl: 'https://example.atlassian.net', apiToken: 'jira-api-token', email: 'ada@example.com' }, lastTest: at => ({ ok: false, code: 'INVALID_TOKEN', message: 'Invalid API Token', at }) },
    { id: 'servicenow', config: { serviceUrl: 'https://example.service-now.com', authMethod: 'password', clientId: 'hub', clientSecret: 'servicenow-secret', username: 'hub', password: 'servicenow-password' }, lastTest: passed },
    { id: 'smtp', config: { ...smtp }, lastTest: passed }
  ]
}

async function loadRegistry (): Promise<PluginRegistry> {
  const registry = new PluginRegistry()
  registry.add(ssoDefinition)
  for (const plugin of await loadBuiltinPlugins()) registry.add(plugin)
  return registry
}

/** Each integration with its settings as the hub would store them: validated, defaults filled in. */
async function configured (smtp: SmtpSettings): Promise<Array<{ integration: LoadedIntegration, config: Config, lastTest: (at: string) => TestStatus }>> {
  const registry = await loadRegistry()
  return settingsOf(smtp).map(({ id, config, lastTest }) => {
    const integration = registry.get(id)
    if (integration === undefined) throw new Error(`bench/populate.ts configures ${id}, which is no longer a plugin`)
    const validated = structuredClone(config)
    if (integration.validateConfig(validated) !== true) {
      throw new Error(`bench/populate.ts: the ${id} settings no longer fit its schema: ${JSON.stringify(integration.validateConfig.errors)}`)
    }
    return { integration, config: validated, lastTest }
  })
}

/** Writes the population into the store at `url`, then closes it. */
export async function populate (url: string, master: SecretBox, population: Population): Promise<void> {
  const integrations = await configured(population.smtp)
  const store = await openStore(url)
  try {
    const workspaces = new Workspaces({ store, master })
    await workspaces.open()
    const audit = new AuditTrail(store)
    let next = 0
    const worker = async (): Promise<void> => {
      for (let index = next++; index < population.workspaces; index = next++) {
        const id = workspaceId(index, population.workspaces)
        await workspaces.create(id, `Workspace ${index}`)
        const workspace = (await workspaces.get(id))!
        for (const { integration, config, lastTest } of integrations) await storeConnection(store, audit, workspace, integration, config, lastTest)
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  } finally {
    await store.close()
  }
}

async function storeConnection (store: HubStore, audit: AuditTrail, workspace: Workspace, integration: LoadedIntegration, config: Config, lastTest: (at: string) => TestStatus): Promise<void> {
  const id = integration.definition.id
  const sealed = sealSecrets(integration, config, workspace.box(), { workspace: workspace.id, integration: id, connection: DEFAULT_CONNECTION })
  const now = new Date().toISOString()
  const record: StoredIntegration = {
    epoch: workspace.epoch,
    connections: {
      [DEFAULT_CONNECTION]: {
        version: 1,
        schemaVersion: integration.definition.schemaVersion ?? 1,
        config: sealed.config,
        sealed: sealed.sealed,
        createdAt: now,
        updatedAt: now,
        updatedBy: ACTOR,
        lastTest: lastTest(now)
      }
    }
  }
  await store.update<StoredIntegration>(keys.integration(workspace.id, id), () => record, {
    log: () => audit.entry(workspace, { actor: ACTOR, integration: id, connection: DEFAULT_CONNECTION, action: 'create', fields: changedPaths(integration, undefined, config, config), outcome: 'saved', version: 1 })
  })
}
