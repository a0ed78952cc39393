/**
 * Walking a settings schema the way the hub reads it: properties through nested objects and through
 * `oneOf`/`anyOf`/`allOf` alternatives; which property tells `oneOf` alternatives apart (the tabs);
 * and the schema at a property path. The registry, the contract test kit, validation messages and
 * the widget all use these, so they agree on what a schema means.
 */
import type { JsonSchema } from './json-schema.js'

/** Every property with its dot path, through nested objects and alternatives (a path may repeat, once per alternative). */
export function * walkProperties (schema: JsonSchema, prefix = ''): Generator<[path: string, property: JsonSchema]> {
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    yield [prefix + name, property]
    if (property.type === 'object') yield * walkProperties(property, `${prefix}${name}.`)
  }
  for (const alternative of alternativesOf(schema)) yield * walkProperties(alternative, prefix)
}

function alternativesOf (schema: JsonSchema): JsonSchema[] {
  return [...(schema.oneOf ?? []), ...(schema.anyOf ?? []), ...(schema.allOf ?? [])]
}

/** Dot paths of the properties a predicate holds for, each once, in schema order. */
export function pathsWhere (schema: JsonSchema, holds: (property: JsonSchema) => boolean): string[] {
  const paths = new Set<string>()
  for (const [path, property] of walkProperties(schema)) if (holds(property)) paths.add(path)
  return [...paths]
}

/** Secrets: `writeOnly: true` (sealed at rest, never returned). */
export function secretPaths (schema: JsonSchema): string[] {
  return pathsWhere(schema, property => property.writeOnly === true)
}

/** Fields that decide where secrets are sent (`x-destination: true`): a URL, a host, a port, an issuer. */
export function destinationPaths (schema: JsonSchema): string[] {
  return pathsWhere(schema, property => property['x-destination'] === true)
}

/** The schema of a property path, looked up through properties and alternatives (a `const` declaration last). */
export function schemaAt (schema: JsonSchema, path: string): JsonSchema | undefined {
  let current: JsonSchema | undefined = schema
  for (const name of path.split('.').filter(Boolean)) {
    if (current === undefined) return undefined
    const candidates: JsonSchema[] = [current, ...alternativesOf(current)]
    const owner: JsonSchema | undefined = candidates.find(candidate => candidate.properties?.[name] !== undefined && candidate.properties[name]!.const === undefined) ??
      candidates.find(candidate => candidate.properties?.[name] !== undefined)
    current = owner?.properties?.[name] ?? (current.type === 'array' ? current.items : undefined)
  }
  return current
}

/** The object alternatives of a `oneOf` (the tabs), or none. */
export function objectAlternatives (schema: JsonSchema): JsonSchema[] {
  return (schema.oneOf ?? []).filter(alternative => alternative.type === 'object' || alternative.properties !== undefined)
}

/** The property that is a `const` in every alternative (e.g. `provider`): what tells them apart. */
export function discriminatorOf (alternatives: readonly JsonSchema[]): string | undefined {
  if (alternatives.length === 0) return undefined
  return Object.keys(alternatives[0]!.properties ?? {}).find(name =>
    alternatives.every(alternative => alternative.properties?.[name]?.const !== undefined))
}

/**
 * Index of the alternative a value selects through its discriminator, or undefined when it selects
 * none. A value without the discriminator selects the schema's `default` for it (as validation,
 * which fills defaults in, will).
 */
export function selectedAlternative (schema: JsonSchema, value: unknown): number | undefined {
  const alternatives = objectAlternatives(schema)
  const discriminator = discriminatorOf(alternatives)
  if (discriminator === undefined || typeof value !== 'object' || value === null) return undefined
  const given = (value as Record<string, unknown>)[discriminator] ?? schema.properties?.[discriminator]?.default
  const index = alternatives.findIndex(alternative => alternative.properties?.[discriminator]?.const === given)
  return index === -1 ? undefined : index
}

/**
 * Dot paths of the properties `holds` for that apply to `value`: those of the `oneOf` alternative it
 * selects (and of none it does not), through nested objects. A stored secret of another tab (another
 * authentication method) is no secret of this value.
 */
export function activePathsWhere (schema: JsonSchema, value: unknown, holds: (property: JsonSchema) => boolean): string[] {
  const paths = new Set<string>()
  const visit = (current: JsonSchema, at: unknown, prefix: string): void => {
    for (const [name, property] of Object.entries(current.properties ?? {})) {
      if (holds(property)) paths.add(prefix + name)
      if (property.type === 'object') visit(property, isRecordValue(at) ? at[name] : undefined, `${prefix}${name}.`)
    }
    const alternatives = objectAlternatives(current)
    const chosen = selectedAlternative(current, at)
    if (chosen !== undefined) visit(alternatives[chosen]!, at, prefix)
    for (const alternative of [...(current.anyOf ?? []), ...(current.allOf ?? [])]) visit(alternative, at, prefix)
  }
  visit(schema, value, '')
  return [...paths]
}

function isRecordValue (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
