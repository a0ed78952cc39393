/**
 * What only the PostgreSQL store does (the behaviour every store shares is in store.test.ts and
 * shared.test.ts): tables of its own, named by `?table_prefix=` and created safely by instances
 * starting at once, and prefixes answered from a range of the primary key (EXPLAIN ANALYZE shows it).
 */
import { type Test } from 'tap'
import pg from 'pg'
import { openStore } from '../../../core/storage/open.js'
import type { HubStore } from '../../../core/storage/store.js'
import { connectPostgres, dropTables, forEachBackend, postgres, RUN } from '../../support/backends.js'

async function open (t: Test, url: string): Promise<HubStore> {
  const store = await openStore(url)
  t.teardown(async () => { await store.close() })
  return store
}

/** `url` with tables of a test's own, dropped when it ends. */
function ownTables (t: Test, url: string, name: string): string {
  const own = new URL(url)
  own.searchParams.set('table_prefix', `hub_test_${RUN}_${name}`)
  t.teardown(async () => { await dropTables(own.href) })
  return own.href
}

interface PlanNode {
  'Node Type': string
  'Index Name'?: string
  'Index Cond'?: string
  'Actual Rows'?: number
  'Rows Removed by Filter'?: number
  Plans?: PlanNode[]
}

const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)]

/** The SQL and parameters of every query the stores' pools run while `recording`. */
function recordQueries (t: Test): { recording: boolean, ran: Array<{ text: string, values: unknown[] }> } {
  const prototype = pg.Pool.prototype as unknown as { query: (...args: unknown[]) => unknown }
  const original = prototype.query
  const record = { recording: false, ran: [] as Array<{ text: string, values: unknown[] }> }
  prototype.query = function (this: pg.Pool, ...args: unknown[]) {
    if (record.recording && typeof args[0] === 'string') record.ran.push({ text: args[0], values: (args[1] ?? []) as unknown[] })
    return original.apply(this, args)
  }
  t.teardown(() => { prototype.query = original })
  return record
}

forEachBackend([postgres], async (t, backend) => {
  const url = backend.url(t)

  t.test('instances starting at once all create the tables and work', async (t) => {
    const fresh = ownTables(t, url, 'race')
    const stores = await Promise.all(Array.from({ length: 5 }, async () => await open(t, fresh)))
    await Promise.all(stores.map(async (store, i) => { await store.set(`ws/race/${i}`, i) }))
    for (const store of stores) t.same((await store.list('ws/race/')).map(record => record.value), [0, 1, 2, 3, 4])
    const { client, prefix } = await connectPostgres(fresh)
    t.teardown(async () => { await client.end() })
    const { rows } = await client.query("SELECT relname FROM pg_class WHERE relname LIKE $1 || '%' ORDER BY relname", [prefix])
    t.same(rows.map(row => row.relname), [`${prefix}_log`, `${prefix}_log_by_log`, `${prefix}_log_id_seq`, `${prefix}_log_pkey`, `${prefix}_record`, `${prefix}_record_by_expiry`, `${prefix}_record_pkey`, `${prefix}_revision`], 'its tables, indexes and sequences, named by the prefix')
  })

  t.test('stores with different table prefixes never meet', async (t) => {
    const [first, second] = [await open(t, ownTables(t, url, 'one')), await open(t, ownTables(t, url, 'two'))]
    await first.set('ws/acme/x', 'first')
    t.equal(await second.get('ws/acme/x'), undefined)
    t.equal(await second.deletePrefix('ws/acme/'), 0)
    t.equal(await first.get('ws/acme/x'), 'first')
  })

  t.test('a table prefix that is not a plain name is refused', async (t) => {
    const bad = new URL(url)
    bad.searchParams.set('table_prefix', 'hub; DROP TABLE x')
    await t.rejects(openStore(bad.href), { name: 'TypeError', message: /table prefix/ })
  })

  t.test('list and deletePrefix of a 10-record partition read 10 rows, not the 20,000 beside them', async (t) => {
    const own = ownTables(t, url, 'cost')
    const store = await open(t, own)
    const small = 'ws/small/'
    await store.set(`${small}record/0`, 0)
    const { client, prefix } = await connectPostgres(own)
    t.teardown(async () => { await client.end() })
    // The rest of the store, written straight into the tables: 20,000 records and 20,000 log entries in 100 other partitions.
    await client.query(`INSERT INTO ${prefix}_record (key, value) SELECT 'ws/big-' || (i % 100) || '/record/' || i, '{}' FROM generate_series(1, 20000) AS i`)
    await client.query(`INSERT INTO ${prefix}_log (log, entry) SELECT 'ws/big-' || (i % 100) || '/audit', '"saved"' FROM generate_series(1, 20000) AS i`)
    const fillSmall = async (): Promise<void> => {
      for (let i = 0; i < 10; i++) await store.set(`${small}record/${i}`, { i })
      await store.append({ log: `${small}audit`, entry: 'saved', capacity: 10 })
    }
    await fillSmall()
    await client.query(`ANALYZE ${prefix}_record, ${prefix}_log`)

    const queries = recordQueries(t)
    queries.recording = true
    const listed = await store.list(small)
    const deleted = await store.deletePrefix(small)
    queries.recording = false
    t.equal(listed.length, 10)
    t.equal(deleted, 11, 'ten records and one log')
    t.equal((await store.list('ws/big-42/')).length, 200, 'the other partitions are all there')
    t.equal(queries.ran.length, 2, 'one statement each')

    // The same statements again on the same data, executed and measured, then rolled back.
    await fillSmall()
    await client.query('BEGIN')
    const nodes: PlanNode[] = []
    for (const { text, values } of queries.ran) {
      const { rows } = await client.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${text}`, values)
      nodes.push(...nodesOf((rows[0]['QUERY PLAN'] as Array<{ Plan: PlanNode }>)[0]!.Plan))
    }
    await client.query('ROLLBACK')
    const scans = nodes.filter(node => node['Index Name'] !== undefined)
    t.same(nodes.filter(node => node['Node Type'] === 'Seq Scan'), [], 'no table is scanned')
    t.ok(scans.some(node => node['Index Name'] === `${prefix}_record_pkey` && /key >= .*key < /.test(node['Index Cond'] ?? '')), `records by a range of the primary key: ${scans.map(node => `${node['Node Type']} ${node['Index Name']} (${node['Index Cond']})`).join('; ')}`)
    t.ok(scans.some(node => node['Index Name'] === `${prefix}_log_by_log` && /log >= .*log < /.test(node['Index Cond'] ?? '')), 'logs by a range of their index')
    const largest = Math.max(...nodes.map(node => (node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0)))
    t.ok(largest <= 11, `no step read more than the partition's 11 rows (the most: ${largest})`)
  })
})
