/**
 * The admin page of a hub a host app mounts under a prefix (`app.register(integrationHub, { prefix:
 * '/integrations' })`), in Chromium: its script, its API calls, its session cookie and its SSO link
 * all stay under `/integrations/`, and Save works against the real SMTP server. (The hub at the root
 * is admin.test.ts.)
 */
import type { AddressInfo } from 'node:net'
import Fastify from 'fastify'
import t from 'tap'
import { integrationHub } from '../../core/index.js'
import { ADMIN_TOKEN, LOCAL_PEERS } from '../support/hub.js'
import { testCertificates } from '../support/peers/certificates.js'
import { startSmtpPeer } from '../support/peers/smtp.js'
import { fillSmtpForm, newPage, shot, signIn, SMTP_PASSWORD, SMTP_USER } from './browser.js'

t.test('the hub mounted at /integrations: sign in, save SMTP, sign out, SSO link', async t => {
  const peer = await startSmtpPeer({ users: { [SMTP_USER]: SMTP_PASSWORD } })
  t.teardown(() => peer.close())
  const app = Fastify()
  t.teardown(() => app.close())
  app.get('/', async () => 'The host app’s own home page')
  await app.register(integrationHub, {
    prefix: '/integrations',
    adminToken: ADMIN_TOKEN,
    dataDir: t.testdir(),
    allowPrivateNetwork: LOCAL_PEERS,
    trustedCertificates: [(await testCertificates()).ca]
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
  const hub = `${origin}/integrations/`

  const page = await newPage(t)
  const requested: string[] = []
  page.on('request', request => requested.push(request.url()))
  await page.goto(`${origin}/integrations`)
  t.equal(page.url(), hub, '/integrations redirects to /integrations/, so relative addresses keep the prefix')

  await signIn(page)
  const dialog = page.getByRole('dialog', { name: 'SMTP' })
  await page.getByRole('button', { name: /^SMTP/ }).click()
  await fillSmtpForm(dialog, peer.port)
  await dialog.getByRole('button', { name: 'Save', exact: true }).click()
  await dialog.getByRole('status').filter({ hasText: 'SMTP configured successfully' }).waitFor()
  t.same(peer.logins, [{ user: SMTP_USER, ok: true }], 'the hub logged in to the SMTP server')
  await shot(page, 'mounted-smtp-saved')
  await page.keyboard.press('Escape')
  await page.getByRole('button', { name: /^SMTP/ }).filter({ hasText: 'Connected' }).waitFor()

  // Only the address typed in (without its slash) was outside, and it redirected.
  const outside = requested.filter(url => !url.startsWith(hub) && !url.startsWith('data:') && url !== `${origin}/integrations`)
  t.same(outside, [], 'every request the page made stayed under the prefix')
  t.ok(requested.includes(`${hub}ui/admin.js`), 'the page’s script came from the prefix')
  t.ok(requested.includes(`${hub}api/integrations/smtp`), 'and so did its API calls')
  const [cookie] = (await page.context().cookies()).filter(candidate => candidate.name === 'hub_session')
  t.equal(cookie?.path, '/integrations/', 'the session cookie is the hub’s, not the host app’s')

  await page.getByRole('button', { name: 'Sign out' }).click()
  await page.getByLabel('Admin token').waitFor()
  const sso = await app.inject({
    method: 'PUT',
    url: '/integrations/api/integrations/sso?force=true',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    payload: { config: { provider: 'oidc', issuer: 'http://127.0.0.1:9/', clientId: 'hub', clientSecret: 's3cret', enabled: true } }
  })
  t.equal(sso.statusCode, 201)
  await page.reload()
  const link = page.getByRole('link', { name: 'Sign in with SSO' })
  await link.waitFor()
  t.equal(await link.getAttribute('href'), `${hub}auth/login`, 'the SSO link is under the prefix')
  const login = await page.request.get(`${hub}auth/login`, { maxRedirects: 0 })
  t.not(login.status(), 404, 'and the hub answers it')

  t.equal((await page.request.get(`${origin}/`)).status(), 200, 'the host app’s own routes are untouched')
  t.equal(await (await page.request.get(`${origin}/`)).text(), 'The host app’s own home page')
})

t.test('the widget’s files under the prefix: maps outside production, no escapes, no HTML from ui/', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  await app.register(integrationHub, { prefix: '/integrations', adminToken: ADMIN_TOKEN, dataDir: t.testdir() })
  const get = async (url: string) => await app.inject({ method: 'GET', url })
  t.equal((await get('/integrations/ui/integration-hub.js')).statusCode, 200)
  t.equal((await get('/integrations/ui/admin.js')).statusCode, 200)
  t.equal((await get('/integrations/ui/admin.js.map')).statusCode, 200, 'source maps outside production')
  t.equal((await get('/integrations/ui/index.html')).statusCode, 404, 'the page is served at the mount path only')
  t.equal((await get('/integrations/ui/..%2f..%2fpackage.json')).statusCode, 404, 'no way out of the folder')
  t.equal((await get('/integrations/ui/%2e%2e/%2e%2e/package.json')).statusCode, 404)
  const page = await get('/integrations/')
  t.equal(page.statusCode, 200)
  t.match(page.body, '<script type="module" src="ui/admin.js"></script>', 'the page loads its script relative to where it is served')
})
