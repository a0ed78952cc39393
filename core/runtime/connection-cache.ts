/**
 * What plugins keep between calls through `ctx.cache`: one small map per connection, bound to the
 * version of its stored settings. A new version, a deleted connection or a stopping hub drops the
 * values (running their `dispose`), so a token or a pool made with old settings is never used with
 * new ones. A draft's test gets a map of its own, dropped when the test ends.
 */
import type { CacheOptions, ConnectionCache } from '../contract/contract.js'

interface Entry {
  value: Promise<unknown>
  /** Epoch ms after which the value is made again; undefined while it is being made, or when it lasts. */
  expiresAt: number | undefined
  dispose: ((value: any) => void | Promise<void>) | undefined
}

export class KeptValues implements ConnectionCache {
  readonly #entries = new Map<string, Entry>()

  async get<T> (name: string, create: () => Promise<T>, options: CacheOptions<T> = {}): Promise<T> {
    const known = this.#entries.get(name)
    if (known !== undefined && (known.expiresAt === undefined || known.expiresAt > Date.now())) return await known.value as T
    if (known !== undefined) this.#drop(name, known)
    const entry: Entry = { value: create(), expiresAt: undefined, dispose: options.dispose }
    this.#entries.set(name, entry)
    try {
      const value = await entry.value as T
      const ttlMs = typeof options.ttlMs === 'function' ? options.ttlMs(value) : options.ttlMs
      if (ttlMs !== undefined) entry.expiresAt = Date.now() + ttlMs
      return value
    } catch (error) {
      // A failed attempt is not kept: the next caller tries again.
      if (this.#entries.get(name) === entry) this.#entries.delete(name)
      throw error
    }
  }

  delete (name: string): void {
    const entry = this.#entries.get(name)
    if (entry !== undefined) this.#drop(name, entry)
  }

  clear (): void {
    for (const [name, entry] of this.#entries) this.#drop(name, entry)
  }

  #drop (name: string, entry: Entry): void {
    if (this.#entries.get(name) === entry) this.#entries.delete(name)
    if (entry.dispose === undefined) return
    const dispose = entry.dispose
    entry.value.then(value => dispose(value), () => {}).catch(() => {})
  }
}

/** Every connection's kept values in this process, by a key naming the connection. */
export class ConnectionCaches {
  readonly #caches = new Map<string, { generation: string, values: KeptValues }>()

  /** The values of `connection` at `generation` (its settings' version); an older generation's are dropped. */
  of (connection: string, generation: string): KeptValues {
    const current = this.#caches.get(connection)
    if (current !== undefined && current.generation === generation) return current.values
    current?.values.clear()
    const values = new KeptValues()
    this.#caches.set(connection, { generation, values })
    return values
  }

  /** Drops the values of every connection whose key starts with `prefix` (one connection, or a whole workspace). */
  drop (prefix: string): void {
    for (const [connection, { values }] of this.#caches) {
      if (!connection.startsWith(prefix)) continue
      values.clear()
      this.#caches.delete(connection)
    }
  }

  close (): void {
    this.drop('')
  }
}
