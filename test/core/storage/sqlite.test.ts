/**
 * What only the SQLite store does (the behaviour every store shares is in store.test.ts): it owns its
 * file, it takes over what earlier versions stored through Keyv, and it does not keep what expired.
 */
import t from 'tap'
import Database from 'better-sqlite3'
import { openStore } from '../../../core/storage/store.js'

t.test('a second opener of the file is refused with a reason, and gets it once the owner closes', async t => {
  const url = `sqlite://${t.testdir()}/hub.sqlite`
  const owner = await openStore(url)
  await owner.set('greeting', 'hello')
  await t.rejects(openStore(url), { code: 'HUB_ERR_STORE_UNUSABLE', message: `The SQLite store ${url.slice('sqlite://'.length)} is in use by another process: one hub process owns it (stop the other one, or use Redis or PostgreSQL to run several)` })
  t.equal(await owner.get('greeting'), 'hello', 'the owner goes on')
  await owner.close()
  const next = await openStore(url)
  t.teardown(async () => await next.close())
  t.equal(await next.get('greeting'), 'hello')
})

t.test('a file that is not a SQLite database fails to open, and says so', async t => {
  const dir = t.testdir({ 'hub.sqlite': 'this is not a database, it only has the name of one' })
  await t.rejects(openStore(`sqlite://${dir}/hub.sqlite`), { code: 'HUB_ERR_STORE_UNUSABLE', message: `The SQLite store ${dir}/hub.sqlite cannot be opened: file is not a database` })
})

t.test('records an earlier version stored through Keyv are taken over once, as they were', async t => {
  const dir = t.testdir()
  const file = `${dir}/hub.sqlite`
  const now = Date.now()
  const earlier = new Database(file)
  // The layout @keyv/sqlite made (namespace "hub"), with Keyv's encoding: strings that begin with ':' get one more.
  earlier.exec('CREATE TABLE hub (key VARCHAR(255) PRIMARY KEY, value TEXT)')
  const insert = earlier.prepare('INSERT INTO hub (key, value) VALUES (?, ?)')
  insert.run('hub:integration:smtp', JSON.stringify({ value: { version: 3, config: { host: 'mail.example.com', password: 'enc:v1:k1:abc' } }, expires: null }))
  insert.run('hub:note', JSON.stringify({ value: '::starts with a colon', expires: null }))
  insert.run('hub:session:live', JSON.stringify({ value: { sub: 'u1' }, expires: now + 60_000 }))
  insert.run('hub:session:gone', JSON.stringify({ value: { sub: 'u2' }, expires: now - 1 }))
  earlier.close()

  const store = await openStore(`sqlite://${file}`)
  t.same(await store.get('integration:smtp'), { version: 3, config: { host: 'mail.example.com', password: 'enc:v1:k1:abc' } })
  t.equal(await store.get('note'), ':starts with a colon')
  t.same(await store.get('session:live'), { sub: 'u1' })
  t.equal(await store.get('session:gone'), undefined, 'what had expired is not brought back')
  await store.close()

  const reopened = await openStore(`sqlite://${file}`)
  t.same(await reopened.get('integration:smtp'), { version: 3, config: { host: 'mail.example.com', password: 'enc:v1:k1:abc' } }, 'still there after a restart')
  await reopened.close()
  const raw = new Database(file, { readonly: true })
  t.teardown(() => raw.close())
  t.same(raw.prepare("SELECT name FROM sqlite_master WHERE name = 'hub'").all(), [], 'the old table is gone')
})

t.test('what expired is deleted from the file, not only hidden', async t => {
  const file = `${t.testdir()}/hub.sqlite`
  const store = await openStore(`sqlite://${file}`)
  await store.set('session:short', { sub: 'u1' }, 1)
  await store.set('integration:kept', { version: 1 })
  await new Promise(resolve => setTimeout(resolve, 5))
  t.equal(await store.get('session:short'), undefined)
  await store.close()
  // The sweep runs when a store opens (and every ten minutes while it is open).
  await (await openStore(`sqlite://${file}`)).close()
  const raw = new Database(file, { readonly: true })
  t.teardown(() => raw.close())
  t.same(raw.prepare('SELECT key FROM hub_record').all(), [{ key: 'integration:kept' }])
})
