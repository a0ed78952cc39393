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
  [keyword: string]: unknown
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
