/**
 * Calls from a shared store to its server (Redis, PostgreSQL) across the network: each one bounded by
 * a deadline, so a silent server fails the call instead of hanging it; refused after close(), which a
 * client would otherwise answer by connecting again; every failure a StoreUnavailableError.
 */
import { StoreUnavailableError } from './store.js'

/** How long one store operation may wait for the backend before it fails (ping must fail within 2 s). */
export const BACKEND_TIMEOUT_MS = 1_500
/**
 * How long the clients may take to connect. Shorter than BACKEND_TIMEOUT_MS: a command that waited for a
 * connection is dropped before its caller is told it failed, never sent afterwards.
 */
export const CONNECT_TIMEOUT_MS = 1_000

export class BackendCalls {
  #closed = false
  /** What the client last complained about (a refused login, say), kept as the cause of a timeout. */
  #lastClientError: unknown

  get closed (): boolean {
    return this.#closed
  }

  /** For the client's 'error' events: they come without a caller, and explain the next timeout. */
  clientFailed (error: unknown): void {
    this.#lastClientError = error
  }

  close (): void {
    this.#closed = true
  }

  async run<R>(operation: () => Promise<R>): Promise<R> {
    try {
      if (this.#closed) throw new Error('the store is closed')
      const result = await withDeadline(operation(), BACKEND_TIMEOUT_MS, () => this.#lastClientError)
      this.#lastClientError = undefined
      return result
    } catch (error) {
      throw new StoreUnavailableError('the store failed', { cause: error })
    }
  }
}

async function withDeadline<R> (work: Promise<R>, ms: number, lastClientError: () => unknown): Promise<R> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => { reject(new Error(`the store did not answer within ${ms} ms`, { cause: lastClientError() })) }, ms)
  })
  try {
    return await Promise.race([work, deadline])
  } finally {
    clearTimeout(timer)
  }
}
