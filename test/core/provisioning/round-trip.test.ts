/**
 * One real plugin end to end, as an operator runs it: an SMTP connection declared in a file with its
 * password in a secrets file, applied by `hub apply` against a real SMTP server, served managed by the
 * running hub (which may still send mail with it), exported sealed to a public key and imported into a
 * fresh data folder with the private key — where it passes its test. Exported with references, it
 * imports too. No output, log or exported file ever holds the password.
 */
/* eslint-disable no-template-curly-in-string -- provisioning references are written ${env:NAME}: these strings hold references, not templates */
import { generateKeyPairSync } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import t from 'tap'
import { testCertificates } from '../../support/peers/certificates.js'
import { startSmtpPeer } from '../../support/peers/smtp.js'
import { baseEnv, hub, startHub, type Ran } from '../../support/processes.js'

const EMAIL = 'mailer@example.com'
const PASSWORD = 'right-password'

t.test('SMTP: apply, serve managed, export sealed, import elsewhere, test', async t => {
  const smtp = await startSmtpPeer({ users: { [EMAIL]: PASSWORD } })
  t.teardown(() => smtp.close())
  const pair = generateKeyPairSync('x25519')
  const dir = t.testdir({
    'ca.pem': (await testCertificates()).ca,
    'public.pem': pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    'key.pem': pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    secrets: { 'smtp-password': `${PASSWORD}\n` },
    'hub.yaml': [
      'connections:',
      '  - integration: smtp',
      '    settings:',
      '      host: 127.0.0.1',
      `      port: ${smtp.port}`,
      `      email: ${EMAIL}`,
      '      password: ${file:secrets/smtp-password}',
      '      senderName: Alerts',
      ''
    ].join('\n'),
    one: {},
    two: {},
    three: {}
  })
  const env = (folder: string, extra: Record<string, string> = {}): Record<string, string> => baseEnv(path.join(dir, folder), { HUB_CA_FILE: path.join(dir, 'ca.pem'), ...extra })
  const provision = path.join(dir, 'hub.yaml')
  const seen: Ran[] = []
  const run = async (args: string[], environment: Record<string, string>): Promise<Ran> => {
    const ran = await hub(args, environment)
    seen.push(ran)
    return ran
  }

  const applied = await run(['apply', provision], env('one'))
  t.equal(applied.status, 0, applied.stdout + applied.stderr)
  t.match(applied.stdout, /^ {2}created {4}smtp \(tested: .+\)\n/)
  t.same(smtp.logins, [{ user: EMAIL, ok: true }], 'tested against the server before it was stored')
  t.equal((await run(['plan', provision], env('one'))).status, 0, 'nothing left to change')
  t.equal(smtp.logins.length, 1, 'and not tested again')

  const served = await startHub(t, env('one', { HUB_PROVISION: provision }))
  t.match(served.output(), `Provisioning: Applied ${provision}: 1 unchanged.`)
  const read = await served.request('GET', '/api/integrations/smtp')
  t.same(read.body.managed, { file: provision })
  t.same(read.body.secretsSet, ['password'])
  t.equal((await served.request('PUT', '/api/integrations/smtp', { config: { host: '127.0.0.1', port: smtp.port, email: EMAIL, password: 'x' } })).status, 409)
  const sent = await served.request('POST', '/api/integrations/smtp/actions/send', { to: ['oncall@example.com'], subject: 'Disk almost full', text: 'Volume /data is at 95%.' })
  t.equal(sent.status, 200, JSON.stringify(sent.body))
  t.equal(smtp.received.length, 1, 'a managed connection is used as usual')
  served.child.kill('SIGTERM')
  t.equal(await served.exited, 0)

  const sealedFile = path.join(dir, 'sealed.yaml')
  const sealed = await run(['export', '--encrypt-to', path.join(dir, 'public.pem'), '--output', sealedFile], env('one'))
  t.equal(sealed.status, 0, sealed.stderr)
  t.equal(sealed.stdout + sealed.stderr, '', 'nothing to set: the secrets travel sealed')
  const sealedText = readFileSync(sealedFile, 'utf8')
  t.match(sealedText, /password: \$\{sealed:x25519\./)

  const refused = await run(['import', sealedFile], env('two'))
  t.equal(refused.status, 1)
  t.match(refused.stdout, `${sealedFile}:`)
  t.match(refused.stdout, 'smtp.password: a ${sealed:…} value needs the private key it was sealed for (--decrypt-with key.pem)')
  const imported = await run(['import', '--decrypt-with', path.join(dir, 'key.pem'), sealedFile], env('two'))
  t.equal(imported.status, 0, imported.stdout + imported.stderr)
  const tested = await run(['test', 'smtp'], env('two'))
  t.equal(tested.status, 0, tested.stdout + tested.stderr)
  t.match(tested.stdout, /^smtp: the connection works/)

  const plain = await run(['export'], env('one'))
  t.equal(plain.status, 0)
  t.match(plain.stdout, 'password: ${env:HUB_DEFAULT_SMTP_DEFAULT_PASSWORD}')
  t.match(plain.stderr, '  HUB_DEFAULT_SMTP_DEFAULT_PASSWORD  (smtp.password)')
  const plainFile = path.join(dir, 'plain.yaml')
  writeFileSync(plainFile, plain.stdout)
  t.equal((await run(['import', plainFile], env('three', { HUB_DEFAULT_SMTP_DEFAULT_PASSWORD: PASSWORD }))).status, 0)
  t.equal((await run(['test', 'smtp'], env('three'))).status, 0)

  const everything = [...seen.flatMap(ran => [ran.stdout, ran.stderr]), served.output(), sealedText, plain.stdout].join('\n')
  t.notMatch(everything, PASSWORD, 'no password in any output, log or exported file')
})
