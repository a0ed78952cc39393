/**
 * The JSON Schema editors validate provisioning files with: built from the plugins' own schemas,
 * each connection's settings chosen by its integration, references accepted wherever text is.
 * docs/provisioning.schema.json is this document for the built-in plugins, kept current by this test.
 */
/* eslint-disable no-template-curly-in-string -- provisioning references are written ${env:NAME}: these strings hold references, not templates */
import { readFileSync } from 'node:fs'
import { Ajv } from 'ajv'
import addFormatsModule from 'ajv-formats'
import t from 'tap'
import { provisioningSchema } from '../../../core/provisioning/published-schema.js'
import { loadBuiltinPlugins } from '../../../core/runtime/builtin-plugins.js'
import { PluginRegistry } from '../../../core/runtime/registry.js'
import ssoDefinition from '../../../core/sso/definition.js'
import beacon from '../../support/fixtures/beacon-plugin.js'
import { createTestHub } from '../../support/hub.js'

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv
const docsFile = new URL('../../../docs/provisioning.schema.json', import.meta.url)

async function builtinRegistry (): Promise<PluginRegistry> {
  const registry = new PluginRegistry()
  registry.add(ssoDefinition)
  for (const plugin of await loadBuiltinPlugins()) registry.add(plugin)
  return registry
}

function validator (schema: Record<string, unknown>) {
  // Strict, as an editor's validator may be: the published document uses no keyword of the hub's own.
  const ajv = new Ajv({ strict: true, strictRequired: false, allErrors: true })
  addFormats(ajv)
  return ajv.compile(schema)
}

t.test('docs/provisioning.schema.json is the schema of the built-in plugins', async t => {
  const current = `${JSON.stringify(provisioningSchema(await builtinRegistry()), null, 2)}\n`
  t.equal(readFileSync(docsFile, 'utf8'), current,
    'docs/provisioning.schema.json is stale: regenerate it with `node --import tsx --conditions=integration-hub-source core/standalone/cli.ts schema > docs/provisioning.schema.json`')
})

t.test('each connection\'s settings are checked by its integration\'s schema; references stand for text', async t => {
  const registry = await builtinRegistry()
  registry.add(beacon)
  const validate = validator(provisioningSchema(registry))
  const file = (settings: Record<string, unknown>, integration = 'beacon') => ({ connections: [{ integration, settings }] })

  t.ok(validate(file({ serviceUrl: 'https://beacon.example.com', token: '${env:BEACON_TOKEN}' })), JSON.stringify(validate.errors))
  t.ok(validate(file({ serviceUrl: '${env:BEACON_URL}', token: '${file:/run/secrets/beacon}', label: 'x' })), 'a reference where a URL goes')
  t.notOk(validate(file({ serviceUrl: 'not a url', token: 'x' })), 'a bad URL')
  t.ok(validate.errors!.some(error => error.instancePath === '/connections/0/settings/serviceUrl'))
  t.notOk(validate(file({ serviceUrl: 'https://x.example.com', token: 'x', tokn: 'typo' })), 'an unknown field')
  t.notOk(validate(file({ serviceUrl: 'https://x.example.com' })), 'a missing field')
  t.notOk(validate(file({}, 'nope')), 'an unknown integration')
  t.notOk(validate({ connections: [{ integration: 'beacon', nmae: 'x', settings: {} }] }), 'an unknown key of an entry')
  const webhook = { name: 'alerts', url: 'https://hooks.example.com', events: ['connection.failing'], secret: '${env:HOOK_SECRET}' }
  t.ok(validate({ workspaces: [{ id: 'acme', name: 'Acme' }], webhooks: [webhook] }), JSON.stringify(validate.errors))
  t.notOk(validate({ webhooks: [{ ...webhook, events: ['nope'] }] }))
  t.notOk(validate({ webhooks: [{ ...webhook, events: ['ping'] }] }), 'ping is sent only by a test')
  const { secret: _left, ...withoutSecret } = webhook
  t.notOk(validate({ webhooks: [withoutSecret] }), 'a webhook needs its signing secret')

  const schema = provisioningSchema(registry) as { definitions: Record<string, any> }
  t.same(schema.definitions.connection.properties.integration.enum, ['beacon', 'jira', 'servicenow', 'smtp', 'sso'])
  const token = schema.definitions['settings-beacon'].properties.token
  t.equal(token.title, 'API Token', 'the form\'s words, for completion')
  t.equal(token.writeOnly, true)
  t.match(token.description, /A secret: give it as a reference/)
  t.match(schema.definitions.webhook.properties.secret, { title: 'Signing secret', writeOnly: true, description: /whsec_.*A secret: give it as a reference/ })
  t.notMatch(JSON.stringify(schema), /"x-destination"|"x-choices"/, 'the hub\'s own keywords are left out')
})

t.test('the built-in plugins\' settings: SMTP tabs and SSO as their schemas say', async t => {
  const validate = validator(provisioningSchema(await builtinRegistry()))
  const smtp = (settings: Record<string, unknown>) => validate({ connections: [{ integration: 'smtp', settings }] })
  t.ok(smtp({ host: 'smtp.example.com', port: 587, email: 'alerts@example.com', password: '${env:SMTP_PASSWORD}' }), JSON.stringify(validate.errors))
  t.notOk(smtp({ host: 'smtp.example.com', port: 'five', email: 'alerts@example.com', password: 'x' }))
})

t.test('a hub serves the schema of the plugins it has loaded, with no sign-in', async t => {
  const h = await createTestHub(t, { plugins: [beacon] })
  const res = await h.app.inject('/provisioning.schema.json')
  t.equal(res.statusCode, 200)
  t.match(res.headers['content-type'], /^application\/json/)
  const registry = await builtinRegistry()
  registry.add(beacon)
  t.same(res.json(), provisioningSchema(registry), 'built-in plugins and beacon')
})
