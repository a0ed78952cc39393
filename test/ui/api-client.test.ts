/**
 * The widget's API client against a real hub on a socket (Node's fetch is the browser's): scoped
 * tokens from `getToken` are asked for once, and again — with the refused request sent again, once —
 * when the hub says the token expired or was revoked.
 */
import type { AddressInfo } from 'node:net'
import t, { type Test } from 'tap'
import { ApiError, HubApiClient } from '../../ui/internal/api-client.js'
import type { ErrorBody } from '../../core/api/types.js'
import { createTestHub, type TestHub } from '../support/hub.js'

interface Minter {
  /** Hands out a fresh viewer-or-admin token of the default workspace, like a host backend. */
  getToken: () => Promise<string>
  /** Every token id handed out, oldest first. */
  minted: string[]
  /** Revoke each token right after minting it (a host whose tokens never work). */
  revokeAtOnce: boolean
}

async function listeningHub (t: Test): Promise<{ hub: TestHub, base: string }> {
  const hub = await createTestHub(t)
  await hub.app.listen({ port: 0, host: '127.0.0.1' })
  return { hub, base: `http://127.0.0.1:${(hub.app.server.address() as AddressInfo).port}` }
}

function minter (hub: TestHub, role: 'admin' | 'viewer' = 'admin'): Minter {
  const state: Minter = {
    minted: [],
    revokeAtOnce: false,
    getToken: async () => {
      const { body } = await hub.api('POST', '/api/workspaces/default/tokens', { subject: 'ada@example.com', role, ttlSeconds: 60 })
      state.minted.push(body.id)
      if (state.revokeAtOnce) await hub.api('DELETE', `/api/workspaces/default/tokens/${body.id}`)
      return body.token
    }
  }
  return state
}

/** What a promise rejects with (undefined when it resolves). */
const failureOf = async (promise: Promise<unknown>): Promise<unknown> => await promise.then(() => undefined, (error: unknown) => error)

const revoke = async (t: Test, hub: TestHub, id: string | undefined): Promise<void> => {
  t.equal((await hub.api('DELETE', `/api/workspaces/default/tokens/${id}`)).status, 204)
}

t.test('a token from getToken is asked for once, however many requests use it', async t => {
  const { hub, base } = await listeningHub(t)
  const host = minter(hub, 'viewer')
  const client = new HubApiClient({ base, getToken: host.getToken })
  const [caller, catalog] = await Promise.all([client.caller(), client.listIntegrations()])
  await client.getConnection('smtp')
  t.same(caller, { id: 'ada@example.com', workspace: 'default', role: 'viewer' })
  t.ok(catalog.integrations.some(entry => entry.id === 'smtp'))
  t.equal(host.minted.length, 1)
})

t.test('a revoked token: the hub is heard, a new token is fetched, and the request goes through', async t => {
  const { hub, base } = await listeningHub(t)
  const host = minter(hub)
  const heard: Array<[string, boolean]> = []
  const client = new HubApiClient({ base, getToken: host.getToken, onUnauthorized: (body: ErrorBody, retrying) => heard.push([body.error, retrying]) })
  await client.caller()
  await revoke(t, hub, host.minted[0])
  // Three requests refused together ask for one new token between them.
  const answers = await Promise.all([client.listIntegrations(), client.getConnection('smtp'), client.listConnections('smtp')])
  t.equal(answers.length, 3)
  t.equal(host.minted.length, 2, 'one new token')
  t.same(heard, [['HUB_ERR_TOKEN_REVOKED', true], ['HUB_ERR_TOKEN_REVOKED', true], ['HUB_ERR_TOKEN_REVOKED', true]])
  t.same((await client.listConnections('smtp')).connections, [], 'and it keeps working')
  t.equal(host.minted.length, 2)
})

t.test('when the new token is refused too, the request fails with the hub’s 401', async t => {
  const { hub, base } = await listeningHub(t)
  const host = minter(hub)
  const heard: Array<[string, boolean]> = []
  const client = new HubApiClient({ base, getToken: host.getToken, onUnauthorized: (body: ErrorBody, retrying) => heard.push([body.error, retrying]) })
  await client.caller()
  host.revokeAtOnce = true
  await revoke(t, hub, host.minted[0])
  const error = await failureOf(client.listIntegrations())
  t.ok(error instanceof ApiError)
  t.equal((error as ApiError).status, 401)
  t.equal((error as ApiError).body.error, 'HUB_ERR_TOKEN_REVOKED')
  t.same(heard, [['HUB_ERR_TOKEN_REVOKED', true], ['HUB_ERR_TOKEN_REVOKED', false]], 'one retry, then the failure')
  t.equal(host.minted.length, 2)
})

t.test('a fixed token is not retried, and other 401s are not either', async t => {
  const { hub, base } = await listeningHub(t)
  const host = minter(hub)
  const token = await host.getToken()
  await revoke(t, hub, host.minted[0])
  const heard: Array<[string, boolean]> = []
  const fixed = new HubApiClient({ base, token, onUnauthorized: (body: ErrorBody, retrying) => heard.push([body.error, retrying]) })
  t.match(await failureOf(fixed.caller()), { status: 401 })
  t.same(heard, [['HUB_ERR_TOKEN_REVOKED', false]])

  let asked = 0
  const wrong = new HubApiClient({ base, getToken: () => { asked++; return 'not-a-token-the-hub-knows' } })
  t.match(await failureOf(wrong.caller()), { status: 401 })
  t.equal(asked, 1, 'a token the hub never issued is not asked for again')
})

t.test('a getToken that fails is a network error, and is asked again next time', async t => {
  const { hub, base } = await listeningHub(t)
  const host = minter(hub)
  let fail = true
  const client = new HubApiClient({ base, getToken: async () => { if (fail) throw new Error('host backend down'); return await host.getToken() } })
  t.match(await failureOf(client.caller()), { status: 0, body: { error: 'NETWORK' } })
  fail = false
  t.equal((await client.caller()).role, 'admin')
})

t.test('named connections have their own addresses; the default one keeps the short form', async t => {
  const { hub, base } = await listeningHub(t)
  const client = new HubApiClient({ base, getToken: minter(hub).getToken })
  const backup = await client.getConnection('smtp', 'backup')
  t.equal(backup.connection, 'backup')
  t.equal(backup.configured, false)
  t.equal((await client.getConnection('smtp')).connection, 'default')
})
