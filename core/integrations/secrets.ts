/**
 * The secret fields of a config: sealing them for the store, opening them for a handler, leaving
 * them out of what the API returns, and keeping stored ones when an update omits them.
 */
import type { LoadedIntegration } from '../runtime/registry.js'
import { errors } from '../errors.js'
import { SecretBox } from '../security/secret-box.js'

export type Config = Record<string, unknown>

function getPath (object: Config, path: string): unknown {
  let current: unknown = object
  for (const name of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined
    current = Object.hasOwn(current, name) ? (current as Config)[name] : undefined
  }
  return current
}

/** Sets (or, for `undefined`, deletes) a path, creating intermediate objects. */
function setPath (object: Config, path: string, value: unknown): void {
  const names = path.split('.')
  let current = object
  for (const name of names.slice(0, -1)) {
    const next = current[name]
    if (next === null || typeof next !== 'object') {
      if (value === undefined) return
      current[name] = {}
    }
    current = current[name] as Config
  }
  const last = names[names.length - 1]!
  if (value === undefined) delete current[last]
  else current[last] = value
}

const clone = (config: Config): Config => structuredClone(config)

/** Where a sealed value is bound: a secret cannot be moved to another integration or field. */
const place = (integration: LoadedIntegration, path: string): string => `${integration.definition.id}/${path}`

export function sealSecrets (integration: LoadedIntegration, config: Config, box: SecretBox): Config {
  const sealed = clone(config)
  for (const path of integration.secretPaths) {
    const value = getPath(sealed, path)
    if (typeof value === 'string') setPath(sealed, path, box.seal(value, place(integration, path)))
  }
  return sealed
}

/**
 * Opens every sealed value, wherever it sits: a migration may have moved a secret to a path the
 * current schema no longer has, and each sealed value knows its own place.
 */
export function openSecrets (integration: LoadedIntegration, config: Config, box: SecretBox): Config {
  const open = (value: unknown, path: string): unknown => {
    if (SecretBox.isSealed(value)) {
      try {
        return box.open(value, place(integration, path))
      } catch (error) {
        throw errors.secretUnreadable(integration.definition.name, error)
      }
    }
    if (value === null || typeof value !== 'object') return value
    // Secrets live at object paths only; a list is copied whole.
    if (Array.isArray(value)) return structuredClone(value)
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, open(child, path === '' ? key : `${path}.${key}`)]))
  }
  // A copy all the way down: handlers may change their settings; the store's value is frozen.
  return open(config, '') as Config
}

/** The config without its secrets, and the paths of the secrets it holds. */
export function withoutSecrets (integration: LoadedIntegration, config: Config): { config: Config, secretsSet: string[] } {
  const visible = clone(config)
  const secretsSet: string[] = []
  for (const path of integration.secretPaths) {
    if (getPath(visible, path) !== undefined) secretsSet.push(path)
    setPath(visible, path, undefined)
  }
  return { config: visible, secretsSet }
}

/** Every secret value of a config (opened), to scrub them from anything that leaves the hub. */
export function secretValues (integration: LoadedIntegration, config: Config): string[] {
  return integration.secretPaths.map(path => getPath(config, path)).filter((value): value is string => typeof value === 'string')
}

/**
 * A draft from the admin on top of the stored config: an omitted secret keeps its stored value,
 * `null` clears it. Everything else is taken from the draft as it is.
 */
export function mergeDraft (integration: LoadedIntegration, draft: Config, stored: Config | undefined): Config {
  const merged = clone(draft)
  for (const path of integration.secretPaths) {
    const value = getPath(merged, path)
    if (value === null) setPath(merged, path, undefined)
    else if (value === undefined && stored !== undefined) setPath(merged, path, getPath(stored, path))
  }
  return merged
}

/** Paths of the leaves that differ between two configs (arrays compare as one leaf). */
export function changedPaths (before: Config | undefined, after: Config | undefined, prefix = ''): string[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])
  const changed: string[] = []
  for (const key of keys) {
    const a = before?.[key]
    const b = after?.[key]
    const isObject = (value: unknown): value is Config => value !== null && typeof value === 'object' && !Array.isArray(value)
    if (isObject(a) || isObject(b)) changed.push(...changedPaths(isObject(a) ? a : undefined, isObject(b) ? b : undefined, `${prefix}${key}.`))
    else if (JSON.stringify(a) !== JSON.stringify(b)) changed.push(prefix + key)
  }
  return changed.sort()
}
