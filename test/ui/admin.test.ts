/**
 * The admin page and the widget in Chromium, served by a real hub at its root (`GET /`, `ui/admin.js`
 * under the hub's own CSP) that talks to real peers: smtp-server for SMTP, the Jira Cloud peer, and
 * a plugin loaded from HUB_PLUGINS. Assertions are on what the admin sees: text in role=status and
 * role=alert, aria-invalid, where focus is. Set UI_SCREENSHOTS=<folder> to keep screenshots.
 */
import type { AddressInfo } from 'node:net'
import t, { type Test } from 'tap'
import { ADMIN_TOKEN, createTestHub, type TestHub, type TestHubOptions } from '../support/hub.js'
import { testCertificates } from '../support/peers/certificates.js'
import { startJiraPeer } from '../support/peers/jira.js'
import { startSmtpPeer } from '../support/peers/smtp.js'
import { axeViolations, fillSmtpForm, isFocused, isInForm, newPage, type Page, shot, signIn, SMTP_PASSWORD, SMTP_USER, startHostApp, stepTexts, tabTo } from './browser.js'

const SHOWCASE_PLUGIN = './test/support/fixtures/showcase-plugin.ts'

interface OpenOptions {
  hub?: TestHubOptions
  colorScheme?: 'light' | 'dark'
  signIn?: boolean
}

/** A real hub listening on a port (built-ins, the showcase plugin, the peers' CA trusted) and a page on it. */
async function openAdmin (t: Test, options: OpenOptions = {}): Promise<{ hub: TestHub, page: Page, origin: string }> {
  const hub = await createTestHub(t, {
    trustedCertificates: [(await testCertificates()).ca],
    env: { HUB_PLUGINS: SHOWCASE_PLUGIN },
    ...options.hub
  })
  await hub.app.listen({ port: 0, host: '127.0.0.1' })
  const origin = `http://127.0.0.1:${(hub.app.server.address() as AddressInfo).port}`
  const page = await newPage(t, options.colorScheme ? { colorScheme: options.colorScheme } : {})
  await page.goto(`${origin}/`)
  if (options.signIn !== false) await signIn(page)
  return { hub, page, origin }
}

async function smtpPeer (t: Test) {
  const peer = await startSmtpPeer({ users: { [SMTP_USER]: SMTP_PASSWORD } })
  t.teardown(() => peer.close())
  return peer
}

t.test('sign-in: a wrong token shows the message, SSO is offered when enabled, the right token shows the list', async t => {
  const { hub, page, origin } = await openAdmin(t, { signIn: false })
  // SSO counts as enabled once its settings say so, even stored despite a failed test.
  const sso = await hub.api('PUT', '/api/integrations/sso?force=true', {
    config: { provider: 'oidc', issuer: 'http://127.0.0.1:9/', clientId: 'hub', clientSecret: 's3cret', enabled: true }
  })
  t.equal(sso.status, 201)
  await page.reload()
  await page.getByRole('link', { name: 'Sign in with SSO' }).waitFor()
  t.equal(await page.getByRole('link', { name: 'Sign in with SSO' }).getAttribute('href'), `${origin}/auth/login`, 'under the hub’s base')

  const token = page.getByLabel('Admin token')
  await token.fill('not-the-admin-token')
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await page.getByRole('alert').filter({ hasText: 'That admin token is not valid.' }).waitFor()
  t.equal(await token.getAttribute('aria-invalid'), 'true')
  t.ok(await isFocused(token), 'focus goes back to the token field')
  await shot(page, 'sign-in-error')

  await signIn(page)
  t.ok(await isFocused(page.getByRole('heading', { name: 'Integration Hub' })), 'focus moves to the page heading')
  t.match(await page.getByRole('button', { name: /^SMTP/ }).textContent(), /Not configured/)
  t.match(await page.getByRole('button', { name: /^SSO/ }).textContent(), /Last test failed/)
  t.match(await page.getByRole('button', { name: /^Status board/ }).textContent(), /Not configured/, 'the HUB_PLUGINS plugin is listed')
  await shot(page, 'list-light')
  await page.getByRole('button', { name: 'Sign out' }).click()
  await page.getByLabel('Admin token').waitFor()
})

t.test('SMTP against a real SMTP server', async t => {
  const peer = await smtpPeer(t)
  const { hub, page } = await openAdmin(t)
  const opener = page.getByRole('button', { name: /^SMTP/ })
  const dialog = page.getByRole('dialog', { name: 'SMTP' })

  await t.test('Save: the hub logs in, then confirms', async t => {
    await opener.click()
    await fillSmtpForm(dialog, peer.port)
    await dialog.getByRole('button', { name: 'Save', exact: true }).click()
    await dialog.getByRole('status').filter({ hasText: 'SMTP configured successfully' }).waitFor()
    await dialog.getByRole('button', { name: 'Edit' }).waitFor()
    t.same(peer.logins, [{ user: SMTP_USER, ok: true }])
    t.equal((await hub.api('GET', '/api/integrations/smtp')).body.version, 1)
    await shot(page, 'smtp-saved')
  })

  await t.test('Test connection lists the steps with their outcome', async t => {
    await dialog.getByRole('button', { name: 'Test connection' }).click()
    await dialog.getByRole('status').filter({ hasText: 'Connection test passed' }).waitFor()
    t.same(await stepTexts(dialog), ['✓ Connect: passed', '✓ Secure (STARTTLS): passed', '✓ Log in: passed'])
    await shot(page, 'smtp-tested')
  })

  await t.test('Edit → Update without retyping the password', async t => {
    await dialog.getByRole('button', { name: 'Edit' }).click()
    t.ok(await isInForm(page), 'Edit moves focus into the form')
    t.equal(await dialog.getByLabel('Password').getAttribute('placeholder'), 'Saved — leave blank to keep')
    await dialog.getByLabel('Sender name').fill('CloudPi Alerts')
    await dialog.getByRole('button', { name: 'Update' }).click()
    await dialog.getByRole('status').filter({ hasText: 'SMTP updated successfully' }).waitFor()
    const stored = (await hub.api('GET', '/api/integrations/smtp')).body
    t.equal(stored.version, 2)
    t.equal(stored.config.senderName, 'CloudPi Alerts')
    t.same(peer.logins.at(-1), { user: SMTP_USER, ok: true }, 'the update logged in with the stored password')
    t.notOk(peer.logins.some(login => !login.ok), 'no login failed')
  })

  await t.test('someone else changing the settings meanwhile offers Reload', async t => {
    await dialog.getByRole('button', { name: 'Edit' }).click()
    await dialog.getByLabel('Sender name').fill('Mine')
    const other = await hub.api('PUT', '/api/integrations/smtp', { version: 2, config: { host: '127.0.0.1', port: peer.port, email: SMTP_USER, senderName: 'Theirs' } })
    t.equal(other.status, 200)
    await dialog.getByRole('button', { name: 'Update' }).click()
    await dialog.getByRole('alert').filter({ hasText: 'Someone else changed these settings' }).waitFor()
    await dialog.getByRole('button', { name: 'Reload' }).click()
    await dialog.getByRole('button', { name: 'Edit' }).waitFor()
    t.ok(await dialog.getByText('Theirs', { exact: true }).isVisible(), 'their settings are shown')
  })

  await t.test('Delete asks first, then the list says Not configured', async t => {
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click()
    t.ok(await isFocused(dialog.getByRole('button', { name: 'Cancel' })), 'focus goes to the safe choice')
    await shot(page, 'smtp-confirm-delete')
    await dialog.getByRole('button', { name: 'Delete settings' }).click()
    await page.getByRole('status').filter({ hasText: 'SMTP deleted' }).waitFor()
    await dialog.waitFor({ state: 'hidden' })
    await opener.filter({ hasText: 'Not configured' }).waitFor()
    t.equal((await hub.api('GET', '/api/integrations/smtp')).body.configured, false)
  })
})

t.test('Jira: a bad API token is "Invalid API Token"; Save anyway stores it with a failed test', async t => {
  const jira = await startJiraPeer({ email: 'ada@example.com', apiToken: 'ATATT-good-token' })
  t.teardown(() => jira.close())
  const { hub, page } = await openAdmin(t, { colorScheme: 'dark' })
  await page.getByRole('button', { name: /^Jira/ }).click()
  const dialog = page.getByRole('dialog', { name: 'Jira' })
  await dialog.getByLabel('Service URL').fill(jira.url)
  await dialog.getByLabel('User Email').fill('ada@example.com')
  const token = dialog.getByLabel('API Token')
  await token.fill('ATATT-revoked-token')
  await dialog.getByRole('button', { name: 'Save', exact: true }).click()
  await dialog.getByRole('alert').filter({ hasText: 'Invalid API Token' }).waitFor()
  t.equal(await token.getAttribute('aria-invalid'), 'true')
  t.ok(await isFocused(token), 'the invalid field has focus')
  t.same(await stepTexts(dialog), ['✓ Reach the Jira site: passed', '✗ Sign in with the API token: failed'])
  t.equal((await hub.api('GET', '/api/integrations/jira')).body.configured, false, 'nothing is stored')
  await shot(page, 'jira-invalid-token-dark')

  await dialog.getByRole('button', { name: 'Save anyway' }).click()
  await dialog.getByRole('status').filter({ hasText: 'Jira saved, but its connection test failed' }).waitFor()
  t.ok(await isFocused(dialog.getByRole('button', { name: 'Edit' })), 'focus moves from the vanished button to Edit')
  const stored = (await hub.api('GET', '/api/integrations/jira')).body
  t.equal(stored.configured, true)
  t.equal(stored.lastTest.ok, false)
  t.equal(stored.lastTest.message, 'Invalid API Token')
  await page.getByRole('button', { name: /^Jira/ }).filter({ hasText: 'Last test failed' }).waitFor()

  // The right token, through Edit → Replace → Update.
  await dialog.getByRole('button', { name: 'Edit' }).click()
  await dialog.getByRole('button', { name: 'Replace' }).click()
  t.ok(await isFocused(token), 'Replace focuses the now empty input')
  t.equal(await token.inputValue(), '')
  t.equal(await token.getAttribute('autocomplete'), 'new-password')
  await token.fill('ATATT-good-token')
  await dialog.getByRole('button', { name: 'Update' }).click()
  await dialog.getByRole('status').filter({ hasText: 'Jira updated successfully' }).waitFor()
  await page.getByRole('button', { name: /^Jira/ }).filter({ hasText: 'Connected' }).waitFor()
  t.equal((await hub.api('GET', '/api/integrations/jira')).body.lastTest.ok, true)
})

t.test('keyboard only: open a dialog, fill it, save, edit, close', async t => {
  const peer = await smtpPeer(t)
  const { page } = await openAdmin(t)
  const opener = page.getByRole('button', { name: /^SMTP/ })
  await tabTo(t, page, opener)
  await page.keyboard.press('Enter')
  const dialog = page.getByRole('dialog', { name: 'SMTP' })
  await dialog.getByLabel('SMTP Host').waitFor()
  t.ok(await isFocused(dialog.getByRole('button', { name: 'Close' })), 'focus starts inside the dialog')

  await tabTo(t, page, dialog.getByLabel('SMTP Host'))
  await page.keyboard.type('127.0.0.1')
  await page.keyboard.press('Tab')
  t.ok(await isFocused(dialog.getByLabel('SMTP Port')))
  await page.keyboard.press('ControlOrMeta+A')
  await page.keyboard.type(String(peer.port))
  await tabTo(t, page, dialog.getByLabel('Email Address'))
  await page.keyboard.type(SMTP_USER)
  await tabTo(t, page, dialog.getByLabel('Password'))
  await page.keyboard.type(SMTP_PASSWORD)
  const save = dialog.getByRole('button', { name: 'Save', exact: true })
  await tabTo(t, page, save)
  await page.keyboard.press('Space')
  await dialog.getByRole('status').filter({ hasText: 'SMTP configured successfully' }).waitFor()
  const edit = dialog.getByRole('button', { name: 'Edit' })
  t.ok(await isFocused(edit), 'focus stays on the button, now Edit')

  await page.keyboard.press('Enter')
  t.ok(await isInForm(page), 'Edit moves focus into the form')
  await page.keyboard.press('Escape')
  await dialog.waitFor({ state: 'hidden' })
  t.ok(await isFocused(opener), 'Esc closes the dialog and focus returns to its list entry')
  await opener.filter({ hasText: 'Connected' }).waitFor()
  t.same(peer.logins, [{ user: SMTP_USER, ok: true }])
})

t.test('a plugin from HUB_PLUGINS renders and saves with no UI change', async t => {
  const { hub, page } = await openAdmin(t)
  await page.getByRole('button', { name: /^Status board/ }).click()
  const dialog = page.getByRole('dialog', { name: 'Status board' })
  const severity = dialog.getByLabel('Minimum severity')
  t.same(await severity.locator('option').allTextContents(), ['info', 'warning', 'critical'], 'enum → select')
  t.equal(await severity.locator('option:checked').textContent(), 'warning', 'the default is selected')
  const paused = dialog.getByRole('switch', { name: 'Paused' })
  t.equal(await paused.isChecked(), false, 'boolean → switch, off by default')
  const retries = dialog.getByRole('group', { name: 'Retries' })
  const attempts = retries.getByLabel('Attempts')
  t.same([await attempts.getAttribute('type'), await attempts.getAttribute('min'), await attempts.getAttribute('max'), await attempts.getAttribute('step')],
    ['number', '0', '10', '1'], 'bounded integer in a nested object')
  t.equal(await attempts.inputValue(), '3')
  const backoff = retries.getByLabel('Back-off (seconds)')
  t.same([await backoff.getAttribute('min'), await backoff.getAttribute('max'), await backoff.getAttribute('step')], ['0.5', '60', 'any'])
  const webhook = dialog.getByRole('tab', { name: 'Webhook' })
  t.equal(await webhook.getAttribute('aria-selected'), 'true')

  // A missing required field: the hub's validation message, next to the field, which gets focus.
  await dialog.getByRole('button', { name: 'Save', exact: true }).click()
  await dialog.getByRole('alert').filter({ hasText: 'Webhook URL is required.' }).waitFor()
  const url = dialog.getByLabel('Webhook URL')
  t.equal(await url.getAttribute('aria-invalid'), 'true')
  t.ok(await isFocused(url), 'the invalid field has focus')
  t.notOk(await dialog.getByRole('button', { name: 'Save anyway' }).count(), 'invalid settings cannot be saved anyway')
  await url.fill('https://status.example.com/hooks/1')
  t.equal(await url.getAttribute('aria-invalid'), 'false', 'editing a field clears its error')

  // Saving without a channel fails the plugin's own test: its message sits next to the list.
  await dialog.getByRole('button', { name: 'Save', exact: true }).click()
  await dialog.getByRole('alert').filter({ hasText: 'Add at least one channel' }).waitFor()
  const channels = dialog.getByRole('group', { name: 'Channels' })
  await channels.getByText('Add at least one channel').waitFor()
  await channels.getByRole('button', { name: 'Add', exact: true }).click()
  t.equal(await channels.getByText('Add at least one channel').count(), 0, 'adding an item clears the list’s error')
  await dialog.getByLabel('Channels 1', { exact: true }).fill('#ops')
  await severity.selectOption({ label: 'critical' })
  await paused.check()
  await backoff.fill('2.5')
  await webhook.focus()
  await page.keyboard.press('ArrowRight')
  const queueTab = dialog.getByRole('tab', { name: 'Message queue' })
  t.equal(await queueTab.getAttribute('aria-selected'), 'true')
  t.ok(await isFocused(queueTab), 'arrow keys move the selection and focus')
  await dialog.getByLabel('Queue name').fill('incidents')
  await page.keyboard.press('Shift+Tab')
  await page.keyboard.press('ArrowLeft')
  t.equal(await dialog.getByLabel('Webhook URL').inputValue(), 'https://status.example.com/hooks/1', 'what was typed in a tab is kept')
  await page.keyboard.press('ArrowRight')
  await shot(page, 'showcase')
  await dialog.getByRole('button', { name: 'Save', exact: true }).click()
  await dialog.getByRole('status').filter({ hasText: 'Status board configured successfully' }).waitFor()

  const stored = (await hub.api('GET', '/api/integrations/showcase')).body
  t.same(stored.config, {
    delivery: 'queue', queue: 'incidents', severity: 'critical', channels: ['#ops'], paused: true, retry: { attempts: 3, backoffSeconds: 2.5 }
  }, 'only the selected tab is sent')
  t.equal(stored.lastTest.ok, true, 'the plugin’s test passed')
  t.ok(await dialog.getByRole('definition').filter({ hasText: /^Message queue$/ }).isVisible(), 'the read-only summary names the tab')

  const testButton = dialog.getByRole('button', { name: 'Test connection' })
  await testButton.click()
  await dialog.getByRole('region', { name: 'Connection test steps' }).getByRole('listitem').first().waitFor()
  t.equal(await testButton.getAttribute('aria-busy'), 'true', 'the first step shows while the test still runs')
  t.same(await stepTexts(dialog), ['✓ Check the settings: passed'])
  await dialog.getByRole('status').filter({ hasText: 'Connection test passed' }).waitFor()
  t.same(await stepTexts(dialog), ['✓ Check the settings: passed', '✓ Reach the board: passed'])
})

t.test('an ended session shows a clear message and returns to the sign-in form', async t => {
  const { hub, page } = await openAdmin(t)
  const [cookie] = (await page.context().cookies()).filter(candidate => candidate.name === 'hub_session')
  t.ok(cookie, 'signed in with a session cookie')
  // Signed out elsewhere (another tab): the hub no longer knows this session.
  const signOut = await hub.app.inject({ method: 'POST', url: '/auth/logout', headers: { cookie: `hub_session=${cookie?.value}` } })
  t.equal(signOut.statusCode, 204)
  await page.getByRole('button', { name: /^Jira/ }).click()
  const token = page.getByLabel('Admin token')
  await page.getByRole('alert').filter({ hasText: 'You are signed out: your session has ended. Sign in again to continue.' }).waitFor()
  t.ok(await isFocused(token), 'focus is on the token field')
  t.equal(await token.getAttribute('aria-invalid'), 'false', 'no token was refused')
  t.equal(await page.getByRole('dialog').count(), 0, 'the widget and its dialog are gone')
  await shot(page, 'session-ended')
  await signIn(page)
  t.match(await page.getByRole('button', { name: /^Jira/ }).textContent(), /Not configured/)
})

t.test('embedded on another origin with a token: bearer auth through CORS, events bubble out', async t => {
  // The host app: a page on its own origin, under its own CSP.
  let hubOrigin = ''
  const { origin: host } = await startHostApp(t, (_request, response) => {
    response.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `default-src 'self'; script-src ${hubOrigin}; connect-src ${hubOrigin}; img-src data:`
    })
    response.end(`<!doctype html><html lang="en"><title>Host app</title><script type="module" src="${hubOrigin}/ui/integration-hub.js"></script>
      <main><h1>Host app</h1><integration-hub api-base="${hubOrigin}" token="${ADMIN_TOKEN}" theme="dark"></integration-hub></main></html>`)
  })
  const { hub, origin } = await openAdmin(t, { signIn: false, hub: { allowedOrigins: [host] } })
  hubOrigin = origin
  const page = await newPage(t, { colorScheme: 'dark' })
  await page.goto(`${host}/settings`)
  await page.evaluate(() => {
    for (const type of ['integration-saved', 'integration-tested', 'integration-deleted', 'integration-unauthorized']) {
      document.addEventListener(type, event => ((window as any).events ??= []).push([type, (event as CustomEvent).detail]))
    }
  })
  await page.getByRole('button', { name: /^Status board/ }).click()
  const dialog = page.getByRole('dialog', { name: 'Status board' })
  await dialog.getByLabel('Webhook URL').fill('https://status.example.com/hooks/1')
  await dialog.getByRole('group', { name: 'Channels' }).getByRole('button', { name: 'Add', exact: true }).click()
  await dialog.getByLabel('Channels 1', { exact: true }).fill('#ops')
  await dialog.getByRole('button', { name: 'Test connection' }).click()
  await dialog.getByRole('status').filter({ hasText: 'Connection test passed' }).waitFor()
  await dialog.getByRole('button', { name: 'Save', exact: true }).click()
  await dialog.getByRole('status').filter({ hasText: 'Status board configured successfully' }).waitFor()
  const events = await page.evaluate(() => (window as any).events as Array<[string, any]>)
  t.same(events.map(([type, detail]) => [type, detail.id, detail.created ?? detail.result?.ok]), [
    ['integration-tested', 'showcase', true],
    ['integration-saved', 'showcase', true]
  ])
  t.equal((await hub.api('GET', '/api/integrations/showcase')).body.configured, true)
  await shot(page, 'embed-dark')

  // A token the hub no longer accepts: the widget says so and tells the host app.
  await page.keyboard.press('Escape')
  await page.locator('integration-hub').evaluate(element => { (element as any).token = 'an-expired-token' })
  await page.getByRole('alert').filter({ hasText: 'You are signed out: your session has ended.' }).waitFor()
  const last = await page.evaluate(() => ((window as any).events as Array<[string, any]>).at(-1))
  t.same(last?.[0], 'integration-unauthorized')
})

t.test('axe finds no serious or critical violations on the list and in open dialogs, light and dark', async t => {
  const { page, origin } = await openAdmin(t)
  const check = async (where: string): Promise<void> => {
    const violations = await axeViolations(page, origin)
    t.same(violations.light, [], `${where} (light)`)
    t.same(violations.dark, [], `${where} (dark)`)
  }
  await check('the list')
  await page.getByRole('button', { name: /^Status board/ }).click()
  const dialog = page.getByRole('dialog', { name: 'Status board' })
  await dialog.getByRole('button', { name: 'Save', exact: true }).click()
  await dialog.getByRole('alert').filter({ hasText: 'Webhook URL is required.' }).waitFor()
  await check('a dialog with a field error')
  await page.keyboard.press('Escape')
  await page.getByRole('button', { name: /^SMTP/ }).click()
  await page.getByRole('dialog', { name: 'SMTP' }).getByLabel('SMTP Host').waitFor()
  await check('the SMTP dialog')
})
