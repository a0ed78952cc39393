/**
 * SMTP's `send` action through the hub's API: recipients in every form, attachments and their cap,
 * and the pool of logged-in connections kept per connection (counted at the real SMTP peer).
 */
import t, { type Test } from 'tap'
import smtp from '../../plugins/smtp/index.js'
import { runAction } from '../../core/testing.js'
import { createTestHub, type TestHub } from '../support/hub.js'
import { testCertificates } from '../support/peers/certificates.js'
import { MAILBOX, microsoftApp, startMailWorld } from '../support/peers/mail-world.js'
import { startSmtpPeer, type SmtpPeerOptions } from '../support/peers/smtp.js'

const PASSWORD = 'right-password'

async function peer (t: Test, options: SmtpPeerOptions = {}) {
  const server = await startSmtpPeer(options)
  t.teardown(() => server.close())
  return server
}

async function configuredHub (t: Test, port: number): Promise<TestHub> {
  const hub = await createTestHub(t, { trustedCertificates: [(await testCertificates()).ca] })
  const saved = await hub.api('PUT', '/api/integrations/smtp', { config: { host: '127.0.0.1', port, email: MAILBOX, password: PASSWORD } })
  t.equal(saved.status, 201, saved.body.message)
  return hub
}

const send = async (hub: TestHub, input: Record<string, unknown>) => await hub.api('POST', '/api/integrations/smtp/actions/send', input)

/** Runs `count` sends, `parallel` at a time. */
async function sendMany (hub: TestHub, count: number, parallel: number): Promise<number[]> {
  const statuses: number[] = []
  let next = 0
  await Promise.all(Array.from({ length: parallel }, async () => {
    while (next < count) {
      const index = next++
      statuses.push((await send(hub, { to: `user${index}@example.com`, subject: `Message ${index}`, text: 'x' })).status)
    }
  }))
  return statuses
}

t.test('to as one address, cc, bcc and reply-to', async t => {
  const server = await peer(t)
  const hub = await configuredHub(t, server.port)
  const res = await send(hub, {
    to: 'oncall@example.com',
    cc: ['lead@example.com', 'ops@example.com'],
    bcc: 'audit@example.com',
    replyTo: 'noc@example.com',
    subject: 'Disk almost full',
    html: '<p>Volume <b>/data</b> is at 95%.</p>'
  })
  t.equal(res.status, 200, res.body.message)
  t.same(res.body.accepted, ['oncall@example.com', 'lead@example.com', 'ops@example.com', 'audit@example.com'])
  t.same(res.body.rejected, [])
  const [mail] = server.received
  t.same(mail!.to, ['oncall@example.com', 'lead@example.com', 'ops@example.com', 'audit@example.com'], 'the envelope has every recipient')
  t.match(mail!.raw, /^To: oncall@example\.com$/m)
  t.match(mail!.raw, /^Cc: lead@example\.com, ops@example\.com$/m)
  t.match(mail!.raw, /^Reply-To: noc@example\.com$/m)
  t.notMatch(mail!.raw, /audit@example\.com/, 'Bcc is not in the message')
  t.match(mail!.raw, /Content-Type: text\/html/)
})

t.test('a bad single address is a field error on "to"', async t => {
  const server = await peer(t)
  const hub = await configuredHub(t, server.port)
  const res = await send(hub, { to: 'not-an-address', subject: 'Hi', text: 'x' })
  t.equal(res.status, 400)
  t.same(res.body.fields.find((field: { field: string }) => field.field === 'to'), { field: 'to', message: 'To must be an email address such as name@example.com.' })
  t.equal(server.received.length, 0)
})

t.test('attachments arrive as sent; their type is guessed from the name when not given', async t => {
  const server = await peer(t)
  const hub = await configuredHub(t, server.port)
  const csv = 'host,usage\ndb1,95%\n'
  const pdf = Buffer.from('%PDF-1.7 report')
  const res = await send(hub, {
    to: ['oncall@example.com'],
    subject: 'Weekly report',
    text: 'Attached.',
    attachments: [
      { filename: 'usage.csv', contentType: 'text/csv', content: Buffer.from(csv).toString('base64') },
      { filename: 'report.pdf', content: pdf.toString('base64') }
    ]
  })
  t.equal(res.status, 200, res.body.message)
  const raw = server.received[0]!.raw
  t.match(raw, /Content-Type: text\/csv; name=usage\.csv\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=usage\.csv/)
  t.match(raw, /Content-Type: application\/pdf; name=report\.pdf/)
  const parts = raw.split(/\r\n\r\n/)
  const csvPart = parts[parts.findIndex(part => part.includes('filename=usage.csv')) + 1]!.split('\r\n----')[0]!
  t.equal(Buffer.from(csvPart.replace(/\r\n/g, ''), 'base64').toString(), csv, 'the content decodes to what was sent')
})

t.test('attachments over 10 MB together are refused on the "attachments" field, before any connection', async t => {
  const server = await peer(t)
  const config = { host: '127.0.0.1', port: server.port, email: MAILBOX, password: PASSWORD }
  const { ca } = await testCertificates()
  const fiveMegabytes = Buffer.alloc(5 * 1024 * 1024, 7).toString('base64')
  // The hub's API reads bodies of at most 256 KB: the cap is checked as the hub runs the action, with the contract kit.
  const refused = await runAction(smtp, config, 'send', {
    to: 'oncall@example.com',
    subject: 'Too big',
    text: 'x',
    attachments: [{ filename: 'a.bin', content: fiveMegabytes }, { filename: 'b.bin', content: fiveMegabytes }, { filename: 'c.txt', content: 'eA==' }]
  }, { trustedCertificates: [ca] })
  t.same(refused, { ok: false, code: 'ATTACHMENTS_TOO_LARGE', message: 'The attachments are larger than 10 MB together', fields: [{ field: 'attachments', message: 'The attachments are larger than 10 MB together.' }] })
  t.equal(server.sessions.opened, 0, 'nothing was sent')
  const accepted = await runAction(smtp, config, 'send', {
    to: 'oncall@example.com',
    subject: 'Exactly 10 MB',
    text: 'x',
    attachments: [{ filename: 'a.bin', content: fiveMegabytes }, { filename: 'b.bin', content: fiveMegabytes }]
  }, { trustedCertificates: [ca] })
  t.equal(accepted.ok, true, 'exactly 10 MB is accepted')
  t.equal(server.received.length, 1)

  const hub = await configuredHub(t, server.port)
  const badName = await send(hub, { to: 'a@example.com', subject: 'x', text: 'x', attachments: [{ filename: '../etc/passwd', content: 'eA==' }] })
  t.equal(badName.status, 400)
  t.same(badName.body.fields, [{ field: 'attachments.0.filename', message: 'File name is not in the expected format.' }])
  const notBase64 = await send(hub, { to: 'a@example.com', subject: 'x', text: 'x', attachments: [{ filename: 'a.txt', content: 'not base64!' }] })
  t.same(notBase64.body.fields, [{ field: 'attachments.0.content', message: 'Content (base64) is not in the expected format.' }])
})

t.test('200 mails through the hub log in only a few times; a changed password makes a new pool', async t => {
  const users = { [MAILBOX]: PASSWORD }
  const server = await peer(t, { users })
  const hub = await configuredHub(t, server.port)
  t.equal(server.authCount(), 1, 'Save logged in once (its own connection)')
  const statuses = await sendMany(hub, 200, 10)
  t.same([...new Set(statuses)], [200])
  t.equal(server.received.length, 200)
  const poolLogins = server.authCount() - 1
  t.ok(poolLogins >= 1 && poolLogins <= 6, `the pool logged in ${poolLogins} times for 200 mails (3 connections, 100 mails each at most)`)
  t.ok(server.sessions.open <= 3, 'at most 3 connections are open')

  users[MAILBOX] = 'new-password'
  const updated = await hub.api('PUT', '/api/integrations/smtp', { config: { host: '127.0.0.1', port: server.port, email: MAILBOX, password: 'new-password' }, version: 1 })
  t.equal(updated.status, 200, updated.body.message)
  const before = server.authCount()
  t.equal((await send(hub, { to: 'after@example.com', subject: 'After the change', text: 'x' })).status, 200)
  t.equal(server.authCount(), before + 1, 'the send logged in again: a new pool with the new password')
  t.same(server.logins.at(-1), { user: MAILBOX, ok: true })
  for (let waited = 0; server.sessions.open > 1 && waited < 2000; waited += 20) await new Promise(resolve => setTimeout(resolve, 20))
  t.equal(server.sessions.open, 1, 'the old pool’s connections were closed')
})

t.test('a pool that signs in with OAuth asks for a token once', async t => {
  const world = await startMailWorld(t)
  const saved = await world.hub.api('PUT', '/api/integrations/smtp', {
    config: { auth: 'microsoft365', host: '127.0.0.1', port: world.smtp.port, email: MAILBOX, tenantId: microsoftApp.tenant, clientId: microsoftApp.clientId, clientSecret: microsoftApp.secret }
  })
  t.equal(saved.status, 201, saved.body.message)
  const statuses = await sendMany(world.hub, 50, 5)
  t.same([...new Set(statuses)], [200])
  t.equal(world.microsoft.requests.length, 2, 'Save, then one for the stored connection')
  t.ok(world.smtp.authCount('XOAUTH2') <= 4, `the pool logged in ${world.smtp.authCount('XOAUTH2') - 1} times for 50 mails`)
  t.equal(world.smtp.received.length, 50)
})
