/**
 * What `<integration-hub-form>` draws from a schema's less common keywords, in Chromium on the admin
 * page of a real hub: stored secrets that follow their destination (`x-destination`), examples as
 * suggestions, and choices from the plugin's own action (`x-choices`), with the showcase plugin
 * (test/support/fixtures/showcase-plugin.ts) and the hub's SSO settings.
 */
import type { AddressInfo } from 'node:net'
import t, { type Test } from 'tap'
import showcase from '../support/fixtures/showcase-plugin.js'
import { createTestHub, type TestHub } from '../support/hub.js'
import { axeViolations, descriptionOf, isFocused, newPage, shot, signIn, suggestionsOf, type Locator, type Page } from './browser.js'

const STORED = {
  delivery: 'webhook',
  url: 'https://status.example.com/hooks/1',
  channels: ['#ops'],
  severity: 'warning',
  token: 'board-secret',
  retry: { attempts: 1 }
}

async function openAdmin (t: Test): Promise<{ hub: TestHub, page: Page, origin: string }> {
  const hub = await createTestHub(t, { plugins: [showcase], builtinPlugins: false })
  await hub.app.listen({ port: 0, host: '127.0.0.1' })
  const origin = `http://127.0.0.1:${(hub.app.server.address() as AddressInfo).port}`
  const page = await newPage(t)
  await page.goto(`${origin}/`)
  await signIn(page)
  return { hub, page, origin }
}

/** Waits until the input's suggestions are `expected` (the action runs once typing pauses). */
async function waitForSuggestions (t: Test, input: Locator, expected: Array<[string, string]>, message: string): Promise<void> {
  const deadline = Date.now() + 5000
  let found = await suggestionsOf(input)
  while (JSON.stringify(found) !== JSON.stringify(expected) && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 100))
    found = await suggestionsOf(input)
  }
  t.same(found, expected, message)
}

t.test('a stored secret follows its destination: changing the Webhook URL asks for the Board token again', async t => {
  const { hub, page, origin } = await openAdmin(t)
  t.equal((await hub.api('PUT', '/api/integrations/showcase', { config: STORED })).status, 201)
  await page.getByRole('button', { name: /^Status board/ }).click()
  const dialog = page.getByRole('dialog', { name: 'Status board' })
  await dialog.getByRole('button', { name: 'Edit' }).click()
  const url = dialog.getByLabel('Webhook URL')
  // The label's text, with the required mark once it is required (not "Status board"'s other fields).
  const tokenLabel = /^Board token\*?$/
  const token = dialog.getByLabel(tokenLabel)
  const tokenField = dialog.locator('[part~="field"]').filter({ has: page.getByLabel(tokenLabel) })
  t.equal(await token.getAttribute('placeholder'), 'Saved — leave blank to keep')
  t.equal(await tokenField.getByRole('button', { name: 'Replace' }).count(), 1)

  await url.fill('https://status.example.com/hooks/2')
  t.equal(await token.getAttribute('placeholder'), null, 'the saved value is not offered any more')
  t.equal(await token.inputValue(), '')
  t.equal(await token.getAttribute('required'), '', 'it is required')
  t.match(await descriptionOf(token), /^Enter it again: the Webhook URL changed\./, 'and says why')
  t.equal(await tokenField.getByRole('button').count(), 0, 'no Replace, Keep or Clear while the destination differs')
  await shot(page, 'form-secret-reenter')
  const violations = await axeViolations(page, origin)
  t.same(violations, { light: [], dark: [] }, 'axe: the note is tied to its field')

  await url.fill(STORED.url)
  t.equal(await token.getAttribute('placeholder'), 'Saved — leave blank to keep', 'back at the stored URL, the saved token is kept again')
  t.equal(await token.getAttribute('required'), null)

  await url.fill('https://status.example.com/hooks/2')
  await dialog.getByRole('button', { name: 'Update' }).click()
  await tokenField.getByText('Enter the Board token again: the Webhook URL changed.').waitFor()
  t.ok(await dialog.getByRole('alert').textContent(), 'the hub’s refusal is in the alert')
  t.equal(await token.getAttribute('aria-invalid'), 'true', 'the hub’s message sits on the field')
  t.ok(await isFocused(token), 'which has focus')
  t.equal((await hub.api('GET', '/api/integrations/showcase')).body.config.url, STORED.url, 'nothing changed')

  await token.fill('board-secret-2')
  t.equal(await token.getAttribute('aria-invalid'), 'false', 'typing clears the error')
  await dialog.getByRole('button', { name: 'Update' }).click()
  await dialog.getByRole('status').filter({ hasText: 'Status board updated successfully' }).waitFor()
  const stored = (await hub.api('GET', '/api/integrations/showcase')).body
  t.equal(stored.config.url, 'https://status.example.com/hooks/2')
  t.same(stored.secretsSet, ['token'])
})

t.test('several examples are suggestions (the SSO Issuer URL), one is a placeholder', async t => {
  const { page } = await openAdmin(t)
  await page.getByRole('button', { name: /^SSO/ }).click()
  const sso = page.getByRole('dialog', { name: 'SSO' })
  await sso.getByRole('tab', { name: 'OpenID Connect' }).click()
  const issuer = sso.getByLabel('Issuer URL')
  t.same(await suggestionsOf(issuer), [
    ['https://{yourOktaDomain}/oauth2/default', ''],
    ['https://login.microsoftonline.com/{tenant-id}/v2.0', ''],
    ['https://accounts.google.com', ''],
    ['https://{keycloak-host}/realms/{realm}', '']
  ], 'Okta, Entra ID, Google and Keycloak')
  t.equal(await issuer.getAttribute('placeholder'), null)
  t.equal(await sso.getByRole('combobox', { name: 'Issuer URL' }).count(), 1, 'a labelled combobox: type, or pick a pattern')
  await page.keyboard.press('Escape')

  await page.getByRole('button', { name: /^Status board/ }).click()
  const webhook = page.getByRole('dialog', { name: 'Status board' }).getByLabel('Webhook URL')
  t.equal(await webhook.getAttribute('placeholder'), 'https://status.example.com/hooks/incidents')
  t.same(await suggestionsOf(webhook), [], 'one example: no list')
})

t.test('choices from the service: the Board lists what listBoards answers for the severity, or is a text field', async t => {
  const { hub, page } = await openAdmin(t)
  const opener = page.getByRole('button', { name: /^Status board/ })
  const dialog = page.getByRole('dialog', { name: 'Status board' })
  const board = dialog.getByLabel('Board', { exact: true })

  await opener.click()
  await board.waitFor()
  await page.waitForTimeout(300)
  t.same(await suggestionsOf(board), [], 'not saved yet: a plain text field')
  t.equal(await dialog.getByRole('combobox', { name: 'Board' }).count(), 0)
  await page.keyboard.press('Escape')

  t.equal((await hub.api('PUT', '/api/integrations/showcase', { config: STORED })).status, 201)
  await opener.click()
  await dialog.getByRole('button', { name: 'Edit' }).click()
  await waitForSuggestions(t, board, [['ops', 'Operations'], ['eng', 'Engineering'], ['exec', 'Executive summary']], 'saved and working: the boards for warning')
  t.equal(await dialog.getByRole('combobox', { name: 'Board' }).count(), 1, 'a labelled combobox: type to search, or pick')
  await shot(page, 'form-choices')

  const severity = dialog.getByLabel('Minimum severity')
  await severity.selectOption('info')
  await waitForSuggestions(t, board, [['ops', 'Operations']], 'the severity changed: the action ran again with it')

  await severity.selectOption('critical')
  await waitForSuggestions(t, board, [], 'the action fails: a plain text field again')
  t.equal(await dialog.getByRole('alert').textContent(), '', 'with no error shown')

  await severity.selectOption('warning')
  await waitForSuggestions(t, board, [['ops', 'Operations'], ['eng', 'Engineering'], ['exec', 'Executive summary']], 'and back')
  await board.focus()
  await page.keyboard.type('eng')
  await dialog.getByRole('button', { name: 'Update' }).click()
  await dialog.getByRole('status').filter({ hasText: 'Status board updated successfully' }).waitFor()
  t.equal((await hub.api('GET', '/api/integrations/showcase')).body.config.board, 'eng', 'the picked value is stored')
})
