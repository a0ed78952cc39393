import t, { type Test } from 'tap'
import { defineIntegration } from '../../../core/contract/contract.js'
import { createTestHub, ADMIN_TOKEN } from '../../support/hub.js'

/** A plugin whose test passes or fails on demand, so the API can be exercised without a network. */
const probe = defineIntegration({
  id: 'probe',
  name: 'Probe',
  description: 'A test double.',
  version: '1.0.0',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['url', 'token'],
    properties: {
      url: { type: 'string', format: 'uri', title: 'Service URL' },
      token: { type: 'string', title: 'API Token', writeOnly: true, minLength: 1 },
      retries: { type: 'integer', title: 'Retries', minimum: 0, maximum: 5, default: 1 },
      options: {
        type: 'object',
        title: 'Options',
        additionalProperties: false,
        properties: { verbose: { type: 'boolean', title: 'Verbose' }, signingKey: { type: 'string', title: 'Signing key', writeOnly: true } }
      }
    }
  },
  errors: {
    AUTH_FAILED: { message: 'Invalid API Token', field: 'token' },
    RATE_LIMITED: { message: 'Rate-limited; retry in {seconds} s' }
  },
  async test (config, ctx) {
    await ctx.step('Check the token', async () => {
      if (config.token === 'throw-raw') throw new Error(`library exploded while using ${config.token}`)
      if (config.token === 'rate') throw ctx.fail('RATE_LIMITED', { params: { seconds: 30 } })
      if (config.token === 'undeclared') throw ctx.fail('NOT_IN_THE_MAP')
      if (config.token === 'hang') await new Promise(() => {})
      if (config.token !== 'good-token') throw ctx.fail('AUTH_FAILED', { detail: `the service rejected ${config.token}` })
    })
  },
  actions: {
    echo: {
      title: 'Echo',
      input: { type: 'object', additionalProperties: false, required: ['text'], properties: { text: { type: 'string', title: 'Text', maxLength: 10 } } },
      async run (config, input: { text: string }) {
        return { echoed: input.text, retries: config.retries }
      }
    }
  }
})

const good = { url: 'https://service.example.com', token: 'good-token' }

async function hub (t: Test, options = {}) {
  return await createTestHub(t, { plugins: [probe], builtinPlugins: false, ...options })
}

t.test('every /api route needs an admin', async t => {
  const h = await hub(t)
  const anonymous = await h.app.inject({ method: 'GET', url: '/api/integrations' })
  t.equal(anonymous.statusCode, 401)
  t.same(anonymous.json(), { error: 'HUB_ERR_UNAUTHENTICATED', message: 'Sign in first: send an admin token or a session cookie.' })
  const wrong = await h.app.inject({ method: 'GET', url: '/api/integrations', headers: { authorization: 'Bearer not-the-token' } })
  t.equal(wrong.statusCode, 401)
  t.equal(wrong.json().error, 'HUB_ERR_INVALID_TOKEN')
  const malformed = await h.app.inject({ method: 'GET', url: '/api/integrations', headers: { authorization: 'Basic abc' } })
  t.equal(malformed.statusCode, 401)
  t.equal((await h.api('GET', '/api/integrations')).status, 200)
})

t.test('the catalog lists each plugin with its status', async t => {
  const h = await hub(t)
  const before = await h.api('GET', '/api/integrations')
  t.same(before.body.integrations.map((entry: { id: string }) => entry.id), ['sso', 'probe'], 'single sign-on is the core’s own, listed without any plugin')
  t.same(before.body.integrations[1], { id: 'probe', name: 'Probe', description: 'A test double.', pluginVersion: '1.0.0', configured: false, updatedAt: null, lastTest: null, connections: 0, failing: 0, expiring: 0 })
  await h.api('PUT', '/api/integrations/probe', { config: good })
  const after = (await h.api('GET', '/api/integrations')).body.integrations[1]
  t.equal(after.configured, true)
  t.equal(after.lastTest.ok, true)
  t.equal(after.lastTest.message, 'Connection successful.')
  t.ok(Date.parse(after.updatedAt) > 0)
})

t.test('Save is 201, Update 200; secrets are listed, never returned', async t => {
  const h = await hub(t)
  const saved = await h.api('PUT', '/api/integrations/probe', { config: { ...good, options: { verbose: true, signingKey: 'k-secret-123' } } })
  t.equal(saved.status, 201)
  t.same(saved.body.config, { url: good.url, retries: 1, options: { verbose: true } })
  t.same(saved.body.secretsSet.sort(), ['options.signingKey', 'token'])
  const updated = await h.api('PUT', '/api/integrations/probe', { config: { url: 'https://other.example.com', options: { verbose: false } }, version: 1 })
  t.equal(updated.status, 200)
  t.same(updated.body.secretsSet.sort(), ['options.signingKey', 'token'], 'omitted secrets were kept')
  const cleared = await h.api('PUT', '/api/integrations/probe', { config: { url: good.url, options: { signingKey: null } }, version: 2 })
  t.same(cleared.body.secretsSet, ['token'], 'null cleared the optional secret')
})

t.test('a failed test answers 422 with the mapped message and the steps', async t => {
  const h = await hub(t)
  const res = await h.api('PUT', '/api/integrations/probe', { config: { ...good, token: 'bad-token-value' } })
  t.equal(res.status, 422)
  t.equal(res.body.message, 'Invalid API Token')
  t.equal(res.body.detail, 'the service rejected [redacted]', 'the secret is scrubbed from the detail')
  t.same(res.body.fields, [{ field: 'token', message: 'Invalid API Token' }])
  t.same(res.body.test.steps.map((step: { label: string, ok: boolean }) => [step.label, step.ok]), [['Check the token', false]])
  t.equal((await h.api('GET', '/api/integrations/probe')).body.configured, false)
})

t.test('message placeholders are filled', async t => {
  const h = await hub(t)
  const res = await h.api('POST', '/api/integrations/probe/test', { config: { ...good, token: 'rate' } })
  t.equal(res.body.message, 'Rate-limited; retry in 30 s')
})

t.test('an unexpected error becomes a generic message and a log line, never a stack trace', async t => {
  const h = await hub(t)
  const res = await h.api('POST', '/api/integrations/probe/test', { config: { ...good, token: 'throw-raw' } })
  t.equal(res.status, 200)
  t.equal(res.body.code, 'UNEXPECTED')
  t.equal(res.body.message, 'The connection failed unexpectedly; the details are in the hub’s log.')
  t.notMatch(res.raw.body, /exploded|at .*\.ts/)
  const line = h.logs.find(entry => entry.includes('plugin handler failed unexpectedly'))
  t.ok(line, 'logged')
  t.match(line, /library exploded while using \[redacted\]/)
  t.notMatch(line, /throw-raw/)
  const undeclared = await h.api('POST', '/api/integrations/probe/test', { config: { ...good, token: 'undeclared' } })
  t.equal(undeclared.body.code, 'UNEXPECTED')
})

t.test('a handler that ignores its deadline still answers at the deadline', async t => {
  const h = await hub(t, { timeoutMs: 200 })
  const started = Date.now()
  const res = await h.api('POST', '/api/integrations/probe/test', { config: { ...good, token: 'hang' } })
  t.equal(res.body.code, 'TIMEOUT')
  t.equal(res.body.message, 'The service did not answer within 0.2 s.')
  t.same(res.body.steps.map((step: { label: string, ok: boolean }) => [step.label, step.ok]), [['Check the token', false]])
  t.ok(Date.now() - started < 1500)
})

t.test('test: a draft uses stored secrets; without a draft the stored config is tested', async t => {
  const h = await hub(t)
  const notYet = await h.api('POST', '/api/integrations/probe/test', {})
  t.equal(notYet.status, 409)
  t.equal(notYet.body.error, 'HUB_ERR_NOT_CONFIGURED')
  await h.api('PUT', '/api/integrations/probe', { config: good })
  const draft = await h.api('POST', '/api/integrations/probe/test', { config: { url: good.url } })
  t.equal(draft.body.ok, true, 'the stored token filled the draft')
  const stored = await h.api('POST', '/api/integrations/probe/test', {})
  t.equal(stored.body.ok, true)
})

t.test('validation: one entry per field, in words', async t => {
  const h = await hub(t)
  const res = await h.api('PUT', '/api/integrations/probe', { config: { url: 'not a url', retries: 9, extra: 1, options: { verbose: 'yes' } } })
  t.equal(res.status, 400)
  t.equal(res.body.error, 'HUB_ERR_VALIDATION')
  t.same(res.body.fields, [
    { field: 'token', message: 'API Token is required.' },
    { field: 'extra', message: '“extra” is not a known setting.' },
    { field: 'url', message: 'Service URL must be a URL such as https://example.com.' },
    { field: 'retries', message: 'Retries must be at most 5.' },
    { field: 'options.verbose', message: 'Verbose must be true or false.' }
  ])
})

t.test('hostile and malformed bodies are 4xx in words and change nothing', async t => {
  const h = await hub(t)
  await h.api('PUT', '/api/integrations/probe', { config: good })
  const send = async (payload: string, contentType = 'application/json') => await h.app.inject({
    method: 'PUT',
    url: '/api/integrations/probe',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': contentType },
    payload
  })
  const cases: Array<[string, string, number, string, string?]> = [
    ['malformed JSON', '{"config": {', 400, 'HUB_ERR_MALFORMED_BODY'],
    ['prototype pollution', '{"config": {"__proto__": {"admin": true}, "url": "https://x.example.com", "token": "t"}}', 400, 'HUB_ERR_MALFORMED_BODY'],
    ['constructor pollution', '{"config": {"constructor": {"prototype": {"admin": true}}}}', 400, 'HUB_ERR_MALFORMED_BODY'],
    ['wrong type for config', '{"config": "yes"}', 400, 'HUB_ERR_VALIDATION'],
    ['array body', '[1,2,3]', 400, 'HUB_ERR_VALIDATION'],
    ['wrong version type', '{"config": {}, "version": "one"}', 400, 'HUB_ERR_VALIDATION'],
    ['unknown top-level key', '{"config": {}, "admin": true}', 400, 'HUB_ERR_VALIDATION'],
    ['huge string', JSON.stringify({ config: { url: 'https://x.example.com/' + 'a'.repeat(300_000), token: 't' } }), 413, 'HUB_ERR_BODY_TOO_LARGE'],
    ['empty body', '', 400, 'HUB_ERR_MALFORMED_BODY'],
    ['not JSON at all', 'config=1', 415, 'HUB_ERR_UNSUPPORTED_MEDIA_TYPE', 'application/x-www-form-urlencoded']
  ]
  for (const [name, payload, status, code, contentType] of cases) {
    const res = await send(payload, contentType)
    t.equal(res.statusCode, status, name)
    t.equal(res.json().error, code, name)
    t.type(res.json().message, 'string', name)
  }
  t.equal(({} as Record<string, unknown>).admin, undefined, 'no prototype was polluted')
  const read = await h.api('GET', '/api/integrations/probe')
  t.equal(read.body.version, 1, 'the stored config is unchanged')
})

t.test('unknown integrations, actions and routes are 404 in the same shape', async t => {
  const h = await hub(t)
  const integration = await h.api('GET', '/api/integrations/nope')
  t.same(integration.body, { error: 'HUB_ERR_UNKNOWN_INTEGRATION', message: 'There is no integration "nope".' })
  await h.api('PUT', '/api/integrations/probe', { config: good })
  const action = await h.api('POST', '/api/integrations/probe/actions/nope', {})
  t.equal(action.status, 404)
  t.equal(action.body.error, 'HUB_ERR_UNKNOWN_ACTION')
  const route = await h.api('GET', '/api/nothing-here')
  t.equal(route.status, 404)
  t.equal(route.body.error, 'HUB_ERR_ROUTE_NOT_FOUND')
  const badId = await h.api('GET', '/api/integrations/..%2F..%2Fetc')
  t.equal(badId.status, 400)
})

t.test('actions run with the stored config and validate their input', async t => {
  const h = await hub(t)
  await h.api('PUT', '/api/integrations/probe', { config: { ...good, retries: 3 } })
  const ok = await h.api('POST', '/api/integrations/probe/actions/echo', { text: 'hello' })
  t.same(ok.body, { echoed: 'hello', retries: 3 })
  const bad = await h.api('POST', '/api/integrations/probe/actions/echo', { text: 'far too long a text' })
  t.equal(bad.status, 400)
  t.same(bad.body.fields, [{ field: 'text', message: 'Text must be at most 10 characters long.' }])
})

t.test('DELETE removes the config and is audited', async t => {
  const h = await hub(t)
  await h.api('PUT', '/api/integrations/probe', { config: good })
  const res = await h.api('DELETE', '/api/integrations/probe')
  t.equal(res.status, 204)
  t.equal((await h.api('GET', '/api/integrations/probe')).body.configured, false)
  t.equal((await h.api('DELETE', '/api/integrations/probe')).status, 204, 'deleting again is harmless')
  const audit = await h.api('GET', '/api/audit?limit=10')
  t.same(audit.body.entries.map((entry: { action: string, outcome: string }) => [entry.action, entry.outcome]), [['delete', 'deleted'], ['create', 'saved']])
  t.same(audit.body.entries[1].fields, ['retries', 'token', 'url'])
  t.equal(audit.body.entries[1].actor, 'operator')
})

t.test('the catalog follows every change, and agrees with each integration’s own view', async t => {
  const h = await createTestHub(t)
  const agree = async (label: string) => {
    const catalog = await h.api('GET', '/api/integrations')
    t.equal(catalog.status, 200)
    for (const entry of catalog.body.integrations) {
      const view = (await h.api('GET', `/api/integrations/${entry.id}`)).body
      t.same(entry, Object.fromEntries(Object.keys(entry).map(key => [key, view[key]])), `${label}: ${entry.id}`)
      t.same(Object.keys(entry), ['id', 'name', 'description', 'icon', 'pluginVersion', 'configured', 'updatedAt', 'lastTest', 'connections', 'failing', 'expiring'], `${label}: ${entry.id} has every field, in the documented order`)
    }
    return Object.fromEntries(catalog.body.integrations.map((entry: { id: string }) => [entry.id, entry]))
  }
  t.equal((await agree('nothing configured')).jira.configured, false)
  const jira = { serviceUrl: 'https://127.0.0.1:9', email: 'ada@example.com', apiToken: 'token' }
  await h.api('PUT', '/api/integrations/jira?force=true', { config: jira })
  const saved = await agree('saved despite a failed test')
  t.equal(saved.jira.configured, true)
  t.equal(saved.jira.lastTest.ok, false)
  const retested = await h.api('POST', '/api/integrations/jira/test')
  t.equal(retested.status, 200, 'a test without a body tests the stored settings')
  t.not((await agree('tested again')).jira.lastTest.at, saved.jira.lastTest.at, 'the new test shows')
  await h.api('DELETE', '/api/integrations/jira')
  t.equal((await agree('deleted')).jira.configured, false)
})

t.test('a handler may change the settings it is given; the stored settings stay as saved', async t => {
  const mutating = defineIntegration({
    id: 'mutating',
    name: 'Mutating',
    description: 'Changes the settings it is handed.',
    version: '1.0.0',
    schema: {
      type: 'object',
      properties: {
        tags: { type: 'array', title: 'Tags', items: { type: 'string' } },
        options: { type: 'object', title: 'Options', properties: { verbose: { type: 'boolean', title: 'Verbose' } } }
      }
    },
    errors: {},
    async test (config) {
      config.tags!.push('added by the handler')
      config.options!.verbose = true
    }
  })
  const h = await createTestHub(t, { plugins: [mutating], builtinPlugins: false })
  const saved = await h.api('PUT', '/api/integrations/mutating', { config: { tags: ['a'], options: { verbose: false } } })
  t.equal(saved.status, 201, JSON.stringify(saved.body))
  const tested = await h.api('POST', '/api/integrations/mutating/test', {})
  t.equal(tested.body.ok, true, 'the stored settings reach the handler as its own copy')
  t.same((await h.api('GET', '/api/integrations/mutating')).body.config, { tags: ['a'], options: { verbose: false } })
})

t.test('health and readiness need no token', async t => {
  const h = await hub(t)
  t.same((await h.app.inject('/healthz')).json(), { status: 'ok' })
  t.same((await h.app.inject('/readyz')).json(), { status: 'ready' })
})

t.test('the OpenAPI document describes the routes', async t => {
  const h = await hub(t)
  const doc = (await h.app.inject('/openapi.json')).json()
  t.equal(doc.openapi.startsWith('3.'), true)
  t.ok(doc.paths['/api/integrations/{id}'].put)
  t.ok(doc.paths['/api/integrations/{id}/actions/{action}'].post)
})

t.test('browser sign-in with the admin token sets an HttpOnly session cookie', async t => {
  const h = await hub(t)
  const wrong = await h.app.inject({ method: 'POST', url: '/auth/token', payload: { token: 'nope' } })
  t.equal(wrong.statusCode, 401)
  const res = await h.app.inject({ method: 'POST', url: '/auth/token', payload: { token: ADMIN_TOKEN } })
  t.equal(res.statusCode, 204)
  const cookie = res.cookies.find(c => c.name === 'hub_session')!
  t.equal(cookie.httpOnly, true)
  t.equal(cookie.sameSite, 'Lax')
  const me = await h.app.inject({ url: '/auth/me', cookies: { hub_session: cookie.value } })
  t.equal(me.json().via, 'token')
  const list = await h.app.inject({ url: '/api/integrations', cookies: { hub_session: cookie.value } })
  t.equal(list.statusCode, 200)

  const crossSite = await h.app.inject({
    method: 'PUT',
    url: '/api/integrations/probe',
    cookies: { hub_session: cookie.value },
    headers: { origin: 'https://evil.example.com' },
    payload: { config: good }
  })
  t.equal(crossSite.statusCode, 403)
  t.equal(crossSite.json().error, 'HUB_ERR_CROSS_SITE')
  const sameSite = await h.app.inject({
    method: 'PUT',
    url: '/api/integrations/probe',
    cookies: { hub_session: cookie.value },
    headers: { origin: 'http://localhost:80', host: 'localhost:80' },
    payload: { config: good }
  })
  t.equal(sameSite.statusCode, 201)

  const out = await h.app.inject({ method: 'POST', url: '/auth/logout', cookies: { hub_session: cookie.value } })
  t.equal(out.statusCode, 204)
  t.equal((await h.app.inject({ url: '/auth/me', cookies: { hub_session: cookie.value } })).statusCode, 401)
})

t.test('a host app can use its own authorize()', async t => {
  const h = await hub(t, {
    authorize: async (request: { headers: Record<string, unknown> }) => request.headers['x-user'] === 'alice' ? { id: 'alice@example.com' } : null
  })
  const refused = await h.app.inject({ url: '/api/integrations', headers: { 'x-user': 'mallory' } })
  t.equal(refused.statusCode, 403)
  const saved = await h.app.inject({ method: 'PUT', url: '/api/integrations/probe', headers: { 'x-user': 'alice' }, payload: { config: good } })
  t.equal(saved.statusCode, 201)
  const audit = await h.app.inject({ url: '/api/audit', headers: { 'x-user': 'alice' } })
  t.equal(audit.json().entries[0].actor, 'alice@example.com')
})

t.test('connection tests are rate-limited per admin', async t => {
  const h = await hub(t)
  const statuses: number[] = []
  for (let i = 0; i < 31; i++) statuses.push((await h.api('POST', '/api/integrations/probe/test', { config: good })).status)
  t.same(statuses.slice(0, 30), Array(30).fill(200))
  const limited = await h.api('POST', '/api/integrations/probe/test', { config: good })
  t.equal(limited.status, 429)
  t.equal(limited.body.error, 'HUB_ERR_RATE_LIMITED')
  t.match(limited.body.message, /^Too many requests; try again in \d+ s\.$/)
})

t.test('a live test streams each step as it ends, then the result', async t => {
  const h = await hub(t)
  const res = await h.api('POST', '/api/integrations/probe/test', { config: { ...good, token: 'bad-token-value' } }, { accept: 'application/x-ndjson' })
  t.equal(res.status, 200)
  t.match(res.headers['content-type'], /^application\/x-ndjson/)
  const lines = res.raw.body.trim().split('\n').map(line => JSON.parse(line))
  t.same(lines.map(line => Object.keys(line)[0]), ['step', 'result'])
  t.same(lines[0].step, { label: 'Check the token', ok: false, durationMs: lines[0].step.durationMs })
  t.equal(lines[1].result.message, 'Invalid API Token')
  const invalid = await h.api('POST', '/api/integrations/probe/test', { config: { url: 'nope' } }, { accept: 'application/x-ndjson' })
  t.equal(invalid.status, 400, 'a draft that fails validation is an ordinary JSON error')
  t.equal(invalid.body.error, 'HUB_ERR_VALIDATION')
})
