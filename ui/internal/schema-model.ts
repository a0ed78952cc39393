/**
 * What the form renderer needs to know about a JSON Schema, as pure functions: how an object lays out
 * (shared fields, then `oneOf` alternatives as tabs), defaults for a new config, how a draft turns
 * into the body the API expects (untouched secrets omitted, explicitly cleared ones `null`), when
 * stored secrets must be entered again (a field marked `x-destination` changed), and the
 * suggestions and choices of a text field. The schema rules themselves (alternatives, the
 * discriminator, destinations, dot paths) are the contract's, shared with the hub.
 */
import type { JsonSchema } from '../../core/api/types.js'
import type { ChoicesFrom } from '../../core/contract/json-schema.js'
import { destinationPaths, discriminatorOf, objectAlternatives, schemaAt, selectedAlternative } from '../../core/contract/schema-walk.js'
import { getPath, isPlainObject } from '../../core/contract/value-paths.js'

export type Draft = Record<string, unknown>

/**
 * A stored secret is `kept` (omitted from the body), `replaced` (sent if typed), `cleared` (sent as
 * null) or `reenter`: kept, but a destination changed, so it must be typed again (sent if typed).
 */
export type SecretMode = 'kept' | 'replaced' | 'cleared' | 'reenter'

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

/** One choice of a field whose choices come from an action (`x-choices`). */
export interface Choice {
  value: string
  label: string
}

export function isObjectSchema (schema: JsonSchema): boolean {
  return schema.type === 'object' || schema.properties !== undefined
}

export function isSecret (schema: JsonSchema): boolean {
  return schema.writeOnly === true
}

export function asDraft (value: unknown): Draft {
  return isPlainObject(value) ? value : {}
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

/** A single example is the placeholder; several are suggestions (a datalist) instead. */
export function placeholderOf (schema: JsonSchema): string | undefined {
  return schema.examples?.length === 1 ? String(schema.examples[0]) : undefined
}

export function suggestionsOf (schema: JsonSchema): string[] | undefined {
  return schema.examples !== undefined && schema.examples.length > 1 ? schema.examples.map(String) : undefined
}

export function objectLayout (schema: JsonSchema): ObjectLayout {
  const rootProperties = Object.entries(schema.properties ?? {})
  const required = new Set(schema.required ?? [])
  const alternatives = objectAlternatives(schema)
  if (alternatives.length === 0) return { fields: rootProperties, required, alternatives: [] }

  const discriminator = discriminatorOf(alternatives)
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

/** Index of the tab a draft selects through its discriminator (the first when it selects none). */
export function alternativeOf (schema: JsonSchema, draft: unknown): number {
  return selectedAlternative(schema, draft) ?? 0
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

/**
 * A stored config as a draft: its values over the defaults, so a field it leaves to its default (the
 * hub does not write defaults inside a tab, and older configs lack newer fields) shows the value it takes.
 */
export function draftOf (schema: JsonSchema, config: Draft): Draft {
  const draft = defaultsFor(schema)
  const layout = objectLayout(schema)
  const properties = new Map([...layout.fields, ...layout.alternatives.flatMap(alternative => alternative.properties)])
  for (const [name, value] of Object.entries(config)) {
    const property = properties.get(name)
    draft[name] = property !== undefined && isObjectSchema(property) && isPlainObject(value) ? draftOf(property, value) : structuredClone(value)
  }
  return draft
}

export interface CollectOptions {
  /** Which alternative of the object schema at `path` is shown. */
  alternativeAt(path: string, schema: JsonSchema): number
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
  const alternative = layout.alternatives[options.alternativeAt(prefix, schema)]
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

/**
 * The first field marked `x-destination` whose value in `body` differs from the stored settings, the
 * way the hub compares them: while one has moved, no stored secret may be reused.
 */
export function movedDestination (schema: JsonSchema, stored: Draft | null, body: Draft): string | undefined {
  if (stored === null) return undefined
  return destinationPaths(schema).find(path => JSON.stringify(getPath(body, path)) !== JSON.stringify(getPath(stored, path)))
}

export interface FormState {
  draft: Draft
  /** The stored settings the draft started from, or null for a new connection. */
  stored: Draft | null
  /** What the admin chose for each stored secret (`kept` unless they replaced or cleared it). */
  secrets: ReadonlyMap<string, SecretMode>
  alternativeAt(path: string, schema: JsonSchema): number
}

export interface FormValue {
  /** The body to send. */
  value: Draft
  /** The destination field that changed (its path), when one did. */
  moved: string | undefined
  /** Each stored secret's mode now: `kept` ones become `reenter` while a destination has moved. */
  secrets: Map<string, SecretMode>
}

/** The body of a form, with stored secrets following their destination. */
export function collectForm (schema: JsonSchema, state: FormState): FormValue {
  const options = (secrets: ReadonlyMap<string, SecretMode>): CollectOptions => ({ alternativeAt: state.alternativeAt, secretAt: path => secrets.get(path) })
  // Destinations are never secrets (the registry refuses that), so the first pass finds them as sent.
  const first = collectValue(schema, state.draft, options(state.secrets))
  const moved = movedDestination(schema, state.stored, first)
  if (moved === undefined) return { value: first, moved, secrets: new Map(state.secrets) }
  const secrets = new Map([...state.secrets].map(([path, mode]) => [path, mode === 'kept' ? 'reenter' : mode] as const))
  return { value: collectValue(schema, state.draft, options(secrets)), moved, secrets }
}

/** The label of the field at `path` (its `title`, else its name in words). */
export function titleAt (schema: JsonSchema, path: string): string {
  return schemaAt(schema, path)?.title ?? humanize(path.split('.').at(-1) ?? path)
}

/** `clientId` → `Client id`: the label of a property without a `title`. */
export function humanize (name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** The input of an `x-choices` action: each of its properties takes the value of a field of the form (blank ones are left out). */
export function choicesInput (source: ChoicesFrom, draft: Draft): Record<string, unknown> {
  const input: Record<string, unknown> = {}
  for (const [property, path] of Object.entries(source.input ?? {})) {
    const value = getPath(draft, path)
    if (value !== undefined && value !== '') input[property] = value
  }
  return input
}

/** The choices in an action's output (`{ items: [...] }`), or undefined when it has no such list. */
export function choicesFrom (source: ChoicesFrom, output: unknown): Choice[] | undefined {
  const items = isPlainObject(output) ? output.items : undefined
  if (!Array.isArray(items)) return undefined
  const text = (value: unknown): string | undefined => typeof value === 'string' || typeof value === 'number' ? String(value) : undefined
  return items.flatMap(item => {
    const value = isPlainObject(item) ? text(item[source.value]) : undefined
    if (value === undefined) return []
    return [{ value, label: text((item as Draft)[source.label ?? source.value]) ?? value }]
  })
}
