/**
 * What a remote says is kept in words, but never unbounded: a megabyte-long answer becomes a short
 * message, in the test result, the stored last test and every catalog answer.
 */
import t from 'tap'
import { defineIntegration } from '../../../core/contract/contract.js'
import { REMOTE_TEXT_LIMIT } from '../../../core/runtime/failure.js'
import { createTestHub } from '../../support/hub.js'

const huge = 'x'.repeat(3_000_000)

const chatty = defineIntegration({
  id: 'chatty',
  name: 'Chatty',
  description: 'A remote that answers megabytes.',
  version: '1.0.0',
  schema: { type: 'object', additionalProperties: false, properties: { mode: { type: 'string', title: 'Mode' } } },
  errors: { ODD_SITE: { message: 'This is a {deploymentType} site' } },
  async test (_config, ctx) {
    throw ctx.fail('ODD_SITE', { params: { deploymentType: huge }, detail: huge, fields: [{ field: 'mode', message: huge }] })
  }
})

t.test('a remote’s text is capped in the message, the detail and field messages, and what is stored', async t => {
  const hub = await createTestHub(t, { plugins: [chatty], builtinPlugins: false })
  const tested = await hub.api('POST', '/api/integrations/chatty/test', { config: {} })
  t.equal(tested.body.ok, false)
  t.ok(tested.body.message.length <= 'This is a {deploymentType} site'.length + REMOTE_TEXT_LIMIT, `message: ${tested.body.message.length} characters`)
  t.match(tested.body.message, /^This is a x+…$/)
  t.ok(tested.body.detail.length <= REMOTE_TEXT_LIMIT)
  t.ok(tested.body.fields[0].message.length <= REMOTE_TEXT_LIMIT)
  t.equal((await hub.api('PUT', '/api/integrations/chatty?force=true', { config: {} })).status, 201)
  const catalog = await hub.api('GET', '/api/integrations')
  t.ok(catalog.raw.body.length < 10_000, `the catalog stays small (${catalog.raw.body.length} bytes)`)
})
