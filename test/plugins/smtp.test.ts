import net, { type AddressInfo } from 'node:net'
import { once } from 'node:events'
import t, { type Test } from 'tap'
import { createTestHub, type TestHub } from '../support/hub.js'
import { testCertificates } from '../support/peers/certificates.js'
import { startSmtpPeer, type SmtpPeerOptions } from '../support/peers/smtp.js'
import smtpPlugin from '../../plugins/smtp/index.js'
import { keys } from '../../core/storage/keys.js'
import { openStore } from '../../core/storage/open.js'

const EMAIL = 'mailer@example.com'
const PASSWORD = 'right-password'

async function peer (t: Test, options: SmtpPeerOptions = {}) {
  const server = await startSmtpPeer(options)
  t.teardown(() => server.close())
  return server
}

async function trustingHub (t: Test, options: Parameters<typeof createTestHub>[1] = {}): Promise<TestHub> {
  return await createTestHub(t, { trustedCertificates: [(await testCertificates()).ca], ...options })
}

/** A TCP server that accepts and then does what `onConnection` says (or nothing at all). */
async function rawServer (t: Test, onConnection: (socket: net.Socket) => void = () => {}): Promise<number> {
  const sockets = new Set<net.Socket>()
  const server = net.createServer(socket => {
    sockets.add(socket)
    socket.on('error', () => {})
    onConnection(socket)
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  t.teardown(() => {
    for (const socket of sockets) socket.destroy()
    server.close()
  })
  return (server.address() as AddressInfo).port
}

async function closedPort (): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  await new Promise(resolve => server.close(resolve))
  return port
}

const settings = (port: number, extra: Record<string, unknown> = {}) => ({ host: '127.0.0.1', port, email: EMAIL, password: PASSWORD, ...extra })

t.test('Save with a working server: 201, logged in, secret never returned', async t => {
  const smtp = await peer(t)
  const hub = await trustingHub(t)
  const saved = await hub.api('PUT', '/api/integrations/smtp', { config: settings(smtp.port) })
  t.equal(saved.status, 201)
  t.equal(saved.body.configured, true)
  t.equal(saved.body.version, 1)
  t.same(saved.body.secretsSet, ['password'])
  t.notOk('password' in saved.body.config, 'the password is not in the response')
  t.equal(saved.body.config.auth, 'password', 'the sign-in method defaults to the password')
  t.same(smtp.logins, [{ user: EMAIL, ok: true }], 'the test really logged in')
  t.same(saved.body.lastTest.ok, true)

  const read = await hub.api('GET', '/api/integrations/smtp')
  t.equal(read.status, 200)
  t.notMatch(read.raw.body, PASSWORD)
  t.equal(read.body.schema.oneOf[0].properties.password.writeOnly, true)
  t.ok(read.body.actions.some((action: { name: string }) => action.name === 'send'))
})

t.test('the test reports its steps: connect, secure, log in', async t => {
  const smtp = await peer(t)
  const hub = await trustingHub(t)
  const result = await hub.api('POST', '/api/integrations/smtp/test', { config: settings(smtp.port) })
  t.equal(result.status, 200)
  t.equal(result.body.ok, true)
  t.same(result.body.steps.map((step: { label: string, ok: boolean }) => [step.label, step.ok]), [
    ['Connect', true], ['Secure (STARTTLS)', true], ['Log in', true]
  ])
})

t.test('wrong password: "Invalid email credentials" on the password field, nothing stored', async t => {
  const smtp = await peer(t)
  const hub = await trustingHub(t)
  const res = await hub.api('PUT', '/api/integrations/smtp', { config: settings(smtp.port, { password: 'wrong-password' }) })
  t.equal(res.status, 422)
  t.equal(res.body.error, 'HUB_ERR_TEST_FAILED')
  t.equal(res.body.message, 'Invalid email credentials')
  t.same(res.body.fields, [{ field: 'password', message: 'Invalid email credentials' }])
  t.same(res.body.test.steps.map((step: { label: string, ok: boolean }) => [step.label, step.ok]), [
    ['Connect', true], ['Secure (STARTTLS)', true], ['Log in', false]
  ])
  t.same(smtp.logins, [{ user: EMAIL, ok: false }])
  t.equal((await hub.api('GET', '/api/integrations/smtp')).body.configured, false)
})

t.test('a separate login name is used when given', async t => {
  const smtp = await peer(t, { users: { 'mailer-login': PASSWORD } })
  const hub = await trustingHub(t)
  const res = await hub.api('PUT', '/api/integrations/smtp', { config: settings(smtp.port, { username: 'mailer-login' }) })
  t.equal(res.status, 201)
  t.same(smtp.logins, [{ user: 'mailer-login', ok: true }])
})

t.test('connection faults say "Unable to connect to SMTP server" on the host field', async t => {
  t.test('refused connection', async t => {
    const hub = await trustingHub(t)
    const res = await hub.api('POST', '/api/integrations/smtp/test', { config: settings(await closedPort()) })
    t.equal(res.body.ok, false)
    t.equal(res.body.code, 'UNREACHABLE')
    t.equal(res.body.message, 'Unable to connect to SMTP server')
    t.equal(res.body.field, 'host')
    t.equal(res.body.detail, 'The connection was refused.')
  })
  t.test('unknown host', async t => {
    const hub = await trustingHub(t)
    const res = await hub.api('POST', '/api/integrations/smtp/test', { config: settings(587, { host: 'no-such-host.invalid' }) })
    t.equal(res.body.code, 'UNREACHABLE')
    t.equal(res.body.message, 'Unable to connect to SMTP server')
  })
  t.test('a name that never resolves ends at the deadline', async t => {
    const hub = await trustingHub(t, { timeoutMs: 300, lookup: (() => {}) as never })
    const started = Date.now()
    const res = await hub.api('POST', '/api/integrations/smtp/test', { config: settings(587, { host: 'smtp.example.com' }) })
    t.equal(res.body.code, 'TIMEOUT')
    t.equal(res.body.message, 'Unable to connect to SMTP server: no answer within 0.3 s')
    t.ok(Date.now() - started < 2000, 'answered at the deadline')
  })
})

t.test('a server that accepts but never greets: the TLS hint, at the deadline', async t => {
  const port = await rawServer(t)
  const hub = await trustingHub(t, { timeoutMs: 500 })
  const started = Date.now()
  const res = await hub.api('POST', '/api/integrations/smtp/test', { config: settings(port) })
  t.equal(res.body.code, 'NO_GREETING')
  t.match(res.body.message, /did not greet like an SMTP server/)
  t.equal(res.body.field, 'security')
  t.ok(Date.now() - started < 2000)
})

t.test('STARTTLS against an implicit-TLS server (port 465 style) is explained', async t => {
  const smtp = await peer(t, { secure: true })
  const hub = await trustingHub(t, { timeoutMs: 1000 })
  const res = await hub.api('POST', '/api/integrations/smtp/test', { config: settings(smtp.port, { security: 'starttls' }) })
  t.equal(res.body.code, 'NO_GREETING')
})

t.test('SSL/TLS against a plain server is a TLS mismatch', async t => {
  const smtp = await peer(t)
  const hub = await trustingHub(t)
  const res = await hub.api('POST', '/api/integrations/smtp/test', { config: settings(smtp.port, { security: 'tls' }) })
  t.equal(res.body.code, 'TLS_MISMATCH')
  t.equal(res.body.field, 'security')
})

t.test('implicit TLS works with security SSL/TLS', async t => {
  const smtp = await peer(t, { secure: true })
  const hub = await trustingHub(t)
  const res = await hub.api('POST', '/api/integrations/smtp/test', { config: settings(smtp.port, { security: 'tls' }) })
  t.equal(res.body.ok, true, res.body.message)
  t.same(res.body.steps.map((step: { label: string }) => step.label), ['Connect', 'Secure (TLS)', 'Log in'])
})

t.test('an untrusted certificate is refused', async t => {
  const smtp = await peer(t)
  const hub = await createTestHub(t)
  const res = await hub.api('POST', '/api/integrations/smtp/test', { config: settings(smtp.port) })
  t.equal(res.body.code, 'TLS')
  t.equal(res.body.message, 'The SMTP server’s certificate is not trusted')
})

t.test('a server without STARTTLS is refused rather than sending the password in clear', async t => {
  const smtp = await peer(t, { starttls: false })
  const hub = await trustingHub(t)
  const res = await hub.api('POST', '/api/integrations/smtp/test', { config: settings(smtp.port) })
  t.equal(res.body.code, 'STARTTLS_UNAVAILABLE')
  t.same(smtp.logins, [], 'no password was sent')
})

t.test('a server that does not offer AUTH cannot pass the test', async t => {
  const smtp = await peer(t, { auth: false })
  const hub = await trustingHub(t)
  const res = await hub.api('POST', '/api/integrations/smtp/test', { config: settings(smtp.port) })
  t.equal(res.body.code, 'AUTH_UNAVAILABLE')
})

t.test('something that is not an SMTP server', async t => {
  const port = await rawServer(t, socket => socket.write('SSH-2.0-OpenSSH_9.6\r\n'))
  const hub = await trustingHub(t)
  const res = await hub.api('POST', '/api/integrations/smtp/test', { config: settings(port) })
  t.equal(res.body.code, 'NOT_SMTP')
  t.equal(res.body.message, 'This is not an SMTP server: check the host and port')
})

t.test('private addresses are refused unless the operator allows them', async t => {
  const smtp = await peer(t)
  const hub = await trustingHub(t, { allowPrivateNetwork: false })
  const res = await hub.api('POST', '/api/integrations/smtp/test', { config: settings(smtp.port) })
  t.equal(res.body.code, 'ADDRESS_BLOCKED')
  t.match(res.body.message, /not allowed \(loopback\)/)
  t.same(smtp.logins, [])
})

t.test('Update without retyping the password keeps the stored one', async t => {
  const smtp = await peer(t, { users: { [EMAIL]: PASSWORD, 'other@example.com': PASSWORD } })
  const hub = await trustingHub(t)
  await hub.api('PUT', '/api/integrations/smtp', { config: settings(smtp.port) })
  // As the widget sends it: the tab chosen (`auth`), the password left out.
  const { password: _omitted, ...withoutPassword } = settings(smtp.port, { auth: 'password', email: 'other@example.com' })
  const updated = await hub.api('PUT', '/api/integrations/smtp', { config: withoutPassword, version: 1 })
  t.equal(updated.status, 200)
  t.equal(updated.body.version, 2)
  t.equal(updated.body.config.email, 'other@example.com')
  t.same(smtp.logins.at(-1), { user: 'other@example.com', ok: true }, 'logged in with the stored password')
})

t.test('null clears a secret (a required one is then missing)', async t => {
  const smtp = await peer(t)
  const hub = await trustingHub(t)
  await hub.api('PUT', '/api/integrations/smtp', { config: settings(smtp.port) })
  const res = await hub.api('PUT', '/api/integrations/smtp', { config: settings(smtp.port, { password: null }), version: 1 })
  t.equal(res.status, 400)
  t.same(res.body.fields, [{ field: 'password', message: 'Password is required.' }])
})

t.test('a failed update leaves the working config in place', async t => {
  const smtp = await peer(t)
  const hub = await trustingHub(t)
  await hub.api('PUT', '/api/integrations/smtp', { config: settings(smtp.port) })
  const failed = await hub.api('PUT', '/api/integrations/smtp', { config: settings(smtp.port, { password: 'wrong-password' }), version: 1 })
  t.equal(failed.status, 422)
  const read = await hub.api('GET', '/api/integrations/smtp')
  t.equal(read.body.version, 1)
  const stored = await hub.api('POST', '/api/integrations/smtp/test', {})
  t.equal(stored.body.ok, true, 'the stored config still works')
})

t.test('force stores a config whose test failed, and records the failure', async t => {
  const hub = await trustingHub(t)
  const res = await hub.api('PUT', '/api/integrations/smtp?force=true', { config: settings(await closedPort()) })
  t.equal(res.status, 201)
  t.equal(res.body.lastTest.ok, false)
  t.equal(res.body.lastTest.code, 'UNREACHABLE')
  const audit = await hub.api('GET', '/api/audit?integration=smtp')
  t.equal(audit.body.entries[0].outcome, 'saved-despite-failed-test')
  t.equal(audit.body.entries[0].code, 'UNREACHABLE')
})

t.test('a stale version is a conflict', async t => {
  const smtp = await peer(t)
  const hub = await trustingHub(t)
  await hub.api('PUT', '/api/integrations/smtp', { config: settings(smtp.port) })
  await hub.api('PUT', '/api/integrations/smtp', { config: settings(smtp.port, { senderName: 'Ops' }), version: 1 })
  const stale = await hub.api('PUT', '/api/integrations/smtp', { config: settings(smtp.port, { senderName: 'Late' }), version: 1 })
  t.equal(stale.status, 409)
  t.equal(stale.body.error, 'HUB_ERR_VERSION_CONFLICT')
  t.equal((await hub.api('GET', '/api/integrations/smtp')).body.config.senderName, 'Ops')
})

t.test('configs survive a restart and decrypt with the generated key file', async t => {
  const smtp = await peer(t)
  const dataDir = t.testdir()
  const first = await trustingHub(t, { dataDir })
  await first.api('PUT', '/api/integrations/smtp', { config: settings(smtp.port) })
  await first.app.close()
  const second = await trustingHub(t, { dataDir })
  const res = await second.api('POST', '/api/integrations/smtp/test', {})
  t.equal(res.body.ok, true)
  t.same(smtp.logins.at(-1), { user: EMAIL, ok: true })
})

t.test('send delivers a message through the stored config', async t => {
  const smtp = await peer(t)
  const hub = await trustingHub(t)
  await hub.api('PUT', '/api/integrations/smtp', { config: settings(smtp.port, { senderName: 'CloudPi Alerts' }) })
  const res = await hub.api('POST', '/api/integrations/smtp/actions/send', {
    to: ['oncall@example.com'],
    subject: 'Disk almost full',
    text: 'Volume /data is at 95%.'
  })
  t.equal(res.status, 200)
  t.same(res.body.accepted, ['oncall@example.com'])
  t.same(res.body.rejected, [])
  t.match(res.body.messageId, /^<.+@.+>$/)
  t.equal(smtp.received.length, 1)
  t.equal(smtp.received[0]!.from, EMAIL)
  t.same(smtp.received[0]!.to, ['oncall@example.com'])
  t.equal(smtp.received[0]!.user, EMAIL)
  t.match(smtp.received[0]!.raw, /Subject: Disk almost full/)
  t.match(smtp.received[0]!.raw, /From: CloudPi Alerts <mailer@example.com>/)
})

t.test('send: bad input is a 400 with words, refused recipients a 422 on "to"', async t => {
  const smtp = await peer(t, { rejectRecipients: ['nobody@example.com'] })
  const hub = await trustingHub(t)
  await hub.api('PUT', '/api/integrations/smtp', { config: settings(smtp.port) })
  const bad = await hub.api('POST', '/api/integrations/smtp/actions/send', { to: ['not-an-address'], subject: '' })
  t.equal(bad.status, 400)
  t.same(bad.body.fields.find((field: { field: string }) => field.field === 'to.0'), { field: 'to.0', message: 'To, entry 1 must be an email address such as name@example.com.' })
  t.ok(bad.body.fields.some((field: { field: string }) => field.field === 'subject'))
  const refused = await hub.api('POST', '/api/integrations/smtp/actions/send', { to: ['nobody@example.com'], subject: 'Hi', text: 'x' })
  t.equal(refused.status, 422)
  t.equal(refused.body.message, 'The SMTP server refused the recipients')
  t.same(refused.body.fields, [{ field: 'to', message: 'The SMTP server refused these recipients.' }])
  t.equal(smtp.received.length, 0)
})

t.test('send before SMTP is configured', async t => {
  const hub = await trustingHub(t)
  const res = await hub.api('POST', '/api/integrations/smtp/actions/send', { to: ['a@example.com'], subject: 'Hi', text: 'x' })
  t.equal(res.status, 409)
  t.equal(res.body.message, 'SMTP is not configured yet.')
})

t.test('the password never reaches the logs, the audit trail or the store file', async t => {
  const smtp = await peer(t)
  const hub = await trustingHub(t, { env: { LOG_LEVEL: 'trace' } })
  await hub.api('PUT', '/api/integrations/smtp', { config: settings(smtp.port) })
  await hub.api('PUT', '/api/integrations/smtp', { config: settings(smtp.port, { password: 'wrong-password' }), version: 1 })
  await hub.api('POST', '/api/integrations/smtp/actions/send', { to: ['a@example.com'], subject: 'Hi', text: 'x' })
  const audit = await hub.api('GET', '/api/audit')
  t.same(audit.body.entries.map((entry: { action: string, outcome: string }) => `${entry.action} ${entry.outcome}`), ['run passed', 'update rejected-by-test', 'create saved'])
  t.same(audit.body.entries[1].fields, ['password'])
  await hub.app.close()
  const { readFileSync, readdirSync } = await import('node:fs')
  const files = readdirSync(hub.dataDir).map(name => readFileSync(`${hub.dataDir}/${name}`).toString('latin1'))
  t.ok(hub.logs.length > 0, 'logs were captured')
  for (const secret of [PASSWORD, 'wrong-password']) {
    t.notOk(hub.logs.some(line => line.includes(secret)), `no log line holds ${secret}`)
    t.notOk(JSON.stringify(audit.body).includes(secret), `the audit trail does not hold ${secret}`)
    t.notOk(files.some(content => content.includes(secret)), `no file in the data folder holds ${secret}`)
  }
})

t.test('testing the stored settings records the outcome in the catalog', async t => {
  const smtp = await startSmtpPeer()
  const hub = await trustingHub(t)
  await hub.api('PUT', '/api/integrations/smtp', { config: settings(smtp.port) })
  t.equal((await hub.api('GET', '/api/integrations')).body.integrations.find((entry: { id: string }) => entry.id === 'smtp').lastTest.ok, true)
  await smtp.close()
  const tested = await hub.api('POST', '/api/integrations/smtp/test', {})
  t.equal(tested.body.code, 'UNREACHABLE')
  const listed = (await hub.api('GET', '/api/integrations')).body.integrations.find((entry: { id: string }) => entry.id === 'smtp')
  t.same([listed.lastTest.ok, listed.lastTest.code, listed.lastTest.message], [false, 'UNREACHABLE', 'Unable to connect to SMTP server'])
  t.equal((await hub.api('GET', '/api/integrations/smtp')).body.version, 1, 'recording a test does not change the settings’ version')
})

/** The settings' shape of version 1 (one way to sign in), as configs stored before the sign-in tabs have it. */
const version1Schema = {
  type: 'object',
  additionalProperties: false,
  required: ['host', 'port', 'email', 'password'],
  properties: {
    host: { type: 'string', title: 'SMTP Host', minLength: 1 },
    port: { type: 'integer', title: 'SMTP Port', default: 587, minimum: 1, maximum: 65535 },
    security: { type: 'string', title: 'Security', default: 'auto', enum: ['auto', 'tls', 'starttls', 'none'] },
    email: { type: 'string', title: 'Email Address', format: 'email' },
    username: { type: 'string', title: 'Login name' },
    password: { type: 'string', title: 'Password', writeOnly: true, minLength: 1 },
    senderName: { type: 'string', title: 'Sender name' }
  }
} as const

t.test('a password config stored by version 1 is migrated to the password tab and still logs in', async t => {
  const smtp = await peer(t)
  const dataDir = t.testdir()
  const version1 = { ...smtpPlugin, schema: version1Schema, schemaVersion: 1, migrations: {} }
  const old = await trustingHub(t, { dataDir, builtinPlugins: false, plugins: [version1] })
  t.equal((await old.api('PUT', '/api/integrations/smtp', { config: settings(smtp.port, { senderName: 'Ops' }) })).status, 201)
  await old.app.close()

  const upgraded = await trustingHub(t, { dataDir })
  const read = await upgraded.api('GET', '/api/integrations/smtp')
  t.same(read.body.config, { auth: 'password', host: '127.0.0.1', port: smtp.port, security: 'auto', email: EMAIL, senderName: 'Ops' })
  t.same(read.body.secretsSet, ['password'])
  t.equal(read.body.version, 1, 'migrating does not change the settings’ version')
  const tested = await upgraded.api('POST', '/api/integrations/smtp/test', {})
  t.equal(tested.body.ok, true, tested.body.message)
  t.same(smtp.logins, [{ user: EMAIL, ok: true }, { user: EMAIL, ok: true }], 'the migrated password still logs in')
  await upgraded.app.close()
  const store = await openStore(`sqlite://${dataDir}/hub.sqlite`)
  const record = await store.get<{ connections: { default: { schemaVersion: number } } }>(keys.integration('default', 'smtp'))
  t.equal(record!.connections.default.schemaVersion, 2, 'saved again in the new shape')
  await store.close()
})
