/**
 * What a browser is told: security headers on the page, the widget bundle and the API; CSRF
 * protection of cookie-authenticated changes; CORS for allowed origins; and the admin token
 * compared in constant time.
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import t, { type Test } from 'tap'
import type { LightMyRequestResponse } from 'fastify'
import { tokenMatcher } from '../../../core/security/admin-token.js'
import { defineIntegration } from '../../../core/contract/contract.js'
import { buildUi } from '../../../scripts/build-ui.js'
import { ADMIN_TOKEN, createTestHub, type TestHubOptions } from '../../support/hub.js'

const probe = defineIntegration({
  id: 'probe',
  name: 'Probe',
  description: 'A test double whose connection test always passes.',
  version: '1.0.0',
  schema: { type: 'object', additionalProperties: false, required: ['url'], properties: { url: { type: 'string', title: 'Service URL' } } },
  errors: {},
  async test () {},
  actions: { ping: { title: 'Ping', input: { type: 'object' }, async run () { return { pong: true } } } }
})

const config = { url: 'https://service.example.com' }

// The hub serves the widget from dist/ui; build it once when it is not there yet.
if (!existsSync(fileURLToPath(new URL('../../../dist/ui/integration-hub.js', import.meta.url)))) await buildUi()

async function hub (t: Test, options: TestHubOptions = {}) {
  return await createTestHub(t, { plugins: [probe], builtinPlugins: false, ...options })
}

/** A browser session through the admin-token sign-in. */
async function signIn (h: Awaited<ReturnType<typeof hub>>): Promise<string> {
  const res = await h.app.inject({ method: 'POST', url: '/auth/token', payload: { token: ADMIN_TOKEN } })
  return res.cookies.find(cookie => cookie.name === 'hub_session')!.value
}

function directives (res: LightMyRequestResponse): Map<string, string[]> {
  const header = String(res.headers['content-security-policy'] ?? '')
  return new Map(header.split(';').map(part => part.trim()).filter(Boolean).map(part => {
    const [name = '', ...values] = part.split(/\s+/)
    return [name, values]
  }))
}

t.test('the page, the widget and the API carry the security headers', async t => {
  const h = await hub(t)
  const documents: Array<[string, LightMyRequestResponse]> = [
    ['page', await h.app.inject('/')],
    ['widget', await h.app.inject('/ui/integration-hub.js')],
    ['health', await h.app.inject('/healthz')]
  ]
  t.equal(documents[0]![1].statusCode, 200)
  t.match(documents[0]![1].headers['content-type'], /^text\/html/)
  t.equal(documents[1]![1].statusCode, 200)
  t.match(documents[1]![1].headers['content-type'], /javascript/)
  for (const [name, res] of documents) {
    const csp = directives(res)
    t.same(csp.get('script-src'), ["'self'"], `${name}: scripts only from the hub itself`)
    t.same(csp.get('script-src-attr'), ["'none'"], `${name}: no inline event handlers`)
    t.same(csp.get('object-src'), ["'none'"], name)
    t.same(csp.get('base-uri'), ["'self'"], name)
    t.same(csp.get('frame-ancestors'), ["'self'"], `${name}: only the hub may frame it`)
    t.notMatch(String(res.headers['content-security-policy']), /unsafe-inline|unsafe-eval/, `${name}: nothing unsafe`)
    t.notOk(csp.has('upgrade-insecure-requests'), `${name}: a plain-http hub keeps loading its own bundle`)
    t.equal(res.headers['referrer-policy'], 'no-referrer', name)
    t.equal(res.headers['x-frame-options'], 'SAMEORIGIN', name)
  }

  // API answers are data: OWASP's REST Security Cheat Sheet set, and never cached (they hold settings).
  const api: Array<[string, LightMyRequestResponse]> = [
    ['API 200', await h.app.inject({ url: '/api/integrations', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })],
    ['API 401', await h.app.inject('/api/integrations')],
    ['API 404', await h.app.inject('/api/nothing-here')]
  ]
  t.same(api.map(([, res]) => res.statusCode), [200, 401, 404])
  for (const [name, res] of api) {
    t.equal(res.headers['cache-control'], 'no-store', `${name}: never cached`)
    t.same(directives(res), new Map([['default-src', ["'none'"]], ['frame-ancestors', ["'none'"]]]), `${name}: loads nothing, framed by no one`)
    t.equal(res.headers['x-frame-options'], 'DENY', name)
    t.match(res.headers['content-type'], /^application\/json/, name)
  }

  for (const [name, res] of [...documents, ...api]) {
    t.notOk('strict-transport-security' in res.headers, `${name}: no HSTS over plain http`)
    t.equal(res.headers['x-content-type-options'], 'nosniff', name)
    t.equal(res.headers['cross-origin-resource-policy'], 'same-origin', name)
    t.notOk('x-powered-by' in res.headers, `${name}: no X-Powered-By`)
    t.notOk('access-control-allow-origin' in res.headers, `${name}: no CORS without allowed origins`)
  }
})

t.test('the admin page runs no inline script', async t => {
  const h = await hub(t)
  const page = (await h.app.inject('/')).body
  const scripts = [...page.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)]
  t.ok(scripts.length > 0)
  for (const [, attributes, body] of scripts) {
    const src = /\bsrc="([^"]+)"/.exec(attributes!)?.[1]
    t.ok(src, 'every script has a src')
    // Relative to the page, so the hub can be mounted under a prefix; it must stay on the hub.
    const url = new URL(src!, 'http://hub.test/')
    t.equal(url.origin, 'http://hub.test', 'every script is a file of the hub')
    const file = await h.app.inject(url.pathname)
    t.equal(file.statusCode, 200, `${url.pathname} is served`)
    t.match(file.headers['content-type'], /javascript/)
    t.equal(body!.trim(), '', 'and has no inline code')
  }
  t.notMatch(page, /\son[a-z]+\s*=/i, 'no inline event handler attributes')
})

t.test('behind https, requests are upgraded and cookies are Secure', async t => {
  const h = await hub(t, { publicUrl: new URL('https://hub.example.com') })
  const res = await h.app.inject('/')
  t.ok(directives(res).has('upgrade-insecure-requests'))
  t.match(res.headers['strict-transport-security'], /^max-age=\d+/)
  const api = await h.app.inject({ url: '/api/integrations', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
  t.equal(api.headers['strict-transport-security'], res.headers['strict-transport-security'], 'API answers pin https too')
  const signedIn = await h.app.inject({ method: 'POST', url: '/auth/token', payload: { token: ADMIN_TOKEN } })
  const cookie = signedIn.cookies.find(c => c.name === 'hub_session')!
  t.equal(cookie.secure, true)
  t.equal(cookie.httpOnly, true)
  t.equal(cookie.sameSite, 'Lax')
})

t.test('cookie-authenticated changes must come from the hub’s own origin', async t => {
  const h = await hub(t)
  const session = await signIn(h)
  const write = async (method: 'PUT' | 'POST' | 'DELETE', url: string, headers: Record<string, string>) => await h.app.inject({
    method,
    url,
    cookies: { hub_session: session },
    headers: { host: 'hub.example.com', ...headers },
    ...(method === 'DELETE' ? {} : { payload: url.endsWith('/probe') ? { config } : {} })
  })
  const refused: Array<[string, Record<string, string>]> = [
    ['another origin', { origin: 'https://evil.example.com' }],
    ['the same host on another scheme', { origin: 'https://hub.example.com' }],
    ['the same host on another port', { origin: 'http://hub.example.com:8080' }],
    ['a sandboxed frame (Origin: null)', { origin: 'null' }],
    ['a subdomain', { origin: 'http://evil.hub.example.com' }],
    ['cross-site without Origin', { 'sec-fetch-site': 'cross-site' }],
    ['same-site without Origin', { 'sec-fetch-site': 'same-site' }],
    ['cross-site with our Origin forged into Sec-Fetch-Site only', { 'sec-fetch-site': 'cross-site', referer: 'http://hub.example.com/' }]
  ]
  for (const [name, headers] of refused) {
    for (const [method, url] of [['PUT', '/api/integrations/probe'], ['POST', '/api/integrations/probe/test'], ['POST', '/api/integrations/probe/actions/ping'], ['DELETE', '/api/integrations/probe']] as const) {
      const res = await write(method, url, headers)
      t.equal(res.statusCode, 403, `${name}: ${method} ${url}`)
      t.equal(res.json().error, 'HUB_ERR_CROSS_SITE', `${name}: ${method} ${url}`)
    }
  }
  t.equal((await h.api('GET', '/api/integrations/probe')).body.configured, false, 'nothing was saved')

  const sameOrigin = await write('PUT', '/api/integrations/probe', { origin: 'http://hub.example.com', 'sec-fetch-site': 'same-origin' })
  t.equal(sameOrigin.statusCode, 201, 'the hub’s own page may save')
  const noBrowserHeaders = await write('POST', '/api/integrations/probe/test', {})
  t.equal(noBrowserHeaders.statusCode, 200, 'a client that sends neither Origin nor Sec-Fetch-Site is not a browser form')
  const read = await h.app.inject({ url: '/api/integrations', cookies: { hub_session: session }, headers: { origin: 'https://evil.example.com', 'sec-fetch-site': 'cross-site' } })
  t.equal(read.statusCode, 200, 'reads are not changes')
  t.notOk('access-control-allow-origin' in read.headers, 'but another site’s script cannot read the answer')
})

t.test('the public URL counts as the hub’s own origin (behind a proxy)', async t => {
  const h = await hub(t, { publicUrl: new URL('https://hub.example.com') })
  const session = await signIn(h)
  const res = await h.app.inject({
    method: 'PUT',
    url: '/api/integrations/probe',
    cookies: { hub_session: session },
    headers: { host: '10.0.0.5:3000', origin: 'https://hub.example.com' },
    payload: { config }
  })
  t.equal(res.statusCode, 201)
})

t.test('bearer-token requests are not subject to the origin check', async t => {
  const h = await hub(t)
  const res = await h.api('PUT', '/api/integrations/probe', { config }, { origin: 'https://elsewhere.example.com', 'sec-fetch-site': 'cross-site' })
  t.equal(res.status, 201, 'a browser cannot attach the token cross-origin on its own, so there is no CSRF to stop')
  const wrong = await h.app.inject({ method: 'DELETE', url: '/api/integrations/probe', headers: { authorization: 'Bearer wrong-token-of-any-length', origin: 'https://evil.example.com' } })
  t.equal(wrong.statusCode, 401)
})

t.test('an allowed origin gets CORS with credentials and may make changes', async t => {
  const app = 'https://app.example.com'
  const h = await hub(t, { allowedOrigins: [app] })
  const session = await signIn(h)
  for (const method of ['PUT', 'POST', 'DELETE']) {
    const preflight = await h.app.inject({
      method: 'OPTIONS',
      url: '/api/integrations/probe',
      headers: { origin: app, 'access-control-request-method': method, 'access-control-request-headers': 'content-type' }
    })
    t.equal(preflight.statusCode, 204, `preflight ${method}`)
    t.equal(preflight.headers['access-control-allow-origin'], app)
    t.equal(preflight.headers['access-control-allow-credentials'], 'true')
    t.ok(String(preflight.headers['access-control-allow-methods']).split(/,\s*/).includes(method), `${method} is allowed`)
  }
  const evilPreflight = await h.app.inject({
    method: 'OPTIONS',
    url: '/api/integrations/probe',
    headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'PUT' }
  })
  t.notOk('access-control-allow-origin' in evilPreflight.headers, 'other origins get no CORS')

  const saved = await h.app.inject({ method: 'PUT', url: '/api/integrations/probe', cookies: { hub_session: session }, headers: { origin: app, 'sec-fetch-site': 'cross-site' }, payload: { config } })
  t.equal(saved.statusCode, 201)
  t.equal(saved.headers['access-control-allow-origin'], app)
  t.equal(saved.headers['access-control-allow-credentials'], 'true')
  const page = await h.app.inject('/')
  t.same(directives(page).get('frame-ancestors'), ["'self'", app], 'the allowed origin may frame the widget page')
  t.equal(page.headers['cross-origin-resource-policy'], 'cross-origin', 'and load the bundle')
  const evil = await h.app.inject({ method: 'DELETE', url: '/api/integrations/probe', cookies: { hub_session: session }, headers: { origin: 'https://evil.example.com' } })
  t.equal(evil.statusCode, 403)
  const removed = await h.app.inject({ method: 'DELETE', url: '/api/integrations/probe', cookies: { hub_session: session }, headers: { origin: app } })
  t.equal(removed.statusCode, 204)
})

t.test('the admin token is compared in constant time and any length is refused cleanly', async t => {
  const isAdminToken = tokenMatcher(ADMIN_TOKEN)
  t.equal(isAdminToken(ADMIN_TOKEN), true)
  for (const candidate of ['', 'x', ADMIN_TOKEN.slice(0, -1), `${ADMIN_TOKEN}x`, ADMIN_TOKEN.toUpperCase(), 'ü'.repeat(ADMIN_TOKEN.length), 'x'.repeat(100_000)]) {
    t.equal(isAdminToken(candidate), false, `a ${candidate.length}-character candidate`)
  }
  t.equal(tokenMatcher('')(''), true, 'digested first, so even an empty token compares like any other')
  t.equal(tokenMatcher(undefined)(''), false, 'without an admin token nothing matches')

  const h = await hub(t)
  for (const token of ['a', 'x'.repeat(8000), `${ADMIN_TOKEN} ${ADMIN_TOKEN}`, `${ADMIN_TOKEN}\u0000`]) {
    const res = await h.app.inject({ url: '/api/integrations', headers: { authorization: `Bearer ${token}` } })
    t.equal(res.statusCode, 401, `bearer of ${token.length} characters`)
  }
  const signIn = await h.app.inject({ method: 'POST', url: '/auth/token', payload: { token: 'y'.repeat(1024) } })
  t.equal(signIn.statusCode, 401)
})
