/**
 * The widget embedded the way a host app embeds it, in Chromium: a page on another origin (a small
 * node server of the test's own) loads `integration-hub.js` from the hub and gives the element a
 * `getToken` that fetches `/token` from the host, whose backend mints a scoped token from the hub
 * with the admin token — which never reaches the browser. Against the real SMTP server: Save, Edit →
 * Update, a second connection, a viewer, an allowlisted token, rights taken away mid-session, and a
 * token revoked mid-session, from which the widget recovers with no error shown.
 */
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { ADMIN_TOKEN, createTestHub } from '../support/hub.js'
import { testCertificates } from '../support/peers/certificates.js'
import { startSmtpPeer } from '../support/peers/smtp.js'
import { axeViolations, fillSmtpForm, isFocused, isInForm, type Locator, newPage, shot, SMTP_PASSWORD, SMTP_USER, startHostApp } from './browser.js'

/** What the host app's page runs: it listens to the widget's events and hands it tokens from its own backend. */
const HOST_SCRIPT = `
const hub = document.querySelector('integration-hub')
window.hubEvents = []
for (const type of ['integration-saved', 'integration-deleted', 'integration-tested', 'integration-unauthorized', 'integration-connection-select']) {
  document.addEventListener(type, event => window.hubEvents.push([type, event.detail]))
}
window.tokenQuery = ''
hub.getToken = async () => (await fetch('/token' + window.tokenQuery)).text()
`

t.test('embedded on another origin with getToken: connections, roles and a revoked token', async t => {
  const peer = await startSmtpPeer({ users: { [SMTP_USER]: SMTP_PASSWORD } })
  t.teardown(() => peer.close())

  // The host app: its page, its script, and its backend's /token, which asks the hub for a scoped token.
  let hubOrigin = ''
  const minted: string[] = []
  const mint = { revokeAtOnce: false }
  const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }
  const { origin: host } = await startHostApp(t, async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://host')
    if (url.pathname === '/token') {
      const integrations = url.searchParams.get('integrations')
      const answer = await fetch(`${hubOrigin}/api/workspaces/default/tokens`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ subject: 'ada@example.com', role: url.searchParams.get('role') ?? 'admin', ttlSeconds: 60, ...(integrations ? { integrations: integrations.split(',') } : {}) })
      })
      const { id, token } = await answer.json() as { id: string, token: string }
      minted.push(id)
      if (mint.revokeAtOnce) await fetch(`${hubOrigin}/api/workspaces/default/tokens/${id}`, { method: 'DELETE', headers: { authorization: admin.authorization } })
      response.writeHead(200, { 'content-type': 'text/plain' }).end(token)
    } else if (url.pathname === '/host.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(HOST_SCRIPT)
    } else {
      response.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': `default-src 'self'; script-src 'self' ${hubOrigin}; connect-src 'self' ${hubOrigin}; img-src data:`
      })
      // The host's script comes first: getToken is set before the element is defined.
      response.end(`<!doctype html><html lang="en"><title>Host app</title>
        <script type="module" src="/host.js"></script>
        <script type="module" src="${hubOrigin}/ui/integration-hub.js"></script>
        <main><h1>Host app settings</h1><integration-hub api-base="${hubOrigin}"></integration-hub></main></html>`)
    }
  })
  const hub = await createTestHub(t, { allowedOrigins: [host], trustedCertificates: [(await testCertificates()).ca] })
  await hub.app.listen({ port: 0, host: '127.0.0.1' })
  hubOrigin = `http://127.0.0.1:${(hub.app.server.address() as AddressInfo).port}`

  const page = await newPage(t)
  const authorizations = new Set<string>()
  page.on('request', request => { const value = request.headers().authorization; if (value) authorizations.add(value) })
  await page.goto(`${host}/settings`)
  const opener = page.getByRole('button', { name: /^SMTP/ })
  const dialog = page.getByRole('dialog', { name: 'SMTP' })
  const events = async (): Promise<Array<[string, any]>> => await page.evaluate(() => (window as any).hubEvents)
  /** The host hands out other tokens from now on (a new getToken, so the widget asks who it is again). */
  const setToken = async (query: string): Promise<void> => {
    await page.evaluate(query => {
      (window as any).tokenQuery = query
      const element = document.querySelector('integration-hub') as any
      element.getToken = async () => (await fetch('/token' + (window as any).tokenQuery)).text()
    }, query)
  }
  const button = (name: string, within: Locator = dialog) => within.getByRole('button', { name, exact: true })
  /** Waits until the list of integrations has `count` entries (after a new token, it is loaded again). */
  const catalogShows = async (count: number): Promise<void> => {
    await page.waitForFunction(count => document.querySelector('integration-hub')?.shadowRoot?.querySelectorAll('[part="item"]').length === count, count)
  }
  const revokeCurrent = async (): Promise<void> => {
    t.equal((await hub.api('DELETE', `/api/workspaces/default/tokens/${minted.at(-1)}`)).status, 204, 'the operator revokes the token in use')
  }

  await t.test('Save against the SMTP server, then Edit → Update', async t => {
    await opener.click()
    await fillSmtpForm(dialog, peer.port)
    await button('Save').click()
    await dialog.getByRole('status').filter({ hasText: 'SMTP configured successfully' }).waitFor()
    t.equal(await dialog.getByRole('list', { name: 'Connections' }).count(), 0, 'one connection: no list of them')
    await button('Edit').click()
    await dialog.getByLabel('Sender name').fill('CloudPi Alerts')
    await button('Update').click()
    await dialog.getByRole('status').filter({ hasText: 'SMTP updated successfully' }).waitFor()
    t.same(peer.logins, [{ user: SMTP_USER, ok: true }, { user: SMTP_USER, ok: true }])
    t.equal(minted.length, 1, 'one token did it all')
  })

  await t.test('a second connection, named in words, then listed with its status', async t => {
    await button('Add another connection').click()
    const name = dialog.getByLabel('Connection name')
    t.ok(await isFocused(name), 'the name field has focus')
    await name.fill('Backup')
    await page.keyboard.press('Enter')
    await dialog.getByText('Use 1 to 63 lower-case letters, digits and dashes, starting and ending with a letter or digit.').waitFor()
    t.equal(await name.getAttribute('aria-invalid'), 'true')
    await name.fill('default')
    await page.keyboard.press('Enter')
    await dialog.getByText('There is already a connection named default.').waitFor()
    const violations = await axeViolations(page, host)
    t.same(violations, { light: [], dark: [] }, 'axe: the name form and its error')
    await name.fill('backup')
    await page.keyboard.press('Enter')
    await dialog.getByText('New connection backup: fill in its settings, then Save.').waitFor()
    const hostField = dialog.getByLabel('SMTP Host')
    t.equal(await hostField.inputValue(), '', 'an empty form')
    t.ok(await isInForm(page), 'focus moves into the form')
    await hostField.fill('127.0.0.1')
    await dialog.getByLabel('SMTP Port').fill(String(peer.port))
    await dialog.getByLabel('Email Address').fill(SMTP_USER)
    await dialog.getByLabel('Password').fill(SMTP_PASSWORD)
    await button('Save').click()
    await dialog.getByRole('status').filter({ hasText: 'SMTP (backup) configured successfully' }).waitFor()
    const list = dialog.getByRole('list', { name: 'Connections' })
    t.match((await list.getByRole('button').allTextContents()).map(text => text.replace(/\s+/g, ' ').trim()), [/^default, Connected · /, /^backup, Connected · now$/], 'each with its name and status, the default first')
    t.equal(await list.getByRole('button', { name: /^backup/ }).getAttribute('aria-current'), 'true', 'the one shown is marked')
    await opener.filter({ hasText: '2 connections' }).waitFor()

    // The backup's password goes wrong, and is stored anyway: the list says one is failing.
    await button('Edit').click()
    await button('Replace').click()
    await dialog.getByLabel('Password').fill('wrong-password')
    await button('Update').click()
    await dialog.getByRole('alert').filter({ hasText: 'Invalid email credentials' }).waitFor()
    await button('Save anyway').click()
    await dialog.getByRole('status').filter({ hasText: 'SMTP (backup) saved, but its connection test failed' }).waitFor()
    await opener.filter({ hasText: '2 connections · 1 failing' }).waitFor()
    await list.getByRole('button', { name: /^backup\W+Last test failed/ }).waitFor()
    await shot(page, 'embed-connections')
    t.same(await axeViolations(page, host), { light: [], dark: [] }, 'axe: the list of connections')

    await list.getByRole('button', { name: /^default/ }).click()
    await dialog.getByText('CloudPi Alerts', { exact: true }).waitFor()
    t.equal(await list.getByRole('button', { name: /^default/ }).getAttribute('aria-current'), 'true')
    t.same((await hub.api('GET', '/api/integrations/smtp/connections')).body.connections.map((connection: any) => [connection.name, connection.lastTest.ok]), [['backup', false], ['default', true]])
    t.same((await events()).filter(([type]) => type === 'integration-saved').map(([, detail]) => [detail.connection, detail.created]), [['default', true], ['default', false], ['backup', true], ['backup', false]])
    await page.keyboard.press('Escape')
  })

  await t.test('a viewer sees a summary and no buttons; the hub refuses a change anyway', async t => {
    await setToken('?role=viewer')
    await opener.click()
    await dialog.getByText('You can look at these settings but not change them.').waitFor()
    await dialog.getByText('CloudPi Alerts', { exact: true }).waitFor()
    for (const name of ['Save', 'Edit', 'Update', 'Delete', 'Test connection', 'Add another connection']) {
      t.equal(await button(name).count(), 0, `no ${name}`)
    }
    t.equal(await dialog.getByRole('list', { name: 'Connections' }).getByRole('listitem').count(), 2, 'the connections can still be looked at')
    const refused = await page.evaluate(async hub => {
      const token = await (await fetch('/token?role=viewer')).text()
      const answer = await fetch(`${hub}/api/integrations/smtp`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ config: {} }) })
      return [answer.status, (await answer.json()).error]
    }, hubOrigin)
    t.same(refused, [403, 'HUB_ERR_READ_ONLY'])
    t.same(await axeViolations(page, host), { light: [], dark: [] }, 'axe: the read-only dialog')
    await page.keyboard.press('Escape')
  })

  await t.test('an allowlisted token sees fewer integrations', async t => {
    await setToken('?role=admin&integrations=smtp')
    await catalogShows(1)
    t.same(await page.getByRole('list', { name: 'Integrations' }).getByRole('button').allTextContents().then(texts => texts.map(text => text.trim().split(/\s/)[0])), ['SMTP'])
  })

  await t.test('rights taken away mid-session: the refusal is said in words, and the buttons go', async t => {
    await setToken('?role=admin')
    await catalogShows(4)
    await opener.click()
    await button('Edit').click()
    // The same getToken now hands out viewer tokens, as a host whose user lost rights would: the
    // widget learns it only when its token is refused and the new one may not change anything.
    await page.evaluate(() => { (window as any).tokenQuery = '?role=viewer' })
    await revokeCurrent()
    await button('Update').click()
    await dialog.getByRole('alert').filter({ hasText: 'You may look at these settings but not change, test or use them.' }).waitFor()
    t.equal(await button('Update').count(), 0, 'Update is gone')
    t.ok(await isFocused(button('Close')), 'focus moves to Close')
    await page.keyboard.press('Escape')
  })

  await t.test('a revoked token mid-session: a new one is fetched and the Update goes through, with no error shown', async t => {
    await setToken('?role=admin')
    await opener.click()
    await button('Edit').click()
    const before = minted.length
    await revokeCurrent()
    await dialog.getByLabel('Sender name').fill('CloudPi Notifications')
    await button('Update').click()
    await dialog.getByRole('status').filter({ hasText: 'SMTP updated successfully' }).waitFor()
    t.equal(await dialog.getByRole('alert').textContent(), '', 'no alert')
    t.equal(minted.length, before + 1, 'the host minted one more token')
    t.equal((await hub.api('GET', '/api/integrations/smtp')).body.config.senderName, 'CloudPi Notifications')
    t.match((await events()).filter(([type]) => type === 'integration-unauthorized').at(-1), ['integration-unauthorized', { code: 'HUB_ERR_TOKEN_REVOKED', retrying: true }])
  })

  await t.test('when the new token is refused too, the alert says the session ended', async t => {
    mint.revokeAtOnce = true
    const unauthorized = async () => (await events()).filter(([type]) => type === 'integration-unauthorized').map(([, detail]) => [detail.code, detail.retrying])
    const before = (await unauthorized()).length
    await revokeCurrent()
    await button('Test connection').click()
    await dialog.getByRole('alert').filter({ hasText: 'You are signed out: your session has ended.' }).waitFor()
    t.same((await unauthorized()).slice(before, before + 2), [['HUB_ERR_TOKEN_REVOKED', true], ['HUB_ERR_TOKEN_REVOKED', false]], 'one new token was tried, then the widget gave up')
  })

  t.notOk(authorizations.has(`Bearer ${ADMIN_TOKEN}`), 'the admin token never reached the browser')
  t.ok([...authorizations].every(value => value.startsWith('Bearer ihst_')), 'only scoped tokens did')
})
