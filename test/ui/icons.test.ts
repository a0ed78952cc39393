/**
 * Icons are images: a plugin's SVG is drawn as `<img src="data:image/svg+xml,…">`, so script in it
 * never runs, even on a host page without any Content-Security-Policy. The same page shows that the
 * markup is live there (put in as markup, it runs), so the first check could fail.
 */
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { createTestHub } from '../support/hub.js'
import hostileIcon, { HOSTILE_ICON } from './fixtures/hostile-icon-plugin.js'
import { newPage, shot, startHostApp } from './browser.js'

t.test('a plugin’s icon with an onerror handler and a script shows as an image, and nothing in it runs', async t => {
  let hubOrigin = ''
  let token = ''
  const { origin: host } = await startHostApp(t, (_request, response) => {
    // No Content-Security-Policy at all: nothing but the widget stands between the icon and the page.
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    response.end(`<!doctype html><html lang="en"><title>Host app</title>
      <script type="module" src="${hubOrigin}/ui/integration-hub.js"></script>
      <main id="hub-admin"></main>
      <integration-hub api-base="${hubOrigin}" token="${token}"></integration-hub></html>`)
  })
  const hub = await createTestHub(t, { plugins: [hostileIcon], builtinPlugins: false, allowedOrigins: [host] })
  await hub.app.listen({ port: 0, host: '127.0.0.1' })
  hubOrigin = `http://127.0.0.1:${(hub.app.server.address() as AddressInfo).port}`
  token = (await hub.api('POST', '/api/workspaces/default/tokens', { subject: 'ada@example.com', role: 'viewer', ttlSeconds: 300 })).body.token

  const page = await newPage(t)
  const logged: string[] = []
  page.on('console', message => logged.push(message.text()))
  await page.goto(`${host}/settings`)
  const opener = page.getByRole('button', { name: /^Hostile icon/ })
  await opener.waitFor()
  await opener.click()
  await page.getByRole('dialog', { name: 'Hostile icon' }).getByRole('heading', { name: 'Hostile icon' }).waitFor()
  // Long enough for a missing picture to fail and its onerror to fire, were the icon markup.
  await page.waitForTimeout(500)
  t.equal(await page.evaluate(() => (window as any).iconScriptRan), undefined, 'neither the onerror handler nor the script ran')
  t.same(logged.filter(text => text.startsWith('icon script ran')), [], 'and nothing was logged')

  const image = opener.locator('img')
  t.ok(await image.evaluate(element => (element as HTMLImageElement).complete && (element as HTMLImageElement).naturalWidth > 0), 'the icon shows, as an image')
  t.equal(await image.getAttribute('alt'), '', 'a decorative image: the name beside it says what it is')
  t.equal(await image.getAttribute('src'), `data:image/svg+xml,${encodeURIComponent(HOSTILE_ICON)}`)
  t.equal(await page.locator('#hub-admin').innerHTML(), '', 'the component bundle mounts no admin page, even where it finds one')
  await shot(page, 'icons-hostile')

  // The control: the same markup, put into this page as markup, does run.
  await page.evaluate(svg => { document.body.insertAdjacentHTML('beforeend', svg) }, HOSTILE_ICON)
  await page.waitForFunction(() => (window as any).iconScriptRan !== undefined)
  t.equal(await page.evaluate(() => (window as any).iconScriptRan), 'onerror', 'without the image, the handler runs on this page')
})
