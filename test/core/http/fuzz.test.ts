/**
 * Property-based tests: thousands of hostile requests — random JSON (deep, huge, odd numbers,
 * unicode, __proto__/constructor/prototype keys written as raw text), wrong types, junk bodies and
 * content types, random paths and query strings — at every route, with and without credentials.
 * Whatever arrives, the hub answers below 500, in its error shape, and changes stored settings
 * only through a request that succeeded.
 *
 * FUZZ_RUNS scales the run counts (default 1), FUZZ_SEED replays a failure (fast-check prints the
 * seed and the shrunk request when a property fails).
 */
import fc from 'fast-check'
import t, { type Test } from 'tap'
import { defineIntegration } from '../../../core/contract/contract.js'
import type { LookupFunction } from '../../../core/security/outbound.js'
import { keys } from '../../../core/storage/keys.js'
import { MemoryStore } from '../../../core/storage/memory.js'
import type { HubStore } from '../../../core/storage/store.js'
import { ADMIN_TOKEN, createTestHub, type TestHub } from '../../support/hub.js'

const scale = Number(process.env.FUZZ_RUNS ?? 1)
const seed = process.env.FUZZ_SEED === undefined ? Date.now() ^ (Math.random() * 0x100000000) : Number(process.env.FUZZ_SEED)

/** A test double whose connection test always passes, with a secret, a nested group and an action. */
const probe = defineIntegration({
  id: 'probe',
  name: 'Probe',
  description: 'A test double whose test always passes.',
  version: '1.0.0',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['url', 'token'],
    properties: {
      url: { type: 'string', title: 'Service URL', format: 'uri' },
      token: { type: 'string', title: 'API Token', writeOnly: true, minLength: 1 },
      retries: { type: 'integer', title: 'Retries', minimum: 0, maximum: 5 },
      tags: { type: 'array', title: 'Tags', items: { type: 'string' } },
      options: { type: 'object', title: 'Options', additionalProperties: false, properties: { verbose: { type: 'boolean', title: 'Verbose' } } }
    }
  },
  errors: {},
  async test () {},
  actions: {
    echo: {
      title: 'Echo',
      input: { type: 'object', additionalProperties: false, required: ['text'], properties: { text: { type: 'string', title: 'Text', maxLength: 100 } } },
      async run (_config, input: { text: string }) { return { echoed: input.text } }
    }
  }
})

/** No name resolves: built-in plugins whose random settings happen to validate fail fast, offline. */
const noDns = ((_hostname: string, _options: unknown, callback: (error: Error) => void) => {
  callback(Object.assign(new Error('not found'), { code: 'ENOTFOUND' }))
}) as unknown as LookupFunction

const integrationIds = ['probe', 'smtp', 'jira', 'servicenow', 'sso']
const knownGood = { url: 'https://service.example.com', token: 'good-token' }

// ---- Arbitraries -------------------------------------------------------------------------------

const hostileKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf', '', ' ', '\u0000', 'config', 'version', 'token', 'url', 'retries', 'tags', 'options', 'verbose', 'text', 'to', 'subject', 'host', 'port', 'email', 'password', 'serviceUrl', 'apiToken', 'admin', 'isAdmin')
const anyText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom('NaN', 'Infinity', '-0', 'null', 'true', 'undefined', '\u202e\u0000\ud800', 'https://service.example.com', 'good-token', '../../etc/passwd', '<script>alert(1)</script>', '{{constructor.constructor("x")()}}', '$' + '{7*7}', 'a@b.example')
)
/** Numbers as JSON text, including those JSON.stringify cannot write (1e999, -0). */
const numberText = fc.oneof(
  fc.integer().map(String),
  fc.double().map(value => JSON.stringify(value)),
  fc.constantFrom('1e308', '-1e308', '1e999', '-1e999', '-0', '0.0', '1E+2', '5e-324', '9007199254740993', '-9007199254740993', '123456789012345678901234567890', '0.1e1', '1.0', '-1', '6', '5')
)
const scalarText = fc.oneof(
  { weight: 3, arbitrary: anyText.map(text => JSON.stringify(text)) },
  { weight: 2, arbitrary: numberText },
  { weight: 1, arbitrary: fc.constantFrom('true', 'false', 'null') },
  { weight: 1, arbitrary: fc.oneof({ weight: 9, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.integer({ min: 1000, max: 100_000 }).map(size => 'x'.repeat(size)) }).map(text => JSON.stringify(text)) }
)
const { value: jsonText } = fc.letrec<{ value: string, array: string, object: string }>(tie => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalarText, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 5 }).map(items => `[${items.join(',')}]`),
  object: fc.array(fc.tuple(fc.oneof(hostileKey, anyText), tie('value')), { maxLength: 6 })
    .map(entries => `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`)
}))
/** A config-shaped object: mostly keys the schemas know, with random values. */
const configText = fc.array(fc.tuple(hostileKey, jsonText), { maxLength: 6 })
  .map(entries => `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`)
const nested = fc.tuple(fc.integer({ min: 1, max: 20_000 }), fc.constantFrom(['[', ']'], ['{"a":', '}'], ['{"__proto__":', '}'], ['{"constructor":', '}']))
  .map(([depth, [open, close]]) => `${open!.repeat(depth)}1${close!.repeat(depth)}`)

/** Close to the probe's schema, so that some bodies pass validation and reach the test and the store. */
const nearlyValidText = fc.record({
  url: fc.oneof(fc.constantFrom('"https://service.example.com"', '"https://other.example.com/a?b=c"', '"not a url"', '"javascript:alert(1)"', '""'), jsonText),
  token: fc.oneof(anyText.map(text => JSON.stringify(text)), fc.constantFrom('null', '""', '1')),
  retries: fc.oneof(fc.constantFrom('0', '1', '5'), numberText),
  tags: fc.array(anyText, { maxLength: 3 }).map(tags => JSON.stringify(tags)),
  options: fc.oneof(fc.constantFrom('{"verbose":true}', '{"verbose":"yes"}', '{}', 'null'), configText)
}, { requiredKeys: [] }).chain(config => fc.tuple(
  fc.constant(`{${Object.entries(config).map(([key, value]) => `"${key}":${value}`).join(',')}}`),
  fc.option(fc.oneof(fc.constantFrom('0', '1', '2', '3', '-1', '1.5', '"1"', 'null'), numberText), { nil: undefined })
)).map(([config, version]) => `{"config":${config}${version === undefined ? '' : `,"version":${version}`}}`)

const bodyText = fc.oneof(
  { weight: 3, arbitrary: nearlyValidText },
  { weight: 4, arbitrary: fc.record({ config: configText, version: fc.option(fc.oneof(numberText, scalarText), { nil: undefined }) }).map(({ config, version }) => `{"config":${config}${version === undefined ? '' : `,"version":${version}`}}`) },
  { weight: 3, arbitrary: jsonText },
  { weight: 2, arbitrary: configText },
  { weight: 1, arbitrary: nested.map(inner => `{"config":${inner}}`) },
  { weight: 1, arbitrary: nested },
  { weight: 1, arbitrary: fc.string() },
  { weight: 1, arbitrary: fc.constantFrom('', '{', '{"config":', 'null', '[]', '"x"', '0', '{"config":{}}{"config":{}}', '\ufeff{"config":{}}', '{"config":{"__proto__":{"admin":true}}}', '{"constructor":{"prototype":{"admin":true}}}', '{"config":{"url":"https://x.example.com","token":"t"},"version":0,"version":1}') },
  { weight: 1, arbitrary: fc.integer({ min: 250_000, max: 300_000 }).map(size => `{"config":{"url":${JSON.stringify('x'.repeat(size))}}}`) }
)
const contentType = fc.oneof(
  { weight: 12, arbitrary: fc.constant('application/json') },
  { weight: 1, arbitrary: fc.constantFrom('application/json; charset=utf-8', 'APPLICATION/JSON', 'application/json; charset=utf-16', 'application/json; charset=latin1', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/vnd.api+json', 'application/json, text/plain', '*/*', undefined) }
)
const pathSegment = (known: string[]) => fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...known) },
  { weight: 2, arbitrary: anyText.map(text => encodeURIComponent(Buffer.from(text).toString())) },
  { weight: 1, arbitrary: fc.constantFrom('..', '%2e%2e', '..%2F..%2Fetc', '%00', '%zz', '%E0%A4%A', 'a'.repeat(101), '__proto__', 'constructor', 'PROBE', 'probe%20', '%70robe') }
)
const queryString = fc.oneof(
  { weight: 3, arbitrary: fc.constant('') },
  {
    weight: 2,
    arbitrary: fc.dictionary(fc.oneof(fc.constantFrom('force', 'limit', 'integration', '__proto__', 'constructor'), fc.string()), fc.oneof(fc.constantFrom('true', 'false', '1', '1e400', '-1', '0', 'probe', ''), fc.string()), { maxKeys: 4 })
      .map(query => `?${new URLSearchParams(query).toString()}`)
  },
  { weight: 1, arbitrary: fc.constantFrom('?force=true&force=false', '?limit=1&limit=2', '?%zz=1', '?a=%zz', '?integration[]=probe', '?__proto__[admin]=1', '?force') }
)

interface FuzzRequest { method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, body?: string, contentType?: string | undefined }

/** The route (from the API's full surface) and what is sent to it. */
const apiRequest: fc.Arbitrary<FuzzRequest> = fc.oneof(
  fc.tuple(pathSegment([...integrationIds, 'nope']), queryString, bodyText, contentType).map(([id, query, body, type]) => ({ method: 'PUT' as const, url: `/api/integrations/${id}${query}`, body, contentType: type })),
  fc.tuple(pathSegment([...integrationIds, 'nope']), queryString, bodyText, contentType).map(([id, query, body, type]) => ({ method: 'POST' as const, url: `/api/integrations/${id}/test${query}`, body, contentType: type })),
  fc.tuple(pathSegment([...integrationIds, 'nope']), pathSegment(['echo', 'send', 'createIssue', 'createIncident', 'createChangeRequest', 'nope', 'constructor']), bodyText, contentType)
    .map(([id, action, body, type]) => ({ method: 'POST' as const, url: `/api/integrations/${id}/actions/${action}`, body, contentType: type })),
  fc.tuple(pathSegment([...integrationIds, 'nope']), queryString).map(([id, query]) => ({ method: 'GET' as const, url: `/api/integrations/${id}${query}` })),
  queryString.map(query => ({ method: 'GET' as const, url: `/api/integrations${query}` })),
  queryString.map(query => ({ method: 'GET' as const, url: `/api/audit${query}` })),
  fc.tuple(pathSegment(['smtp', 'jira', 'servicenow', 'nope']), fc.option(bodyText, { nil: undefined }), contentType)
    .map(([id, body, type]) => ({ method: 'DELETE' as const, url: `/api/integrations/${id}`, ...(body === undefined ? {} : { body, contentType: type }) }))
)
const authRequest: fc.Arbitrary<FuzzRequest> = fc.oneof(
  fc.tuple(bodyText, contentType).map(([body, type]) => ({ method: 'POST' as const, url: '/auth/token', body, contentType: type })),
  fc.tuple(anyText, contentType).map(([token, type]) => ({ method: 'POST' as const, url: '/auth/token', body: JSON.stringify({ token }), contentType: type })),
  fc.tuple(fc.option(bodyText, { nil: undefined }), contentType).map(([body, type]) => ({ method: 'POST' as const, url: '/auth/logout', ...(body === undefined ? {} : { body, contentType: type }) })),
  queryString.map(query => ({ method: 'GET' as const, url: `/auth/me${query}` })),
  queryString.map(query => ({ method: 'GET' as const, url: `/auth/options${query}` }))
)

/** Credentials that are not an admin's (or, for reads, an admin's session from another site). */
type Caller = 'none' | 'wrong-bearer' | 'malformed-authorization' | 'random-cookie' | 'session-cross-site'
const caller = fc.constantFrom<Caller>('none', 'wrong-bearer', 'malformed-authorization', 'random-cookie', 'session-cross-site')
const garbage = fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 200 })

// ---- Checks ------------------------------------------------------------------------------------

/** The stored settings of each integration, as stored (sealed secrets included). */
async function snapshot (store: HubStore): Promise<Record<string, string>> {
  // The settings, not the outcome of the last connection test and the health it gives, which a test of the stored settings records.
  const settingsOf = (record: unknown): string => {
    const connection = (record as { connections?: Record<string, Record<string, unknown>> } | undefined)?.connections?.default
    if (connection === undefined) return 'absent'
    const { lastTest: _lastTest, health: _health, ...settings } = connection
    return JSON.stringify(settings)
  }
  const entries = await Promise.all(integrationIds.map(async id => [id, settingsOf(await store.get(keys.integration('default', id)))] as const))
  return Object.fromEntries(entries)
}

async function send (h: TestHub, request: FuzzRequest, headers: Record<string, string>, remoteAddress: string) {
  return await h.app.inject({
    method: request.method,
    url: request.url,
    remoteAddress,
    headers: { ...headers, ...(request.contentType === undefined ? {} : { 'content-type': request.contentType }) },
    ...(request.body === undefined ? {} : { payload: request.body })
  })
}

/** Never a 5xx; every error is `{ error: 'HUB_ERR_…', message }` in JSON. */
function assertAnswer (res: Awaited<ReturnType<typeof send>>): void {
  if (res.statusCode >= 500) throw new Error(`answered ${res.statusCode}: ${res.body.slice(0, 300)}`)
  if (res.statusCode < 400) return
  if (!String(res.headers['content-type']).startsWith('application/json')) throw new Error(`a ${res.statusCode} answer is not JSON: ${res.headers['content-type']}`)
  const body = res.json()
  if (typeof body.error !== 'string' || !body.error.startsWith('HUB_ERR_') || typeof body.message !== 'string' || body.message === '') {
    throw new Error(`a ${res.statusCode} answer without error and message: ${res.body.slice(0, 300)}`)
  }
}

function decoded (segment: string | undefined): string | undefined {
  try {
    return segment === undefined ? undefined : decodeURIComponent(segment)
  } catch {
    return undefined
  }
}

const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort()
function assertNoPollution (): void {
  if (Object.getOwnPropertyNames(Object.prototype).sort().join() !== prototypeKeys.join() || ({} as Record<string, unknown>).admin !== undefined) {
    throw new Error('Object.prototype was polluted')
  }
}

async function fuzzHub (t: Test): Promise<{ h: TestHub, store: HubStore }> {
  // In memory: thousands of rate-limit counters would otherwise each cost a disk write.
  const store = new MemoryStore()
  t.teardown(() => store.close())
  const h = await createTestHub(t, {
    store,
    plugins: [probe],
    allowPrivateNetwork: false,
    lookup: noDns,
    timeoutMs: 1000,
    env: { LOG_LEVEL: 'warn' }
  })
  const saved = await h.api('PUT', '/api/integrations/probe', { config: knownGood })
  t.equal(saved.status, 201, 'the known-good settings are stored first')
  return { h, store }
}

t.comment(`fuzz seed ${seed} (replay with FUZZ_SEED=${seed})`)

t.test('an admin’s hostile requests: never a 5xx, errors in shape, settings change only on success', async t => {
  const { h, store } = await fuzzHub(t)
  let accepted = 0
  await fc.assert(fc.asyncProperty(apiRequest, fc.ipV4(), async (request, remoteAddress) => {
    const before = await snapshot(store)
    const res = await send(h, request, { authorization: `Bearer ${ADMIN_TOKEN}` }, remoteAddress)
    assertAnswer(res)
    assertNoPollution()
    const after = await snapshot(store)
    const target = decoded(/^\/api\/integrations\/([^/?]+)/.exec(request.url)?.[1])
    for (const id of integrationIds) {
      if (before[id] === after[id]) continue
      const succeeded = res.statusCode < 300 && id === target
      const saved = succeeded && request.method === 'PUT' && JSON.parse(after[id]!).version === (before[id] === 'absent' ? 0 : JSON.parse(before[id]!).version) + 1
      const deleted = succeeded && request.method === 'DELETE' && after[id] === 'absent'
      if (!saved && !deleted) throw new Error(`${id} changed after ${request.method} ${request.url} answered ${res.statusCode}`)
      accepted++
      // Keep the known-good settings in place for the runs that follow.
      if (deleted && id === 'probe') await h.api('PUT', '/api/integrations/probe', { config: knownGood })
    }
  }), { numRuns: Math.round(2500 * scale), seed })
  t.comment(`${accepted} random requests were valid saves or deletes`)
  const probeNow = await h.api('GET', '/api/integrations/probe')
  t.equal(probeNow.status, 200)
  t.equal(probeNow.body.configured, true, 'the known-good settings are still there')
  t.notOk(h.logs.some(line => /"level":(50|60)/.test(line)), 'nothing was logged as an error')
})

t.test('requests without an admin’s credentials change nothing, whatever they carry', async t => {
  const { h, store } = await fuzzHub(t)
  const signIn = await h.app.inject({ method: 'POST', url: '/auth/token', payload: { token: ADMIN_TOKEN } })
  const session = signIn.cookies.find(cookie => cookie.name === 'hub_session')!.value
  const credentials = (who: Caller, junk: string): Record<string, string> => {
    switch (who) {
      case 'none': return {}
      case 'wrong-bearer': return { authorization: `Bearer ${junk}` }
      case 'malformed-authorization': return { authorization: junk }
      case 'random-cookie': return { cookie: `hub_session=${encodeURIComponent(junk)}` }
      case 'session-cross-site': return { cookie: `hub_session=${session}`, origin: 'https://evil.example.com', 'sec-fetch-site': 'cross-site' }
    }
  }
  const before = await snapshot(store)
  await fc.assert(fc.asyncProperty(apiRequest, caller, garbage, fc.ipV4(), async (request, who, junk, remoteAddress) => {
    const res = await send(h, request, credentials(who, junk), remoteAddress)
    assertAnswer(res)
    const readWithSession = who === 'session-cross-site' && request.method === 'GET'
    if (res.statusCode < 400 && !readWithSession) throw new Error(`${who}: ${request.method} ${request.url} answered ${res.statusCode}`)
    if (!readWithSession && ![400, 401, 403, 404, 413, 415, 429].includes(res.statusCode)) throw new Error(`${who}: unexpected ${res.statusCode}`)
  }), { numRuns: Math.round(1500 * scale), seed })
  t.same(await snapshot(store), before, 'no stored settings changed')
  t.equal((await h.api('GET', '/api/audit')).body.entries.length, 1, 'the audit trail has only the first save')
})

t.test('the sign-in routes answer hostile input in shape', async t => {
  const { h, store } = await fuzzHub(t)
  const before = await snapshot(store)
  await fc.assert(fc.asyncProperty(authRequest, fc.option(garbage, { nil: undefined }), fc.ipV4(), async (request, cookie, remoteAddress) => {
    const res = await send(h, request, cookie === undefined ? {} : { cookie: `hub_session=${encodeURIComponent(cookie)}` }, remoteAddress)
    assertAnswer(res)
    assertNoPollution()
    if (request.url === '/auth/token' && res.statusCode < 400) throw new Error(`a random token signed in: ${request.body}`)
    if (request.url.startsWith('/auth/me') && res.statusCode !== 401 && res.statusCode !== 429) throw new Error(`/auth/me answered ${res.statusCode} to a random cookie`)
  }), { numRuns: Math.round(1000 * scale), seed })
  t.same(await snapshot(store), before)
})
