import t from 'tap'
import { PluginRegistry } from '../../../core/runtime/registry.js'
import { createTestHub } from '../../support/hub.js'

const valid = {
  id: 'valid',
  name: 'Valid',
  description: 'A valid plugin.',
  version: '1.0.0',
  schema: { type: 'object', properties: { host: { type: 'string', title: 'Host' } } },
  errors: { DOWN: { message: 'It is down' } },
  async test () {}
}

t.test('refuses a broken definition with a message naming the plugin and the problem', async t => {
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['bad id', { id: 'Not Valid' }, /^Plugin "Not Valid": `id` must be lower-case/],
    ['no name', { name: '' }, /`name` must be a non-empty string/],
    ['bad version', { version: 'one' }, /`version` must be a semver version/],
    ['no test', { test: undefined }, /`test\(config, ctx\)` must be a function/],
    ['schema not an object', { schema: { type: 'string' } }, /`schema` must be a JSON Schema of `type: "object"`/],
    ['unknown keyword', { schema: { type: 'object', properties: { host: { type: 'string', titel: 'Host' } } } }, /settings schema does not compile: strict mode: unknown keyword: "titel"/],
    ['unknown format', { schema: { type: 'object', properties: { host: { type: 'string', format: 'hostnam' } } } }, /unknown format "hostnam"/],
    ['error without message', { errors: { DOWN: {} } }, /error "DOWN" has no message/],
    ['lower-case error code', { errors: { down: { message: 'x' } } }, /error code "down" must be UPPER_SNAKE_CASE/],
    ['action without run', { actions: { go: { title: 'Go', input: { type: 'object' } } } }, /action "go" needs a `title` and a `run` function/],
    ['icon that is not svg', { icon: '<img src=x onerror=alert(1)>' }, /`icon` must be an inline <svg> string/]
  ]
  for (const [name, change, message] of cases) {
    const registry = new PluginRegistry()
    t.throws(() => registry.add({ ...valid, ...change }), { code: 'HUB_ERR_INVALID_PLUGIN', message }, name)
  }
  const registry = new PluginRegistry()
  registry.add(valid)
  t.throws(() => registry.add(valid), { message: /already uses the id "valid"/ }, 'duplicate id')
})

t.test('loads an external plugin from HUB_PLUGINS and serves it like a built-in', async t => {
  const hub = await createTestHub(t, { env: { HUB_PLUGINS: './test/support/fixtures/echo-plugin.ts' } })
  const catalog = await hub.api('GET', '/api/integrations')
  t.ok(catalog.body.integrations.some((entry: { id: string }) => entry.id === 'echo'))
  const rude = await hub.api('PUT', '/api/integrations/echo', { config: { greeting: 'go away' } })
  t.equal(rude.status, 422)
  t.equal(rude.body.message, 'Say hello nicely')
  const saved = await hub.api('PUT', '/api/integrations/echo', { config: { greeting: 'Hello there' } })
  t.equal(saved.status, 201)
})

t.test('a broken external plugin stops start-up with a clear message', async t => {
  await t.rejects(createTestHub(t, { env: { HUB_PLUGINS: './test/support/fixtures/broken-plugin.ts' } }), {
    message: 'Plugin "broken": its settings schema does not compile: strict mode: unknown keyword: "titel"'
  })
  await t.rejects(createTestHub(t, { env: { HUB_PLUGINS: './test/support/fixtures/missing.ts' } }), {
    message: /^Plugin "\.\/test\/support\/fixtures\/missing\.ts": cannot be loaded/
  })
})
