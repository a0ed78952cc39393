import t from 'tap'
import type { JsonSchema } from '../../../core/contract/json-schema.js'
import { describeErrors } from '../../../core/runtime/field-errors.js'
import { createSchemaCompiler } from '../../../core/runtime/schemas.js'

const schema: JsonSchema = {
  type: 'object',
  properties: {
    to: { title: 'To', oneOf: [{ type: 'string', format: 'email' }, { type: 'array', title: 'To', items: { type: 'string', format: 'email' }, minItems: 1 }] },
    urgency: { type: 'string', title: 'Urgency', oneOf: [{ const: '1', title: '1 - High' }, { const: '3', title: '3 - Low' }] }
  }
}
const validate = createSchemaCompiler().compile(schema)
const words = (value: unknown) => {
  validate(value)
  return describeErrors(schema, value, validate.errors ?? [])
}

t.test('a field of one shape or another is told what its own shape lacks', async t => {
  t.same(words({ to: ['a@b.example', 'nope'] }), [{ field: 'to.1', message: 'To, entry 2 must be an email address such as name@example.com.' }], 'a list: only its bad entry')
  t.same(words({ to: 'nope' }), [{ field: 'to', message: 'To must be an email address such as name@example.com.' }], 'one address: only the address')
  t.same(words({ to: 5 }), [{ field: 'to', message: 'To must be text or a list.' }], 'neither shape: both named')
  t.same(words({ urgency: '2' }), [{ field: 'urgency', message: 'Urgency must be one of: 1 - High, 3 - Low.' }], 'a choice still lists its choices')
})
