/**
 * References in provisioning strings: environment variables, files, sealed values, the `$${`
 * escape; what a failed one says names the reference, never a value.
 */
/* eslint-disable no-template-curly-in-string -- provisioning references are written ${env:NAME}: these strings hold references, not templates */
import { generateKeyPairSync } from 'node:crypto'
import t from 'tap'
import { escapeText, resolveReferences } from '../../../core/provisioning/references.js'
import { privateSealingKey, publicSealingKey, sealValue } from '../../../core/provisioning/sealed.js'

t.test('references resolve inside any string, anywhere in the value', async t => {
  const dir = t.testdir({ token: 'from-a-file\n', crlf: 'windows\r\n', two: 'keeps one\n\n' })
  const resolved = await resolveReferences({
    a: '${env:A}',
    list: ['https://${env:HOST}:${env:PORT}/x', 'plain', 7, true, null],
    nested: { file: '${file:token}', absolute: `\${file:${dir}/crlf}`, two: '${file:two}' },
    escaped: '$${env:A} and $$${env:A}'
  }, { env: { A: 'alpha', HOST: 'example.com', PORT: '8443' }, baseDir: dir })
  t.same(resolved.problems, [])
  t.same(resolved.value, {
    a: 'alpha',
    list: ['https://example.com:8443/x', 'plain', 7, true, null],
    nested: { file: 'from-a-file', absolute: 'windows', two: 'keeps one\n' },
    escaped: '${env:A} and $${env:A}'
  })
  t.same([...resolved.referenced].sort(), ['a', 'list.0', 'nested.absolute', 'nested.file', 'nested.two'], 'an escape is no reference')
})

t.test('escapeText makes any text read back as itself', async t => {
  for (const text of ['${env:A}', '$${', 'cost: $5', '$$${x}', 'a}b${']) {
    const { value, problems } = await resolveReferences(escapeText(text), { env: { A: 'no', x: 'no' }, baseDir: '/' })
    t.same(problems, [])
    t.equal(value, text)
  }
})

t.test('each failure names its reference and path, and no value', async t => {
  const dir = t.testdir({ folder: {} })
  const { problems } = await resolveReferences({
    missing: '${env:NOT_SET}',
    badName: '${env:not-a-name}',
    noFile: '${file:nope}',
    folder: '${file:folder}',
    unknown: '${vault:secret/x}',
    bare: '${just-text}',
    open: 'secret-prefix ${env:A',
    sealed: '${sealed:x25519.abc.def.ghi.jkl}'
  }, { env: { A: 'alpha' }, baseDir: dir })
  t.same(problems.map(problem => `${problem.path.join('.')}: ${problem.message}`), [
    'missing: the environment variable NOT_SET is not set',
    'badName: ${env:not-a-name} does not name an environment variable (letters, digits and _)',
    'noFile: ${file:nope}: no such file',
    'folder: ${file:folder}: is not a file',
    'unknown: a "${" starts no known reference: write ${env:NAME}, ${file:/path} or ${sealed:…}, and $${ for a literal ${',
    'bare: a "${" starts no known reference: write ${env:NAME}, ${file:/path} or ${sealed:…}, and $${ for a literal ${',
    'open: a reference is not closed with "}" (write $${ for a literal ${)',
    'sealed: a ${sealed:…} value needs the private key it was sealed for (--decrypt-with key.pem)'
  ])
  t.notMatch(JSON.stringify(problems), 'secret-prefix')
})

t.test('sealed values open with the private key', async t => {
  const pair = generateKeyPairSync('x25519')
  const recipient = publicSealingKey(pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(), 'public.pem')
  const privateKey = privateSealingKey(pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'key.pem')
  const { value, problems } = await resolveReferences({ token: `\${sealed:${sealValue('the-token', recipient)}}` }, { env: {}, baseDir: '/', privateKey })
  t.same(problems, [])
  t.same(value, { token: 'the-token' })
  const wrong = privateSealingKey(generateKeyPairSync('x25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'other.pem')
  const refused = await resolveReferences({ token: `\${sealed:${sealValue('the-token', recipient)}}` }, { env: {}, baseDir: '/', privateKey: wrong })
  t.match(refused.problems[0]!.message, /^the \$\{sealed:…\} value was sealed for key \S+, not for the given key/)
})
