/**
 * The widget in Chromium against a stand-in for the hub's HTTP API (same routes, same answers),
 * served with the strict CSP the real hub sends. Set UI_SCREENSHOTS=<folder> to keep screenshots.
 */
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { buildUi } from '../../scripts/build-ui.js'

const chromiumPath = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined)
if (!chromiumPath && process.env.CI !== 'true') {
  t.plan(0, 'CHROMIUM_PATH is not set and /usr/bin/chromium does not exist')
  process.exit(0)
}

const { chromium } = await import('playwright-core')
type Page = import('playwright-core').Page

const ADMIN_TOKEN = 'let-me-in'
const shots = process.env.UI_SCREENSHOTS

const icon = '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2"><rect x="3" y="5" width="18" height="14" rx="2"/><path d="m3 7 9 6 9-6"/></svg>'

const schemas: Record<string, Record<string, unknown>> = {
  jira: {
    type: 'object',
    required: ['serviceUrl', 'email', 'apiToken'],
    properties: {
      description: { type: 'string', title: 'Description' },
      serviceUrl: { type: 'string', format: 'uri', title: 'Service URL', examples: ['https://yourcompany.atlassian.net'] },
      email: { type: 'string', format: 'email', title: 'User Email' },
      apiToken: { type: 'string', writeOnly: true, title: 'API Token', description: 'Create one at id.atlassian.com → Security → API tokens.' }
    }
  },
  sso: {
    type: 'object',
    additionalProperties: false,
    required: ['provider', 'clientId', 'enabled'],
    properties: {
      enabled: { type: 'boolean', title: 'SSO Enabled', default: false },
      clientId: { type: 'string', title: 'Client ID' },
      clientSecret: { type: 'string', title: 'Client Secret', writeOnly: true },
      scopes: { type: 'array', items: { type: 'string' }, title: 'Scopes', default: ['openid', 'email', 'profile'] },
      provider: { type: 'string' }
    },
    oneOf: [
      { title: 'Auth0', required: ['domain'], properties: { provider: { const: 'auth0', title: 'Auth0' }, domain: { type: 'string', title: 'Domain', examples: ['yourtenant.us.auth0.com'] }, audience: { type: 'string', title: 'API Audience' } } },
      { title: 'OpenID Connect', required: ['issuer'], properties: { provider: { const: 'oidc', title: 'OpenID Connect' }, issuer: { type: 'string', format: 'uri', title: 'Issuer URL' } } }
    ]
  },
  smtp: {
    type: 'object',
    required: ['host', 'port', 'email'],
    properties: {
      host: { type: 'string', title: 'SMTP Host', examples: ['smtp.gmail.com'] },
      port: { type: 'integer', minimum: 1, maximum: 65535, default: 587, title: 'SMTP Port' },
      security: { type: 'string', title: 'Security', default: 'auto', oneOf: [{ const: 'auto', title: 'Automatic (from the port)' }, { const: 'tls', title: 'SSL/TLS' }, { const: 'starttls', title: 'STARTTLS' }, { const: 'none', title: 'None' }] },
      email: { type: 'string', format: 'email', title: 'Email Address' },
      username: { type: 'string', title: 'Username' },
      password: { type: 'string', writeOnly: true, title: 'Password' }
    }
  }
}

interface Stored { config: Record<string, unknown>, version: number, updatedAt: string }

/** An in-memory stand-in for the hub's API, recording what the widget sent. */
function fakeHub (bundleDir: string): { server: Server, store: Map<string, Stored>, received: Array<{ method: string, url: string, body: unknown }> } {
  const store = new Map<string, Stored>([
    ['smtp', { config: { host: 'smtp.example.com', port: 587, security: 'auto', email: 'ops@example.com', username: 'ops', password: 'hunter2' }, version: 3, updatedAt: new Date(Date.now() - 3 * 3600_000).toISOString() }]
  ])
  const lastTests = new Map<string, { ok: boolean, message: string, at: string }>([
    ['smtp', { ok: false, message: 'Invalid email credentials', at: new Date(Date.now() - 5 * 60_000).toISOString() }]
  ])
  const received: Array<{ method: string, url: string, body: unknown }> = []
  const catalog = [
    { id: 'jira', name: 'Jira', description: 'Issue tracking and project workflows.', icon },
    { id: 'sso', name: 'SSO', description: 'Single sign-on through your identity provider.' },
    { id: 'smtp', name: 'SMTP', description: 'Send e-mail notifications.', icon }
  ]
  const secretNames = (id: string): string[] =>
    Object.entries((schemas[id]?.properties ?? {}) as Record<string, { writeOnly?: boolean }>).filter(([, s]) => s.writeOnly).map(([name]) => name)
  const summary = (item: typeof catalog[number]) => ({
    ...item, pluginVersion: '1.0.0', configured: store.has(item.id), updatedAt: store.get(item.id)?.updatedAt ?? null, lastTest: lastTests.get(item.id) ?? null
  })
  const detail = (item: typeof catalog[number]) => {
    const stored = store.get(item.id)
    const secrets = secretNames(item.id)
    return {
      ...summary(item),
      schema: schemas[item.id],
      actions: [],
      config: stored ? Object.fromEntries(Object.entries(stored.config).filter(([key]) => !secrets.includes(key))) : null,
      secretsSet: stored ? secrets.filter(key => stored.config[key] !== undefined) : [],
      version: stored?.version ?? null
    }
  }
  const steps = (ok: boolean) => [{ label: 'Reach server', ok: true, durationMs: 12 }, { label: 'Authenticate', ok, durationMs: 48 }]
  /** The stand-in's connection test: a password or token "wrong" fails, like a real service would. */
  const runTest = (id: string, config: Record<string, unknown>) => {
    const bad = Object.values(config).includes('wrong')
    const field = id === 'jira' ? 'apiToken' : 'password'
    return bad
      ? { ok: false, code: 'AUTH_FAILED', message: id === 'jira' ? 'Invalid API Token' : 'Invalid email credentials', detail: 'The server answered 401.', field, steps: steps(false), durationMs: 60 }
      : { ok: true, message: 'Connected', steps: steps(true), durationMs: 60 }
  }
  const send = (res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers })
    res.end(body === undefined ? undefined : JSON.stringify(body))
  }
  const readBody = async (req: IncomingMessage): Promise<any> => {
    let text = ''
    for await (const chunk of req) text += chunk
    return text ? JSON.parse(text) : undefined
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const body = await readBody(req)
    if (url.pathname.startsWith('/api') || url.pathname.startsWith('/auth')) received.push({ method: req.method ?? '', url: url.pathname, body })
    const signedIn = req.headers.cookie?.includes('hub_session=ok') || req.headers.authorization === `Bearer ${ADMIN_TOKEN}`
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html', 'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'" })
      res.end(await readFile(join(bundleDir, 'index.html')))
      return
    }
    if (url.pathname === '/embed') {
      res.writeHead(200, { 'content-type': 'text/html', 'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'" })
      res.end(`<!doctype html><html lang="en"><title>Host app</title><script type="module" src="/ui/integration-hub.js"></script><main><h1>Host app</h1><integration-hub token="${ADMIN_TOKEN}" theme="dark"></integration-hub></main></html>`)
      return
    }
    if (url.pathname === '/ui/integration-hub.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' })
      res.end(await readFile(join(bundleDir, 'integration-hub.js')))
      return
    }
    if (url.pathname === '/auth/options') return send(res, 200, { ssoEnabled: true })
    if (url.pathname === '/auth/token') {
      return body?.token === ADMIN_TOKEN
        ? send(res, 204, undefined, { 'set-cookie': 'hub_session=ok; HttpOnly; SameSite=Lax; Path=/' })
        : send(res, 401, { error: 'HUB_ERR_UNAUTHORIZED', message: 'That admin token is not valid.' })
    }
    if (url.pathname === '/auth/logout') return send(res, 204, undefined, { 'set-cookie': 'hub_session=; Max-Age=0; Path=/' })
    if (!signedIn) return send(res, 401, { error: 'HUB_ERR_UNAUTHORIZED', message: 'Sign in first.' })
    if (url.pathname === '/auth/me') return send(res, 200, { sub: 'admin', name: 'Admin', via: 'token' })
    if (url.pathname === '/api/integrations') return send(res, 200, { integrations: catalog.map(summary) })
    const match = /^\/api\/integrations\/([^/]+)(\/test)?$/.exec(url.pathname)
    const item = catalog.find(entry => entry.id === match?.[1])
    if (!match || !item) return send(res, 404, { error: 'HUB_ERR_NOT_FOUND', message: 'Unknown integration.' })
    const stored = store.get(item.id)
    if (match[2]) {
      const config = { ...stored?.config, ...body?.config }
      const result = runTest(item.id, config)
      lastTests.set(item.id, { ok: result.ok, message: result.message, at: new Date().toISOString() })
      return send(res, 200, result)
    }
    if (req.method === 'GET') return send(res, 200, detail(item))
    if (req.method === 'DELETE') {
      store.delete(item.id)
      lastTests.delete(item.id)
      return send(res, 204)
    }
    if (req.method === 'PUT') {
      if (stored && body.version !== stored.version) return send(res, 409, { error: 'HUB_ERR_VERSION_CONFLICT', message: 'The settings were changed meanwhile.' })
      const config: Record<string, unknown> = { ...body.config }
      for (const secret of secretNames(item.id)) {
        if (!(secret in config) && stored?.config[secret] !== undefined) config[secret] = stored.config[secret]
        if (config[secret] === null) delete config[secret]
      }
      const required = (schemas[item.id]?.required ?? []) as string[]
      const missing = required.filter(name => config[name] === undefined)
      if (missing.length > 0) {
        return send(res, 400, { error: 'HUB_ERR_VALIDATION', message: 'Some settings are missing or invalid.', fields: missing.map(field => ({ field, message: 'This field is required.' })) })
      }
      const test = runTest(item.id, config)
      if (!test.ok) return send(res, 422, { error: 'HUB_ERR_TEST_FAILED', message: test.message, detail: test.detail, fields: [], test })
      store.set(item.id, { config, version: (stored?.version ?? 0) + 1, updatedAt: new Date().toISOString() })
      lastTests.set(item.id, { ok: true, message: 'Connected', at: new Date().toISOString() })
      return send(res, stored ? 200 : 201, detail(item))
    }
    send(res, 405, { error: 'HUB_ERR_METHOD', message: 'Method not allowed.' })
  })
  return { server, store, received }
}

const bundleDir = await mkdtemp(join(tmpdir(), 'hub-ui-test-'))
t.teardown(() => rm(bundleDir, { recursive: true, force: true }))
await buildUi({ outdir: bundleDir })

const browser = await chromium.launch({
  ...(chromiumPath ? { executablePath: chromiumPath } : {}),
  args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']
})
t.teardown(() => browser.close())
if (shots) await mkdir(shots, { recursive: true })

async function openHub (t: Test, options: { colorScheme?: 'light' | 'dark', signIn?: boolean, bypassCSP?: boolean, path?: string } = {}) {
  const { server, store, received } = fakeHub(bundleDir)
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise(resolve => server.close(resolve)))
  const context = await browser.newContext({ colorScheme: options.colorScheme ?? 'light', viewport: { width: 900, height: 900 }, bypassCSP: options.bypassCSP ?? false })
  t.teardown(() => context.close())
  const page = await context.newPage()
  page.on('pageerror', error => t.fail(`script error: ${error.message}`))
  page.on('console', message => {
    // Chromium logs every 4xx answer (401 from /auth/me, 422 from a failed save); those are expected.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) t.fail(`console error (CSP?): ${message.text()}`)
  })
  await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}${options.path ?? '/'}`)
  if (options.signIn !== false && options.path === undefined) {
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN)
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await page.getByRole('list', { name: 'Integrations' }).waitFor()
  }
  return { page, store, received }
}

async function shot (page: Page, name: string): Promise<void> {
  if (shots) await page.screenshot({ path: join(shots, `${name}.png`) })
}

t.test('sign-in: a wrong token shows the server message, SSO is offered, the right one shows the hub', async t => {
  const { page } = await openHub(t, { signIn: false })
  await page.getByRole('link', { name: 'Sign in with SSO' }).waitFor()
  t.equal(await page.getByRole('link', { name: 'Sign in with SSO' }).getAttribute('href'), '/auth/login')
  await page.getByLabel('Admin token').fill('nope')
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await page.getByRole('alert').filter({ hasText: 'That admin token is not valid.' }).waitFor()
  await shot(page, 'sign-in-error')
  await page.getByLabel('Admin token').fill(ADMIN_TOKEN)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await page.getByRole('button', { name: /Jira/ }).waitFor()
  t.match(await page.getByRole('button', { name: /SMTP/ }).textContent(), /Last test failed · 5 minutes ago/)
  t.match(await page.getByRole('button', { name: /Jira/ }).textContent(), /Not configured/)
  await shot(page, 'list-light')
  await page.getByRole('button', { name: 'Sign out' }).click()
  await page.getByLabel('Admin token').waitFor()
})

t.test('Save: a failed test marks the field and focuses it; success confirms and shows Edit', async t => {
  const { page, received } = await openHub(t)
  const opener = page.getByRole('button', { name: /Jira/ })
  await opener.click()
  const dialog = page.getByRole('dialog', { name: 'Jira' })
  await dialog.getByLabel('Service URL').fill('https://acme.atlassian.net')
  await dialog.getByLabel('User Email').fill('me@acme.test')
  t.equal(await dialog.getByLabel('API Token').getAttribute('type'), 'password')
  t.equal(await dialog.getByLabel('Service URL').getAttribute('type'), 'url')
  t.equal(await dialog.getByLabel('Service URL').getAttribute('placeholder'), 'https://yourcompany.atlassian.net')
  await dialog.getByLabel('API Token').fill('wrong')
  await dialog.getByRole('button', { name: 'Save' }).click()
  await dialog.getByRole('alert').filter({ hasText: 'Invalid API Token' }).waitFor()
  const token = dialog.getByLabel('API Token')
  t.equal(await token.getAttribute('aria-invalid'), 'true')
  t.ok(await token.evaluate(element => element === (element.getRootNode() as ShadowRoot).activeElement), 'the invalid field has focus')
  t.match(await dialog.textContent(), /Authenticate/, 'the failed steps are listed')
  await shot(page, 'jira-test-failed')
  await token.fill('good-token')
  t.equal(await token.getAttribute('aria-invalid'), 'false', 'editing the field clears its error')
  await dialog.getByRole('button', { name: 'Save' }).click()
  await dialog.getByRole('status').filter({ hasText: 'Jira configured successfully' }).waitFor()
  await dialog.getByRole('button', { name: 'Edit' }).waitFor()
  t.same(received.filter(r => r.method === 'PUT').at(-1)?.body, { config: { serviceUrl: 'https://acme.atlassian.net', email: 'me@acme.test', apiToken: 'good-token' } })
  await shot(page, 'jira-saved')
  await page.keyboard.press('Escape')
  await dialog.waitFor({ state: 'hidden' })
  t.ok(await opener.evaluate(element => element === (element.getRootNode() as ShadowRoot).activeElement), 'focus returns to the opener')
  t.match(await opener.textContent(), /Connected/)
})

t.test('Edit → Update keeps an untouched secret out of the body and sends the version', async t => {
  const { page, received } = await openHub(t, { colorScheme: 'dark' })
  await page.getByRole('button', { name: /SMTP/ }).click()
  const dialog = page.getByRole('dialog', { name: 'SMTP' })
  await dialog.getByRole('button', { name: 'Edit' }).click()
  await dialog.getByLabel('SMTP Host').waitFor()
  t.equal(await dialog.getByLabel('Password').getAttribute('placeholder'), 'Saved — leave blank to keep')
  t.equal(await dialog.getByLabel('Security').inputValue(), '0')
  t.equal(await dialog.getByLabel('SMTP Port').getAttribute('step'), '1')
  await shot(page, 'smtp-edit-dark')
  await dialog.getByLabel('SMTP Host').fill('smtp.acme.test')
  await dialog.getByLabel('Security').selectOption({ label: 'STARTTLS' })
  await dialog.getByRole('button', { name: 'Update' }).click()
  await dialog.getByRole('status').filter({ hasText: 'SMTP updated successfully' }).waitFor()
  const put = received.filter(r => r.method === 'PUT').at(-1)?.body as { config: Record<string, unknown>, version: number }
  t.equal(put.version, 3)
  t.equal(put.config.host, 'smtp.acme.test')
  t.equal(put.config.security, 'starttls')
  t.notOk('password' in put.config, 'the stored password is not sent')
  await shot(page, 'smtp-updated-dark')
})

t.test('Replace reveals an empty secret input; Clear sends null', async t => {
  const { page, received } = await openHub(t)
  await page.getByRole('button', { name: /SMTP/ }).click()
  const dialog = page.getByRole('dialog', { name: 'SMTP' })
  await dialog.getByRole('button', { name: 'Edit' }).click()
  await dialog.getByRole('button', { name: 'Replace' }).click()
  const password = dialog.getByLabel('Password')
  t.equal(await password.inputValue(), '')
  t.equal(await password.getAttribute('autocomplete'), 'new-password')
  await password.fill('wrong')
  await dialog.getByRole('button', { name: 'Test connection' }).click()
  await dialog.getByRole('alert').filter({ hasText: 'Invalid email credentials' }).waitFor()
  t.same((received.filter(r => r.url.endsWith('/test')).at(-1)?.body as { config: Record<string, unknown> }).config.password, 'wrong', 'a draft is tested')
  await dialog.getByRole('button', { name: 'Keep saved value' }).click()
  await dialog.getByRole('button', { name: 'Clear' }).click()
  await dialog.getByRole('button', { name: 'Update' }).click()
  await dialog.getByRole('status').filter({ hasText: 'SMTP updated successfully' }).waitFor()
  t.equal((received.filter(r => r.method === 'PUT').at(-1)?.body as { config: Record<string, unknown> }).config.password, null)
})

t.test('SSO: alternatives are tabs that keep what was typed; arrow keys move between them', async t => {
  const { page, received } = await openHub(t)
  await page.getByRole('button', { name: /SSO/ }).click()
  const dialog = page.getByRole('dialog', { name: 'SSO' })
  const auth0 = dialog.getByRole('tab', { name: 'Auth0' })
  t.equal(await auth0.getAttribute('aria-selected'), 'true')
  t.equal(await dialog.getByRole('switch', { name: 'SSO Enabled' }).isChecked(), false)
  t.equal(await dialog.getByLabel('Scopes 2', { exact: true }).inputValue(), 'email', 'defaults are filled in')
  await dialog.getByLabel('Client ID').fill('client-1')
  await dialog.getByRole('switch', { name: 'SSO Enabled' }).check()
  await dialog.getByLabel('Domain').fill('acme.us.auth0.com')
  await shot(page, 'sso-auth0')
  await auth0.focus()
  await page.keyboard.press('ArrowRight')
  const oidc = dialog.getByRole('tab', { name: 'OpenID Connect' })
  t.equal(await oidc.getAttribute('aria-selected'), 'true')
  t.ok(await oidc.evaluate(element => element === (element.getRootNode() as ShadowRoot).activeElement), 'focus moves with the selection')
  t.equal(await dialog.getByLabel('Issuer URL').getAttribute('type'), 'url')
  await page.keyboard.press('ArrowLeft')
  t.equal(await dialog.getByLabel('Domain').inputValue(), 'acme.us.auth0.com', 'what was typed is kept')
  await dialog.getByRole('button', { name: 'Remove Scopes 3' }).click()
  await dialog.getByRole('button', { name: 'Add' }).click()
  await dialog.getByLabel('Scopes 3', { exact: true }).fill('groups')
  await dialog.getByRole('button', { name: 'Save' }).click()
  await dialog.getByRole('status').filter({ hasText: 'SSO configured successfully' }).waitFor()
  t.same(received.filter(r => r.method === 'PUT').at(-1)?.body, {
    config: { enabled: true, clientId: 'client-1', scopes: ['openid', 'email', 'groups'], provider: 'auth0', domain: 'acme.us.auth0.com' }
  })
  await shot(page, 'sso-saved')
})

t.test('a validation error appears next to its field, and Delete asks first', async t => {
  const { page } = await openHub(t, { colorScheme: 'dark' })
  await page.getByRole('button', { name: /SSO/ }).click()
  const dialog = page.getByRole('dialog', { name: 'SSO' })
  await dialog.getByRole('button', { name: 'Save' }).click()
  await dialog.getByRole('alert').filter({ hasText: 'Some settings are missing or invalid.' }).waitFor()
  const clientId = dialog.getByLabel('Client ID')
  t.equal(await clientId.getAttribute('aria-invalid'), 'true')
  t.match(await clientId.getAttribute('aria-describedby'), /error-clientId/)
  t.equal(await clientId.getAttribute('aria-required'), null)
  t.equal(await clientId.evaluate(element => (element as HTMLInputElement).required), true)
  await shot(page, 'sso-validation-dark')
  await page.keyboard.press('Escape')

  await page.getByRole('button', { name: /SMTP/ }).click()
  const smtp = page.getByRole('dialog', { name: 'SMTP' })
  await smtp.getByRole('button', { name: 'Delete' }).click()
  await smtp.getByRole('button', { name: 'Delete settings' }).waitFor()
  await shot(page, 'smtp-confirm-delete-dark')
  await smtp.getByRole('button', { name: 'Delete settings' }).click()
  await page.getByRole('status').filter({ hasText: 'SMTP deleted' }).waitFor()
  t.match(await page.getByRole('button', { name: /SMTP/ }).textContent(), /Not configured/)
})

t.test('embedded with a token attribute: bearer auth, events bubble out of the shadow root', async t => {
  const { page, received } = await openHub(t, { path: '/embed' })
  await page.evaluate(() => {
    for (const type of ['integration-saved', 'integration-tested', 'integration-deleted']) {
      document.addEventListener(type, event => ((window as any).events ??= []).push([type, (event as CustomEvent).detail]))
    }
  })
  await page.getByRole('button', { name: /Jira/ }).click()
  const dialog = page.getByRole('dialog', { name: 'Jira' })
  await dialog.getByLabel('Service URL').fill('https://acme.atlassian.net')
  await dialog.getByLabel('User Email').fill('me@acme.test')
  await dialog.getByLabel('API Token').fill('token')
  await dialog.getByRole('button', { name: 'Test connection' }).click()
  await dialog.getByRole('status').filter({ hasText: 'Connection test passed' }).waitFor()
  await dialog.getByRole('button', { name: 'Save' }).click()
  await dialog.getByRole('status').filter({ hasText: 'Jira configured successfully' }).waitFor()
  const events = await page.evaluate(() => (window as any).events as Array<[string, any]>)
  t.same(events.map(([type, detail]) => [type, detail.id, detail.created ?? detail.result?.ok]), [
    ['integration-tested', 'jira', true],
    ['integration-saved', 'jira', true]
  ])
  t.notOk(received.some(r => r.url === '/auth/me'), 'the widget alone does not ask who is signed in')
  await shot(page, 'embed-dark')
})

t.test('a version conflict tells the admin to reload', async t => {
  const { page, store } = await openHub(t)
  await page.getByRole('button', { name: /SMTP/ }).click()
  const dialog = page.getByRole('dialog', { name: 'SMTP' })
  await dialog.getByRole('button', { name: 'Edit' }).click()
  await dialog.getByLabel('SMTP Host').fill('smtp.other.test')
  store.get('smtp')!.version++
  await dialog.getByRole('button', { name: 'Update' }).click()
  await dialog.getByRole('alert').filter({ hasText: 'Someone else changed these settings' }).waitFor()
  await dialog.getByRole('button', { name: 'Reload' }).click()
  await dialog.getByRole('button', { name: 'Edit' }).waitFor()
  t.ok(await dialog.getByText('smtp.example.com', { exact: true }).isVisible(), 'the stored settings are shown again')
})

t.test('the widget passes axe in light and dark', async t => {
  const axeSource = await readFile(new URL(import.meta.resolve('axe-core/axe.min.js')), 'utf8')
  for (const colorScheme of ['light', 'dark'] as const) {
    const { page } = await openHub(t, { colorScheme, bypassCSP: true })
    await page.getByRole('button', { name: /SSO/ }).click()
    await page.getByRole('tab', { name: 'Auth0' }).waitFor()
    await page.addScriptTag({ content: axeSource })
    const violations = await page.evaluate(async () => {
      const result = await (window as any).axe.run(document, { resultTypes: ['violations'] })
      return result.violations.map((violation: any) => `${violation.id}: ${violation.nodes.map((node: any) => node.target.join(' ')).join(', ')}`)
    })
    t.same(violations, [], `no axe violations (${colorScheme})`)
  }
})
