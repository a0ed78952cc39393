/**
 * A job backend that fails or does not answer (Redis or PostgreSQL away, the SQLite file unwritable)
 * surfaces to callers as HUB_ERR_STORE_UNAVAILABLE — the API answers 503 and the process stays up —
 * with the original as cause. No answer within OPERATION_TIMEOUT_MS counts as a failure: BullMQ waits for
 * a lost Redis connection to come back, however long that takes. An enqueue cut short that way may still
 * be stored once the backend is back; a job that must not be doubled has a key.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { errors } from '../errors.js'

/** Long enough for pg-boss to install its schema on first use. */
const OPERATION_TIMEOUT_MS = 10_000

export async function guarded<R> (operation: () => R | Promise<R>): Promise<R> {
  const deadline = new AbortController()
  try {
    return await Promise.race([
      Promise.resolve().then(operation),
      sleep(OPERATION_TIMEOUT_MS, undefined, { ref: false, signal: deadline.signal }).then(() => {
        throw new Error(`the job backend did not answer within ${OPERATION_TIMEOUT_MS / 1000} s`)
      })
    ])
  } catch (error) {
    throw errors.storeUnavailable(error)
  } finally {
    deadline.abort()
  }
}
