/**
 * Where the job tests keep jobs, and engines opened there with short timings (locks, polls,
 * maintenance, stop grace) so that recovery happens within a test: a SQLite file, or a Redis key prefix
 * or PostgreSQL schema of its own on REDIS_URL or DATABASE_URL; and what a place still holds of a job.
 * Free of tap, and each engine is loaded only when used, so that the crash test's child processes
 * start quickly and the job benchmark can use it.
 */
import Database from 'better-sqlite3'
import type { JobLog } from '../../core/jobs/attempt.js'
import type { JobEngine, JobState } from '../../core/jobs/engine.js'

export type BackendName = 'sqlite' | 'redis' | 'postgres'

export interface Place {
  backend: BackendName
  /** The SQLite file, or the Redis prefix / PostgreSQL schema. */
  where: string
}

/** Opens the SQLite file as the hub's store does: locked for this process, write-ahead log. */
export function openSqliteFile (file: string, options: Database.Options = {}): Database.Database {
  const db = new Database(file, { timeout: 5_000, ...options })
  db.pragma('locking_mode = EXCLUSIVE')
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  return db
}

/** An engine on a place, with test timings; for SQLite on the given handle. */
export async function openEngine (place: Place, db?: Database.Database, log?: JobLog): Promise<JobEngine> {
  switch (place.backend) {
    case 'sqlite': {
      const { SqliteJobEngine } = await import('../../core/jobs/sqlite.js')
      return new SqliteJobEngine(db!, { stopTimeoutMs: 1_000, log })
    }
    case 'redis': {
      const { BullMqJobEngine } = await import('../../core/jobs/bullmq.js')
      return new BullMqJobEngine({ url: process.env.REDIS_URL!, prefix: place.where, lockMs: 1_000, stopTimeoutMs: 1_000, log })
    }
    case 'postgres': {
      const { PgBossJobEngine } = await import('../../core/jobs/pg-boss.js')
      return new PgBossJobEngine({ connectionString: process.env.DATABASE_URL!, schema: place.where, pollIntervalMs: 500, maintenanceIntervalMs: 1_000, stopTimeoutMs: 1_000, log })
    }
  }
}

/** Deletes a Redis prefix's keys or drops a PostgreSQL schema (a SQLite file goes with its folder). */
export async function removePlace ({ backend, where }: Place): Promise<void> {
  if (backend === 'redis') {
    const { createClient } = await import('@redis/client')
    const redis = createClient({ url: process.env.REDIS_URL })
    await redis.connect()
    for await (const keys of redis.scanIterator({ MATCH: `${where}:*`, COUNT: 1000 })) {
      if (keys.length > 0) await redis.del(keys)
    }
    await redis.close()
  } else if (backend === 'postgres') {
    const { default: pg } = await import('pg')
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL })
    await client.connect()
    await client.query(`DROP SCHEMA IF EXISTS ${where} CASCADE`)
    await client.end()
  }
}

/** Whether the backend still holds a job at all, whatever get() says of it: its row (SQLite, PostgreSQL, archived or not) or its hash (Redis). */
export async function jobStored ({ backend, where }: Place, id: string, db?: Database.Database): Promise<boolean> {
  const [kind, uuid] = id.split(':') as [string, string]
  switch (backend) {
    case 'sqlite':
      return db!.prepare('SELECT 1 FROM hub_job WHERE id = ?').get(id) !== undefined
    case 'redis': {
      const { createClient } = await import('@redis/client')
      const redis = createClient({ url: process.env.REDIS_URL })
      await redis.connect()
      try {
        return await redis.exists(`${where}:${kind}:${uuid}`) === 1
      } finally {
        await redis.close()
      }
    }
    case 'postgres': {
      const { default: pg } = await import('pg')
      const client = new pg.Client({ connectionString: process.env.DATABASE_URL })
      await client.connect()
      try {
        const { rowCount } = await client.query(`SELECT 1 FROM ${where}.job WHERE id = $1 UNION ALL SELECT 1 FROM ${where}.archive WHERE id = $1`, [uuid])
        return rowCount !== 0
      } finally {
        await client.end()
      }
    }
  }
}

export const finished = (state: JobState | undefined): boolean => state?.status === 'succeeded' || state?.status === 'failed'
