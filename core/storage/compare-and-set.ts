/**
 * `update` for the stores several instances share, built on two server operations: a read that also
 * says which version of the record it saw, and a swap that writes (and appends the log entry) in one
 * atomic step only if the record still has that version. When another instance wrote first, the swap
 * fails and the update reads again and retries, so `change` may run more than once.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { KeyLocks } from './key-locks.js'
import { expiresAt, frozenCopy, StoreUnavailableError, type Frozen, type LogEntry, type UpdateOptions } from './store.js'

/** Lost swaps before an update gives up; only other instances can make it lose (updates here queue per key). */
const MAX_UPDATE_ATTEMPTS = 50

export interface Versioned {
  /** The live value, or undefined (none, or expired). */
  value: unknown
  /** The version of the record as stored, expired or not; undefined when there is none. */
  version: string | undefined
}

export interface SwapBackend {
  read (key: string): Promise<Versioned>
  /**
   * Writes `next` (undefined: deletes) with `ttlMs` and appends `entry`, all in one atomic step, only
   * if the record still has `version` (undefined: still has none); false, and nothing written, otherwise.
   */
  swap (key: string, version: string | undefined, next: unknown, ttlMs: number | undefined, entry: LogEntry | undefined): Promise<boolean>
  append (entry: LogEntry): Promise<void>
}

export class SwappingUpdates {
  readonly #backend: SwapBackend
  readonly #locks = new KeyLocks()

  constructor (backend: SwapBackend) {
    this.#backend = backend
  }

  async update<T>(key: string, change: (current: Frozen<T> | undefined) => T | Frozen<T> | undefined, options: UpdateOptions<T>): Promise<{ previous: Frozen<T> | undefined, next: Frozen<T> | undefined }> {
    expiresAt(options.ttlMs)
    // Updates of one key from this instance queue up here, so only other instances can make a swap fail.
    return await this.#locks.exclusive(key, async () => {
      for (let attempt = 1; ; attempt++) {
        const { value, version } = await this.#backend.read(key)
        const previous = value as Frozen<T> | undefined
        const next = frozenCopy(change(previous)) as Frozen<T> | undefined
        const entry = options.log?.(previous, next)
        if (version === undefined && next === undefined) {
          if (entry !== undefined) await this.#backend.append(entry)
          return { previous, next }
        }
        if (await this.#backend.swap(key, version, next, options.ttlMs, entry)) return { previous, next }
        if (attempt === MAX_UPDATE_ATTEMPTS) {
          throw new StoreUnavailableError(`the store kept changing under an update (${attempt} attempts)`)
        }
        // Spread out the instances that keep colliding on this key.
        await sleep(Math.random() * Math.min(attempt, 10))
      }
    })
  }
}
