import http from 'node:http'
import type { AddressInfo } from 'node:net'
import t, { type Test } from 'tap'
import { defineAction, defineIntegration } from '../../core/contract/contract.js'
import { assertIntegration, checkIntegration, ContractError, looksSecret, runAction, runConnectionTest } from '../../core/testing.js'
import echo from '../support/fixtures/echo-plugin.js'

/** A plugin that keeps every rule; each test breaks one thing in a copy of it. */
const good = defineIntegration({
  id: 'pager',
  name: 'Pager',
  description: 'Pages the on-call person.',
  version: '1.0.0',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['serviceUrl', 'apiKey'],
    properties: {
      serviceUrl: { type: 'string', title: 'Service URL', format: 'uri' },
      apiKey: { type: 'string', title: 'API Key', writeOnly: true },
      projectKey: { type: 'string', title: 'Project key' },
      tokenUrl: { type: 'string', title: 'Token URL', format: 'uri' }
    }
  },
  errors: {
    AUTH_FAILED: { message: 'Invalid API Key', field: 'apiKey' },
    NO_SUCH_PERSON: { message: 'Nobody is called that', field: 'person' }
  },
  async test (config, ctx) {
    const reply = await ctx.step('Reach the service', async () => await ctx.fetch(`${config.serviceUrl}/me`, { headers: { authorization: `Key ${config.apiKey}` } }))
    if (reply.status === 401) throw ctx.fail('AUTH_FAILED')
  },
  actions: {
    page: defineAction({
      title: 'Page someone',
      input: {
        type: 'object',
        additionalProperties: false,
        required: ['person'],
        properties: { person: { type: 'string', title: 'Person', minLength: 1 } }
      },
      async run (config: { serviceUrl: string, apiKey: string }, input, ctx) {
        const reply = await ctx.fetch(`${config.serviceUrl}/page`, { method: 'POST', body: JSON.stringify(input) })
        return { status: reply.status }
      }
    })
  }
})

const validConfig = { serviceUrl: 'https://pager.example.com', apiKey: 'key-123456' }
const options = { validConfig, actionInputs: { page: { valid: [{ person: 'ada' }], invalid: [{}] } } }

function variant (change: Record<string, unknown>): Record<string, unknown> {
  return { ...good, ...change }
}

const messages = (problems: Array<{ check: string, message: string }>) => problems.map(problem => `[${problem.check}] ${problem.message}`)

/** Exactly one problem, matching `pattern`. */
function onlyProblem (t: Test, problems: Array<{ check: string, message: string }>, pattern: RegExp): void {
  t.equal(problems.length, 1, messages(problems).join('\n'))
  t.match(messages(problems)[0], pattern)
}

t.test('a plugin that keeps the contract has no problem, and assertIntegration resolves', async t => {
  t.strictSame(await checkIntegration(good, options), [])
  t.strictSame(await checkIntegration(echo, { validConfig: { greeting: 'hello' }, invalidConfigs: [{ greeting: '' }, {}] }), [])
  await t.resolves(assertIntegration(good, options))
})

t.test('a definition the registry refuses is reported with the registry’s message', async t => {
  const typo = { ...good.schema, properties: { ...good.schema.properties, region: { type: 'string', title: 'Region', titel: 'Region' } } }
  t.strictSame(messages(await checkIntegration(variant({ schema: typo }), options)), [
    '[registry] Plugin "pager": its settings schema does not compile: strict mode: unknown keyword: "titel"'
  ])
  t.strictSame(messages(await checkIntegration(variant({ errors: { DOWN: {} } }), options)), ['[registry] Plugin "pager": error "DOWN" has no message'])
  onlyProblem(t, await checkIntegration(undefined, options), /^\[registry\] Plugin "checkIntegration": the module’s default export is not an integration definition/)
})

t.test('a secret-like setting that is not writeOnly is named; projectKey and tokenUrl are not secrets', async t => {
  const schema = {
    ...good.schema,
    properties: { ...good.schema.properties, apiKey: { type: 'string', title: 'API Key' }, client_secret: { type: 'string', title: 'Client secret' } }
  }
  const problems = await checkIntegration(variant({ schema }), { ...options, validConfig: { ...validConfig, client_secret: 'shh' } })
  t.strictSame(messages(problems), [
    '[secrets] setting "apiKey" looks like a secret but is not `writeOnly: true`: it would be stored unencrypted and returned by the API',
    '[secrets] setting "client_secret" looks like a secret but is not `writeOnly: true`: it would be stored unencrypted and returned by the API'
  ])
})

t.test('the secret rule: the last word (or two) of the name', async t => {
  for (const name of ['password', 'smtpPassword', 'apiKey', 'api_key', 'API_KEY', 'apikey', 'privateKey', 'clientSecret', 'client-secret', 'accessToken', 'token', 'secretKey', 'signingSecret', 'passphrase', 'credentials']) {
    t.ok(looksSecret(name), `${name} is a secret`)
  }
  for (const name of ['projectKey', 'tokenUrl', 'tokenEndpoint', 'secretName', 'passwordPolicy', 'keyId', 'maxTokens', 'username', 'publicKeyUrl', 'issueKey']) {
    t.notOk(looksSecret(name), `${name} is not a secret`)
  }
})

t.test('an error map field that names no setting nor action input is reported', async t => {
  const problems = await checkIntegration(variant({ errors: { ...good.errors, BAD_HOST: { message: 'Wrong host', field: 'host' } } }), options)
  t.strictSame(messages(problems), ['[errors] error "BAD_HOST" points at field "host", which is neither a setting nor an action input property'])
})

t.test('a setting without a title is reported', async t => {
  const schema = { ...good.schema, properties: { ...good.schema.properties, region: { type: 'string' } } }
  const problems = await checkIntegration(variant({ schema }), options)
  t.strictSame(messages(problems), ['[labels] setting "region" has no `title`: the form would label it "region"'])
})

t.test('settings: validConfig refused, an invalid config accepted, unknown properties accepted', async t => {
  const refused = await checkIntegration(good, { ...options, validConfig: { serviceUrl: 'not a url', apiKey: 'k' } })
  onlyProblem(t, refused, /^\[settings\] validConfig is refused by the settings schema: serviceUrl: Service URL must be a URL/)
  const accepted = await checkIntegration(good, { ...options, invalidConfigs: [{ ...validConfig, projectKey: 'OPS' }] })
  t.strictSame(messages(accepted), ['[settings] invalidConfigs[0] is accepted by the settings schema: it must be refused'])
  const { additionalProperties: _open, ...openSchema } = good.schema
  const open = await checkIntegration(variant({ schema: openSchema }), options)
  onlyProblem(t, open, /^\[settings\] the settings schema accepts an unknown property: set `additionalProperties: false`/)
})

t.test('test() that ignores its signal is reported; one that honours it is not', async t => {
  const hanging = variant({ async test () { await new Promise(() => {}) } })
  const started = performance.now()
  const problems = await checkIntegration(hanging, { validConfig, deadlineMs: 20, graceMs: 1000 })
  t.strictSame(messages(problems), ['[deadline] test() did not settle within 1000 ms after its signal aborted: pass ctx.signal to everything that waits, and use ctx.fetch / ctx.connect'])
  t.ok(performance.now() - started < 5000, 'the check itself does not hang')

  const ownTimer = variant({
    async test (_config: unknown, ctx: { signal: AbortSignal }) {
      await new Promise((_resolve, reject) => {
        const timer = setTimeout(reject, 60_000)
        ctx.signal.addEventListener('abort', () => { clearTimeout(timer); reject(ctx.signal.reason) })
      })
    }
  })
  t.strictSame(await checkIntegration(ownTimer, { validConfig, deadlineMs: 20 }), [])
})

t.test('a code raised through ctx.fail that the error map does not declare is reported', async t => {
  const undeclared = variant({ async test (_config: unknown, ctx: { fail(code: string): Error }) { throw ctx.fail('AUTH_FAILD') } })
  t.strictSame(messages(await checkIntegration(undeclared, options)), [
    '[errors] test() raised code "AUTH_FAILD", which the error map does not declare: the admin would read the generic "unexpected" message'
  ])
  const common = variant({ async test (_config: unknown, ctx: { fail(code: string): Error }) { throw ctx.fail('UNREACHABLE') } })
  t.strictSame(await checkIntegration(common, options), [], 'a common code needs no entry')
})

t.test('actions: unknown input properties, the samples, and a hanging run are reported', async t => {
  const page = good.actions!.page!
  const open = variant({ actions: { page: { ...page, input: { type: 'object', required: ['person'], properties: page.input.properties } } } })
  t.strictSame(messages(await checkIntegration(open, options)), [
    '[actions] action "page" accepts an unknown input property: set `additionalProperties: false` on its input schema, so a misspelt field is refused instead of ignored'
  ])

  const samples = await checkIntegration(good, { validConfig, actionInputs: { page: { valid: [{ person: '' }], invalid: [{ person: 'ada' }] } } })
  t.strictSame(messages(samples), [
    '[actions] action "page" refuses valid input 1: person: Person is required.',
    '[actions] action "page" accepts invalid input 1: its input schema must refuse it'
  ])

  const hanging = variant({ actions: { page: { ...page, async run () { await new Promise(() => {}) } } } })
  t.strictSame(messages(await checkIntegration(hanging, { ...options, deadlineMs: 20, graceMs: 1000 })), [
    '[deadline] action "page" did not settle within 1000 ms after its signal aborted: pass ctx.signal to everything that waits'
  ])
})

t.test('assertIntegration throws one error listing every problem', async t => {
  const schema = { type: 'object', properties: { password: { type: 'string', title: 'Password' }, region: { type: 'string' } } }
  const broken = variant({ schema, errors: { DOWN: { message: 'Down', field: 'host' } }, async test () { await new Promise(() => {}) }, actions: undefined })
  const error = await assertIntegration(broken, { validConfig: { password: 'x' }, deadlineMs: 20, graceMs: 100 }).then(() => undefined, (caught: unknown) => caught)
  t.ok(error instanceof ContractError)
  t.equal((error as ContractError).message, [
    'Plugin "pager" breaks the integration contract:',
    '- [labels] setting "region" has no `title`: the form would label it "region"',
    '- [secrets] setting "password" looks like a secret but is not `writeOnly: true`: it would be stored unencrypted and returned by the API',
    '- [errors] error "DOWN" points at field "host", which is neither a setting nor an action input property',
    '- [settings] the settings schema accepts an unknown property: set `additionalProperties: false` (at the root, or in each `oneOf` alternative), so a misspelt setting is refused instead of stored',
    '- [deadline] test() did not settle within 100 ms after its signal aborted: pass ctx.signal to everything that waits, and use ctx.fetch / ctx.connect'
  ].join('\n'))
  t.equal((error as ContractError).problems.length, 5)
})

t.test('runConnectionTest and runAction answer what the admin would read, through the real outbound client', async t => {
  const server = http.createServer((request, response) => {
    if (request.headers.authorization !== 'Key key-123456') response.writeHead(401).end()
    else if (request.url === '/page') response.writeHead(202).end()
    else response.writeHead(200, { 'content-type': 'application/json' }).end('{}')
  })
  server.listen(0, '127.0.0.1')
  await new Promise(resolve => server.once('listening', resolve))
  t.teardown(() => server.close())
  const serviceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  const passed = await runConnectionTest(good, { serviceUrl, apiKey: 'key-123456' })
  t.match(passed, { ok: true, message: 'Connection successful.', steps: [{ label: 'Reach the service', ok: true }] })
  const refused = await runConnectionTest(good, { serviceUrl, apiKey: 'wrong-key' })
  t.match(refused, { ok: false, code: 'AUTH_FAILED', message: 'Invalid API Key', field: 'apiKey' })
  const blocked = await runConnectionTest(good, { serviceUrl, apiKey: 'key-123456' }, { allowPrivateNetwork: false })
  t.match(blocked, { ok: false, code: 'ADDRESS_BLOCKED', message: /^This address is not allowed/ })
  await t.rejects(runConnectionTest(good, { serviceUrl: 'nope', apiKey: 'k' }), { message: /^the settings are refused by the schema: serviceUrl: Service URL must be a URL/ })

  const paged = await runAction(good, { serviceUrl, apiKey: 'key-123456' }, 'page', { person: 'ada' })
  t.same(paged, { ok: true, value: { status: 401 } }, 'the action ran (this plugin sends no key on /page)')
  await t.rejects(runAction(good, { serviceUrl, apiKey: 'k' }, 'page', {}), { message: 'the input is refused by the schema of action "page": person: Person is required.' })
})
