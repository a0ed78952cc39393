/**
 * Where the workspace benchmarks keep each hub's state: SQLite in a fresh data folder, or PostgreSQL
 * in tables of the run's own (`?table_prefix=bench_<random>_<name>`), dropped when the benchmark ends.
 *
 * A store is filled before any hub opens it, and without waiting for the disk at every commit: the
 * SQLite file is written in a memory-backed folder (when the system has one) and then copied into the
 * data folder; PostgreSQL is written with `synchronous_commit` off for that session only. What the hub
 * does later is synced as always.
 */
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { cp } from 'node:fs/promises'
import pg from 'pg'
import { defaultStoreUrl } from '../core/http/options.js'
import { tempDir } from './processes.js'

/** Linux's memory-backed folder: a commit's sync there costs nothing. */
const MEMORY_FOLDER = '/dev/shm'

export interface BenchStore {
  /** The store's URL, for HUB_STORE. */
  url: string
  /** The hub's data folder (with SQLite, the store's file is in it). */
  dataDir: string
  /** Runs `write` with the URL of the store to fill, and has it in place once `write` has closed it. */
  fill(write: (url: string) => Promise<void>): Promise<void>
}

export interface StoreBackend {
  /** As the table names it: SQLite, PostgreSQL. */
  name: string
  /** A new, empty store; `name` tells it from the benchmark's other stores. */
  create(name: string): Promise<BenchStore>
  /** Removes what the stores left outside the temporary folders (PostgreSQL's tables). */
  dispose(): Promise<void>
}

export function sqliteBackend (): StoreBackend {
  return {
    name: 'SQLite',
    create: async () => {
      const dataDir = await tempDir()
      return {
        url: defaultStoreUrl(dataDir),
        dataDir,
        fill: async (write) => {
          const scratch = await tempDir(existsSync(MEMORY_FOLDER) ? MEMORY_FOLDER : undefined)
          await write(defaultStoreUrl(scratch))
          await cp(scratch, dataDir, { recursive: true })
        }
      }
    },
    dispose: async () => {}
  }
}

/** `databaseUrl` names the database (DATABASE_URL); every store gets tables of its own in it. */
export function postgresBackend (databaseUrl: string): StoreBackend {
  const run = `bench_${randomBytes(4).toString('hex')}`
  const prefixes: string[] = []
  const server = new URL(databaseUrl)
  server.searchParams.delete('table_prefix')
  return {
    name: 'PostgreSQL',
    create: async (name) => {
      const prefix = `${run}_${name}`
      prefixes.push(prefix)
      const url = new URL(server)
      url.searchParams.set('table_prefix', prefix)
      return {
        url: url.href,
        dataDir: await tempDir(),
        fill: async (write) => {
          const unsynced = new URL(url)
          unsynced.searchParams.set('options', '-c synchronous_commit=off')
          await write(unsynced.href)
        }
      }
    },
    dispose: async () => {
      if (prefixes.length === 0) return
      const client = new pg.Client({ connectionString: server.href })
      await client.connect()
      try {
        // The tables and the sequence postgres.ts names after the prefix.
        for (const prefix of prefixes.splice(0)) {
          await client.query(`DROP TABLE IF EXISTS ${prefix}_record, ${prefix}_log`)
          await client.query(`DROP SEQUENCE IF EXISTS ${prefix}_revision`)
        }
      } finally {
        await client.end()
      }
    }
  }
}
