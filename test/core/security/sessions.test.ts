/**
 * Browser sessions end when the rights that made them do: idle and absolute limits, an admin token
 * that changed, and an operator who lists and revokes them.
 */
import { randomBytes } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { SecretBox } from '../../../core/security/secret-box.js'
import { parseSessionCookie, SessionStore } from '../../../core/security/sessions.js'
import { MemoryStore } from '../../../core/storage/memory.js'
import { Workspaces } from '../../../core/workspaces/registry.js'
import { ADMIN_TOKEN, createTestHub } from '../../support/hub.js'

async function defaultWorkspace (store: MemoryStore) {
  const workspaces = new Workspaces({ store, master: new SecretBox([randomBytes(32)]) })
  await workspaces.open()
  return (await workspaces.get('default'))!
}

t.test('a session ends after its idle time without requests, and requests keep it alive', async t => {
  const store = new MemoryStore()
  t.teardown(() => store.close())
  const sessions = new SessionStore(store, { idleMs: 400, ttlMs: 10_000 })
  const cookie = await sessions.create(await defaultWorkspace(store), { sub: 'operator', via: 'token' })
  const handle = parseSessionCookie(cookie)!
  for (let i = 0; i < 4; i++) {
    await sleep(200)
    t.ok(await sessions.get(handle), `still alive after ${(i + 1) * 200} ms of steady use`)
  }
  await sleep(500)
  t.equal(await sessions.get(handle), undefined, 'gone after 500 ms idle')
})

t.test('a session ends at its absolute limit, however busy', async t => {
  const store = new MemoryStore()
  t.teardown(() => store.close())
  const sessions = new SessionStore(store, { idleMs: 10_000, ttlMs: 300 })
  const handle = parseSessionCookie(await sessions.create(await defaultWorkspace(store), { sub: 'operator', via: 'token' }))!
  t.ok(await sessions.get(handle))
  await sleep(350)
  t.equal(await sessions.get(handle), undefined)
})

t.test('a session opened with the admin token ends when the hub restarts with another one', async t => {
  const dataDir = t.testdir()
  const first = await createTestHub(t, { dataDir })
  const signIn = await first.app.inject({ method: 'POST', url: '/auth/token', payload: { token: ADMIN_TOKEN } })
  const cookie = signIn.cookies.find(c => c.name === 'hub_session')!.value
  t.equal((await first.app.inject({ url: '/api/integrations', cookies: { hub_session: cookie } })).statusCode, 200)
  await first.app.close()

  const restarted = await createTestHub(t, { dataDir, adminToken: 'a-new-admin-token-0123456789' })
  const after = await restarted.app.inject({ url: '/api/integrations', cookies: { hub_session: cookie } })
  t.equal(after.statusCode, 401)
  t.same(after.json(), { error: 'HUB_ERR_SESSION_ENDED', message: 'Your session has ended: the admin token it was opened with is no longer the hub’s. Sign in again.' })
})

t.test('the operator lists a workspace’s sessions and ends one at once', async t => {
  const h = await createTestHub(t)
  const signIn = await h.app.inject({ method: 'POST', url: '/auth/token', payload: { token: ADMIN_TOKEN } })
  const cookie = signIn.cookies.find(c => c.name === 'hub_session')!.value
  const listed = await h.api('GET', '/api/sessions')
  t.equal(listed.status, 200)
  t.equal(listed.body.sessions.length, 1)
  t.match(listed.body.sessions[0], { sub: 'operator', via: 'token' })
  t.notOk(JSON.stringify(listed.body).includes(cookie.split('.')[1]!), 'the list shows no cookie value')
  t.equal((await h.api('DELETE', `/api/sessions/${listed.body.sessions[0].id}`)).status, 204)
  t.equal((await h.app.inject({ url: '/api/integrations', cookies: { hub_session: cookie } })).statusCode, 401, 'ended at once')
  t.equal((await h.api('DELETE', `/api/sessions/${listed.body.sessions[0].id}`)).body.error, 'HUB_ERR_UNKNOWN_SESSION')
})
