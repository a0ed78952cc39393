/**
 * Per-key queues of one process: an operation on a key starts once every earlier one on the same key
 * has settled. The memory store and the shared stores run their updates through it.
 */
export class KeyLocks {
  readonly #tails = new Map<string, Promise<unknown>>()

  /** Runs `operation` after every earlier operation on the same key has settled. */
  async exclusive<R>(key: string, operation: () => Promise<R>): Promise<R> {
    const previous = this.#tails.get(key) ?? Promise.resolve()
    const current = previous.then(operation, operation)
    const settled = current.catch(() => {})
    this.#tails.set(key, settled)
    try {
      return await current
    } finally {
      if (this.#tails.get(key) === settled) this.#tails.delete(key)
    }
  }
}
