/**
 * The read cache on a shared store, two instances (two store objects, each with its own connections
 * and change feed, behind its own cache) on one Redis or one PostgreSQL, in keys or tables of this
 * file's own: a revocation or a sign-out on A is refused on B once B hears of it; how long B may still
 * serve what A just replaced; and a feed connection killed under B, which then reads from the store
 * until its feed listens again (see backends.ts for which run where).
 */
import { type Test } from 'tap'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { createClient } from '@redis/client'
import { parseSessionCookie, SessionStore } from '../../../core/security/sessions.js'
import { ScopedTokens } from '../../../core/security/tokens.js'
import { CachedStore, type CacheOptions } from '../../../core/storage/cached.js'
import { keys } from '../../../core/storage/keys.js'
import { openStore } from '../../../core/storage/open.js'
import { listenerName } from '../../../core/storage/postgres-listener.js'
import { subscriberName } from '../../../core/storage/redis-subscriber.js'
import type { CacheableStore } from '../../../core/storage/store.js'
import { connectPostgres, forEachBackend, ownNamespace, postgres, redis, RUN, type Backend } from '../../support/backends.js'

/** How long B may take to hear of A's write, at most, in these tests (the notification takes milliseconds). */
const HEARD_WITHIN_MS = 500

async function instance (t: Test, url: string, options: CacheOptions = {}): Promise<CachedStore> {
  const store = new CachedStore(await openStore(url) as CacheableStore, options)
  t.teardown(async () => { await store.close() })
  await until(() => store.stats().listening, 5_000, 'the feed listens')
  return store
}

/** Waits until `condition` holds, checking every millisecond; the ms it took. */
async function until (condition: () => boolean | Promise<boolean>, withinMs: number, what: string): Promise<number> {
  const started = performance.now()
  while (!await condition()) {
    if (performance.now() - started > withinMs) throw new Error(`${what}: not within ${withinMs} ms`)
    await sleep(1)
  }
  return performance.now() - started
}

/**
 * Reads `key` on `store` until a read is served from memory (what it reads first may be forgotten
 * at once, when the notification of a write just before arrives during or after that read).
 */
async function kept (store: CachedStore, key: string): Promise<unknown> {
  let value: unknown
  await until(async () => {
    const { hits } = store.stats()
    value = await store.get(key)
    return store.stats().hits > hits
  }, HEARD_WITHIN_MS, `${key} is kept`)
  return value
}

/** Kills the feed connections of the stores at `url`, as the server would (or a network failure). */
async function killFeeds (backend: Backend, url: string): Promise<number> {
  if (backend === redis) {
    const connection = new URL(url)
    const channel = `${connection.searchParams.get('key_prefix')}-changes`
    connection.searchParams.delete('key_prefix')
    const client = createClient({ url: connection.href })
    await client.connect()
    try {
      const ids = (await client.clientList({ TYPE: 'PUBSUB' })).filter(entry => entry.name === subscriberName(channel)).map(entry => entry.id)
      for (const id of ids) await client.clientKill({ filter: 'ID', id })
      return ids.length
    } finally {
      client.destroy()
    }
  }
  const { client, prefix } = await connectPostgres(url)
  try {
    const { rowCount } = await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [listenerName(`${prefix}_changes`)])
    return rowCount ?? 0
  } finally {
    await client.end()
  }
}

/** Writes a record past the store, so that no notification is sent. */
async function writeUnannounced (backend: Backend, url: string, key: string, value: unknown): Promise<void> {
  if (backend === redis) {
    const connection = new URL(url)
    const prefix = connection.searchParams.get('key_prefix')!
    connection.searchParams.delete('key_prefix')
    const client = createClient({ url: connection.href })
    await client.connect()
    await client.set(`${prefix}:${key}`, JSON.stringify(value))
    client.destroy()
    return
  }
  const { client, prefix } = await connectPostgres(url)
  await client.query(`UPDATE ${prefix}_record SET value = $2 WHERE key = $1`, [key, JSON.stringify(value)])
  await client.end()
}

forEachBackend([redis, postgres], async (t, backend) => {
  const url = ownNamespace(t, backend.url(t))
  const workspace = { id: `w${RUN}`, epoch: 'epoch-1' }

  t.test('a token revoked on A is refused on B as soon as B hears of it', async (t) => {
    const [a, b] = [await instance(t, url), await instance(t, url)]
    const created = await new ScopedTokens(a).create(workspace, { subject: 'ada@example.com', role: 'admin', ttlSeconds: 600 })
    const onB = new ScopedTokens(b)
    t.equal((await onB.verify(created.token))?.subject, 'ada@example.com')
    await kept(b, keys.token(workspace.id, created.id))
    t.equal((await onB.verify(created.token))?.subject, 'ada@example.com', 'B serves the token record from memory')
    t.ok(await new ScopedTokens(a).revoke(workspace, created.id))
    const refused = async (): Promise<boolean> => await onB.verify(created.token).then(() => false, (error: { code?: string }) => error.code === 'HUB_ERR_TOKEN_REVOKED')
    const ms = await until(refused, HEARD_WITHIN_MS, 'B refuses the revoked token')
    t.pass(`B refused it ${ms.toFixed(1)} ms after A's revocation resolved`)
    t.ok(await refused(), 'and keeps refusing it')
  })

  t.test('a session ended on A is gone on B as soon as B hears of it', async (t) => {
    const [a, b] = [await instance(t, url), await instance(t, url)]
    const cookie = await new SessionStore(a).create(workspace, { sub: 'operator', via: 'token', adminTokenDigest: 'digest' })
    const handle = parseSessionCookie(cookie)!
    const onB = new SessionStore(b)
    t.equal((await onB.get(handle))?.sub, 'operator')
    await kept(b, keys.session(handle.workspace, handle.id))
    t.equal((await onB.get(handle))?.sub, 'operator', 'served from memory')
    t.ok(await new SessionStore(a).destroy(handle))
    const ms = await until(async () => await onB.get(handle) === undefined, HEARD_WITHIN_MS, 'B finds the session gone')
    t.pass(`gone on B ${ms.toFixed(1)} ms after A's sign-out resolved`)
    t.same(await b.list(keys.sessions(workspace.id)), [], 'and from the list of sessions')
  })

  t.test('right after A writes, B serves the old value at most until the notification, never after', async (t) => {
    const [a, b] = [await instance(t, url), await instance(t, url)]
    const key = `ws/${RUN}-window/integration/probe`
    const windows: number[] = []
    let staleAtOnce = 0
    for (let round = 0; round < 50; round++) {
      await a.set(key, round)
      await until(async () => await b.get(key) === round, HEARD_WITHIN_MS, `round ${round}: B reads what A wrote`)
      t.equal(await b.get(key), round)
      await a.set(key, round + 0.5)
      const written = performance.now()
      if (await b.get(key) !== round + 0.5) staleAtOnce++
      windows.push(await until(async () => await b.get(key) === round + 0.5, HEARD_WITHIN_MS, `round ${round}: B hears of the change`))
      for (let again = 0; again < 5; again++) {
        if (await b.get(key) !== round + 0.5) t.fail(`round ${round}: B went back to the old value ${(performance.now() - written).toFixed(1)} ms after the write`)
      }
    }
    windows.sort((x, y) => x - y)
    t.ok(windows.at(-1)! <= HEARD_WITHIN_MS)
    t.comment(`${staleAtOnce} of 50 reads right after A's write still saw the old value; B saw the new one after ${windows[25]!.toFixed(2)} ms at the median, ${windows.at(-1)!.toFixed(2)} ms at most`)
  })

  t.test('a change sent without a notification is seen after maxStaleMs at most', async (t) => {
    const b = await instance(t, url, { maxStaleMs: 200 })
    const key = `ws/${RUN}-unannounced/integration/probe`
    await b.set(key, 'old')
    t.equal(await kept(b, key), 'old')
    await writeUnannounced(backend, url, key, 'new')
    const started = performance.now()
    t.equal(await b.get(key), 'old', 'nothing told B')
    const ms = await until(async () => await b.get(key) === 'new', 1_000, 'B reads it again')
    t.ok(ms <= 250, `read again ${ms.toFixed(0)} ms after (maxStaleMs 200)`)
    t.ok(performance.now() - started < 1_000)
  })

  t.test('a feed connection killed: B empties its cache and reads the store until its feed listens again', async (t) => {
    const [a, b] = [await instance(t, url), await instance(t, url)]
    const key = `ws/${RUN}-killed/integration/probe`
    await a.set(key, 'before')
    t.equal(await kept(b, key), 'before', 'B keeps it')

    t.ok(await killFeeds(backend, url) >= 2, 'the feeds of A and B were killed')
    // A writes at once: B's feed may be down already, so B may never hear of it.
    await a.set(key, 'while deaf')
    const deafMs = await until(() => !b.stats().listening, HEARD_WITHIN_MS, 'B notices its feed is gone')
    t.equal(await b.get(key), 'while deaf', 'B reads the store, not what it kept')
    t.equal(b.stats().weight, 0, 'and keeps nothing while its feed is down')
    const listeningMs = await until(() => b.stats().listening, 5_000, 'B listens again')
    t.comment(`B noticed the lost feed within ${deafMs.toFixed(1)} ms and listened again ${listeningMs.toFixed(0)} ms later`)

    t.equal(await kept(b, key), 'while deaf', 'B keeps what it reads again')
    await a.set(key, 'after')
    await until(async () => await b.get(key) === 'after', HEARD_WITHIN_MS, 'B hears of A’s writes again')
  })
})
