/**
 * What the form renderer needs to know about a JSON Schema, as pure functions: how an object lays out
 * (shared fields, then `oneOf` alternatives as tabs), defaults for a new config, and how a draft turns
 * into the body the API expects (untouched secrets omitted, explicitly cleared ones `null`).
 */
import type { JsonSchema } from '../core/contract/json-schema.js'

export type Draft = Record<string, unknown>

/** A stored secret is `kept` (omitted from the body), `replaced` (sent if typed) or `cleared` (sent as null). */
export type SecretMode = 'kept' | 'replaced' | 'cleared'

export interface Alternative {
  /** The discriminator's `const`, or `undefined` when the alternatives have no discriminator. */
  value: unknown
  title: string
  properties: Array<[string, JsonSchema]>
  required: ReadonlySet<string>
}

export interface ObjectLayout {
  /** Properties shown above the tabs (all of them when there are no alternatives). */
  fields: Array<[string, JsonSchema]>
  required: ReadonlySet<string>
  /** The property whose `const` tells the alternatives apart, e.g. `provider`. */
  discriminator?: string
  alternatives: Alternative[]
}

export interface ScalarOption {
  value: unknown
  title: string
}

export function isObjectSchema (schema: JsonSchema): boolean {
  return schema.type === 'object' || schema.properties !== undefined
}

export function isSecret (schema: JsonSchema): boolean {
  return schema.writeOnly === true
}

export function asDraft (value: unknown): Draft {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Draft : {}
}

export function joinPath (prefix: string, name: string): string {
  return prefix ? `${prefix}.${name}` : name
}

/** Turns a server field reference (`tls.mode`, `/tls/mode`, `.tls.mode`) into a dot path. */
export function normalizeFieldPath (field: string): string {
  return field.replace(/^[./]+/, '').replaceAll('/', '.')
}

/** Options of an `enum`, or of a scalar `oneOf` whose items are `{ const, title }`. */
export function scalarOptions (schema: JsonSchema): ScalarOption[] | undefined {
  if (schema.enum) return schema.enum.map(value => ({ value, title: String(value) }))
  if (schema.oneOf && schema.oneOf.length > 0 && schema.oneOf.every(item => 'const' in item)) {
    return schema.oneOf.map(item => ({ value: item.const, title: item.title ?? String(item.const) }))
  }
  return undefined
}

export function objectLayout (schema: JsonSchema): ObjectLayout {
  const rootProperties = Object.entries(schema.properties ?? {})
  const required = new Set(schema.required ?? [])
  const alternatives = (schema.oneOf ?? []).filter(isObjectSchema)
  if (alternatives.length === 0) return { fields: rootProperties, required, alternatives: [] }

  const discriminator = findDiscriminator(alternatives)
  const shared = new Set(rootProperties.map(([name]) => name))
  return {
    fields: rootProperties.filter(([name]) => name !== discriminator),
    required,
    ...(discriminator === undefined ? {} : { discriminator }),
    alternatives: alternatives.map((alternative, index) => {
      const tag = discriminator === undefined ? undefined : alternative.properties?.[discriminator]
      return {
        value: tag?.const,
        title: alternative.title ?? tag?.title ?? (tag ? String(tag.const) : `${index + 1}`),
        properties: Object.entries(alternative.properties ?? {})
          .filter(([name]) => name !== discriminator && !shared.has(name)),
        required: new Set(alternative.required ?? [])
      }
    })
  }
}

function findDiscriminator (alternatives: JsonSchema[]): string | undefined {
  const first = alternatives[0]?.properties ?? {}
  return Object.keys(first).find(name =>
    alternatives.every(alternative => alternative.properties?.[name]?.const !== undefined))
}

/** Index of the alternative a draft selects through its discriminator (0 when none matches). */
export function selectedAlternative (layout: ObjectLayout, draft: Draft): number {
  if (layout.discriminator === undefined) return 0
  const index = layout.alternatives.findIndex(alternative => alternative.value === draft[layout.discriminator as string])
  return Math.max(index, 0)
}

/**
 * The draft of a new config: every `default`, in every alternative (so switching tabs shows them too),
 * and the first alternative's discriminator unless the schema gives a default for it.
 */
export function defaultsFor (schema: JsonSchema): Draft {
  const draft: Draft = {}
  const layout = objectLayout(schema)
  const properties = [...layout.fields, ...layout.alternatives.flatMap(alternative => alternative.properties)]
  for (const [name, property] of properties) {
    if (property.default !== undefined) draft[name] = structuredClone(property.default)
    else if (isObjectSchema(property)) draft[name] = defaultsFor(property)
  }
  if (layout.discriminator !== undefined) {
    draft[layout.discriminator] = schema.properties?.[layout.discriminator]?.default ?? layout.alternatives[0]?.value
  }
  return draft
}

export interface CollectOptions {
  /** Which alternative of the object at `path` is shown. */
  alternativeAt(path: string, layout: ObjectLayout): number
  /** Mode of the stored secret at `path`, or `undefined` when no secret is stored there. */
  secretAt(path: string): SecretMode | undefined
}

/**
 * The config to send: only the shown alternative's properties, no empty strings, untouched stored
 * secrets omitted (the server keeps them) and explicitly cleared ones as `null`.
 */
export function collectValue (schema: JsonSchema, draft: Draft, options: CollectOptions, prefix = ''): Draft {
  const layout = objectLayout(schema)
  const out: Draft = {}
  const put = (name: string, property: JsonSchema, required: boolean): void => {
    const value = collectProperty(property, draft[name], options, joinPath(prefix, name), required)
    if (value !== undefined) out[name] = value
  }
  for (const [name, property] of layout.fields) put(name, property, layout.required.has(name))
  const alternative = layout.alternatives[options.alternativeAt(prefix, layout)]
  if (alternative) {
    if (layout.discriminator !== undefined) out[layout.discriminator] = alternative.value
    for (const [name, property] of alternative.properties) put(name, property, alternative.required.has(name))
  }
  return out
}

function collectProperty (property: JsonSchema, value: unknown, options: CollectOptions, path: string, required: boolean): unknown {
  if (isSecret(property)) {
    const mode = options.secretAt(path)
    if (mode === 'cleared') return null
    if (mode === 'kept') return undefined
  }
  if (property.const !== undefined) return property.const
  if (isObjectSchema(property)) {
    const nested = collectValue(property, asDraft(value), options, path)
    return required || Object.keys(nested).length > 0 ? nested : undefined
  }
  // A switch always shows on or off, so a required one that was never touched is sent as off.
  if (property.type === 'boolean') return typeof value === 'boolean' ? value : required ? false : undefined
  if (property.type === 'array') {
    return Array.isArray(value) ? value.filter(item => item !== '' && item !== undefined) : undefined
  }
  if (value === '' || value === undefined || (typeof value === 'number' && Number.isNaN(value))) return undefined
  return value
}

export function getPath (draft: Draft, path: string): unknown {
  let current: unknown = draft
  for (const key of path.split('.')) current = asDraft(current)[key]
  return current
}

/** Sets `path` in `draft`, creating intermediate objects. */
export function setPath (draft: Draft, path: string, value: unknown): void {
  const keys = path.split('.')
  const last = keys.pop() as string
  let current = draft
  for (const key of keys) {
    if (current[key] === null || typeof current[key] !== 'object') current[key] = {}
    current = current[key] as Draft
  }
  current[last] = value
}
