/**
 * SMTP's OAuth sign-in through the hub's API, against real peers: a generic token endpoint
 * (oidc-provider), Microsoft's and Google's token endpoints on their own names over https, and an
 * SMTP server that accepts a bearer token only when the authorization server says it is active.
 */
import https from 'node:https'
import net, { type AddressInfo } from 'node:net'
import { once } from 'node:events'
import { readFileSync, readdirSync } from 'node:fs'
import SMTPConnection from 'nodemailer/lib/smtp-connection'
import XOAuth2 from 'nodemailer/lib/xoauth2'
import t, { type Test } from 'tap'
import { testCertificates, serverCertificate } from '../support/peers/certificates.js'
import { misbehaved, type Misbehaviour } from '../support/peers/microsoft-identity.js'
import { MAILBOX, PASSWORD, microsoftApp, startMailWorld, type MailWorld } from '../support/peers/mail-world.js'
import { listenOnOwnLoopback } from '../support/peers/named-host.js'
import { startSmtpPeer } from '../support/peers/smtp.js'

const smtpAt = (world: MailWorld) => ({ host: '127.0.0.1', port: world.smtp.port })

const oauth2Settings = (world: MailWorld, extra: Record<string, unknown> = {}) => ({
  auth: 'oauth2',
  ...smtpAt(world),
  email: MAILBOX,
  tokenUrl: world.oauth.tokenUrl,
  clientId: world.oauth.client.id,
  clientSecret: world.oauth.client.secret,
  scope: 'smtp.send',
  ...extra
})

const microsoftSettings = (world: MailWorld, extra: Record<string, unknown> = {}) => ({
  auth: 'microsoft365',
  ...smtpAt(world),
  email: MAILBOX,
  tenantId: microsoftApp.tenant,
  clientId: microsoftApp.clientId,
  clientSecret: microsoftApp.secret,
  ...extra
})

const googleSettings = (world: MailWorld, extra: Record<string, unknown> = {}) => ({
  auth: 'google',
  ...smtpAt(world),
  email: MAILBOX,
  serviceAccountKey: world.serviceAccount.keyFile,
  ...extra
})

type Step = { label: string, ok: boolean }
const steps = (result: { steps: Step[] }) => result.steps.map(step => [step.label, step.ok])
const okTokens = (world: MailWorld) => world.oauth.tokenRequests.filter(request => request.ok).length

/** An https endpoint on 127.0.0.1 (the test authority's certificate) that is not a token endpoint. */
async function brokenEndpoint (t: Test, how: Misbehaviour): Promise<string> {
  const { key, cert } = await testCertificates()
  const hanging = new Set<import('node:http').ServerResponse>()
  const server = https.createServer({ key, cert }, (request, response) => {
    request.resume()
    request.on('end', () => { misbehaved(how, response, hanging) })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  t.teardown(() => {
    for (const response of hanging) response.destroy()
    server.closeAllConnections()
    server.close()
  })
  return `https://127.0.0.1:${(server.address() as AddressInfo).port}/oauth2/token`
}

/** Logs in to the SMTP peer with a given token, as any client would; resolves with the error code, or 'ok'. */
async function loginWith (world: MailWorld, token: string): Promise<string> {
  const { ca } = await testCertificates()
  const connection = new SMTPConnection({ host: '127.0.0.1', port: world.smtp.port, requireTLS: true, tls: { ca } })
  connection.on('error', () => {})
  return await new Promise(resolve => {
    connection.connect(() => connection.login({ user: MAILBOX, oauth2: new XOAuth2({ user: MAILBOX, accessToken: token }) }, error => {
      connection.close()
      resolve(error === null ? 'ok' : String((error as Error & { code?: string }).code))
    }))
  })
}

async function closedPort (): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  await new Promise(resolve => server.close(resolve))
  return port
}

t.test('OAuth 2.0: Save gets a token by client credentials and logs in with XOAUTH2', async t => {
  const world = await startMailWorld(t)
  const saved = await world.hub.api('PUT', '/api/integrations/smtp', { config: oauth2Settings(world) })
  t.equal(saved.status, 201, saved.body.message)
  t.same(saved.body.secretsSet, ['clientSecret'])
  t.notOk('clientSecret' in saved.body.config)
  t.same(world.oauth.tokenRequests, [{ clientId: 'smtp-app', ok: true }], 'one token request, authenticated with HTTP Basic (the client accepts nothing else)')
  t.same(world.smtp.auths.map(({ method, user, ok, clientId }) => ({ method, user, ok, clientId })), [{ method: 'XOAUTH2', user: MAILBOX, ok: true, clientId: 'smtp-app' }])
  t.equal(world.smtp.authCount('PLAIN'), 0, 'no password login was tried')

  const tested = await world.hub.api('POST', '/api/integrations/smtp/test', {})
  t.equal(tested.body.ok, true)
  t.same(steps(tested.body), [['Get an access token', true], ['Connect', true], ['Secure (STARTTLS)', true], ['Log in', true]])
  const expires = tested.body.expires as Array<{ what: string, at: string }>
  t.same(expires.map(entry => entry.what), ['Access token', 'TLS certificate of 127.0.0.1'], 'earliest first')
  const tokenLifetime = Date.parse(expires[0]!.at) - Date.now()
  t.ok(tokenLifetime > 3500_000 && tokenLifetime <= 3600_000, `the token's lifetime (expires_in 3600) is reported: ${tokenLifetime} ms`)
  const certificate = new (await import('node:crypto')).X509Certificate((await testCertificates()).cert)
  t.equal(expires[1]!.at, new Date(certificate.validTo).toISOString(), 'the certificate’s notAfter is reported')
})

t.test('OAuth 2.0: refusals name the field, nothing is stored, the SMTP server is not bothered', async t => {
  const world = await startMailWorld(t)
  const cases: Array<[string, Record<string, unknown>, string, string, string?]> = [
    ['wrong client secret (invalid_client)', { clientSecret: 'wrong-secret' }, 'TOKEN_INVALID_CLIENT', 'Invalid client ID or client secret', 'clientSecret'],
    ['unknown client (invalid_client)', { clientId: 'someone-else' }, 'TOKEN_INVALID_CLIENT', 'Invalid client ID or client secret', 'clientSecret'],
    ['a scope the client may not have (invalid_scope)', { scope: 'smtp.admin' }, 'TOKEN_INVALID_SCOPE', 'The token endpoint does not grant this scope to this client', 'scope']
  ]
  for (const [name, change, code, message, field] of cases) {
    const res = await world.hub.api('PUT', '/api/integrations/smtp', { config: oauth2Settings(world, change) })
    t.equal(res.status, 422, name)
    t.equal(res.body.test.code, code, name)
    t.equal(res.body.message, message, name)
    t.same(res.body.fields, [{ field, message }], name)
    t.same(steps(res.body.test), [['Get an access token', false]], `${name}: the token is its own step`)
    t.match(res.body.detail, /^The token endpoint’s answer: /, `${name}: the endpoint's words are the detail`)
  }
  t.equal(world.smtp.sessions.opened, 0, 'no SMTP session was opened')
  t.equal((await world.hub.api('GET', '/api/integrations/smtp')).body.configured, false, 'nothing stored')
})

t.test('a token endpoint that is not one: HTML, not JSON, a 503, a hang, a closed port, an untrusted certificate', async t => {
  const world = await startMailWorld(t, { hub: { timeoutMs: 1500 } })
  const cases: Array<[string, () => Promise<string>, string, RegExp, object?]> = [
    ['HTML sign-in page', async () => await brokenEndpoint(t, 'html'), 'TOKEN_NOT_OAUTH', /^The token endpoint did not answer like an OAuth token endpoint$/, { detail: 'It answered HTTP 200 with text/html instead of an OAuth token endpoint\'s JSON.' }],
    ['plain text', async () => await brokenEndpoint(t, 'not-json'), 'TOKEN_NOT_OAUTH', /did not answer like an OAuth token endpoint/],
    ['503 with Retry-After', async () => await brokenEndpoint(t, 'unavailable'), 'TOKEN_UNAVAILABLE', /^The token endpoint could not issue an access token right now \(HTTP 503\)$/],
    ['hangs', async () => await brokenEndpoint(t, 'hang'), 'TOKEN_TIMEOUT', /^Unable to reach the token endpoint: no answer within 0\.\d s$/],
    ['closed port', async () => `https://127.0.0.1:${await closedPort()}/token`, 'TOKEN_UNREACHABLE', /^Unable to reach the token endpoint$/, { detail: 'The connection was refused.' }]
  ]
  for (const [name, url, code, message, extra] of cases) {
    const started = Date.now()
    const res = await world.hub.api('POST', '/api/integrations/smtp/test', { config: oauth2Settings(world, { tokenUrl: await url() }) })
    t.equal(res.status, 200, name)
    t.equal(res.body.code, code, name)
    t.match(res.body.message, message, name)
    t.equal(res.body.field, 'tokenUrl', `${name}: the Token endpoint URL is marked`)
    if (extra !== undefined) t.match(res.body, extra, name)
    t.ok(Date.now() - started < 1500, `${name}: answered within the deadline`)
  }
  const untrusting = await startMailWorld(t, { hub: { trustedCertificates: [] } })
  const res = await untrusting.hub.api('POST', '/api/integrations/smtp/test', { config: oauth2Settings(untrusting) })
  t.equal(res.body.code, 'TOKEN_TLS')
  t.equal(res.body.message, 'Unable to reach the token endpoint: its TLS certificate could not be verified')
  t.equal(world.smtp.sessions.opened + untrusting.smtp.sessions.opened, 0, 'no SMTP session was opened')
})

t.test('Microsoft 365: the token comes from login.microsoftonline.com/{tenant} with the Exchange scope', async t => {
  const world = await startMailWorld(t)
  const saved = await world.hub.api('PUT', '/api/integrations/smtp', { config: microsoftSettings(world) })
  t.equal(saved.status, 201, saved.body.message)
  t.same(saved.body.secretsSet, ['clientSecret'])
  t.equal(world.microsoft.requests.length, 1)
  const [request] = world.microsoft.requests
  t.equal(request!.path, `/${microsoftApp.tenant}/oauth2/v2.0/token`)
  t.same(Object.fromEntries(request!.form), {
    client_id: microsoftApp.clientId,
    client_secret: microsoftApp.secret,
    scope: 'https://outlook.office365.com/.default',
    grant_type: 'client_credentials'
  })
  t.same(world.smtp.auths.map(({ method, user, ok, clientId }) => ({ method, user, ok, clientId })), [{ method: 'XOAUTH2', user: MAILBOX, ok: true, clientId: microsoftApp.clientId }])
})

t.test('Microsoft 365: each refusal names its field', async t => {
  const world = await startMailWorld(t, { apps: [microsoftApp, { tenant: 'fabrikam.onmicrosoft.com', clientId: 'c0ffee00-0000-4000-8000-000000000001', secret: 'old-secret', secretExpired: true }] })
  const cases: Array<[string, Record<string, unknown>, string, string]> = [
    ['unknown tenant (AADSTS90002)', { tenantId: 'nowhere.onmicrosoft.com' }, 'Microsoft does not know this directory (tenant) ID', 'tenantId'],
    ['unknown application (AADSTS700016)', { clientId: '00000000-0000-4000-8000-000000000000' }, 'No application with this client ID is registered in that directory', 'clientId'],
    ['wrong secret (AADSTS7000215)', { clientSecret: 'e5f1a2b3-secret-id-not-value' }, 'Invalid client secret: enter the secret’s value, not its Secret ID', 'clientSecret'],
    ['expired secret (AADSTS7000222)', { tenantId: 'fabrikam.onmicrosoft.com', clientId: 'c0ffee00-0000-4000-8000-000000000001', clientSecret: 'old-secret' }, 'This client secret has expired: create a new one in Microsoft Entra', 'clientSecret']
  ]
  for (const [name, change, message, field] of cases) {
    const res = await world.hub.api('PUT', '/api/integrations/smtp', { config: microsoftSettings(world, change) })
    t.equal(res.status, 422, name)
    t.equal(res.body.message, message, name)
    t.same(res.body.fields, [{ field, message }], name)
    t.match(res.body.detail, /^Microsoft’s answer: AADSTS\d+: /, `${name}: Microsoft's first line is the detail, without its trace IDs`)
    t.notMatch(res.body.detail, /Trace ID/, name)
  }
  world.microsoft.misbehave = 'html'
  const html = await world.hub.api('POST', '/api/integrations/smtp/test', { config: microsoftSettings(world) })
  t.same([html.body.code, html.body.message, html.body.field], ['MICROSOFT_NOT_OAUTH', 'Microsoft’s sign-in service did not answer like an OAuth token endpoint', 'tenantId'])
  t.equal(world.smtp.sessions.opened, 0)
  t.equal((await world.hub.api('GET', '/api/integrations/smtp')).body.configured, false)
})

t.test('Microsoft 365 without a host: the hub sends to smtp.office365.com:587', async t => {
  // An SMTP server that is smtp.office365.com: port 587 of a loopback address of its own, a certificate for that name.
  const probe = net.createServer()
  const address = await listenOnOwnLoopback(probe, 587)
  await new Promise(resolve => probe.close(resolve))
  const world = await startMailWorld(t, {
    smtp: { listen: { host: address, port: 587 }, certificate: await serverCertificate(['smtp.office365.com']) },
    names: { 'smtp.office365.com': address }
  })
  const { host: _host, port: _port, ...withoutServer } = microsoftSettings(world)
  const res = await world.hub.api('POST', '/api/integrations/smtp/test', { config: withoutServer })
  t.equal(res.body.ok, true, res.body.message)
  t.same(steps(res.body), [['Get an access token', true], ['Connect', true], ['Secure (STARTTLS)', true], ['Log in', true]])
  t.equal(world.smtp.authCount('XOAUTH2'), 1, 'it logged in at smtp.office365.com')
  t.same(res.body.expires.map((entry: { what: string }) => entry.what), ['Access token', 'TLS certificate of smtp.office365.com'])
})

t.test('Google Workspace: a JWT signed with the service account key, impersonating the sender', async t => {
  const world = await startMailWorld(t)
  const saved = await world.hub.api('PUT', '/api/integrations/smtp', { config: googleSettings(world) })
  t.equal(saved.status, 201, saved.body.message)
  t.same(saved.body.secretsSet, ['serviceAccountKey'])
  t.equal(world.google.requests.length, 1)
  const [request] = world.google.requests
  t.equal(request!.form.get('grant_type'), 'urn:ietf:params:oauth:grant-type:jwt-bearer')
  t.same(request!.header, { alg: 'RS256', typ: 'JWT', kid: world.serviceAccount.keyId })
  const claims = request!.claims!
  t.match(claims, { iss: world.serviceAccount.clientEmail, sub: MAILBOX, scope: 'https://mail.google.com/', aud: 'https://oauth2.googleapis.com/token' })
  t.equal(Number(claims.exp) - Number(claims.iat), 3600, 'an hour, the longest Google accepts')
  t.same(world.smtp.auths.map(({ method, user, ok, clientId }) => ({ method, user, ok, clientId })), [{ method: 'XOAUTH2', user: MAILBOX, ok: true, clientId: world.serviceAccount.clientId }])
})

t.test('Google Workspace: refusals name their field', async t => {
  const world = await startMailWorld(t, { hub: { timeoutMs: 3000 } })
  // The right service account's email with another account's private key: the signature does not verify.
  const stranger = JSON.parse(world.undelegatedAccount.keyFile) as Record<string, string>
  const forged = JSON.stringify({ ...JSON.parse(world.serviceAccount.keyFile), private_key: stranger.private_key })
  const cases: Array<[string, Record<string, unknown>, string, string, string]> = [
    ['a key that does not sign for this account', { serviceAccountKey: forged }, 'GOOGLE_KEY_REFUSED', 'Google does not accept this service account key: it may have been deleted or disabled', 'serviceAccountKey'],
    ['no domain-wide delegation', { serviceAccountKey: world.undelegatedAccount.keyFile }, 'GOOGLE_NOT_DELEGATED', 'This service account may not send as Workspace users: grant it domain-wide delegation for https://mail.google.com/', 'serviceAccountKey'],
    ['a user outside the Workspace', { email: 'someone@elsewhere.example' }, 'GOOGLE_UNKNOWN_USER', 'Google Workspace has no user with this email address', 'email'],
    ['not a key file', { serviceAccountKey: '{"type":"authorized_user"}' }, 'GOOGLE_KEY_INVALID', 'This is not a Google service account key (JSON)', 'serviceAccountKey']
  ]
  for (const [name, change, code, message, field] of cases) {
    const before = world.google.requests.length
    const res = await world.hub.api('PUT', '/api/integrations/smtp', { config: googleSettings(world, change) })
    t.equal(res.status, 422, name)
    t.equal(res.body.test.code, code, name)
    t.equal(res.body.message, message, name)
    t.same(res.body.fields, [{ field, message }], name)
    t.same(steps(res.body.test), [['Get an access token', false]], name)
    if (code === 'GOOGLE_KEY_INVALID') t.equal(world.google.requests.length, before, 'nothing was sent to Google')
  }
  world.google.misbehave = 'hang'
  const hub = world.hub
  const hung = await hub.api('POST', '/api/integrations/smtp/test', { config: googleSettings(world) })
  t.same([hung.body.code, hung.body.field], ['GOOGLE_TIMEOUT', 'serviceAccountKey'])
  t.match(hung.body.message, /^Unable to reach Google’s token service: no answer within \d/)
  t.equal(world.smtp.sessions.opened, 0)
})

t.test('a password Microsoft 365 no longer accepts: "switch SMTP to Microsoft 365 (OAuth)"', async t => {
  for (const refusal of ['smtp-auth-disabled', 'client-submission'] as const) {
    const world = await startMailWorld(t, { smtp: { refusePasswords: refusal } })
    const res = await world.hub.api('PUT', '/api/integrations/smtp', { config: { ...smtpAt(world), email: MAILBOX, password: PASSWORD } })
    t.equal(res.status, 422, refusal)
    t.equal(res.body.test.code, 'BASIC_AUTH_DISABLED', refusal)
    t.equal(res.body.message, 'This server no longer accepts passwords: switch SMTP to Microsoft 365 (OAuth)', refusal)
    t.same(res.body.fields, [{ field: 'password', message: res.body.message }], refusal)
    t.match(res.body.detail, refusal === 'client-submission' ? /^The server said: 550 5\.7\.30 / : /^The server said: 535 5\.7\.139 /, refusal)
    t.same(steps(res.body.test), [['Connect', true], ['Secure (STARTTLS)', true], ['Log in', false]], refusal)
    t.same(world.smtp.auths.map(({ method, ok }) => [method, ok]), [['PLAIN', false]], refusal)
  }
})

t.test('the token is kept until shortly before it expires; a test asks for a new one', async t => {
  const world = await startMailWorld(t)
  await world.hub.api('PUT', '/api/integrations/smtp', { config: oauth2Settings(world) })
  t.equal(okTokens(world), 1, 'Save (a draft: its own cache)')
  for (let index = 0; index < 3; index++) {
    const sent = await world.hub.api('POST', '/api/integrations/smtp/actions/send', { to: 'oncall@example.com', subject: `Alert ${index}`, text: 'x' })
    t.equal(sent.status, 200, sent.body.message)
  }
  t.equal(okTokens(world), 2, 'the stored connection asked once for its three sends')
  world.smtp.dropSessions()
  await new Promise(resolve => setTimeout(resolve, 50))
  await world.hub.api('POST', '/api/integrations/smtp/actions/send', { to: 'oncall@example.com', subject: 'After a reconnect', text: 'x' })
  t.equal(okTokens(world), 2, 'a new login reuses the kept token')
  t.equal(world.smtp.authCount('XOAUTH2'), 3, 'Save, the pool’s first connection, the one after the drop')
  t.equal((await world.hub.api('POST', '/api/integrations/smtp/test', {})).body.ok, true)
  t.equal(okTokens(world), 3, 'testing the connection checks the credentials with a new token')
  t.equal(world.smtp.received.length, 4)
})

t.test('short-lived tokens: an expired one is refused by the server, and the hub gets a new one', async t => {
  const world = await startMailWorld(t, { tokenLifetimeSeconds: 2 })
  await world.hub.api('PUT', '/api/integrations/smtp', { config: microsoftSettings(world) })
  t.equal((await world.hub.api('POST', '/api/integrations/smtp/actions/send', { to: 'oncall@example.com', subject: 'One', text: 'x' })).status, 200)
  const first = world.smtp.auths.at(-1)!.token!
  t.equal(world.microsoft.requests.length, 2)
  await new Promise(resolve => setTimeout(resolve, 2300))
  t.equal((await world.oauth.introspect(first)).active, false, 'the authorization server says the first token expired')
  t.equal(await loginWith(world, first), 'EAUTH', 'and the SMTP server refuses it')
  const hubLoginsFrom = world.smtp.auths.length
  world.smtp.dropSessions()
  await new Promise(resolve => setTimeout(resolve, 50))
  const res = await world.hub.api('POST', '/api/integrations/smtp/actions/send', { to: 'oncall@example.com', subject: 'Two', text: 'x' })
  t.equal(res.status, 200, res.body.message)
  t.equal(world.microsoft.requests.length, 3, 'a new token was requested')
  const second = world.smtp.auths.at(-1)!
  t.not(second.token, first)
  t.equal(second.ok, true)
  t.notOk(world.smtp.auths.slice(hubLoginsFrom).some(attempt => attempt.token === first), 'the hub did not present the expired token')
})

t.test('a token the server refuses (revoked) is dropped, and the login retried once with a new one', async t => {
  const world = await startMailWorld(t)
  await world.hub.api('PUT', '/api/integrations/smtp', { config: oauth2Settings(world) })
  await world.hub.api('POST', '/api/integrations/smtp/actions/send', { to: 'oncall@example.com', subject: 'One', text: 'x' })
  const kept = world.smtp.auths.at(-1)!.token!
  await world.oauth.revoke(kept)
  world.smtp.dropSessions()
  await new Promise(resolve => setTimeout(resolve, 50))
  const res = await world.hub.api('POST', '/api/integrations/smtp/actions/send', { to: 'oncall@example.com', subject: 'Two', text: 'x' })
  t.equal(res.status, 200, res.body.message)
  t.same(world.smtp.auths.slice(-2).map(({ ok, token }) => [ok, token === kept]), [[false, true], [true, false]], 'refused with the revoked token, then accepted with a new one')
  t.equal(okTokens(world), 3)
  t.equal(world.smtp.received.length, 2)
})

t.test('a token the server keeps refusing: the message names the mailbox’s permission', async t => {
  const world = await startMailWorld(t, { smtp: { mailboxes: ['someone-else@example.com'] } })
  const res = await world.hub.api('PUT', '/api/integrations/smtp', { config: microsoftSettings(world) })
  t.equal(res.status, 422)
  t.equal(res.body.message, 'The SMTP server refused the access token: check that the application may send as this mailbox')
  t.same(res.body.fields, [{ field: 'email', message: res.body.message }])
  t.same(steps(res.body.test), [['Get an access token', true], ['Connect', true], ['Secure (STARTTLS)', true], ['Log in', false]])
  t.equal(world.smtp.authCount('XOAUTH2'), 2, 'tried once more with a new token, then gave up')
  t.equal(world.microsoft.requests.length, 2)
})

t.test('a server without XOAUTH2', async t => {
  const world = await startMailWorld(t)
  const plain = await startSmtpPeer()
  t.teardown(() => plain.close())
  const res = await world.hub.api('POST', '/api/integrations/smtp/test', { config: oauth2Settings(world, { port: plain.port }) })
  t.equal(res.body.code, 'XOAUTH2_UNAVAILABLE')
  t.equal(res.body.field, 'host')
})

t.test('switching a stored password config to Microsoft 365, and the tenant as a destination', async t => {
  const world = await startMailWorld(t)
  t.equal((await world.hub.api('PUT', '/api/integrations/smtp', { config: { ...smtpAt(world), email: MAILBOX, password: PASSWORD } })).status, 201)
  const switched = await world.hub.api('PUT', '/api/integrations/smtp', { config: { ...microsoftSettings(world), password: null }, version: 1 })
  t.equal(switched.status, 200, switched.body.message)
  t.same(switched.body.secretsSet, ['clientSecret'], 'the password is gone')
  const { clientSecret: _kept, ...otherTenant } = microsoftSettings(world, { tenantId: 'contoso.onmicrosoft.com' })
  const moved = await world.hub.api('PUT', '/api/integrations/smtp', { config: otherTenant, version: 2 })
  t.equal(moved.status, 400)
  t.same(moved.body.fields, [{ field: 'clientSecret', message: 'Enter the Client secret again: the Directory (tenant) ID changed.' }])
  const { clientSecret: _same, ...sameTenant } = microsoftSettings(world, { senderName: 'Alerts' })
  t.equal((await world.hub.api('PUT', '/api/integrations/smtp', { config: sameTenant, version: 2 })).status, 200, 'the stored secret is reused for the same tenant')
})

t.test('no client secret, private key or access token reaches an answer, a log line or the data folder', async t => {
  const world = await startMailWorld(t, { hub: { env: { LOG_LEVEL: 'trace' } } })
  const answers: string[] = []
  const call = async (method: string, url: string, body?: unknown) => {
    const res = await world.hub.api(method, url, body)
    answers.push(res.raw.body)
    return res
  }
  await call('PUT', '/api/integrations/smtp', { config: oauth2Settings(world) })
  await call('POST', '/api/integrations/smtp/actions/send', { to: 'a@example.com', subject: 'Hi', text: 'x' })
  await call('PUT', '/api/integrations/smtp', { config: oauth2Settings(world, { clientSecret: 'wrong-client-secret' }), version: 1 })
  await call('PUT', '/api/integrations/smtp', { config: microsoftSettings(world), version: 1 })
  await call('POST', '/api/integrations/smtp/actions/send', { to: 'a@example.com', subject: 'Hi', text: 'x' })
  await call('PUT', '/api/integrations/smtp', { config: microsoftSettings(world, { clientSecret: 'wrong-microsoft-secret' }), version: 2 })
  // Leaving Microsoft's tab: its client secret is cleared, not carried over.
  await call('PUT', '/api/integrations/smtp', { config: { ...googleSettings(world), clientSecret: null }, version: 2 })
  await call('POST', '/api/integrations/smtp/actions/send', { to: 'a@example.com', subject: 'Hi', text: 'x' })
  await call('GET', '/api/integrations/smtp')
  await call('GET', '/api/audit')
  t.equal(world.smtp.received.length, 3, 'each method sent its mail')
  await world.hub.app.close()
  const tokens = world.smtp.auths.map(attempt => attempt.token).filter((token): token is string => token !== undefined)
  t.equal(tokens.length, 6)
  const privateKey = JSON.parse(world.serviceAccount.keyFile).private_key as string
  const secrets = [
    world.oauth.client.secret, 'wrong-client-secret', microsoftApp.secret, 'wrong-microsoft-secret',
    // A line from the middle of the PEM body, and the key file as the admin pasted it.
    privateKey.split('\n')[5]!,
    ...tokens
  ]
  const files = readdirSync(world.hub.dataDir).map(name => readFileSync(`${world.hub.dataDir}/${name}`).toString('latin1'))
  t.ok(world.hub.logs.length > 0)
  for (const secret of secrets) {
    const label = `${secret.slice(0, 6)}…`
    t.notOk(answers.some(body => body.includes(secret)), `no answer holds ${label}`)
    t.notOk(world.hub.logs.some(line => line.includes(secret)), `no log line holds ${label}`)
    t.notOk(files.some(content => content.includes(secret)), `no file in the data folder holds ${label}`)
  }
})
