/**
 * What the browser tests share: the widget built from the current sources, one Chromium (Debian's,
 * through playwright-core; skipped without one unless CI=true), pages that fail their test on a script
 * error or a console error, and the few questions the tests ask a page (where focus is, what axe says).
 * Set UI_SCREENSHOTS=<folder> to keep screenshots.
 */
import { existsSync } from 'node:fs'
import { mkdir, readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { buildUi } from '../../scripts/build-ui.js'
import { ADMIN_TOKEN } from '../support/hub.js'

const chromiumPath = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined)
if (!chromiumPath && process.env.CI !== 'true') {
  t.plan(0, 'CHROMIUM_PATH is not set and /usr/bin/chromium does not exist')
  process.exit(0)
}

const { chromium } = await import('playwright-core')
export type Page = import('playwright-core').Page
export type Locator = import('playwright-core').Locator

const shots = process.env.UI_SCREENSHOTS

// The hub serves the bundles from dist/ui: build them from the current sources first.
await buildUi()
export const browser = await chromium.launch({
  ...(chromiumPath ? { executablePath: chromiumPath } : {}),
  args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']
})
t.teardown(() => browser.close())
if (shots) await mkdir(shots, { recursive: true })

export interface PageOptions {
  colorScheme?: 'light' | 'dark'
  /** Console errors that are expected (matched against the text); any other fails the test. */
  allowConsole?: RegExp
}

/** A page in a fresh context: a script error or a console error (a CSP refusal, say) fails `t`. */
export async function newPage (t: Test, { colorScheme = 'light', allowConsole }: PageOptions = {}): Promise<Page> {
  const context = await browser.newContext({ colorScheme, viewport: { width: 900, height: 900 } })
  t.teardown(() => context.close())
  const page = await context.newPage()
  page.on('pageerror', error => t.fail(`script error: ${error.message}`))
  page.on('console', message => {
    // Chromium logs every 4xx answer (401 from /auth/me, 422 from a failed save); those are expected.
    const text = message.text()
    if (message.type() === 'error' && !text.startsWith('Failed to load resource') && !allowConsole?.test(text)) t.fail(`console error (CSP?): ${text}`)
  })
  return page
}

/** Signs in on the admin page with the admin token and waits for the list. */
export async function signIn (page: Page): Promise<void> {
  await page.getByLabel('Admin token').fill(ADMIN_TOKEN)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await page.getByRole('list', { name: 'Integrations' }).waitFor()
}

/** Whether `locator` is the focused element, looking through shadow roots. */
export async function isFocused (locator: Locator): Promise<boolean> {
  return await locator.evaluate(element => {
    let active = document.activeElement
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement
    return active === element
  })
}

/** Whether focus is on a control of the open form (`<integration-hub-form>`), looking through shadow roots. */
export async function isInForm (page: Page): Promise<boolean> {
  return await page.evaluate(() => {
    let active = document.activeElement
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement
    const root = active?.getRootNode()
    return root instanceof ShadowRoot && root.host.localName === 'integration-hub-form'
  })
}

/** Presses Tab until `locator` has focus (at most `limit` times): how a keyboard user gets there. */
export async function tabTo (t: Test, page: Page, locator: Locator, limit = 25): Promise<void> {
  for (let presses = 0; presses < limit; presses++) {
    if (await isFocused(locator)) return
    await page.keyboard.press('Tab')
  }
  t.ok(await isFocused(locator), `Tab reaches ${locator}`)
}

/** The texts of the elements a control's `aria-describedby` names: what a screen reader reads after its label. */
export async function descriptionOf (locator: Locator): Promise<string> {
  return await locator.evaluate(element => {
    const root = element.getRootNode() as Document | ShadowRoot
    return (element.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean)
      .map(id => root.getElementById(id)?.textContent?.trim() ?? '').join(' ')
  })
}

/** The values (and labels) a text input suggests through its datalist; empty without one. */
export async function suggestionsOf (locator: Locator): Promise<Array<[string, string]>> {
  return await locator.evaluate(element => [...((element as HTMLInputElement).list?.options ?? [])].map(option => [option.value, option.label === option.value ? '' : option.label] as [string, string]))
}

/** The mailbox the UI tests' SMTP peers accept. */
export const SMTP_USER = 'mailer@example.com'
export const SMTP_PASSWORD = 'right-password'

/** Fills the SMTP dialog's form as an admin does, for the peer listening on `port`. */
export async function fillSmtpForm (dialog: Locator, port: number): Promise<void> {
  await dialog.getByLabel('SMTP Host').fill('127.0.0.1')
  await dialog.getByLabel('SMTP Port').fill(String(port))
  await dialog.getByLabel('Email Address').fill(SMTP_USER)
  await dialog.getByLabel('Password').fill(SMTP_PASSWORD)
}

export async function shot (page: Page, name: string): Promise<void> {
  if (shots) await page.screenshot({ path: join(shots, `${name}.png`) })
}

export const stepTexts = async (dialog: Locator): Promise<string[]> =>
  (await dialog.getByRole('region', { name: 'Connection test steps' }).getByRole('listitem').allTextContents())
    .map(text => text.replace(/\s+/g, ' ').trim().replace(/ \d+ ms$/, ''))

const axeSource = readFile(new URL(import.meta.resolve('axe-core/axe.min.js')), 'utf8')

/**
 * axe-core's serious and critical violations on the page, in light and dark. axe is served as if from
 * `origin` (the page's own), so a CSP of `script-src 'self'` stays on for the page under test.
 */
export async function axeViolations (page: Page, origin: string): Promise<Record<'light' | 'dark', string[]>> {
  const url = `${origin}/__axe.js`
  if (!await page.evaluate(() => 'axe' in window)) {
    await page.route(url, async route => await route.fulfill({ contentType: 'text/javascript', body: await axeSource }))
    await page.addScriptTag({ url })
  }
  const found: Record<'light' | 'dark', string[]> = { light: [], dark: [] }
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme })
    found[colorScheme] = await page.evaluate(async () => {
      const result = await (window as any).axe.run(document, { resultTypes: ['violations'] })
      return result.violations
        .filter((violation: any) => violation.impact === 'serious' || violation.impact === 'critical')
        .map((violation: any) => `${violation.id}: ${violation.nodes.map((node: any) => node.target.join(' ')).join(', ')}`)
    })
  }
  await page.emulateMedia({ colorScheme: null })
  return found
}

export interface HostApp {
  /** `http://localhost:PORT`: another origin than the hub's 127.0.0.1 (and a loopback one, which Chromium lets reach loopback). */
  origin: string
}

/** A host app on its own origin: `handle` answers every request; closed when `t` ends. */
export async function startHostApp (t: Test, handle: (request: IncomingMessage, response: ServerResponse) => void | Promise<void>): Promise<HostApp> {
  const server = createServer((request, response) => {
    Promise.resolve(handle(request, response)).catch(error => {
      response.writeHead(500).end(String(error))
    })
  })
  await new Promise<void>(resolve => server.listen(0, 'localhost', resolve))
  t.teardown(() => new Promise(resolve => { server.closeAllConnections(); server.close(resolve) }))
  return { origin: `http://localhost:${(server.address() as AddressInfo).port}` }
}
