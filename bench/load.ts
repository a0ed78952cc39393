/**
 * A small closed-loop load generator over real sockets (undici's Pool): N connections, each sending
 * the next request as soon as the previous answer is read, for a fixed time after a warm-up; rounds
 * of it over several servers in turn; and the statistics the benchmarks report.
 */
import { Pool } from 'undici'

export interface LoadOptions {
  path: string
  headers?: Record<string, string>
  connections: number
  durationMs: number
  warmupMs: number
}

export interface LoadResult {
  requests: number
  /** Answers that were not 200, or failed requests. */
  errors: number
  perSecond: number
}

export async function closedLoop (origin: string, options: LoadOptions): Promise<LoadResult> {
  const pool = new Pool(origin, { connections: options.connections, pipelining: 1 })
  let requests = 0
  let errors = 0
  let counting = false
  const worker = async (until: number): Promise<void> => {
    while (performance.now() < until) {
      try {
        const { statusCode, body } = await pool.request({ path: options.path, method: 'GET', headers: options.headers ?? {} })
        await body.arrayBuffer()
        if (!counting) continue
        if (statusCode === 200) requests++
        else errors++
      } catch {
        if (counting) errors++
      }
    }
  }
  const run = async (durationMs: number): Promise<void> => {
    const until = performance.now() + durationMs
    await Promise.all(Array.from({ length: options.connections }, async () => await worker(until)))
  }
  try {
    await run(options.warmupMs)
    counting = true
    const started = performance.now()
    await run(options.durationMs)
    const seconds = (performance.now() - started) / 1000
    return { requests, errors, perSecond: requests / seconds }
  } finally {
    await pool.close()
  }
}

/** A server to load, and the headers of its requests (a token). */
export interface Target {
  origin: string
  headers?: Record<string, string>
}

export interface RoundsOptions {
  path: string
  connections: number
  rounds: number
  durationMs: number
  /** Before each measurement of each round. */
  warmupMs: number
}

/**
 * Short rounds over the targets in turn: `rates[target][round]`. Side by side in the same round, the
 * targets meet the same other work on the machine, so per-round ratios shrug off a burst of it. Each
 * round starts one target further on, so that none always follows the same one.
 */
export async function alternate (targets: Target[], options: RoundsOptions): Promise<{ rates: number[][], errors: number }> {
  const rates = targets.map(() => new Array<number>(options.rounds))
  let errors = 0
  for (let round = 0; round < options.rounds; round++) {
    for (let turn = 0; turn < targets.length; turn++) {
      const index = (round + turn) % targets.length
      const { origin, headers } = targets[index]!
      const result = await closedLoop(origin, { ...options, ...(headers === undefined ? {} : { headers }) })
      rates[index]![round] = result.perSecond
      errors += result.errors
    }
  }
  return { rates, errors }
}

/** Round by round, `measured / baseline`. */
export const roundRatios = (measured: number[], baseline: number[]): number[] => measured.map((rate, round) => rate / baseline[round]!)

/** The value below which `fraction` of the sorted samples fall (nearest rank). */
export function percentile (samples: number[], fraction: number): number {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))]!
}

export const median = (samples: number[]): number => percentile(samples, 0.5)
