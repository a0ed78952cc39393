/**
 * The widget's files: a path that tries to leave their folder is a 404 in the hub's shape, never a
 * 500 or an error in the log; the source map is served outside production only.
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { buildUi } from '../../../scripts/build-ui.js'
import { createTestHub } from '../../support/hub.js'

if (!existsSync(fileURLToPath(new URL('../../../dist/ui/integration-hub.js', import.meta.url)))) await buildUi()

t.test('escaping paths answer 404 and log nothing above info', async t => {
  const hub = await createTestHub(t, { builtinPlugins: false })
  t.equal((await hub.app.inject('/ui/integration-hub.js')).statusCode, 200, 'the bundle is there')
  for (const url of ['/ui/../package.json', '/ui/%2e%2e/package.json', '/ui/%2E%2E%2Fpackage.json', '/ui/..%5cpackage.json', '/ui/%5c..%5cpackage.json', '/ui/integration-hub.js%00.html', '/ui/no-such-file.js', '/ui/']) {
    const res = await hub.app.inject({ url })
    t.ok(res.statusCode === 404 || res.statusCode === 400, `${url}: ${res.statusCode}`)
    t.match(res.json(), { error: /^HUB_ERR_/, message: String }, `${url}: in the hub's shape`)
    t.notMatch(res.body, /"name"\s*:\s*"integration-hub"/, `${url}: not the package file`)
  }
  t.notOk(hub.logs.some(line => /"level":(40|50|60)/.test(line)), 'no warning or error logged')
})

t.test('the source map is served outside production only', async t => {
  const before = process.env.NODE_ENV
  t.teardown(() => { if (before === undefined) delete process.env.NODE_ENV; else process.env.NODE_ENV = before })
  delete process.env.NODE_ENV
  const development = await createTestHub(t, { builtinPlugins: false })
  t.equal((await development.app.inject('/ui/integration-hub.js.map')).statusCode, 200)
  process.env.NODE_ENV = 'production'
  const production = await createTestHub(t, { builtinPlugins: false })
  t.equal((await production.app.inject('/ui/integration-hub.js.map')).statusCode, 404)
  t.equal((await production.app.inject('/ui/integration-hub.js')).statusCode, 200)
})
