/**
 * Compiling plugin schemas: Ajv in strict mode (a misspelt keyword is refused at start), the formats
 * the forms use, and the hub's own keywords (`x-destination`, `x-choices`) declared so strict mode
 * knows them.
 */
import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import type { JsonSchema } from '../contract/json-schema.js'

export interface SchemaCompiler {
  compile(schema: JsonSchema): ValidateFunction
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv

export function createSchemaCompiler (): SchemaCompiler {
  // Strict, except that `required` inside an alternative may name the parent's properties
  // (`anyOf: [{ required: ['text'] }, { required: ['html'] }]` is how "one of these" is said).
  const ajv = new Ajv({ strict: true, strictRequired: false, allErrors: true, useDefaults: true })
  addFormats(ajv)
  ajv.addKeyword({ keyword: 'x-destination', schemaType: 'boolean' })
  ajv.addKeyword({
    keyword: 'x-choices',
    schemaType: 'object',
    metaSchema: {
      type: 'object',
      additionalProperties: false,
      required: ['action', 'value'],
      properties: {
        action: { type: 'string' },
        value: { type: 'string' },
        label: { type: 'string' },
        input: { type: 'object', additionalProperties: { type: 'string' } }
      }
    }
  })
  return { compile: schema => ajv.compile(schema) }
}
