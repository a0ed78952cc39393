/**
 * Opens the store a URL names; the one place that knows the schemes. Each backend is imported only
 * when its scheme is used, so a hub on SQLite never loads the Redis or PostgreSQL clients.
 */
import type { HubStore } from './store.js'

export const STORE_SCHEMES = ['sqlite', 'memory', 'redis', 'rediss', 'postgres', 'postgresql'] as const

/**
 * `sqlite://<path>` (the embedded default; `sqlite:///srv/hub.sqlite` for an absolute path),
 * `memory://` (nothing kept after the process ends), `redis://` or `rediss://`, `postgres://` or
 * `postgresql://` (see postgres.ts for `?table_prefix=`).
 */
export async function openStore (url: string): Promise<HubStore> {
  const scheme = new URL(url).protocol.slice(0, -1)
  switch (scheme) {
    case 'sqlite': {
      const { openSqliteStore } = await import('./sqlite.js')
      return await openSqliteStore(url.slice('sqlite://'.length))
    }
    case 'memory': {
      const { MemoryStore } = await import('./memory.js')
      return new MemoryStore()
    }
    case 'redis':
    case 'rediss': {
      const { openRedisStore } = await import('./redis.js')
      return await openRedisStore(url)
    }
    case 'postgres':
    case 'postgresql': {
      const { openPostgresStore } = await import('./postgres.js')
      return openPostgresStore(url)
    }
    default:
      throw new TypeError(`Unsupported store URL scheme "${scheme}": use ${STORE_SCHEMES.map(name => `${name}://`).join(', ')}`)
  }
}
