/**
 * Abuse limits: sign-in and session routes rate-limited per address, bodies bounded in size and
 * depth, connection tests and actions bounded in number at once and in time, and requests the
 * router itself refuses answered in the hub's shape.
 */
import t, { type Test } from 'tap'
import { defineIntegration } from '../../../core/contract/contract.js'
import { GUESS_DELAY_MS, guessBucket } from '../../../core/http/authenticate.js'
import { ACTION_BODY_LIMIT } from '../../../core/http/routes/integrations.js'
import { digest } from '../../../core/security/admin-token.js'
import { MemoryStore } from '../../../core/storage/memory.js'
import { ADMIN_TOKEN, createTestHub, type TestHubOptions } from '../../support/hub.js'

/** A plugin whose tests and actions wait until the test lets them go (or forever, for "hang"). */
function gatedPlugin () {
  const waiting: Array<() => void> = []
  const plugin = defineIntegration({
    id: 'gate',
    name: 'Gate',
    description: 'Waits for the test to open it.',
    version: '1.0.0',
    schema: { type: 'object', additionalProperties: false, required: ['mode'], properties: { mode: { type: 'string', title: 'Mode' } } },
    errors: {},
    async test (config) {
      if (config.mode === 'instant') return
      await new Promise<void>(resolve => waiting.push(resolve))
    },
    actions: {
      wait: {
        title: 'Wait',
        input: { type: 'object', additionalProperties: false, properties: { hang: { type: 'boolean', title: 'Hang' } } },
        async run (_config, input: { hang?: boolean }) {
          await new Promise<void>(resolve => { if (input.hang !== true) waiting.push(resolve) })
          return { done: true }
        }
      }
    }
  })
  return {
    plugin,
    waiting: () => waiting.length,
    open: () => { for (const release of waiting.splice(0)) release() }
  }
}

async function until (condition: () => boolean): Promise<void> {
  const started = Date.now()
  while (!condition()) {
    if (Date.now() - started > 5000) throw new Error('timed out waiting')
    await new Promise(resolve => setTimeout(resolve, 5))
  }
}

async function hub (t: Test, options: TestHubOptions = {}) {
  // In memory: hundreds of rate-limit counters would otherwise each cost a disk write.
  const store = new MemoryStore()
  t.teardown(() => store.close())
  return await createTestHub(t, { builtinPlugins: false, store, ...options })
}

const rateLimited = { error: 'HUB_ERR_RATE_LIMITED', message: /^Too many requests; try again in \d+ s\.$/ }

t.test('sign-in with the admin token: 10 tries a minute per address, then 429 even for the right token', async t => {
  const h = await hub(t)
  const signIn = async (token: string, remoteAddress = '198.51.100.7') => await h.app.inject({ method: 'POST', url: '/auth/token', payload: { token }, remoteAddress })
  for (let i = 0; i < 10; i++) t.equal((await signIn(`guess-${i}`)).statusCode, 401, `guess ${i + 1}`)
  const limited = await signIn(ADMIN_TOKEN)
  t.equal(limited.statusCode, 429)
  t.match(limited.json(), rateLimited)
  t.notOk(limited.cookies.some(cookie => cookie.name === 'hub_session'), 'no session while limited')
  t.ok(Number(limited.headers['retry-after']) > 0, 'Retry-After says when')
  t.equal((await signIn(ADMIN_TOKEN, '198.51.100.8')).statusCode, 204, 'another address is counted on its own')
})

/** A wrong token whose digest falls in (or out of) the bucket of `token`'s. */
function junk (token: string, sameBucket: boolean): string {
  const bucket = guessBucket(digest(token))
  for (let i = 0; ; i++) if ((guessBucket(digest(`junk-${i}`)) === bucket) === sameBucket) return `junk-${i}`
}

t.test('wrong tokens slow their digest bucket down for that address, and the right token is never refused', async t => {
  const h = await hub(t)
  const list = async (token: string, remoteAddress = '198.51.100.20') => {
    const started = performance.now()
    const res = await h.app.inject({ url: '/api/integrations', headers: { authorization: `Bearer ${token}` }, remoteAddress })
    return { status: res.statusCode, body: res.json(), ms: performance.now() - started }
  }
  const elsewhere = junk(ADMIN_TOKEN, false)
  for (let i = 0; i < 10; i++) t.equal((await list(elsewhere)).status, 401, `guess ${i + 1}`)
  const limited = await list(elsewhere)
  t.equal(limited.status, 429)
  t.match(limited.body, rateLimited)
  t.ok(limited.ms >= GUESS_DELAY_MS * 0.95, `and only after ${GUESS_DELAY_MS} ms`)
  const right = await list(ADMIN_TOKEN)
  t.equal(right.status, 200, 'the right token in another bucket works at once')
  t.ok(right.ms < GUESS_DELAY_MS / 2)

  const alongside = junk(ADMIN_TOKEN, true)
  for (let i = 0; i < 10; i++) await list(alongside)
  const slowed = await list(ADMIN_TOKEN)
  t.equal(slowed.status, 200, 'junk in the right token’s own bucket slows it down but does not refuse it')
  t.ok(slowed.ms >= GUESS_DELAY_MS * 0.95)
  t.equal((await list(elsewhere, '198.51.100.21')).status, 401, 'another address is not slowed down')

  const signIn = await h.app.inject({ method: 'POST', url: '/auth/token', payload: { token: elsewhere }, remoteAddress: '198.51.100.20' })
  t.equal(signIn.statusCode, 429, 'signing in counts against the same guesses: it is no second way in')
  const rightSignIn = await h.app.inject({ method: 'POST', url: '/auth/token', payload: { token: ADMIN_TOKEN }, remoteAddress: '198.51.100.20' })
  t.equal(rightSignIn.statusCode, 204)
})

t.test('regression: each route has its own counters', async t => {
  const gate = gatedPlugin()
  const h = await hub(t, { plugins: [gate.plugin] })
  for (let i = 0; i < 10; i++) await h.app.inject({ method: 'POST', url: '/auth/token', payload: { token: 'guess' } })
  t.equal((await h.app.inject({ method: 'POST', url: '/auth/token', payload: { token: 'guess' } })).statusCode, 429)
  t.equal((await h.app.inject('/auth/me')).statusCode, 401, 'sign-in guesses do not use up /auth/me')
  for (let i = 0; i < 30; i++) await h.api('POST', '/api/integrations/gate/test', { config: { mode: 'instant' } })
  t.equal((await h.api('POST', '/api/integrations/gate/test', { config: { mode: 'instant' } })).status, 429)
  t.equal((await h.api('PUT', '/api/integrations/gate', { config: { mode: 'instant' } })).status, 201, 'tests do not use up saves')
  const action = h.api('POST', '/api/integrations/gate/actions/wait', {})
  await until(() => gate.waiting() === 1)
  gate.open()
  t.equal((await action).status, 200, 'nor actions')
})

t.test('/auth/me, /auth/options and /auth/logout are rate-limited per address', async t => {
  const h = await hub(t)
  const routes = [['GET', '/auth/me', 401], ['GET', '/auth/options', 200], ['POST', '/auth/logout', 204]] as const
  for (const [method, url, status] of routes) {
    const statuses = new Set<number>()
    for (let i = 0; i < 120; i++) statuses.add((await h.app.inject({ method, url, remoteAddress: '203.0.113.9' })).statusCode)
    t.same([...statuses], [status], `${method} ${url}: 120 a minute are served`)
    const limited = await h.app.inject({ method, url, remoteAddress: '203.0.113.9' })
    t.equal(limited.statusCode, 429, `${method} ${url}: then refused`)
    t.match(limited.json(), rateLimited)
    t.equal((await h.app.inject({ method, url, remoteAddress: '203.0.113.10' })).statusCode, status, `${method} ${url}: other addresses are not`)
  }
})

t.test('bodies over 256 KB are refused with 413 on every route that reads one, action inputs over 16 MB', async t => {
  const h = await hub(t, { plugins: [gatedPlugin().plugin] })
  const big = JSON.stringify({ token: 'x'.repeat(300_000) })
  const huge = JSON.stringify({ token: 'x'.repeat(ACTION_BODY_LIMIT + 1) })
  for (const [url, headers, payload] of [
    ['/auth/token', {}, big],
    ['/api/integrations/gate/test', { authorization: `Bearer ${ADMIN_TOKEN}` }, big],
    ['/api/integrations/gate/actions/wait', { authorization: `Bearer ${ADMIN_TOKEN}` }, huge]
  ] as const) {
    const res = await h.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json', ...headers }, payload })
    t.equal(res.statusCode, 413, url)
    t.same(res.json(), { error: 'HUB_ERR_BODY_TOO_LARGE', message: 'The request body is too large.' }, url)
  }
  const mail = await h.app.inject({ method: 'POST', url: '/api/integrations/gate/actions/wait', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` }, payload: big })
  t.not(mail.statusCode, 413, 'an action input of a few hundred KB (a mail with an attachment) is read')
})

t.test('regression: deeply nested bodies are a 400, not a stack overflow', async t => {
  const h = await hub(t, { plugins: [gatedPlugin().plugin] })
  await h.api('PUT', '/api/integrations/gate', { config: { mode: 'instant' } })
  const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth)
  const cases: Array<[string, string, string]> = [
    ['PUT', '/api/integrations/gate', `{"config":{"mode":${nested(100_000)}}}`],
    ['PUT', '/api/integrations/gate', `{"config":${'{"a":'.repeat(30_000)}1${'}'.repeat(30_000)}}`],
    ['PUT', '/api/integrations/gate', `{"config":${'{"constructor":'.repeat(15_000)}1${'}'.repeat(15_000)}}`],
    ['POST', '/api/integrations/gate/test', `{"config":{"mode":${nested(100_000)}}}`],
    ['POST', '/api/integrations/gate/actions/wait', `{"hang":${nested(100_000)}}`],
    ['POST', '/auth/token', `{"token":${nested(100_000)}}`]
  ]
  for (const [method, url, payload] of cases) {
    const res = await h.app.inject({ method: method as 'POST', url, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, payload })
    t.equal(res.statusCode, 400, `${method} ${url}`)
    t.equal(res.json().error, 'HUB_ERR_MALFORMED_BODY', `${method} ${url}`)
  }
  const sixtyLevels = JSON.parse(`{"config":{"mode":"instant","x":${nested(60)}}}`)
  t.equal((await h.api('POST', '/api/integrations/gate/test', sixtyLevels)).status, 400, 'a body within the depth limit reaches validation')
  t.equal((await h.api('POST', '/api/integrations/gate/test', sixtyLevels)).body.error, 'HUB_ERR_VALIDATION')
  t.equal((await h.api('GET', '/api/integrations/gate')).body.version, 1, 'nothing changed')
  t.notOk(h.logs.some(line => line.includes('"level":50')), 'no error was logged')
})

t.test('a handler that ignores its deadline is answered in time, and keeps its run slot until it ends', async t => {
  const gate = gatedPlugin()
  const h = await hub(t, { plugins: [gate.plugin], maxConcurrentRuns: 1, timeoutMs: 300 })
  const started = Date.now()
  const late = await h.api('POST', '/api/integrations/gate/test', { config: { mode: 'wait' } })
  t.equal(late.body.code, 'TIMEOUT', 'the admin gets the deadline answer')
  t.ok(Date.now() - started < 2000, 'in time')
  t.equal(gate.waiting(), 1, 'while the handler, which ignores its signal, still runs')
  const meanwhile = await h.api('POST', '/api/integrations/gate/test', { config: { mode: 'instant' } })
  t.equal(meanwhile.status, 503, 'so the cap still counts it')
  t.equal(meanwhile.body.error, 'HUB_ERR_BUSY')
  t.ok(h.logs.some(line => line.includes('ignored its deadline')), 'and the log says why')
  gate.open()
  await until(() => gate.waiting() === 0)
  await new Promise(resolve => setImmediate(resolve))
  t.equal((await h.api('POST', '/api/integrations/gate/test', { config: { mode: 'instant' } })).status, 200, 'once it ends, its slot is free')
})

t.test('more runs at once than the cap are refused with 503 HUB_ERR_BUSY, and the cap frees up', async t => {
  const gate = gatedPlugin()
  const h = await hub(t, { plugins: [gate.plugin], maxConcurrentRuns: 2 })
  await h.api('PUT', '/api/integrations/gate', { config: { mode: 'instant' } })
  const running = [
    h.api('POST', '/api/integrations/gate/test', { config: { mode: 'wait' } }),
    h.api('POST', '/api/integrations/gate/actions/wait', {})
  ]
  await until(() => gate.waiting() === 2)
  const busy = { error: 'HUB_ERR_BUSY', message: 'The hub is already running as many connection tests as it allows; try again in a moment.' }
  const test = await h.api('POST', '/api/integrations/gate/test', { config: { mode: 'instant' } })
  t.equal(test.status, 503)
  t.same(test.body, busy)
  const action = await h.api('POST', '/api/integrations/gate/actions/wait', {})
  t.equal(action.status, 503)
  t.same(action.body, busy)
  const save = await h.api('PUT', '/api/integrations/gate', { config: { mode: 'instant' }, version: 1 })
  t.equal(save.status, 503, 'a save runs a test too')
  t.equal((await h.api('GET', '/api/integrations/gate')).body.version, 1, 'and stored nothing')

  gate.open()
  const [first, second] = await Promise.all(running)
  t.equal(first!.body.ok, true)
  t.same(second!.body, { done: true })
  t.equal((await h.api('POST', '/api/integrations/gate/test', { config: { mode: 'instant' } })).status, 200, 'slots are given back')
})

t.test('an action that never answers is cut off at the deadline (504); its slot is given back two deadlines later', async t => {
  const gate = gatedPlugin()
  const h = await hub(t, { plugins: [gate.plugin], maxConcurrentRuns: 1, timeoutMs: 200 })
  await h.api('PUT', '/api/integrations/gate', { config: { mode: 'instant' } })
  const started = Date.now()
  const res = await h.api('POST', '/api/integrations/gate/actions/wait', { hang: true })
  t.equal(res.status, 504)
  t.equal(res.body.error, 'HUB_ERR_REMOTE_TIMEOUT')
  t.equal(res.body.message, 'The service did not answer within 0.2 s.')
  t.ok(Date.now() - started < 1500)
  t.equal((await h.api('POST', '/api/integrations/gate/test', {})).status, 503, 'it still runs, so it still counts')
  await new Promise(resolve => setTimeout(resolve, 500))
  t.equal((await h.api('POST', '/api/integrations/gate/test', {})).status, 200, 'never ending, it is abandoned and the one slot is free again')
  t.ok(h.logs.some(line => line.includes('its run slot is given back')), 'with an error in the log')
})

t.test('regression: paths the router refuses are answered in the hub’s shape', async t => {
  const h = await hub(t)
  for (const url of ['/%zz', '/api/integrations/%E0%A4%A', `/api/integrations/${'a'.repeat(200)}`]) {
    const res = await h.api('GET', url)
    t.equal(res.status, 400, url)
    t.equal(res.body.error, 'HUB_ERR_VALIDATION', url)
    t.type(res.body.message, 'string', url)
  }
})
