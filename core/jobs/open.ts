/**
 * Opens the job engine that fits the hub's store, chosen by the store's URL: Redis → BullMQ, PostgreSQL →
 * pg-boss, SQLite → a job table in the store's own file (the store hands over its database handle),
 * memory → the same table in a database of its own in memory (kept no longer than the process, like
 * the store). The only place that knows the schemes; each engine is loaded only when chosen.
 */
import Database from 'better-sqlite3'
import type { JobLog } from './attempt.js'
import type { JobEngine } from './engine.js'

export interface OpenJobEngineOptions {
  /** The SQLite store's database handle; required with a `sqlite://` store. */
  database?: Database.Database
  /** Keeps these jobs apart from others on the same server: BullMQ's key prefix, pg-boss's schema (default `hub_jobs`). */
  namespace?: string
  log?: JobLog
}

export async function openJobEngine (storeUrl: string, options: OpenJobEngineOptions = {}): Promise<JobEngine> {
  const { database, namespace, log } = options
  const { protocol } = new URL(storeUrl)
  switch (protocol) {
    case 'sqlite:': {
      if (database === undefined) throw new TypeError('A sqlite:// store keeps its jobs in its own file: pass its database handle')
      const { SqliteJobEngine } = await import('./sqlite.js')
      return new SqliteJobEngine(database, { log })
    }
    case 'memory:': {
      const { SqliteJobEngine } = await import('./sqlite.js')
      return new SqliteJobEngine(new Database(':memory:'), { log })
    }
    case 'redis:':
    case 'rediss:': {
      const { BullMqJobEngine } = await import('./bullmq.js')
      return new BullMqJobEngine({ url: storeUrl, prefix: namespace, log })
    }
    case 'postgres:':
    case 'postgresql:': {
      const { PgBossJobEngine } = await import('./pg-boss.js')
      return new PgBossJobEngine({ connectionString: storeUrl, schema: namespace, log })
    }
    default:
      throw new TypeError(`Unsupported store URL scheme "${protocol}" for jobs: use sqlite://, memory://, redis://, rediss://, postgres:// or postgresql://`)
  }
}
