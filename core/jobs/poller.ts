/**
 * Claims and runs the jobs of one kind for the engines that keep jobs in a table (SQLite, pg-boss):
 * at most `concurrency` attempts at a time; it claims again as soon as an attempt ends or when woken (a
 * job enqueued by this process), and otherwise sleeps as long as `idleMs` says — until the next job
 * falls due, or until the next look at a table that other instances fill too. It never busy-polls.
 */

export interface PollerOptions<C> {
  concurrency: number
  /** Claims up to `limit` jobs that are due, for this process alone. */
  claim: (limit: number) => Promise<C[]>
  /** Runs a claimed job and records its outcome; never rejects. */
  run: (claimed: C) => Promise<void>
  /** How long to sleep once fewer jobs were due than there are free slots; undefined: until woken. */
  idleMs: () => Promise<number | undefined>
  onError: (error: unknown) => void
}

/** After a failed claim (the database away, say), the next try. */
const RETRY_AFTER_ERROR_MS = 1_000
/** Node's timers hold at most this (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1

export class Poller<C> {
  readonly #options: PollerOptions<C>
  readonly #running = new Set<Promise<void>>()
  #timer: NodeJS.Timeout | undefined
  #polling = false
  /** Woken while polling: look again before going to sleep. */
  #wokenWhilePolling = false
  /** The latest round of claims, for stop() to wait for. */
  #round: Promise<void> = Promise.resolve()
  #stopped = true

  constructor (options: PollerOptions<C>) {
    this.#options = options
  }

  start (): void {
    this.#stopped = false
    this.wake()
  }

  /** Claims now (or right after the claim in progress), rather than when the timer says. */
  wake (): void {
    if (this.#stopped) return
    if (this.#polling) {
      this.#wokenWhilePolling = true
      return
    }
    clearTimeout(this.#timer)
    this.#polling = true
    this.#round = this.#poll()
  }

  /**
   * Stops claiming, waits up to `graceMs` for running attempts, then calls `cutShort` (which aborts
   * their signals) and waits for them to record their outcome.
   */
  async stop (graceMs: number, cutShort: () => void): Promise<void> {
    this.#stopped = true
    clearTimeout(this.#timer)
    await this.#round
    const ended = Promise.allSettled([...this.#running])
    let grace: NodeJS.Timeout | undefined
    const graceOver = new Promise<'grace over'>(resolve => { grace = setTimeout(() => resolve('grace over'), graceMs) })
    if (await Promise.race([ended, graceOver]) === 'grace over') cutShort()
    clearTimeout(grace)
    await ended
  }

  async #poll (): Promise<void> {
    try {
      let sleepMs: number | undefined
      do {
        this.#wokenWhilePolling = false
        sleepMs = await this.#fill()
      } while (this.#wokenWhilePolling && !this.#stopped)
      if (!this.#stopped && sleepMs !== undefined) {
        this.#timer = setTimeout(() => this.wake(), Math.min(Math.max(sleepMs, 0), MAX_TIMER_MS))
      }
    } finally {
      // In the same step as the last look at #wokenWhilePolling: a wake from now on polls anew.
      this.#polling = false
    }
  }

  /** Claims into every free slot; how long to sleep after (undefined when every slot is busy: an ending attempt wakes it). */
  async #fill (): Promise<number | undefined> {
    const { concurrency, claim, run, idleMs, onError } = this.#options
    try {
      while (!this.#stopped && this.#running.size < concurrency) {
        const limit = concurrency - this.#running.size
        const claimed = await claim(limit)
        for (const job of claimed) this.#track(run(job))
        if (claimed.length < limit) return await idleMs()
      }
      return undefined
    } catch (error) {
      onError(error)
      return RETRY_AFTER_ERROR_MS
    }
  }

  #track (attempt: Promise<void>): void {
    this.#running.add(attempt)
    const ended = (): void => {
      this.#running.delete(attempt)
      this.wake()
    }
    attempt.then(ended, ended)
  }
}
