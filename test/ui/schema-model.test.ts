import t from 'tap'
import type { JsonSchema } from '../../core/contract/json-schema.js'
import {
  collectValue, defaultsFor, getPath, normalizeFieldPath, setPath, objectLayout, scalarOptions, selectedAlternative,
  type CollectOptions, type ObjectLayout, type SecretMode
} from '../../ui/schema-model.js'

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
    { title: 'Auth0', required: ['domain'], properties: { provider: { const: 'auth0', title: 'Auth0' }, domain: { type: 'string', title: 'Domain' }, audience: { type: 'string' } } },
    { title: 'OpenID Connect', required: ['issuer'], properties: { provider: { const: 'oidc', title: 'OpenID Connect' }, issuer: { type: 'string', format: 'uri' } } }
  ]
}

function options (alternative: number, secrets: Record<string, SecretMode> = {}): CollectOptions {
  return {
    alternativeAt: (_path: string, _layout: ObjectLayout) => alternative,
    secretAt: path => secrets[path]
  }
}

t.test('an object oneOf with a const property lays out as tabs below the shared fields', async t => {
  const layout = objectLayout(sso)
  t.equal(layout.discriminator, 'provider')
  t.same(layout.fields.map(([name]) => name), ['enabled', 'clientId', 'clientSecret', 'scopes'])
  t.same(layout.alternatives.map(alternative => [alternative.value, alternative.title]), [['auth0', 'Auth0'], ['oidc', 'OpenID Connect']])
  t.same(layout.alternatives[1]?.properties.map(([name]) => name), ['issuer'])
  t.equal(selectedAlternative(layout, { provider: 'oidc' }), 1)
})

t.test('a new config starts from the defaults and the first alternative', async t => {
  t.same(defaultsFor(sso), { enabled: false, scopes: ['openid', 'email', 'profile'], provider: 'auth0' })
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

t.test('getPath and setPath walk dot paths, creating objects on the way', async t => {
  const draft: Record<string, unknown> = { tls: null }
  setPath(draft, 'tls.mode', 'strict')
  t.same(draft, { tls: { mode: 'strict' } })
  t.equal(getPath(draft, 'tls.mode'), 'strict')
  t.equal(getPath(draft, 'missing.deeper'), undefined)
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
  t.equal(selectedAlternative(layout, { user: 'x' }), 0)
  t.same(collectValue(schema, { key: 'k', user: 'u' }, options(1)), { user: 'u' })
  t.same(defaultsFor(schema), {})
})

t.test('a tab is named after its const when the alternative has no title', async t => {
  const schema: JsonSchema = { type: 'object', oneOf: [{ properties: { kind: { const: 'a' } } }, { properties: { kind: { const: 'b', title: 'Bee' } } }] }
  t.same(objectLayout(schema).alternatives.map(alternative => alternative.title), ['a', 'Bee'])
  t.equal(selectedAlternative(objectLayout(schema), { kind: 'zzz' }), 0, 'an unknown value selects the first tab')
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
