import http from 'node:http'
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import t, { type Test } from 'tap'
import { keys } from '../../../core/storage/keys.js'
import { MemoryStore } from '../../../core/storage/memory.js'
import { createTestHub, freePort, type TestHub, type TestHubOptions } from '../../support/hub.js'
import { Browser, passProviderPages, startAuth0Peer, startOidcPeer, type OidcPeer, type OidcPeerOptions } from '../../support/peers/oidc.js'

interface Setup {
  hub: TestHub
  /** `http://127.0.0.1:PORT`, where the hub listens. */
  hubUrl: string
  peer: OidcPeer
}

/** A listening hub (its public address known up front, as SSO requires), then a provider that knows its callback URL. */
async function hubAndPeer (t: Test, options: OidcPeerOptions = {}, hubOptions: TestHubOptions = {}, chosenPort?: number): Promise<Setup> {
  const port = chosenPort ?? await freePort()
  const hub = await createTestHub(t, { publicUrl: new URL(`http://127.0.0.1:${port}`), ...hubOptions })
  const hubUrl = await hub.app.listen({ port, host: '127.0.0.1' })
  const peer = await startOidcPeer({ redirectUris: [`${hubUrl}/auth/callback`], ...options })
  t.teardown(() => peer.close())
  return { hub, hubUrl, peer }
}

function oidcConfig (peer: OidcPeer, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    provider: 'oidc',
    issuer: peer.url,
    clientId: peer.client.id,
    clientSecret: peer.client.secret,
    enabled: true,
    admins: ['ada@example.com'],
    ...overrides
  }
}

async function enableSso (t: Test, setup: Setup, overrides: Record<string, unknown> = {}): Promise<void> {
  const saved = await setup.hub.api('PUT', '/api/integrations/sso', { config: oidcConfig(setup.peer, overrides) })
  t.equal(saved.status, 201, 'the SSO settings are saved')
}

/** A port nothing listens on: one that was just opened and closed. */
async function closedPort (): Promise<number> {
  const server = http.createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>(resolve => server.close(() => resolve()))
  return port
}

/** Signs in through the provider as `login`; returns the browser (with the hub's session cookie) and the callback's answer. */
async function signIn (setup: Setup, login: string, browser = new Browser()) {
  const started = await browser.request(`${setup.hubUrl}/auth/login`)
  const authorizationUrl = started.headers.get('location')
  if (started.status !== 302 || authorizationUrl === null) throw new Error(`/auth/login answered ${started.status}: ${await started.text()}`)
  const callbackUrl = await passProviderPages(browser, authorizationUrl, login, next => next.href.startsWith(`${setup.hubUrl}/auth/callback`))
  const finished = await browser.request(callbackUrl)
  return { browser, authorizationUrl: new URL(authorizationUrl), callbackUrl, finished }
}

async function json (response: Response): Promise<any> {
  return await response.json()
}

const steps = (body: { steps: Array<{ label: string, ok: boolean }> }) => body.steps.map(step => [step.label, step.ok])

t.test('the connection test discovers the provider and checks the client', async t => {
  const setup = await hubAndPeer(t)
  await enableSso(t, setup)

  const tested = await setup.hub.api('POST', '/api/integrations/sso/test', {})

  t.equal(tested.body.ok, true)
  t.same(steps(tested.body), [['Discover the provider', true], ['Check the client', true]])
})

t.test('a client that may not use the client-credentials grant still passes: its credentials were accepted', async t => {
  const setup = await hubAndPeer(t)

  const saved = await setup.hub.api('PUT', '/api/integrations/sso', {
    config: oidcConfig(setup.peer, { clientId: setup.peer.codeOnlyClient.id, clientSecret: setup.peer.codeOnlyClient.secret })
  })

  t.equal(saved.status, 201)
})

t.test('a wrong secret is "Invalid Client ID or secret" on the Client ID field', async t => {
  const setup = await hubAndPeer(t)

  const res = await setup.hub.api('PUT', '/api/integrations/sso', { config: oidcConfig(setup.peer, { clientSecret: 'not-the-secret' }) })

  t.equal(res.status, 422)
  t.equal(res.body.error, 'HUB_ERR_TEST_FAILED')
  t.equal(res.body.message, 'Invalid Client ID or secret')
  t.same(res.body.fields, [{ field: 'clientId', message: 'Invalid Client ID or secret' }])
  t.same(steps(res.body.test), [['Discover the provider', true], ['Check the client', false]])
  t.notMatch(JSON.stringify(res.body), 'not-the-secret', 'the secret is not echoed')
})

t.test('an unknown Client ID is "Invalid Client ID or secret"', async t => {
  const setup = await hubAndPeer(t)

  const res = await setup.hub.api('PUT', '/api/integrations/sso', { config: oidcConfig(setup.peer, { clientId: 'nobody-registered-this' }) })

  t.equal(res.status, 422)
  t.equal(res.body.message, 'Invalid Client ID or secret')
  t.equal(res.body.test.field, 'clientId')
})

t.test('an issuer nobody answers on is "Authorization endpoint unreachable" on the Issuer URL field', async t => {
  const hub = await createTestHub(t)
  const issuer = `http://127.0.0.1:${await closedPort()}`

  const res = await hub.api('POST', '/api/integrations/sso/test', {
    config: { provider: 'oidc', issuer, clientId: 'x', clientSecret: 'y', enabled: true }
  })

  t.equal(res.status, 200)
  t.equal(res.body.ok, false)
  t.equal(res.body.code, 'UNREACHABLE')
  t.equal(res.body.message, 'Authorization endpoint unreachable')
  t.equal(res.body.field, 'issuer')
  t.equal(res.body.detail, 'The connection was refused.')
  t.same(steps(res.body), [['Discover the provider', false]])
})

t.test('on the Auth0 tab an unreachable tenant is reported on the Domain field', async t => {
  const hub = await createTestHub(t)

  const res = await hub.api('POST', '/api/integrations/sso/test', {
    config: { provider: 'auth0', domain: `127.0.0.1:${await closedPort()}`, clientId: 'x', clientSecret: 'y', enabled: false }
  })

  t.equal(res.body.ok, false)
  t.equal(res.body.message, 'Authorization endpoint unreachable')
  t.equal(res.body.field, 'domain')
})

t.test('a provider that names another issuer gets its own message', async t => {
  const setup = await hubAndPeer(t, { issuerHost: 'localhost' })

  const res = await setup.hub.api('POST', '/api/integrations/sso/test', { config: oidcConfig(setup.peer) })

  t.equal(res.body.ok, false)
  t.equal(res.body.code, 'ISSUER_MISMATCH')
  t.equal(res.body.message, `The provider calls itself ${setup.peer.issuer}, not ${setup.peer.url}/: enter its issuer exactly`)
  t.equal(res.body.field, 'issuer')
})

t.test('a provider without S256 PKCE is refused with a clear message', async t => {
  const server = http.createServer((request, response) => {
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    response.setHeader('content-type', 'application/json')
    response.end(JSON.stringify({
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      jwks_uri: `${issuer}/jwks`,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['plain']
    }))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => server.close())
  const hub = await createTestHub(t)

  const res = await hub.api('POST', '/api/integrations/sso/test', {
    config: { provider: 'oidc', issuer: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, clientId: 'x', clientSecret: 'y', enabled: true }
  })

  t.equal(res.body.ok, false)
  t.equal(res.body.code, 'PKCE_UNSUPPORTED')
  t.equal(res.body.message, 'The provider does not offer PKCE with S256, which the hub’s sign-in requires')
})

t.test('the form has one tab per provider, and each tab asks for its own fields', async t => {
  const hub = await createTestHub(t)

  const auth0 = await hub.api('PUT', '/api/integrations/sso', { config: { provider: 'auth0', clientId: 'abc', clientSecret: 's', enabled: true } })
  t.equal(auth0.status, 400)
  t.same(auth0.body.fields, [{ field: 'domain', message: 'Domain is required.' }])

  const oidc = await hub.api('PUT', '/api/integrations/sso', { config: { provider: 'oidc', issuer: 'http://idp.example.com', domain: 'x.auth0.com', clientId: 'abc', clientSecret: 's', enabled: true } })
  t.equal(oidc.status, 400)
  t.same(oidc.body.fields, [
    { field: 'domain', message: '“domain” is not a known setting.' },
    { field: 'issuer', message: 'Issuer URL is not in the expected format.' }
  ], 'a domain belongs to the Auth0 tab, and a remote issuer must use https')

  const unknown = await hub.api('PUT', '/api/integrations/sso', { config: { provider: 'saml', clientId: 'abc', clientSecret: 's', enabled: true } })
  t.same(unknown.body.fields, [{ field: 'provider', message: 'Choose one of: Auth0, OpenID Connect.' }])

  const form = await hub.api('GET', '/api/integrations/sso')
  t.equal(form.status, 200)
  t.same(form.body.schema.oneOf.map((tab: { title: string }) => tab.title), ['Auth0', 'OpenID Connect'])
})

t.test('an administrator signs in through the provider with PKCE, state and nonce', async t => {
  const setup = await hubAndPeer(t)
  await enableSso(t, setup)

  const { browser, authorizationUrl, callbackUrl, finished } = await signIn(setup, 'ada')

  const query = authorizationUrl.searchParams
  t.equal(authorizationUrl.origin + authorizationUrl.pathname, `${setup.peer.url}/auth`)
  t.equal(query.get('client_id'), setup.peer.client.id)
  t.equal(query.get('redirect_uri'), `${setup.hubUrl}/auth/callback`)
  t.equal(query.get('code_challenge_method'), 'S256')
  t.match(query.get('code_challenge'), /^[\w-]{43}$/)
  t.ok(query.get('state'), 'a state')
  t.ok(query.get('nonce'), 'a nonce')
  t.same(query.get('scope')?.split(' '), ['openid', 'email', 'profile'])
  t.equal(callbackUrl.searchParams.get('state'), query.get('state'))

  t.equal(finished.status, 302)
  t.equal(finished.headers.get('location'), '/')
  const cookie = finished.headers.getSetCookie().find(line => line.startsWith('hub_session='))
  t.match(cookie, /HttpOnly/)
  t.match(cookie, /SameSite=Lax/)
  t.notMatch(cookie, /Secure/, 'not Secure over plain http')

  const me = await browser.request(`${setup.hubUrl}/auth/me`)
  t.equal(me.status, 200)
  t.same(await json(me), { sub: 'ada', email: 'ada@example.com', name: 'Ada Lovelace', via: 'sso', workspace: 'default', role: 'admin' })

  const catalog = await browser.request(`${setup.hubUrl}/api/integrations`)
  t.equal(catalog.status, 200, 'an administrator may use the API')
  t.same(setup.peer.errors, [])
})

t.test('someone the settings do not name as administrator is signed in but may not use the API', async t => {
  const setup = await hubAndPeer(t)
  await enableSso(t, setup)

  const { browser, finished } = await signIn(setup, 'bob')

  t.equal(finished.status, 302)
  const me = await json(await browser.request(`${setup.hubUrl}/auth/me`))
  t.same(me, { sub: 'bob', email: 'bob@example.com', name: 'Bob Builder', via: 'sso', workspace: 'default', role: null })
  const catalog = await browser.request(`${setup.hubUrl}/api/integrations`)
  t.equal(catalog.status, 403)
  t.equal((await json(catalog)).error, 'HUB_ERR_FORBIDDEN')
})

t.test('administrators are named by subject or by verified email, each in its own list, and emails compare exactly', async t => {
  const setup = await hubAndPeer(t, {
    accounts: {
      ada: { email: 'ada@corp.example', name: 'Ada' },
      bob: { email: 'bob@corp.example', name: 'Bob' },
      shouting: { email: 'ADA@Corp.Example', name: 'Someone else' },
      kelvin: { email: '\u212Aate@corp.example', name: 'Not Kate' },
      kate: { email: 'kate@CORP.example', name: 'Kate' }
    }
  })
  await enableSso(t, setup, { admins: ['ada@corp.example', 'kate@corp.example'], adminSubjects: ['bob'] })

  const roles: Record<string, unknown> = {}
  for (const login of ['ada', 'bob', 'shouting', 'kelvin', 'kate']) {
    const { browser } = await signIn(setup, login)
    roles[login] = (await json(await browser.request(`${setup.hubUrl}/auth/me`))).role
  }
  t.same(roles, { ada: 'admin', bob: 'admin', shouting: null, kelvin: null, kate: 'admin' },
    'the domain compares in lower case, the mailbox exactly; a KELVIN SIGN is no K')
})

t.test('an email grants nothing unless the provider says it is verified (true, not "true")', async t => {
  const listed = 'ada@corp.example'
  const setup = await hubAndPeer(t, {
    accounts: {
      unverified: { email: listed, name: 'Not Ada', emailVerified: false },
      stringly: { email: listed, name: 'Not Ada', emailVerified: 'false' },
      stringTrue: { email: listed, name: 'Not Ada', emailVerified: 'true' },
      silent: { email: listed, name: 'Not Ada', emailVerified: 'absent' },
      [listed]: { email: 'someone@else.example', name: 'A subject that looks like the email' }
    }
  })
  await enableSso(t, setup, { admins: [listed] })

  for (const login of ['unverified', 'stringly', 'stringTrue', 'silent', listed]) {
    const { browser } = await signIn(setup, login)
    const me = await json(await browser.request(`${setup.hubUrl}/auth/me`))
    t.equal(me.role, null, `${login} is no administrator`)
    t.equal((await browser.request(`${setup.hubUrl}/api/integrations`)).status, 403)
  }
})

t.test('roles from the provider’s groups: an administrator group and a viewer group', async t => {
  const setup = await hubAndPeer(t, {
    accounts: {
      ops: { email: 'ops@corp.example', name: 'Ops', claims: { groups: ['staff', 'hub-admins'] } },
      audit: { email: 'audit@corp.example', name: 'Audit', claims: { groups: ['hub-viewers'] } },
      guest: { email: 'guest@corp.example', name: 'Guest', claims: { groups: ['staff'] } }
    }
  })
  await enableSso(t, setup, { admins: [], scopes: ['openid', 'email', 'profile', 'groups'], adminGroups: ['hub-admins'], viewerGroups: ['hub-viewers'] })

  const ops = (await signIn(setup, 'ops')).browser
  t.equal((await json(await ops.request(`${setup.hubUrl}/auth/me`))).role, 'admin')
  const audit = (await signIn(setup, 'audit')).browser
  t.equal((await json(await audit.request(`${setup.hubUrl}/auth/me`))).role, 'viewer')
  t.equal((await audit.request(`${setup.hubUrl}/api/integrations`)).status, 200, 'a viewer reads')
  const change = await audit.request(`${setup.hubUrl}/api/integrations/sso`, { method: 'DELETE', headers: { origin: setup.hubUrl } })
  t.equal(change.status, 403)
  t.equal((await json(change)).error, 'HUB_ERR_READ_ONLY', 'but changes nothing')
  const guest = (await signIn(setup, 'guest')).browser
  t.equal((await json(await guest.request(`${setup.hubUrl}/auth/me`))).role, null)
})

t.test('rights follow the current settings: removed from the administrators, SSO off, SSO deleted', async t => {
  const setup = await hubAndPeer(t)
  await enableSso(t, setup)
  const { browser } = await signIn(setup, 'ada')
  const catalog = async () => await browser.request(`${setup.hubUrl}/api/integrations`)
  t.equal((await catalog()).status, 200)

  t.equal((await setup.hub.api('PUT', '/api/integrations/sso', { config: oidcConfig(setup.peer, { admins: ['bob@example.com'] }), version: 1 })).status, 200)
  const removed = await catalog()
  t.equal(removed.status, 403, 'removed from the list: at once, not after the session ends')
  t.equal((await json(removed)).error, 'HUB_ERR_FORBIDDEN')

  t.equal((await setup.hub.api('PUT', '/api/integrations/sso', { config: oidcConfig(setup.peer, { enabled: false }), version: 2 })).status, 200)
  const off = await catalog()
  t.equal(off.status, 401)
  t.same(await json(off), { error: 'HUB_ERR_SESSION_ENDED', message: 'Your session has ended: single sign-on was turned off. Sign in again.' })

  t.equal((await setup.hub.api('PUT', '/api/integrations/sso', { config: oidcConfig(setup.peer), version: 3 })).status, 200)
  t.equal((await catalog()).status, 200, 'on again: the session is still there')
  t.equal((await setup.hub.api('DELETE', '/api/integrations/sso')).status, 204)
  t.equal((await catalog()).status, 401, 'deleted: no rights')
})

t.test('a forged or unsigned ID token is refused, whatever the transport', async t => {
  for (const tamper of ['signature', 'alg-none'] as const) {
    const setup = await hubAndPeer(t, { tamperIdToken: tamper })
    await enableSso(t, setup)
    const { finished } = await signIn(setup, 'ada')
    t.equal(finished.status, 400, `${tamper}: refused`)
    t.equal((await json(finished)).error, 'HUB_ERR_LOGIN_FAILED')
    t.notOk(finished.headers.getSetCookie().some(line => line.startsWith('hub_session=')), `${tamper}: no session`)
  }
})

t.test('without HUB_PUBLIC_URL sign-in refuses to start, whatever Host the request names', async t => {
  const hub = await createTestHub(t)
  const peer = await startOidcPeer()
  t.teardown(() => peer.close())
  t.equal((await hub.api('PUT', '/api/integrations/sso', { config: { provider: 'oidc', issuer: peer.url, clientId: peer.client.id, clientSecret: peer.client.secret, enabled: true } })).status, 201)

  const res = await hub.app.inject({ method: 'GET', url: '/auth/login', headers: { host: 'evil.example' } })

  t.equal(res.statusCode, 409)
  t.equal(res.json().error, 'HUB_ERR_SSO_NEEDS_PUBLIC_URL')
  t.equal(res.headers.location, undefined, 'no redirect anywhere')
})

t.test('a replayed callback is refused: a state is good for one sign-in', async t => {
  const store = new MemoryStore()
  const setup = await hubAndPeer(t, {}, { store })
  await enableSso(t, setup)
  const browser = new Browser()
  const started = await browser.request(`${setup.hubUrl}/auth/login`)
  const state = new URL(started.headers.get('location')!).searchParams.get('state')!
  t.ok(await store.get(keys.ssoLogin('default', state)), 'the pending login is in the store')
  const callbackUrl = await passProviderPages(browser, started.headers.get('location')!, 'ada', next => next.pathname === '/auth/callback')
  const stateCookie = browser.cookie('hub_sso_state')!

  t.equal((await browser.request(callbackUrl)).status, 302, 'the first callback signs in')
  t.equal(await store.get(keys.ssoLogin('default', state)), undefined, 'the pending login is used up')
  const replayed = await new Browser().request(callbackUrl, { headers: { cookie: `hub_sso_state=${stateCookie}` } })

  t.equal(replayed.status, 400)
  const body = await json(replayed)
  t.equal(body.error, 'HUB_ERR_LOGIN_FAILED')
  t.equal(body.message, 'The sign-in could not be completed: this sign-in is unknown, expired or already finished. Start again from the sign-in page.')
  t.notOk(replayed.headers.getSetCookie().some(line => line.startsWith('hub_session=')), 'no session')
})

t.test('a forged state is refused with a clear JSON error', async t => {
  const setup = await hubAndPeer(t)
  await enableSso(t, setup)

  const forged = await fetch(`${setup.hubUrl}/auth/callback?code=stolen-code&state=made-up-state`, { redirect: 'manual' })
  t.equal(forged.status, 400)
  t.match(forged.headers.get('content-type'), /application\/json/)
  t.equal((await json(forged)).error, 'HUB_ERR_LOGIN_FAILED')

  const stateless = await fetch(`${setup.hubUrl}/auth/callback?code=stolen-code`, { redirect: 'manual' })
  t.equal(stateless.status, 400)
  t.equal((await json(stateless)).message, 'The sign-in could not be completed: the identity provider’s answer has no state. Start again from the sign-in page.')
})

t.test('a callback in another browser than the one that started the sign-in is refused', async t => {
  const setup = await hubAndPeer(t)
  await enableSso(t, setup)
  const attacker = new Browser()
  const started = await attacker.request(`${setup.hubUrl}/auth/login`)
  const callbackUrl = await passProviderPages(attacker, started.headers.get('location')!, 'bob', next => next.pathname === '/auth/callback')

  const victim = await new Browser().request(callbackUrl)

  t.equal(victim.status, 400)
  t.equal((await json(victim)).message, 'The sign-in could not be completed: this sign-in was started in another browser. Start again from the sign-in page.')
})

t.test('signing out ends the session and returns the provider’s end-session address, back to the hub', async t => {
  const port = await freePort()
  const setup = await hubAndPeer(t, { postLogoutRedirectUris: [`http://127.0.0.1:${port}/`] }, {}, port)
  await enableSso(t, setup)
  const { browser } = await signIn(setup, 'ada')

  const elsewhere = await browser.request(`${setup.hubUrl}/auth/logout`, { method: 'POST', headers: { origin: 'https://evil.example' } })
  t.equal(elsewhere.status, 403, 'another site cannot sign anyone out')
  t.equal((await json(elsewhere)).error, 'HUB_ERR_CROSS_SITE')
  t.equal((await browser.request(`${setup.hubUrl}/auth/me`)).status, 200, 'and the session is still there')

  const out = await browser.request(`${setup.hubUrl}/auth/logout`, { method: 'POST', headers: { origin: setup.hubUrl } })

  t.equal(out.status, 200)
  const endSessionUrl = new URL((await json(out)).endSessionUrl)
  t.equal(endSessionUrl.origin + endSessionUrl.pathname, `${setup.peer.url}/session/end`)
  t.equal(endSessionUrl.searchParams.get('client_id'), setup.peer.client.id)
  t.match(endSessionUrl.searchParams.get('id_token_hint'), /^ey[\w-]+\.[\w-]+\.[\w-]+$/)
  t.equal(endSessionUrl.searchParams.get('post_logout_redirect_uri'), `${setup.hubUrl}/`)
  const confirm = await browser.request(endSessionUrl)
  t.equal(confirm.status, 200, 'the provider accepts the hint and the address to come back to')
  t.equal(browser.cookie('hub_session'), undefined, 'the cookie is cleared')
  const me = await fetch(`${setup.hubUrl}/auth/me`)
  t.equal(me.status, 401)
})

t.test('the session is gone on the hub even if the browser kept the cookie', async t => {
  const setup = await hubAndPeer(t)
  await enableSso(t, setup)
  const { browser } = await signIn(setup, 'ada')
  const sessionCookie = browser.cookie('hub_session')!

  await browser.request(`${setup.hubUrl}/auth/logout`, { method: 'POST', headers: { origin: setup.hubUrl } })

  const me = await fetch(`${setup.hubUrl}/auth/me`, { headers: { cookie: `hub_session=${sessionCookie}` } })
  t.equal(me.status, 401)
  const catalog = await fetch(`${setup.hubUrl}/api/integrations`, { headers: { cookie: `hub_session=${sessionCookie}` } })
  t.equal(catalog.status, 401)
})

t.test('/auth/login answers 409 while SSO is unconfigured or disabled', async t => {
  const setup = await hubAndPeer(t)

  const unconfigured = await setup.hub.app.inject({ method: 'GET', url: '/auth/login' })
  t.equal(unconfigured.statusCode, 409)
  t.equal(unconfigured.json().error, 'HUB_ERR_SSO_NOT_ENABLED')

  await enableSso(t, setup, { enabled: false })
  const disabled = await setup.hub.app.inject({ method: 'GET', url: '/auth/login' })
  t.equal(disabled.statusCode, 409)
  t.equal(disabled.json().error, 'HUB_ERR_SSO_NOT_ENABLED')
  t.same((await setup.hub.app.inject({ method: 'GET', url: '/auth/options' })).json(), { ssoEnabled: false })
})

t.test('a changed configuration takes effect on the next sign-in', async t => {
  const setup = await hubAndPeer(t)
  await enableSso(t, setup)
  const first = await setup.hub.app.inject({ method: 'GET', url: '/auth/login' })
  t.equal(new URL(first.headers.location as string).searchParams.get('client_id'), setup.peer.client.id)

  const updated = await setup.hub.api('PUT', '/api/integrations/sso', {
    config: oidcConfig(setup.peer, { clientId: setup.peer.codeOnlyClient.id, clientSecret: setup.peer.codeOnlyClient.secret, scopes: ['email'] })
  })
  t.equal(updated.status, 200)

  const second = await setup.hub.app.inject({ method: 'GET', url: '/auth/login' })
  const query = new URL(second.headers.location as string).searchParams
  t.equal(query.get('client_id'), setup.peer.codeOnlyClient.id)
  t.equal(query.get('scope'), 'openid email', 'openid is always asked for')
})

t.test('an unreachable provider at sign-in is a 502, not a crash', async t => {
  const setup = await hubAndPeer(t)
  await enableSso(t, setup)
  await setup.peer.close()

  const res = await setup.hub.app.inject({ method: 'GET', url: '/auth/login' })

  t.equal(res.statusCode, 502)
  t.equal(res.json().error, 'HUB_ERR_REMOTE_FAILED')
  t.equal(res.json().message, 'The identity provider could not be reached; try again in a moment.')
})

t.test('Auth0: the client check asks for a token for the API Audience', async t => {
  const tenant = await startAuth0Peer()
  t.teardown(() => tenant.close())
  const hub = await createTestHub(t, { trustedCertificates: [tenant.ca] })
  const config = { provider: 'auth0', domain: tenant.domain, clientId: tenant.client.id, clientSecret: tenant.client.secret, audience: tenant.audience, enabled: true }

  const saved = await hub.api('PUT', '/api/integrations/sso', { config })

  t.equal(saved.status, 201)
  t.equal(tenant.tokenRequests[0]?.get('grant_type'), 'client_credentials')
  t.equal(tenant.tokenRequests[0]?.get('audience'), tenant.audience)
})

t.test('Auth0: its 401 access_denied is "Invalid Client ID or secret"', async t => {
  const tenant = await startAuth0Peer()
  t.teardown(() => tenant.close())
  const hub = await createTestHub(t, { trustedCertificates: [tenant.ca] })

  const res = await hub.api('POST', '/api/integrations/sso/test', {
    config: { provider: 'auth0', domain: tenant.domain, clientId: tenant.client.id, clientSecret: 'wrong', audience: tenant.audience, enabled: true }
  })

  t.equal(res.body.ok, false)
  t.equal(res.body.message, 'Invalid Client ID or secret')
  t.equal(res.body.field, 'clientId')
})

t.test('Auth0: a 403 access_denied (no audience, or none granted) means the credentials were accepted', async t => {
  const tenant = await startAuth0Peer()
  t.teardown(() => tenant.close())
  const hub = await createTestHub(t, { trustedCertificates: [tenant.ca] })
  const base = { provider: 'auth0', domain: tenant.domain, clientId: tenant.client.id, clientSecret: tenant.client.secret, enabled: true }

  const withoutAudience = await hub.api('POST', '/api/integrations/sso/test', { config: base })
  const otherAudience = await hub.api('POST', '/api/integrations/sso/test', { config: { ...base, audience: 'https://other.example.com' } })

  t.equal(withoutAudience.body.ok, true)
  t.equal(otherAudience.body.ok, true)
})

t.test('Auth0: a tenant whose certificate the hub does not trust is reported on the Domain field', async t => {
  const tenant = await startAuth0Peer()
  t.teardown(() => tenant.close())
  const hub = await createTestHub(t)

  const res = await hub.api('POST', '/api/integrations/sso/test', {
    config: { provider: 'auth0', domain: tenant.domain, clientId: tenant.client.id, clientSecret: tenant.client.secret, enabled: true }
  })

  t.equal(res.body.ok, false)
  t.equal(res.body.code, 'DOMAIN_TLS')
  t.equal(res.body.message, 'Authorization endpoint unreachable: its TLS certificate could not be verified')
  t.equal(res.body.field, 'domain')
})

t.test('a provider that never answers is "Authorization endpoint unreachable" within the deadline', async t => {
  const hub = await createTestHub(t, { timeoutMs: 2500 })
  const sockets = new Set<net.Socket>()
  const silent = net.createServer(socket => sockets.add(socket))
  await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve))
  // Before the hub closes (teardowns run last-first): its client waits for a pending TLS connect.
  t.teardown(() => {
    for (const socket of sockets) socket.destroy()
    silent.close()
  })
  const started = Date.now()

  const res = await hub.api('POST', '/api/integrations/sso/test', {
    config: { provider: 'auth0', domain: `127.0.0.1:${(silent.address() as AddressInfo).port}`, clientId: 'x', clientSecret: 'y', enabled: true }
  })

  t.equal(res.body.ok, false)
  t.equal(res.body.code, 'DOMAIN_TIMEOUT')
  t.equal(res.body.message, 'Authorization endpoint unreachable: no answer within 1 s')
  t.equal(res.body.field, 'domain')
  t.ok(Date.now() - started < 2500, 'within the test’s deadline')
})

t.test('behind an https public address the callback uses that address and the cookies are Secure', async t => {
  const publicUrl = new URL('https://hub.example.com')
  const hub = await createTestHub(t, { publicUrl })
  const peer = await startOidcPeer({ redirectUris: ['https://hub.example.com/auth/callback'] })
  t.teardown(() => peer.close())
  const saved = await hub.api('PUT', '/api/integrations/sso', { config: { provider: 'oidc', issuer: peer.url, clientId: peer.client.id, clientSecret: peer.client.secret, enabled: true } })
  t.equal(saved.status, 201)

  const started = await hub.app.inject({ method: 'GET', url: '/auth/login' })
  const authorizationUrl = new URL(started.headers.location as string)
  t.equal(authorizationUrl.searchParams.get('redirect_uri'), 'https://hub.example.com/auth/callback')
  const stateCookie = started.cookies.find(cookie => cookie.name === 'hub_sso_state')
  t.equal(stateCookie?.secure, true)
  t.equal(stateCookie?.httpOnly, true)
  const callbackUrl = await passProviderPages(new Browser(), authorizationUrl.href, 'ada', next => next.origin === publicUrl.origin)

  const finished = await hub.app.inject({ method: 'GET', url: callbackUrl.pathname + callbackUrl.search, cookies: { hub_sso_state: stateCookie!.value } })

  t.equal(finished.statusCode, 302)
  const session = finished.cookies.find(cookie => cookie.name === 'hub_session')
  t.equal(session?.secure, true)
  t.equal(session?.httpOnly, true)
  t.equal(session?.sameSite, 'Lax')
})
