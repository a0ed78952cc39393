/**
 * The backends the storage tests run on. Redis and PostgreSQL come from REDIS_URL and DATABASE_URL;
 * without them those runs are skipped with the reason, except under CI=true, where a missing variable
 * fails. PostgreSQL runs in tables of this test file's own (`?table_prefix=`), dropped at its end, so
 * test files running in parallel never meet; on Redis, keys and partitions carry RUN. Tests of whole
 * hubs, whose keys are the hub's own, use `ownNamespace` (tables or keys of the file's own).
 */
import { randomUUID } from 'node:crypto'
import t, { type Test } from 'tap'
import pg from 'pg'
import { createClient } from '@redis/client'

/** Part of every key and partition of this run, so parallel runs against the same servers never meet. */
export const RUN = randomUUID().slice(0, 8)

export interface Backend {
  name: string
  /** The variable naming the server; none for the embedded backends. */
  env?: string
  /** A store URL for a test: on a shared backend, every test of the file gets the same store. */
  url: (t: Test) => string
}

/** The PostgreSQL URL with this file's own tables. */
const postgresUrl = (): string => {
  const url = new URL(process.env.DATABASE_URL!)
  url.searchParams.set('table_prefix', `hub_test_${RUN}`)
  return url.href
}

export const memory: Backend = { name: 'memory', url: () => 'memory://' }
export const sqlite: Backend = { name: 'sqlite', url: (t) => `sqlite://${t.testdir()}/hub.sqlite` }
export const redis: Backend = { name: 'redis', env: 'REDIS_URL', url: () => process.env.REDIS_URL! }
export const postgres: Backend = { name: 'postgres', env: 'DATABASE_URL', url: postgresUrl }

/** The same backend under another name, for a second run of a suite (behind a read cache, say). */
export const renamed = (backend: Backend, name: string): Backend => ({ ...backend, name })

/** Runs `body` as one subtest per backend that is available here. */
export function forEachBackend (list: Backend[], body: (t: Test, backend: Backend) => Promise<void>): void {
  for (const backend of list) {
    const server = backend.env === undefined ? 'embedded' : process.env[backend.env]
    if (server === undefined || server === '') {
      if (process.env.CI === 'true') {
        t.test(backend.name, async (t) => { t.fail(`${backend.env} is not set; it is required when CI=true`) })
      } else {
        t.test(backend.name, { skip: `${backend.env} is not set` }, async () => {})
      }
      continue
    }
    t.test(backend.name, async (t) => {
      if (backend.url === postgres.url) t.teardown(async () => { await dropTables(postgresUrl()) })
      await body(t, backend)
    })
  }
}

/**
 * `url` (REDIS_URL or DATABASE_URL) with a namespace of this file's own (`?key_prefix=` or
 * `?table_prefix=`), emptied when `t` ends.
 */
export function ownNamespace (t: Test, url: string): string {
  const own = new URL(url)
  const redis = own.protocol.startsWith('redis')
  own.searchParams.set(redis ? 'key_prefix' : 'table_prefix', `hub_test_${RUN}`)
  t.teardown(async () => { await (redis ? deleteKeys(own.href) : dropTables(own.href)) })
  return own.href
}

/** Deletes the keys of a Redis store URL's `?key_prefix=` (see core/storage/redis.ts). */
async function deleteKeys (url: string): Promise<void> {
  const connection = new URL(url)
  const prefix = connection.searchParams.get('key_prefix')!
  connection.searchParams.delete('key_prefix')
  const client = createClient({ url: connection.href })
  await client.connect()
  try {
    for (const pattern of [`${prefix}:*`, `${prefix}-*`]) {
      for await (const keys of client.scanIterator({ MATCH: pattern, COUNT: 1000 })) if (keys.length > 0) await client.del(keys)
    }
  } finally {
    client.destroy()
  }
}

/** Drops the tables a PostgreSQL store URL names (see core/storage/postgres.ts). */
export async function dropTables (url: string): Promise<void> {
  const { client, prefix } = await connectPostgres(url)
  try {
    await client.query(`DROP TABLE IF EXISTS ${prefix}_record, ${prefix}_log; DROP SEQUENCE IF EXISTS ${prefix}_revision`)
  } finally {
    await client.end()
  }
}

/** A plain client on the database of a store URL, and the store's table prefix. */
export async function connectPostgres (url: string): Promise<{ client: pg.Client, prefix: string }> {
  const connection = new URL(url)
  const prefix = connection.searchParams.get('table_prefix') ?? 'hub'
  connection.searchParams.delete('table_prefix')
  const client = new pg.Client({ connectionString: connection.href })
  await client.connect()
  return { client, prefix }
}
