/**
 * Single sign-on per workspace, with two real OpenID providers (oidc-provider): each workspace signs
 * its people in through its own provider, one callback address serves both, and a sign-in in one
 * workspace never grants anything in the other. And the host platform's own sign-in: `return_to`
 * and a one-time ticket its backend redeems.
 */
import t, { type Test } from 'tap'
import { createTestHub, freePort, type TestHub } from '../../support/hub.js'
import { Browser, passProviderPages, startOidcPeer, type OidcPeer } from '../../support/peers/oidc.js'

interface Setup { hub: TestHub, hubUrl: string, acme: OidcPeer, globex: OidcPeer }

const HOST_ORIGIN = 'http://platform.example'

async function twoWorkspaces (t: Test): Promise<Setup> {
  const port = await freePort()
  const hubUrl = `http://127.0.0.1:${port}`
  const hub = await createTestHub(t, { publicUrl: new URL(hubUrl), allowedOrigins: [HOST_ORIGIN] })
  await hub.app.listen({ port, host: '127.0.0.1' })
  const redirectUris = [`${hubUrl}/auth/callback`]
  const acme = await startOidcPeer({ redirectUris, accounts: { ada: { email: 'ada@acme.example', name: 'Ada of Acme' } } })
  const globex = await startOidcPeer({ redirectUris, accounts: { ada: { email: 'ada@globex.example', name: 'Ada of Globex' } } })
  t.teardown(() => acme.close())
  t.teardown(() => globex.close())
  for (const [id, peer, admin] of [['acme', acme, 'ada@acme.example'], ['globex', globex, 'ada@globex.example']] as const) {
    t.equal((await hub.api('POST', '/api/workspaces', { id, name: id })).status, 201)
    const saved = await hub.api('PUT', `/api/workspaces/${id}/integrations/sso`, {
      config: { provider: 'oidc', issuer: peer.url, clientId: peer.client.id, clientSecret: peer.client.secret, enabled: true, admins: [admin] }
    })
    t.equal(saved.status, 201, `${id} has its own identity provider`)
  }
  return { hub, hubUrl, acme, globex }
}

async function signIn (setup: Setup, workspace: string, options: { returnTo?: string } = {}) {
  const browser = new Browser()
  const query = new URLSearchParams({ workspace, ...(options.returnTo === undefined ? {} : { return_to: options.returnTo }) })
  const started = await browser.request(`${setup.hubUrl}/auth/login?${query}`)
  const authorizationUrl = started.headers.get('location')
  if (started.status !== 302 || authorizationUrl === null) throw new Error(`/auth/login answered ${started.status}: ${await started.text()}`)
  const callbackUrl = await passProviderPages(browser, authorizationUrl, 'ada', next => next.href.startsWith(`${setup.hubUrl}/auth/callback`))
  const finished = await browser.request(callbackUrl)
  return { browser, authorizationUrl: new URL(authorizationUrl), finished }
}

t.test('each workspace signs in through its own provider; one callback serves both; the session is the workspace’s only', async t => {
  const setup = await twoWorkspaces(t)

  const { browser, authorizationUrl, finished } = await signIn(setup, 'acme')

  t.equal(authorizationUrl.origin, setup.acme.url, 'acme’s provider')
  t.equal(authorizationUrl.searchParams.get('redirect_uri'), `${setup.hubUrl}/auth/callback`)
  t.equal(finished.status, 302)
  const me = await (await browser.request(`${setup.hubUrl}/auth/me`)).json()
  t.match(me, { workspace: 'acme', role: 'admin', email: 'ada@acme.example' })
  t.equal((await browser.request(`${setup.hubUrl}/api/integrations`)).status, 200)
  const theirs = await browser.request(`${setup.hubUrl}/api/workspaces/globex/integrations/sso`)
  t.equal(theirs.status, 404, 'an acme session sees nothing of globex')
  t.same(await theirs.json(), { error: 'HUB_ERR_UNKNOWN_WORKSPACE', message: 'There is no workspace "globex".' })
  t.equal((await browser.request(`${setup.hubUrl}/api/workspaces/default/integrations`)).status, 404, 'nor of default')

  const other = await signIn(setup, 'globex')
  t.equal(other.authorizationUrl.origin, setup.globex.url, 'globex’s provider')
  t.match(await (await other.browser.request(`${setup.hubUrl}/auth/me`)).json(), { workspace: 'globex', email: 'ada@globex.example' })
  t.same(setup.acme.errors, [])
  t.same(setup.globex.errors, [])
})

t.test('a workspace’s administrators list decides only there', async t => {
  const setup = await twoWorkspaces(t)
  // globex names acme's Ada; she still signs in to globex only through globex's provider, as globex's Ada.
  await setup.hub.api('PUT', '/api/workspaces/globex/integrations/sso', {
    config: { provider: 'oidc', issuer: setup.globex.url, clientId: setup.globex.client.id, clientSecret: setup.globex.client.secret, enabled: true, admins: ['ada@acme.example'] },
    version: 1
  })
  const { browser } = await signIn(setup, 'globex')
  t.equal((await (await browser.request(`${setup.hubUrl}/auth/me`)).json()).role, null, 'globex’s provider says she is ada@globex.example')
  t.equal((await browser.request(`${setup.hubUrl}/api/integrations`)).status, 403)
})

t.test('an unknown workspace, or one without SSO, does not start a sign-in', async t => {
  const setup = await twoWorkspaces(t)
  await setup.hub.api('POST', '/api/workspaces', { id: 'initech', name: 'Initech' })
  const unknown = await fetch(`${setup.hubUrl}/auth/login?workspace=nope`, { redirect: 'manual' })
  t.equal(unknown.status, 404)
  t.equal((await unknown.json()).error, 'HUB_ERR_UNKNOWN_WORKSPACE')
  const off = await fetch(`${setup.hubUrl}/auth/login?workspace=initech`, { redirect: 'manual' })
  t.equal(off.status, 409)
  t.same(await (await fetch(`${setup.hubUrl}/auth/options?workspace=acme`)).json(), { ssoEnabled: true })
  t.same(await (await fetch(`${setup.hubUrl}/auth/options?workspace=initech`)).json(), { ssoEnabled: false })
})

t.test('the host platform’s sign-in: return_to on an allowed origin, a one-time ticket, redeemed by its backend', async t => {
  const setup = await twoWorkspaces(t)

  const { finished } = await signIn(setup, 'acme', { returnTo: `${HOST_ORIGIN}/after-login?step=2` })

  t.equal(finished.status, 302)
  const back = new URL(finished.headers.get('location')!)
  t.equal(back.origin + back.pathname, `${HOST_ORIGIN}/after-login`)
  t.equal(back.searchParams.get('step'), '2', 'the host’s own query is kept')
  const ticket = back.searchParams.get('hub_ticket')!
  t.match(ticket, /^acme\./)
  t.notOk(finished.headers.getSetCookie().some(line => line.startsWith('hub_session=')), 'no hub session: the sign-in was the platform’s')

  const globexToken = (await setup.hub.api('POST', '/api/workspaces/globex/tokens', { subject: 'backend', role: 'admin' })).body.token
  const wrongWorkspace = await setup.hub.api('POST', '/api/sso/tickets/redeem', { ticket }, { authorization: `Bearer ${globexToken}` })
  t.equal(wrongWorkspace.status, 403)
  t.equal(wrongWorkspace.body.error, 'HUB_ERR_TICKET_OTHER_WORKSPACE')

  const acmeToken = (await setup.hub.api('POST', '/api/workspaces/acme/tokens', { subject: 'backend', role: 'admin' })).body.token
  const redeemed = await setup.hub.api('POST', '/api/sso/tickets/redeem', { ticket }, { authorization: `Bearer ${acmeToken}` })
  t.equal(redeemed.status, 200)
  t.same(redeemed.body, { sub: 'ada', email: 'ada@acme.example', emailVerified: true, name: 'Ada of Acme', groups: [], role: 'admin', workspace: 'acme' })

  const again = await setup.hub.api('POST', '/api/sso/tickets/redeem', { ticket }, { authorization: `Bearer ${acmeToken}` })
  t.equal(again.status, 400, 'a ticket works once')
  t.equal(again.body.error, 'HUB_ERR_TICKET_INVALID')

  const second = await signIn(setup, 'acme', { returnTo: `${HOST_ORIGIN}/cb` })
  const operatorRedeems = await setup.hub.api('POST', '/api/sso/tickets/redeem', { ticket: new URL(second.finished.headers.get('location')!).searchParams.get('hub_ticket') })
  t.equal(operatorRedeems.body.workspace, 'acme', 'the operator redeems any workspace’s ticket')
  t.equal((await setup.hub.api('POST', '/api/sso/tickets/redeem', { ticket: 'acme.made-up-made-up-made-up-made-up-made-up-ma' })).status, 400)
})

t.test('return_to elsewhere is refused before anything happens: the hub is no open redirect', async t => {
  const setup = await twoWorkspaces(t)
  for (const target of ['https://evil.example/steal', 'javascript:alert(1)', '//evil.example', `${HOST_ORIGIN}.evil.example/x`]) {
    const res = await fetch(`${setup.hubUrl}/auth/login?workspace=acme&return_to=${encodeURIComponent(target)}`, { redirect: 'manual' })
    t.equal(res.status, 400, target)
    t.equal((await res.json()).error, 'HUB_ERR_RETURN_TO_REFUSED')
  }
})
