/**
 * Reading and writing a value at a dot path (`options.signingKey`) of a plain settings object: the
 * one implementation the hub's secret handling and the widget's form share.
 */

export type PlainObject = Record<string, unknown>

export function isPlainObject (value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The value at `path`, looking only at own properties (so `__proto__` or `constructor` never resolve). */
export function getPath (object: unknown, path: string): unknown {
  let current: unknown = object
  for (const name of path.split('.')) {
    if (!isPlainObject(current) || !Object.hasOwn(current, name)) return undefined
    current = current[name]
  }
  return current
}

/** Sets `path` (creating intermediate objects); `undefined` deletes it instead. */
export function setPath (object: PlainObject, path: string, value: unknown): void {
  const names = path.split('.')
  const last = names.pop()!
  let current = object
  for (const name of names) {
    const next = Object.hasOwn(current, name) ? current[name] : undefined
    if (!isPlainObject(next)) {
      if (value === undefined) return
      current[name] = {}
    }
    current = current[name] as PlainObject
  }
  if (value === undefined) delete current[last]
  else current[last] = value
}
