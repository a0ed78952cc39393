/**
 * What a provisioning file declares, and what it says when it is wrong: file and line, the field in
 * the words of the settings form, and never a secret value.
 */
/* eslint-disable no-template-curly-in-string -- provisioning references are written ${env:NAME}: these strings hold references, not templates */
import t from 'tap'
import beacon from '../../support/fixtures/beacon-plugin.js'
import { readDeclaration, type Declaration } from '../../../core/provisioning/declaration.js'
import { describeProblem, isError } from '../../../core/provisioning/problems.js'
import { readSource } from '../../../core/provisioning/source.js'
import { PluginRegistry } from '../../../core/runtime/registry.js'

const registry = new PluginRegistry()
registry.add(beacon)

async function declare (dir: string, file = 'hub.yaml', env: Record<string, string> = {}): Promise<{ declaration: Declaration, lines: string[] }> {
  const declaration = await readDeclaration(await readSource(file, dir), { registry, env })
  const problems = [...declaration.problems, ...declaration.connections.flatMap(entry => entry.problems), ...declaration.webhooks.flatMap(entry => entry.problems), ...declaration.workspaces.flatMap(entry => entry.problems)]
  return { declaration, lines: problems.map(problem => `${problem.level}: ${describeProblem(problem)}`) }
}

t.test('a well-formed file: defaults filled in, references resolved, nothing to say', async t => {
  const dir = t.testdir({
    'hub.yaml': [
      'workspaces:',
      '  - id: acme',
      '    name: Acme Corp',
      'connections:',
      '  - integration: beacon',
      '    settings:',
      '      serviceUrl: https://beacon.example.com',
      '      token: ${env:BEACON_TOKEN}',
      '  - workspace: acme',
      '    integration: beacon',
      '    name: staging',
      '    settings:',
      '      serviceUrl: https://beacon.example.com',
      '      token: ${file:secrets/token}',
      '      label: costs $${ten}',
      ''
    ].join('\n'),
    secrets: { token: 'from-a-file\n' }
  })
  const { declaration, lines } = await declare(dir, 'hub.yaml', { BEACON_TOKEN: 'from-the-env' })
  t.same(lines, [])
  t.same(declaration.workspaces.map(entry => [entry.id, entry.name, entry.line]), [['acme', 'Acme Corp', 2]])
  t.same(declaration.connections.map(entry => [entry.workspace, entry.integration, entry.connection, entry.line]), [['default', 'beacon', 'default', 5], ['acme', 'beacon', 'staging', 9]])
  t.equal(declaration.connections[0]!.config.token, 'from-the-env')
  t.equal(declaration.connections[1]!.config.token, 'from-a-file', 'the trailing newline is trimmed')
  t.equal(declaration.connections[1]!.config.label, 'costs ${ten}', '$${ is a literal ${')
  t.equal(declaration.connections[1]!.file.path, `${dir}/hub.yaml`)
})

t.test('field problems name the file, the line and the field, in the words of the form', async t => {
  const dir = t.testdir({
    'hub.yaml': [
      'connections:',
      '  - integration: beacon',
      '    settings:',
      '      serviceUrl: not a url',
      '      token: ${env:BEACON_TOKEN}',
      '      tokn: typo',
      '  - integration: beacn',
      '    name: other',
      ''
    ].join('\n')
  })
  const { declaration, lines } = await declare(dir, 'hub.yaml', { BEACON_TOKEN: 'x' })
  t.same(lines, [
    'error: hub.yaml:6: beacon.tokn: “tokn” is not a known setting.',
    'error: hub.yaml:4: beacon.serviceUrl: Service URL must be a URL such as https://example.com.',
    'error: hub.yaml:7: beacn/other: there is no integration "beacn" (this hub has: beacon)'
  ])
  t.notOk(declaration.problems.some(isError), 'they concern their entries, not the whole file')
})

t.test('a missing variable or file is named, with its line; the entry fails alone', async t => {
  const dir = t.testdir({
    'hub.yaml': [
      'connections:',
      '  - integration: beacon',
      '    settings:',
      '      serviceUrl: https://beacon.example.com',
      '      token: ${env:NOT_SET}',
      '  - integration: beacon',
      '    name: second',
      '    settings:',
      '      serviceUrl: https://beacon.example.com',
      '      token: ${file:/run/secrets/not-there}',
      '  - integration: beacon',
      '    name: third',
      '    settings:',
      '      serviceUrl: https://beacon.example.com',
      '      token: ${vault:x} and ${env:UNCLOSED',
      ''
    ].join('\n')
  })
  const { declaration, lines } = await declare(dir)
  t.same(lines, [
    'error: hub.yaml:5: beacon.token: the environment variable NOT_SET is not set',
    'error: hub.yaml:10: beacon/second.token: ${file:/run/secrets/not-there}: no such file',
    'error: hub.yaml:15: beacon/third.token: a "${" starts no known reference: write ${env:NAME}, ${file:/path} or ${sealed:…}, and $${ for a literal ${'
  ])
  t.equal(declaration.connections.length, 3, 'each is still declared (so never released or pruned for it)')
})

t.test('a YAML syntax error is reported by line, without quoting the line', async t => {
  const settings = (token: string): string => ['connections:', '  - integration: beacon', '    settings:', `      token: ${token}`, '      serviceUrl: https://x', ''].join('\n')
  const dir = t.testdir({ 'hub.yaml': settings('written-in-clear: secret'), 'open.yaml': settings('"unclosed-secret') })
  const { declaration, lines } = await declare(dir)
  t.ok(declaration.problems.some(isError))
  t.same(lines, ['error: hub.yaml:4: not valid YAML or JSON: Nested mappings are not allowed in compact mappings'])
  t.same(declaration.connections, [], 'nothing is declared')
  const unclosed = await declare(dir, 'open.yaml')
  t.same(unclosed.lines, ['error: open.yaml:6: not valid YAML or JSON: Missing closing "quote'], 'where the parser found the end of the file')
  t.notMatch([...lines, ...unclosed.lines].join('\n'), /secret/)
})

t.test('what hides which things the file declares stops the whole source', async t => {
  const dir = t.testdir({
    'hub.yaml': [
      'connections:',
      '  - integration: beacon',
      '    nmae: staging',
      '    settings: { serviceUrl: "https://x", token: "${env:T}" }',
      '  - integration: beacon',
      '    settings: { serviceUrl: "https://x", token: "${env:T}" }',
      '  - integration: beacon',
      '    settings: { serviceUrl: "https://y", token: "${env:T}" }',
      '  - workspace: ${env:NO_WORKSPACE}',
      '    integration: beacon',
      'hooks: []',
      ''
    ].join('\n')
  })
  const { declaration, lines } = await declare(dir, 'hub.yaml', { T: 'x' })
  t.same(lines, [
    'error: hub.yaml:3: “nmae” is not a known setting.',
    'error: hub.yaml:9: the environment variable NO_WORKSPACE is not set',
    'error: hub.yaml:11: “hooks” is not a known setting.'
  ])
  t.ok(declaration.problems.every(isError))

  const duplicates = t.testdir({
    'hub.yaml': [
      'connections:',
      '  - integration: beacon',
      '    settings: { serviceUrl: "https://x", token: "${env:T}" }',
      '  - integration: beacon',
      '    name: default',
      '    settings: { serviceUrl: "https://y", token: "${env:T}" }',
      ''
    ].join('\n')
  })
  t.same((await declare(duplicates, 'hub.yaml', { T: 'x' })).lines, ['error: hub.yaml:4: beacon: declared twice (first at hub.yaml:2)'])
})

t.test('a secret written in clear is accepted, with a warning naming the field', async t => {
  const dir = t.testdir({
    'hub.yaml': 'connections:\n  - integration: beacon\n    settings:\n      serviceUrl: https://x.example.com\n      token: in-clear-0123\n'
  })
  const { declaration, lines } = await declare(dir)
  t.same(lines, ['warning: hub.yaml:5: beacon.token: a secret is written in clear in the file; write a reference instead, such as ${env:NAME} or ${file:/run/secrets/name}'])
  t.equal(declaration.connections[0]!.config.token, 'in-clear-0123')
  t.notMatch(lines.join('\n'), 'in-clear-0123')
})

t.test('JSON files, and a folder of files, each entry knowing its file and line', async t => {
  const dir = t.testdir({
    provision: {
      'a.json': JSON.stringify({ connections: [{ integration: 'beacon', settings: { serviceUrl: 'https://a.example.com', token: '${env:T}' } }] }, null, 2),
      'b.yaml': 'connections:\n  - integration: beacon\n    name: b\n    settings:\n      serviceUrl: bad\n      token: ${env:T}\n',
      'notes.txt': 'not read',
      '.hidden.yaml': 'not: read'
    }
  })
  const { declaration, lines } = await declare(dir, 'provision', { T: 'x' })
  t.equal(declaration.source.folder, true)
  t.same(declaration.source.files.map(file => file.shown), ['provision/a.json', 'provision/b.yaml'])
  t.same(declaration.connections.map(entry => [entry.file.shown, entry.line]), [['provision/a.json', 3], ['provision/b.yaml', 2]])
  t.same(lines, ['error: provision/b.yaml:5: beacon/b.serviceUrl: Service URL must be a URL such as https://example.com.'])
})

t.test('webhooks: name, http(s) URL, a non-empty list of events a webhook may ask for, and a signing secret, each checked', async t => {
  const dir = t.testdir({
    'hub.yaml': [
      'webhooks:',
      '  - name: alerts',
      '    url: https://hooks.example.com/in',
      '    events: [connection.failing, connection.changed]',
      '    secret: ${env:HOOK_SECRET}',
      '  - name: other',
      '    url: ftp://hooks.example.com/in',
      '    events: []',
      '  - name: third',
      '    url: https://hooks.example.com/in',
      '    events: [connection.exploded, ping]',
      '    secret: ${env:NOT_SET}',
      '  - name: fourth',
      '    url: https://hooks.example.com/in',
      '    events: [action.failed]',
      '    secret: whsec_not-base64',
      ''
    ].join('\n')
  })
  const secret = `whsec_${Buffer.alloc(32, 3).toString('base64')}`
  const { declaration, lines } = await declare(dir, 'hub.yaml', { HOOK_SECRET: secret })
  t.same(declaration.webhooks.map(entry => [entry.name, entry.events]), [['alerts', ['connection.failing', 'connection.changed']], ['other', []], ['third', ['connection.exploded', 'ping']], ['fourth', ['action.failed']]])
  t.equal(declaration.webhooks[0]!.secret, secret, 'the reference resolved')
  t.same(lines, [
    'error: hub.yaml:6: webhook other.secret: Signing secret is required.',
    'error: hub.yaml:7: webhook other.url: URL is not in the expected format.',
    'error: hub.yaml:8: webhook other.events: Events needs at least 1 entry.',
    'error: hub.yaml:11: webhook third.events.0: Events, entry 1 must be one of: connection.failing, connection.recovered, credential.expiring, connection.changed, action.completed, action.failed.',
    'error: hub.yaml:11: webhook third.events.1: Events, entry 2 must be one of: connection.failing, connection.recovered, credential.expiring, connection.changed, action.completed, action.failed.',
    'error: hub.yaml:12: webhook third.secret: the environment variable NOT_SET is not set',
    'error: hub.yaml:16: webhook fourth.secret: Signing secret must be whsec_ and the base64 of 24 to 64 random bytes, as Standard Webhooks specifies (make one with: echo "whsec_$(openssl rand -base64 32)").'
  ], 'ping is sent only by a test: no webhook asks for it')

  const badName = t.testdir({ 'hub.yaml': 'webhooks:\n  - name: Alerts!\n    url: https://x.example.com\n    events: [action.failed]\n    secret: ${env:S}\n' })
  t.same((await declare(badName, 'hub.yaml', { S: secret })).lines, ['error: hub.yaml:2: Webhook name is not in the expected format.'], 'a name is an identity: the whole file stops')
})

t.test('a file that does not exist', async t => {
  const { lines } = await declare(t.testdir(), 'missing.yaml')
  t.same(lines, ['error: missing.yaml: no such file or folder'])
})
