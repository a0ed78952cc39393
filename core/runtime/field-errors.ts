/**
 * Ajv's errors in words: one plain sentence per field ("SMTP Port must be a whole number."), named
 * by the field's title, for the form to show next to it.
 */
import type { ErrorObject } from 'ajv'
import type { FieldError } from '../contract/contract.js'
import type { JsonSchema } from '../contract/json-schema.js'
import { discriminatorOf, objectAlternatives, schemaAt, selectedAlternative } from '../contract/schema-walk.js'
import { getPath } from '../contract/value-paths.js'

const typeWords: Record<string, string> = {
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a group of settings',
  null: 'empty'
}

const formatWords: Record<string, string> = {
  email: 'an email address such as name@example.com',
  uri: 'a URL such as https://example.com',
  url: 'a URL such as https://example.com',
  hostname: 'a host name such as smtp.example.com',
  ipv4: 'an IPv4 address',
  ipv6: 'an IPv6 address',
  'date-time': 'a date and time',
  date: 'a date such as 2027-03-31',
  uuid: 'a UUID'
}

function toDotPath (instancePath: string): string {
  return instancePath.split('/').slice(1).map(part => part.replace(/~1/g, '/').replace(/~0/g, '~')).join('.')
}

/** One plain sentence per field, in the order the schema's errors came, for a value that failed `validate`. */
export function describeErrors (schema: JsonSchema, value: unknown, ajvErrors: ErrorObject[]): FieldError[] {
  const alternative = selectedAlternative(schema, value)
  const shapes = shapesTaken(schema, value, ajvErrors)
  const relevant = ajvErrors.filter(error => {
    const match = /^#\/oneOf\/(\d+)\//.exec(error.schemaPath)
    if (error.keyword === 'oneOf' && error.instancePath === '') return false
    if (match !== null && Number(match[1]) !== alternative) return false
    return shapes.keeps(error)
  })
  const fields = new Map<string, string>()
  const alternatives = objectAlternatives(schema)
  if (alternatives.length > 0 && alternative === undefined && value !== null && typeof value === 'object') {
    const discriminator = discriminatorOf(alternatives)
    if (discriminator !== undefined) {
      const choices = alternatives.map(option => option.title ?? String(option.properties?.[discriminator]?.const)).join(', ')
      fields.set(discriminator, `Choose one of: ${choices}.`)
    }
  }
  for (const error of relevant) {
    const described = describe(schema, error)
    if (described !== undefined && !fields.has(described.field)) fields.set(described.field, described.message)
  }
  return [...fields].map(([field, message]) => ({ field, message }))
}

/** The schema a JSON pointer (`#/properties/to/oneOf/1`) names. */
function schemaAtPointer (schema: JsonSchema, pointer: string): JsonSchema | undefined {
  let current: unknown = schema
  for (const part of pointer.replace(/^#\/?/, '').split('/').filter(Boolean)) {
    if (current === null || typeof current !== 'object') return undefined
    current = (current as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')]
  }
  return current as JsonSchema | undefined
}

const jsonType = (value: unknown): string => value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value

/**
 * A field that may take one of several shapes (`oneOf` of types: one address or a list): only the
 * errors of the shape its value has count, not "must be text" for a list with one bad entry. Root
 * alternatives (tabs) are chosen by their discriminator instead.
 */
function shapesTaken (schema: JsonSchema, value: unknown, ajvErrors: ErrorObject[]): { keeps(error: ErrorObject): boolean } {
  const taken = new Map<string, number | undefined>()
  for (const error of ajvErrors) {
    if (error.keyword !== 'oneOf' || error.instancePath === '') continue
    const owner = schemaAtPointer(schema, error.schemaPath)
    const branches = Array.isArray(owner) ? owner as JsonSchema[] : []
    const type = jsonType(getPath(value, toDotPath(error.instancePath)))
    const index = branches.findIndex(branch => branch.type === type || (branch.type === 'number' && type === 'integer'))
    taken.set(error.schemaPath, index === -1 ? undefined : index)
  }
  return {
    keeps: (error) => {
      if (error.keyword === 'oneOf' && taken.has(error.schemaPath)) return taken.get(error.schemaPath) === undefined
      for (const [owner, index] of taken) {
        if (!error.schemaPath.startsWith(`${owner}/`)) continue
        return index !== undefined && error.schemaPath.startsWith(`${owner}/${index}/`)
      }
      return true
    }
  }
}

function describe (schema: JsonSchema, error: ErrorObject): FieldError | undefined {
  const base = toDotPath(error.instancePath)
  const params = error.params as Record<string, any>
  const field = error.keyword === 'required'
    ? [base, params.missingProperty].filter(Boolean).join('.')
    : error.keyword === 'additionalProperties'
      ? [base, params.additionalProperty].filter(Boolean).join('.')
      : base
  const property = schemaAt(schema, field)
  const title = property?.title ?? fallbackTitle(schema, field)
  const message = sentence(error, params, title, property)
  return message === undefined ? undefined : { field: field === '' ? '(root)' : field, message }
}

/** A list entry is named after its list ("To, entry 2"); anything else after its property name. */
function fallbackTitle (schema: JsonSchema, field: string): string {
  if (field === '') return 'The settings'
  const names = field.split('.')
  const last = names.pop()!
  if (/^\d+$/.test(last)) {
    const list = schemaAt(schema, names.join('.'))
    return `${list?.title ?? names.at(-1) ?? 'The list'}, entry ${Number(last) + 1}`
  }
  return last
}

function sentence (error: ErrorObject, params: Record<string, any>, title: string, property: JsonSchema | undefined): string | undefined {
  switch (error.keyword) {
    case 'required': return `${title} is required.`
    case 'additionalProperties': return `“${params.additionalProperty}” is not a known setting.`
    case 'type': return `${title} must be ${typeWords[String(params.type).split(',')[0]!] ?? params.type}.`
    case 'format': return `${title} must be ${formatWords[params.format] ?? `a valid ${params.format}`}.`
    case 'minLength': return params.limit === 1 ? `${title} is required.` : `${title} must be at least ${params.limit} characters long.`
    case 'maxLength': return `${title} must be at most ${params.limit} characters long.`
    case 'minimum': return `${title} must be at least ${params.limit}.`
    case 'maximum': return `${title} must be at most ${params.limit}.`
    case 'exclusiveMinimum': return `${title} must be more than ${params.limit}.`
    case 'exclusiveMaximum': return `${title} must be less than ${params.limit}.`
    case 'multipleOf': return `${title} must be a multiple of ${params.multipleOf}.`
    case 'pattern': return `${title} is not in the expected format.`
    case 'enum': return `${title} must be one of: ${(params.allowedValues as unknown[]).join(', ')}.`
    case 'const': return property?.const === undefined ? undefined : `${title} must be ${JSON.stringify(property.const)}.`
    case 'oneOf': {
      const options = property?.oneOf ?? []
      if (options.length > 0 && options.every(option => option.const !== undefined)) {
        return `${title} must be one of: ${options.map(option => option.title ?? JSON.stringify(option.const)).join(', ')}.`
      }
      const shapes = options.map(option => typeWords[String(option.type)]).filter(Boolean)
      return shapes.length === 0 ? `${title} is not one of the allowed values.` : `${title} must be ${shapes.join(' or ')}.`
    }
    case 'minItems': return `${title} needs at least ${params.limit} ${params.limit === 1 ? 'entry' : 'entries'}.`
    case 'maxItems': return `${title} can have at most ${params.limit} entries.`
    case 'uniqueItems': return `${title} has the same entry twice.`
    default: return `${title} is not valid.`
  }
}
