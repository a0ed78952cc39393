/**
 * The subset of JSON Schema the hub draws forms from, and a type that infers a value's
 * TypeScript type from a schema literal, so a plugin never writes its config type twice.
 */

export interface JsonSchema {
  type?: 'object' | 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'null'
  title?: string
  description?: string
  examples?: readonly unknown[]
  default?: unknown
  const?: unknown
  enum?: readonly unknown[]
  format?: string
  pattern?: string
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  exclusiveMaximum?: number
  multipleOf?: number
  minItems?: number
  maxItems?: number
  uniqueItems?: boolean
  readOnly?: boolean
  writeOnly?: boolean
  properties?: Readonly<Record<string, JsonSchema>>
  required?: readonly string[]
  additionalProperties?: boolean | JsonSchema
  items?: JsonSchema
  oneOf?: readonly JsonSchema[]
  anyOf?: readonly JsonSchema[]
  allOf?: readonly JsonSchema[]
  /**
   * The hub's keyword: this field decides where the settings' secrets are sent (a URL, a host, a port,
   * an issuer). When it changes, stored secrets are not reused: the admin enters them again.
   */
  'x-destination'?: boolean
  /** The hub's keyword: this field's choices come from one of the plugin's actions (a searchable picker). */
  'x-choices'?: ChoicesFrom
  [keyword: string]: unknown
}

/**
 * Where a field's choices come from: an action of the same plugin whose output has an `items` list.
 * The widget runs it once the connection works and falls back to a text field when it cannot.
 */
export interface ChoicesFrom {
  /** The action's name, e.g. `listProjects`. */
  action: string
  /** The property of each item that becomes the field's value, e.g. `key`. */
  value: string
  /** The property shown to the admin (default: `value`'s). */
  label?: string
  /** The action's input, by its property name → the path of the field (in the same form) whose value it takes. */
  input?: Readonly<Record<string, string>>
}

type Simplify<T> = { [K in keyof T]: T[K] } & {}

type FromProperties<S> = S extends { properties: infer P }
  ? S extends { required: readonly (infer R)[] }
    ? Simplify<
      { -readonly [K in keyof P as K extends R ? K : never]: FromSchema<P[K]> } &
      { -readonly [K in keyof P as K extends R ? never : K]?: FromSchema<P[K]> }
    >
    : { -readonly [K in keyof P]?: FromSchema<P[K]> }
  : Record<string, unknown>

type FromAlternatives<S, Base> = S extends { oneOf: readonly (infer A)[] }
  ? A extends unknown ? Simplify<Base & FromProperties<A>> : never
  : Base

/** The TypeScript type of a value that satisfies schema `S` (as a `const` literal). */
export type FromSchema<S> =
  S extends { const: infer C } ? C
    : S extends { enum: readonly (infer E)[] } ? E
      : S extends { oneOf: readonly (infer A)[] }
        ? S extends { type: 'object' } ? FromAlternatives<S, FromProperties<S>> : FromSchema<A>
        : S extends { type: 'object' } ? FromProperties<S>
          : S extends { type: 'string' } ? string
            : S extends { type: 'integer' | 'number' } ? number
              : S extends { type: 'boolean' } ? boolean
                : S extends { type: 'array', items: infer I } ? Array<FromSchema<I>>
                  : S extends { type: 'null' } ? null
                    : unknown
