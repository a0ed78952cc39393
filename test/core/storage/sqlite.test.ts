/**
 * What only the SQLite store does (the behaviour every store shares is in store.test.ts): it owns its
 * file, keeps it private, does not keep what expired or was compacted away, lends its connection to
 * the job engine, and answers prefixes from the primary key alone.
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import t, { type Test } from 'tap'
import Database from 'better-sqlite3'
import { openStore } from '../../../core/storage/open.js'
import { openSqliteStore, type SqliteStore } from '../../../core/storage/sqlite.js'

const modeOf = (path: string): number => statSync(path).mode & 0o777

async function openAt (t: Test, file: string): Promise<SqliteStore> {
  const store = await openSqliteStore(file)
  t.teardown(async () => { await store.close() })
  return store
}

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

t.test('a folder that cannot be made fails to open, and says so', async t => {
  const dir = t.testdir({ 'a-file': 'not a folder' })
  await t.rejects(openStore(`sqlite://${dir}/a-file/hub.sqlite`), { code: 'HUB_ERR_STORE_UNUSABLE', message: /^The SQLite store .*\/a-file\/hub\.sqlite cannot be opened: E(EXIST|NOTDIR)/ })
})

t.test('the folders it makes, the file and its write-ahead log are private to the hub’s user', async t => {
  const root = t.testdir()
  const rootMode = modeOf(root)
  const file = `${root}/data/hub/hub.sqlite`
  const store = await openAt(t, file)
  await store.set('ws/acme/integration/jira', { token: 'sealed' })
  t.equal(modeOf(`${root}/data`), 0o700, 'the folder it made')
  t.equal(modeOf(`${root}/data/hub`), 0o700, 'and the one inside')
  t.equal(modeOf(file), 0o600, 'the database file')
  t.ok(existsSync(`${file}-wal`), 'the write-ahead log exists while the store is open')
  t.equal(modeOf(`${file}-wal`), 0o600, 'the write-ahead log')
  t.notOk(existsSync(`${file}-shm`), 'no shared-memory file (exclusive locking)')
  t.equal(modeOf(root), rootMode, `a folder that was there is left as it was (${rootMode.toString(8)})`)
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

t.test('a deleted partition stays deleted after a restart', async t => {
  const file = `${t.testdir()}/hub.sqlite`
  const store = await openSqliteStore(file)
  await store.set('ws/acme/integration/jira', { version: 1 })
  await store.append({ log: 'ws/acme/audit', entry: 'saved', capacity: 10 })
  await store.set('ws/other/integration/jira', { version: 2 })
  t.same(await store.get('ws/acme/integration/jira'), { version: 1 })
  t.equal(await store.deletePrefix('ws/acme/'), 2)
  t.equal(await store.get('ws/acme/integration/jira'), undefined)
  await store.close()
  const reopened = await openAt(t, file)
  t.same(await reopened.list('ws/acme/'), [])
  t.same(await reopened.recent('ws/acme/audit', 10), [])
  t.same(await reopened.list('ws/other/'), [{ key: 'ws/other/integration/jira', value: { version: 2 } }])
})

t.test('a capped log is trimmed in batches: never read past its capacity, left at it on close, trimmed at once after a crash', async t => {
  const file = `${t.testdir()}/hub.sqlite`
  const count = (db: Database.Database, log: string): number => (db.prepare('SELECT count(*) AS rows FROM hub_log WHERE log = ?').get(log) as { rows: number }).rows
  /** Rows of `log` in the file, read by a connection of its own (the store holds the file's lock while open). */
  const rowsOf = (log: string): number => {
    const raw = new Database(file, { readonly: true, fileMustExist: true })
    try {
      return count(raw, log)
    } finally {
      raw.close()
    }
  }
  const log = 'ws/acme/audit'
  const store = await openSqliteStore(file)
  // A capacity of 500 is trimmed every 10 appends.
  for (let i = 1; i <= 505; i++) await store.append({ log, entry: i, capacity: 500 })
  const newest = await store.recent<number>(log, 1000)
  t.equal(newest.length, 500, 'never more than the capacity, however many are asked for')
  t.same([newest[0], newest.at(-1)], [505, 6])
  const held = count(store.database, log)
  t.ok(held > 500 && held < 510, `between trims the file holds a few more (${held})`)
  await store.close()
  t.equal(rowsOf(log), 500, 'closing leaves each log at its capacity')

  // A process that ends without closing leaves the rows since its last trim.
  const crashed = await openSqliteStore(file)
  for (let i = 506; i <= 509; i++) await crashed.append({ log, entry: i, capacity: 500 })
  t.equal(count(crashed.database, log), 503, 'its first append trimmed, the three after it not yet')
  crashed.database.close()
  const next = await openAt(t, file)
  await next.append({ log, entry: 510, capacity: 500 })
  t.equal(count(next.database, log), 500, 'the first append after opening trims at once')
  t.same((await next.recent<number>(log, 2)), [510, 509])
})

t.test('compact leaves nothing deleted in the file or its log', async t => {
  const file = `${t.testdir()}/hub.sqlite`
  const store = await openAt(t, file)
  const oldCiphertext = `enc:v1:old:${'q'.repeat(64)}`
  await store.set('ws/acme/integration/jira', { token: oldCiphertext })
  for (let i = 0; i < 200; i++) await store.set(`ws/acme/filler/${i}`, { i, padding: 'p'.repeat(200) })
  await store.set('ws/acme/integration/jira', { token: 'enc:v1:new:rotated' })
  await store.deletePrefix('ws/acme/filler/')
  const onDisk = (): string => Buffer.concat([readFileSync(file), existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`) : Buffer.alloc(0)]).toString('latin1')
  t.ok(onDisk().includes(oldCiphertext), 'before: the replaced value is still readable on disk')
  const before = statSync(file).size + (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0)

  await store.compact()
  t.notOk(onDisk().includes(oldCiphertext), 'after: neither the file nor its log holds it')
  const after = statSync(file).size + (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0)
  t.ok(after < before, `the files shrank from ${before} to ${after} bytes`)
  t.same(await store.get('ws/acme/integration/jira'), { token: 'enc:v1:new:rotated' }, 'what is live stays')
  await store.set('ws/acme/after', 'written after compact')
  t.equal(modeOf(`${file}-wal`), 0o600, 'the log it starts again is private too')
  await store.close()
  const reopened = await openAt(t, file)
  t.same((await reopened.list('ws/acme/')).map(record => record.key), ['ws/acme/after', 'ws/acme/integration/jira'])
})

t.test('the job engine keeps its own tables in the same file, through the same connection', async t => {
  const file = `${t.testdir()}/hub.sqlite`
  const store = await openSqliteStore(file)
  store.database.exec('CREATE TABLE IF NOT EXISTS job_test (id INTEGER PRIMARY KEY, name TEXT NOT NULL)')
  store.database.prepare('INSERT INTO job_test (name) VALUES (?)').run('recheck jira')
  await store.set('ws/acme/integration/jira', { version: 1 })
  await store.close()
  const reopened = await openAt(t, file)
  t.same(reopened.database.prepare('SELECT name FROM job_test').all(), [{ name: 'recheck jira' }])
  t.same(await reopened.get('ws/acme/integration/jira'), { version: 1 })
})

/** The SQL (and parameters) of every statement run while `recording`, however the store prepared it. */
function recordStatements (t: Test): { recording: boolean, ran: Array<{ source: string, args: unknown[] }> } {
  const probe = new Database(':memory:')
  const prototype = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, (...args: unknown[]) => unknown>
  probe.close()
  const record = { recording: false, ran: [] as Array<{ source: string, args: unknown[] }> }
  for (const method of ['run', 'get', 'all', 'iterate']) {
    const original = prototype[method]!
    prototype[method] = function (this: Database.Statement, ...args: unknown[]) {
      if (record.recording) record.ran.push({ source: this.source, args })
      return original.apply(this, args)
    }
    t.teardown(() => { prototype[method] = original })
  }
  return record
}

t.test('list and deletePrefix read only the partition’s range of the primary key', async t => {
  const store = await openAt(t, `${t.testdir()}/hub.sqlite`)
  // 20,000 records in 100 other partitions (expiring ones: each commit then skips the sync), and their logs.
  for (let p = 0; p < 100; p++) {
    for (let i = 0; i < 200; i++) await store.set(`ws/big-${p}/record/${i}`, { p, i }, 600_000)
    await store.append({ log: `ws/big-${p}/audit`, entry: p, capacity: 10 })
  }
  for (let i = 0; i < 10; i++) await store.set(`ws/small/record/${i}`, { i })
  await store.append({ log: 'ws/small/audit', entry: 'small', capacity: 10 })
  store.database.exec('ANALYZE')

  const statements = recordStatements(t)
  statements.recording = true
  const listed = await store.list('ws/small/')
  const deleted = await store.deletePrefix('ws/small/')
  statements.recording = false
  t.equal(listed.length, 10)
  t.equal(deleted, 11, 'ten records and one log')
  t.equal((await store.list('ws/big-42/')).length, 200, 'the other partitions are all there')

  const plans = statements.ran.map(({ source, args }) => ({
    source,
    steps: (store.database.prepare(`EXPLAIN QUERY PLAN ${source}`).all(...args) as Array<{ detail: string }>).map(step => step.detail)
  }))
  t.ok(plans.length >= 3, `the statements that ran: ${plans.map(plan => plan.source).join(' | ')}`)
  t.same(plans.filter(plan => plan.steps.some(step => step.startsWith('SCAN'))), [], 'no statement scans a table')
  const steps = plans.flatMap(plan => plan.steps)
  t.ok(steps.includes('SEARCH hub_record USING PRIMARY KEY (key>? AND key<?)'), `records by primary-key range: ${steps.join('; ')}`)
  t.ok(steps.some(step => /^SEARCH hub_log USING (COVERING )?INDEX hub_log_by_log \(log>\? AND log<\?\)$/.test(step)), 'logs by a range of their index')
})
