/**
 * openStore: the URL schemes it knows, each opening its backend, and a clear refusal of the rest.
 */
import t from 'tap'
import { openStore } from '../../../core/storage/open.js'
import { MemoryStore } from '../../../core/storage/memory.js'
import { SqliteStore } from '../../../core/storage/sqlite.js'

t.test('memory:// opens a store of its own in this process, each time', async t => {
  const first = await openStore('memory://')
  const second = await openStore('memory://')
  t.teardown(async () => { await first.close(); await second.close() })
  t.ok(first instanceof MemoryStore)
  t.equal(first.shared, false)
  await first.set('ws/acme/x', 1)
  t.equal(await first.get('ws/acme/x'), 1)
  t.equal(await second.get('ws/acme/x'), undefined, 'two opens are two stores')
})

t.test('sqlite:// opens the file at the path after the scheme', async t => {
  const dir = t.testdir()
  const store = await openStore(`sqlite://${dir}/hub.sqlite`)
  t.teardown(async () => { await store.close() })
  t.ok(store instanceof SqliteStore)
  t.equal((store as SqliteStore).database.name, `${dir}/hub.sqlite`)
  t.type(store.compact, 'function', 'SQLite can compact')
})

t.test('a scheme it does not know is refused, naming the ones it does', async t => {
  await t.rejects(openStore('mysql://127.0.0.1/hub'), {
    name: 'TypeError',
    message: 'Unsupported store URL scheme "mysql": use sqlite://, memory://, redis://, rediss://, postgres://, postgresql://'
  })
  await t.rejects(openStore('not a url'), TypeError)
})
