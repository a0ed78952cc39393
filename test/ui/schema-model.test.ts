import t from 'tap'
import type { JsonSchema } from '../../core/contract/json-schema.js'
import { ssoSchema } from '../../core/sso/settings.js'
import {
  alternativeOf, choicesFrom, choicesInput, collectForm, collectValue, defaultsFor, draftOf, movedDestination, normalizeFieldPath,
  objectLayout, placeholderOf, scalarOptions, suggestionsOf, titleAt,
  type CollectOptions, type Draft, type SecretMode
} from '../../ui/internal/schema-model.js'
import showcase from '../support/fixtures/showcase-plugin.js'
import { createTestHub } from '../support/hub.js'

const sso: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['provider', 'clientId', 'enabled'],
  properties: {
    enabled: { type: 'boolean', title: 'SSO Enabled', default: false },
    clientId: { type: 'string', title: 'Client ID' },
    clientSecret: { type: 'string', title: 'Client Secret', writeOnly: true },
    scopes: { type: 'array', items: { type: 'string' }, title: 'Scopes', default: ['openid', 'email', 'profile'] },
    provider: { type: 'string' }
  },
  oneOf: [
    { title: 'Auth0', required: ['domain'], properties: { provider: { const: 'auth0', title: 'Auth0' }, domain: { type: 'string', title: 'Domain', 'x-destination': true }, audience: { type: 'string' } } },
    { title: 'OpenID Connect', required: ['issuer'], properties: { provider: { const: 'oidc', title: 'OpenID Connect' }, issuer: { type: 'string', format: 'uri', title: 'Issuer URL', 'x-destination': true } } }
  ]
}

function options (alternative: number, secrets: Record<string, SecretMode> = {}): CollectOptions {
  return {
    alternativeAt: () => alternative,
    secretAt: path => secrets[path]
  }
}

t.test('an object oneOf with a const property lays out as tabs below the shared fields', async t => {
  const layout = objectLayout(sso)
  t.equal(layout.discriminator, 'provider')
  t.same(layout.fields.map(([name]) => name), ['enabled', 'clientId', 'clientSecret', 'scopes'])
  t.same(layout.alternatives.map(alternative => [alternative.value, alternative.title]), [['auth0', 'Auth0'], ['oidc', 'OpenID Connect']])
  t.same(layout.alternatives[1]?.properties.map(([name]) => name), ['issuer'])
  t.equal(alternativeOf(sso, { provider: 'oidc' }), 1)
})

t.test('a new config starts from the defaults and the first alternative', async t => {
  t.same(defaultsFor(sso), { enabled: false, scopes: ['openid', 'email', 'profile'], provider: 'auth0' })
})

t.test('a stored config shows the defaults of what it leaves out, its own values over them', async t => {
  t.same(draftOf(sso, { provider: 'oidc', clientId: 'abc', issuer: 'https://id.example.com', scopes: ['openid'] }),
    { enabled: false, scopes: ['openid'], provider: 'oidc', clientId: 'abc', issuer: 'https://id.example.com' })
  const stored = { provider: 'auth0', clientId: 'abc', domain: 'tenant.auth0.com' }
  t.same(collectValue(sso, draftOf(sso, stored), options(0)), { ...stored, enabled: false, scopes: ['openid', 'email', 'profile'] }, 'and Update sends them')
})

t.test('the body holds only the shown alternative, without empty strings', async t => {
  const draft = { enabled: true, clientId: 'abc', clientSecret: '', scopes: ['openid', ''], provider: 'auth0', domain: 'x.auth0.com', issuer: 'https://idp' }
  t.same(collectValue(sso, draft, options(1)), { enabled: true, clientId: 'abc', scopes: ['openid'], provider: 'oidc', issuer: 'https://idp' })
  t.same(collectValue(sso, draft, options(0)), { enabled: true, clientId: 'abc', scopes: ['openid'], provider: 'auth0', domain: 'x.auth0.com' })
})

t.test('a stored secret is omitted unless replaced, and null when cleared', async t => {
  const draft = { clientId: 'abc', clientSecret: 'new', provider: 'auth0' }
  t.notOk('clientSecret' in collectValue(sso, draft, options(0, { clientSecret: 'kept' })))
  t.equal(collectValue(sso, draft, options(0, { clientSecret: 'replaced' })).clientSecret, 'new')
  t.equal(collectValue(sso, draft, options(0, { clientSecret: 'cleared' })).clientSecret, null)
  t.notOk('clientSecret' in collectValue(sso, { ...draft, clientSecret: '' }, options(0, { clientSecret: 'replaced' })), 'left blank keeps it')
})

t.test('a required switch that was never touched is sent as off', async t => {
  t.equal(collectValue(sso, { provider: 'auth0' }, options(0)).enabled, false)
})

t.test('nested objects are collected and dropped when empty and optional', async t => {
  const schema: JsonSchema = { type: 'object', properties: { tls: { type: 'object', properties: { mode: { type: 'string' } } } } }
  t.same(collectValue(schema, { tls: { mode: 'strict' } }, options(0)), { tls: { mode: 'strict' } })
  t.same(collectValue(schema, { tls: { mode: '' } }, options(0)), {})
})

t.test('scalar options come from enum or from a oneOf of consts', async t => {
  t.same(scalarOptions({ enum: ['a', 'b'] }), [{ value: 'a', title: 'a' }, { value: 'b', title: 'b' }])
  t.same(scalarOptions({ type: 'string', oneOf: [{ const: 'tls', title: 'SSL/TLS' }] }), [{ value: 'tls', title: 'SSL/TLS' }])
  t.equal(scalarOptions({ type: 'string' }), undefined)
})

t.test('server field references become dot paths', async t => {
  t.equal(normalizeFieldPath('/tls/mode'), 'tls.mode')
  t.equal(normalizeFieldPath('tls.mode'), 'tls.mode')
  t.equal(normalizeFieldPath('.password'), 'password')
})

t.test('alternatives without a shared const are tabs named by title or number', async t => {
  const schema: JsonSchema = {
    type: 'object',
    oneOf: [
      { title: 'By key', required: ['key'], properties: { key: { type: 'string' } } },
      { properties: { user: { type: 'string' } } },
      { type: 'object' }
    ]
  }
  const layout = objectLayout(schema)
  t.equal(layout.discriminator, undefined)
  t.same(layout.alternatives.map(alternative => alternative.title), ['By key', '2', '3'])
  t.equal(alternativeOf(schema, { user: 'x' }), 0)
  t.same(collectValue(schema, { key: 'k', user: 'u' }, options(1)), { user: 'u' })
  t.same(defaultsFor(schema), {})
})

t.test('a tab is named after its const when the alternative has no title', async t => {
  const schema: JsonSchema = { type: 'object', oneOf: [{ properties: { kind: { const: 'a' } } }, { properties: { kind: { const: 'b', title: 'Bee' } } }] }
  t.same(objectLayout(schema).alternatives.map(alternative => alternative.title), ['a', 'Bee'])
  t.equal(alternativeOf(schema, { kind: 'zzz' }), 0, 'an unknown value selects the first tab')
})

t.test('values are sent as typed: consts, optional switches, numbers, nested defaults', async t => {
  const schema: JsonSchema = {
    type: 'object',
    required: ['tls'],
    properties: {
      kind: { const: 'smtp' },
      verbose: { type: 'boolean' },
      port: { type: 'integer' },
      tls: { type: 'object', properties: { mode: { type: 'string', default: 'strict' }, ca: { type: 'string' } } },
      extra: { type: 'object', properties: { note: { type: 'string' } } },
      tags: { type: 'array', items: { type: 'string' } }
    }
  }
  t.same(defaultsFor(schema), { tls: { mode: 'strict' }, extra: {} })
  t.same(collectValue(schema, { port: Number.NaN, verbose: false }, options(0)), { kind: 'smtp', verbose: false, tls: {} }, 'a required nested object is sent even when empty')
  t.same(collectValue(schema, { port: 25, tags: 'not a list' }, options(0)), { kind: 'smtp', port: 25, tls: {} })
})

t.test('secrets follow their destination', async t => {
  const stored: Draft = { enabled: false, clientId: 'hub', provider: 'oidc', issuer: 'https://idp.example.com/', scopes: ['openid'] }
  const form = (draft: Draft, secrets: Record<string, SecretMode> = { clientSecret: 'kept' }) =>
    collectForm(sso, { draft, stored, secrets: new Map(Object.entries(secrets)), alternativeAt: (_path, schema) => alternativeOf(schema, draft) })

  await t.test('unchanged: the stored secret is kept, and left out', async t => {
    const unchanged = form(structuredClone(stored))
    t.equal(unchanged.moved, undefined)
    t.equal(unchanged.secrets.get('clientSecret'), 'kept')
    t.notOk('clientSecret' in unchanged.value)
  })

  await t.test('a changed Issuer URL asks for the secret again; blank, it is left for the hub to name', async t => {
    const moved = form({ ...stored, issuer: 'https://other.example.com/' })
    t.equal(moved.moved, 'issuer')
    t.equal(titleAt(sso, moved.moved!), 'Issuer URL', 'the note names the field by its title')
    t.equal(moved.secrets.get('clientSecret'), 'reenter')
    t.notOk('clientSecret' in moved.value, 'no stored secret goes to the new issuer')
  })

  await t.test('typed again, it is sent', async t => {
    const typed = form({ ...stored, issuer: 'https://other.example.com/', clientSecret: 'n3w' })
    t.equal(typed.value.clientSecret, 'n3w')
  })

  await t.test('back at the stored value, the secret is kept again', async t => {
    const restored = form({ ...stored, issuer: 'https://other.example.com/' })
    t.equal(restored.secrets.get('clientSecret'), 'reenter')
    const back = form({ ...stored, issuer: stored.issuer })
    t.equal(back.moved, undefined)
    t.equal(back.secrets.get('clientSecret'), 'kept')
  })

  await t.test('switching tabs moves the destination too: the body no longer has the issuer', async t => {
    const other = form({ ...stored, provider: 'auth0', domain: 'tenant.auth0.com' })
    t.equal(other.moved, 'domain')
    t.equal(other.secrets.get('clientSecret'), 'reenter')
  })

  await t.test('a cleared secret stays cleared, and a new connection has nothing to move', async t => {
    t.equal(form({ ...stored, issuer: 'https://other.example.com/' }, { clientSecret: 'cleared' }).value.clientSecret, null)
    t.equal(movedDestination(sso, null, { issuer: 'https://anywhere/' }), undefined)
  })

  await t.test('the hub’s own SSO schema marks Domain and Issuer URL', async t => {
    t.equal(movedDestination(ssoSchema, { provider: 'oidc', issuer: 'https://a/' }, { provider: 'oidc', issuer: 'https://b/' }), 'issuer')
    t.equal(movedDestination(ssoSchema, { provider: 'auth0', domain: 'a' }, { provider: 'auth0', domain: 'a', clientId: 'x' }), undefined)
  })
})

t.test('one example is the placeholder, several are suggestions', async t => {
  t.equal(placeholderOf({ type: 'string', examples: ['smtp.gmail.com'] }), 'smtp.gmail.com')
  t.equal(suggestionsOf({ type: 'string', examples: ['smtp.gmail.com'] }), undefined)
  const issuer = ssoSchema.oneOf[1].properties.issuer
  t.equal(placeholderOf(issuer), undefined)
  t.same(suggestionsOf(issuer), [
    'https://{yourOktaDomain}/oauth2/default',
    'https://login.microsoftonline.com/{tenant-id}/v2.0',
    'https://accounts.google.com',
    'https://{keycloak-host}/realms/{realm}'
  ], 'Okta, Entra ID, Google and Keycloak')
})

t.test('choices come from the showcase plugin’s listBoards action', async t => {
  const board = showcase.schema.properties.board
  const source = board['x-choices']
  t.same(choicesInput(source, { severity: 'info' }), { minimumSeverity: 'info' }, 'the input maps the action’s property to the form’s field')
  t.same(choicesInput(source, { severity: '' }), {}, 'a blank field is left out')

  const hub = await createTestHub(t, { plugins: [showcase] })
  const saved = await hub.api('PUT', '/api/integrations/showcase', {
    config: { delivery: 'queue', queue: 'incidents', severity: 'warning', channels: ['#ops'], retry: { attempts: 1 } }
  })
  t.equal(saved.status, 201)
  const run = async (draft: Draft) => await hub.api('POST', '/api/integrations/showcase/actions/listBoards', choicesInput(source, draft))

  const warning = await run({ severity: 'warning' })
  t.same(choicesFrom(source, warning.body), [
    { value: 'ops', label: 'Operations' },
    { value: 'eng', label: 'Engineering' },
    { value: 'exec', label: 'Executive summary' }
  ])
  t.same(choicesFrom(source, (await run({ severity: 'info' })).body), [{ value: 'ops', label: 'Operations' }], 'another input, other choices')
  const refused = await run({ severity: 'critical' })
  t.ok(refused.status >= 400, 'the action can fail: the widget then draws a text field')
  t.equal(refused.body.message, 'No board takes incidents this severe')
})

t.test('choices are read defensively from whatever the action answers', async t => {
  const source = { action: 'list', value: 'key', label: 'title' }
  t.equal(choicesFrom(source, { projects: [] }), undefined, 'no items list: no choices')
  t.equal(choicesFrom(source, null), undefined)
  t.same(choicesFrom(source, { items: [{ key: 'OPS', title: 'Operations' }, { key: 7 }, { title: 'no key' }, 'text', null] }), [
    { value: 'OPS', label: 'Operations' },
    { value: '7', label: '7' }
  ], 'items without a value are skipped; without a label the value shows')
  t.same(choicesFrom({ action: 'list', value: 'key' }, { items: [{ key: 'A', title: 'x' }] }), [{ value: 'A', label: 'A' }], 'no label property: the value is the label')
})
