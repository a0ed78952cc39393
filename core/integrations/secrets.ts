/**
 * The secret fields of a connection's settings: sealing them for the store, opening exactly the
 * sealed ones for a handler, leaving them out of what the API returns, and reusing stored ones when
 * an update omits them — but only while the settings still send them where they were entered.
 */
import type { Config } from '../api/types.js'
import { activePathsWhere, schemaAt } from '../contract/schema-walk.js'
import { getPath, setPath } from '../contract/value-paths.js'
import { errors } from '../errors.js'
import type { LoadedIntegration } from '../runtime/registry.js'
import type { SecretBox } from '../security/secret-box.js'
import type { StoredConnection, StoredConnectionRecord } from './record.js'

/** Where a connection's secrets are bound: a sealed value opens only at its own place. */
export interface SecretPlace {
  workspace: string
  integration: string
  connection: string
}

const placeOf = ({ workspace, integration, connection }: SecretPlace, path: string): string => `${workspace}/${integration}/${connection}/${path}`

/** A copy of `config` with every secret sealed, and the paths sealed. */
export function sealSecrets (integration: LoadedIntegration, config: Config, box: SecretBox, place: SecretPlace): { config: Config, sealed: string[] } {
  const sealedConfig = structuredClone(config)
  const sealed: string[] = []
  for (const path of integration.secretPaths) {
    const value = getPath(sealedConfig, path)
    if (typeof value !== 'string') continue
    setPath(sealedConfig, path, box.seal(value, placeOf(place, path)))
    sealed.push(path)
  }
  return { config: sealedConfig, sealed }
}

/** Opens one sealed value of a stored connection. */
function openAt (stored: StoredConnectionRecord, path: string, box: SecretBox, place: SecretPlace, name: string): string {
  try {
    return box.open(getPath(stored.config, path) as string, placeOf(place, path))
  } catch (error) {
    throw errors.secretUnreadable(name, error)
  }
}

/**
 * The stored settings with their secrets opened: only the paths recorded as sealed, so a plain field
 * that merely looks sealed is left as it is. A copy all the way down: handlers may change it.
 */
export function openSecrets (integration: LoadedIntegration, stored: StoredConnectionRecord, box: SecretBox, place: SecretPlace): Config {
  const config = structuredClone(stored.config) as Config
  for (const path of stored.sealed) setPath(config, path, openAt(stored, path, box, place, integration.definition.name))
  return config
}

/** The settings without their secrets, and the paths of the secrets stored. */
export function withoutSecrets (integration: LoadedIntegration, stored: StoredConnectionRecord): { config: Config, secretsSet: string[] } {
  const config = structuredClone(stored.config) as Config
  for (const path of new Set([...stored.sealed, ...integration.secretPaths])) setPath(config, path, undefined)
  return { config, secretsSet: [...stored.sealed] }
}

/** Every secret value of opened settings, to scrub them from anything that leaves the hub. */
export function secretValues (integration: LoadedIntegration, config: Config): string[] {
  return integration.secretPaths.map(path => getPath(config, path)).filter((value): value is string => typeof value === 'string')
}

/**
 * A draft on top of the stored settings: an omitted secret keeps its stored value, `null` clears it,
 * everything else comes from the draft. Stored secrets are opened only where the draft omits them,
 * so settings whose old secrets can no longer be decrypted can still be replaced whole. When a field
 * that decides where secrets go (`x-destination`) differs from the stored one, no stored secret is
 * reused: each omitted one is refused by name, so it cannot be sent to a new destination. Secrets
 * of another `oneOf` alternative than the one the draft chose are not carried over.
 */
export function mergeDraft (integration: LoadedIntegration, draft: Config, stored: StoredConnectionRecord | undefined, box: () => SecretBox, place: SecretPlace): Config {
  const merged = structuredClone(draft)
  const omitted: string[] = []
  for (const path of integration.secretPaths) if (getPath(merged, path) === null) setPath(merged, path, undefined)
  // Only the secrets of the tab the draft chose: switching authentication methods leaves the others behind.
  for (const path of activePathsWhere(integration.definition.schema, draft, property => property.writeOnly === true)) {
    if (getPath(draft, path) === undefined && stored?.sealed.includes(path) === true) omitted.push(path)
  }
  if (omitted.length === 0 || stored === undefined) return merged
  const schema = integration.definition.schema
  // Compared as validation will see them: a field left out takes its default.
  const withDefault = (config: unknown, path: string): string => JSON.stringify(getPath(config, path) ?? schemaAt(schema, path)?.default)
  const moved = integration.destinationPaths.find(path => withDefault(draft, path) !== withDefault(stored.config, path))
  if (moved !== undefined) {
    const destination = schemaAt(schema, moved)?.title ?? moved
    throw errors.validation(omitted.map(path => ({
      field: path,
      message: `Enter the ${schemaAt(schema, path)?.title ?? path} again: the ${destination} changed.`
    })))
  }
  for (const path of omitted) setPath(merged, path, openAt(stored, path, box(), place, integration.definition.name))
  return merged
}

/**
 * Paths of the settings a change makes (for the audit trail, never values): plain fields by value
 * (`after` is the validated settings, defaults filled in), secrets whenever the draft gives or
 * clears one. Without `after`, everything stored goes.
 */
export function changedPaths (integration: LoadedIntegration, before: StoredConnection | StoredConnectionRecord | undefined, after?: Config, draft?: Config): string[] {
  const secrets = new Set(integration.secretPaths)
  const changed = new Set<string>()
  const walk = (a: unknown, b: unknown, prefix: string): void => {
    const isObject = (value: unknown): value is Config => value !== null && typeof value === 'object' && !Array.isArray(value)
    for (const key of new Set([...Object.keys(isObject(a) ? a : {}), ...Object.keys(isObject(b) ? b : {})])) {
      const path = prefix + key
      const left = isObject(a) ? a[key] : undefined
      const right = isObject(b) ? b[key] : undefined
      if (secrets.has(path) || before?.sealed.includes(path) === true) {
        if (after === undefined ? left !== undefined : getPath(draft, path) !== undefined || (left === undefined) !== (right === undefined)) changed.add(path)
      } else if (isObject(left) || isObject(right)) {
        walk(left, right, `${path}.`)
      } else if (JSON.stringify(left) !== JSON.stringify(right)) {
        changed.add(path)
      }
    }
  }
  walk(before?.config, after, '')
  return [...changed].sort()
}
