/**
 * Runs one plugin handler (a connection test or an action) under a deadline, with the context
 * the contract promises, and reports its outcome in words. A handler that ignores its signal still
 * cannot hold the caller past the deadline (though it holds its run slot until it ends).
 */
import type { FastifyBaseLogger } from 'fastify'
import { IntegrationFailure, type ConnectionCache, type IntegrationContext, type PluginLogger, type StepResult } from '../contract/contract.js'
import type { TestResult } from '../contract/results.js'
import type { Outbound } from '../security/outbound.js'
import { redactor } from '../security/redact.js'
import { classify, resolveFailure, type ResolvedFailure } from './failure.js'
import type { LoadedIntegration } from './registry.js'

export interface RunOptions {
  outbound: Outbound
  timeoutMs: number
  log: FastifyBaseLogger
  /** Secret values of the config in use: scrubbed from every message, detail and log line. */
  secrets: string[]
  /** Values kept for the connection being used (a fresh one for a draft). */
  cache: ConnectionCache
  /** The caller's Idempotency-Key and attempt, for an action. */
  idempotency?: { key: string, attempt: number }
  /** Called as each step ends, for live progress. */
  onStep?: (step: StepResult) => void
  /**
   * Called once the handler itself has ended: at once for one that ends in time, later for one that
   * ignores its signal and runs past the deadline answer.
   */
  onSettled?: () => void
}

/** What the handler said ends, earliest first. */
export type Expiries = NonNullable<TestResult['expires']>

/** A connection test's outcome in the words the admin reads. */
export function toTestResult (outcome: RunOutcome<unknown>): TestResult {
  const expires = outcome.expires.length === 0 ? {} : { expires: outcome.expires }
  if (outcome.ok) return { ok: true, message: 'Connection successful.', steps: outcome.steps, durationMs: outcome.durationMs, ...expires }
  const { failure } = outcome
  const fields = failure.fields.length > 0
    ? failure.fields
    : failure.field === undefined ? [] : [{ field: failure.field, message: failure.message }]
  return {
    ok: false,
    code: failure.code,
    message: failure.message,
    ...(failure.detail === undefined ? {} : { detail: failure.detail }),
    ...(failure.field === undefined ? {} : { field: failure.field }),
    ...(fields.length === 0 ? {} : { fields }),
    steps: outcome.steps,
    durationMs: outcome.durationMs,
    ...expires
  }
}

export type RunOutcome<T> =
  | { ok: true, value: T, steps: StepResult[], durationMs: number, expires: Expiries }
  | { ok: false, failure: ResolvedFailure, steps: StepResult[], durationMs: number, expires: Expiries }

class DeadlineExceeded extends Error {
  override name = 'TimeoutError'
}

export async function runHandler<T> (
  integration: LoadedIntegration,
  handler: (ctx: IntegrationContext) => Promise<T>,
  options: RunOptions
): Promise<RunOutcome<T>> {
  const started = performance.now()
  const steps: StepResult[] = []
  const redact = redactor(options.secrets)
  const deadline = new AbortController()
  const timer = setTimeout(() => deadline.abort(new DeadlineExceeded('deadline exceeded')), options.timeoutMs)
  const signal = deadline.signal
  let running: { label: string, started: number } | undefined
  let finished = false
  const expiries = new Map<string, Date>()

  const record = (label: string, ok: boolean, since: number): void => {
    // A step that settles after the deadline was already reported as failed.
    if (finished) return
    const step = { label, ok, durationMs: Math.round(performance.now() - since) }
    steps.push(step)
    options.onStep?.(step)
  }

  const ctx: IntegrationContext = {
    signal,
    remainingMs: () => Math.max(0, options.timeoutMs - (performance.now() - started)),
    fetch: async (url, init = {}) => await options.outbound.fetch(url, {
      ...init,
      signal: init.signal ? AbortSignal.any([signal, init.signal]) : signal
    }),
    connect: async (target) => await options.outbound.connect(target, signal),
    secureContext: options.outbound.secureContext,
    fail: (code, failOptions) => new IntegrationFailure(code, failOptions),
    step: async (label, fn) => {
      const since = performance.now()
      running = { label, started: since }
      try {
        const value = await fn()
        record(label, true, since)
        return value
      } catch (error) {
        record(label, false, since)
        throw error
      } finally {
        running = undefined
      }
    },
    cache: options.cache,
    idempotency: options.idempotency,
    expires: (what, at) => {
      if (!(at instanceof Date) || Number.isNaN(at.getTime())) return
      const known = expiries.get(what)
      if (known === undefined || at < known) expiries.set(what, at)
    },
    log: pluginLogger(options.log.child({ integration: integration.definition.id }), redact)
  }
  const expires = (): Expiries => [...expiries].sort(([, a], [, b]) => a.getTime() - b.getTime()).map(([what, at]) => ({ what: redact(what), at: at.toISOString() }))

  const expired = new Promise<never>((_resolve, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason), { once: true })
  })
  const handled = handler(ctx)
  const settled = (): void => { options.onSettled?.() }
  void handled.then(settled, settled)
  try {
    const value = await Promise.race([handled, expired])
    finished = true
    return { ok: true, value, steps, durationMs: Math.round(performance.now() - started), expires: expires() }
  } catch (error) {
    if (running !== undefined) record(running.label, false, running.started)
    finished = true
    const failure = classify(error, signal.aborted, options.timeoutMs)
    if (error instanceof DeadlineExceeded) abandonLater(handled, settled, integration, options)
    if (failure.unexpected) {
      options.log.error({ integration: integration.definition.id, err: scrubError(error, redact) }, 'plugin handler failed unexpectedly')
    }
    return {
      ok: false,
      failure: resolveFailure(failure, integration.definition.errors, redact),
      steps,
      durationMs: Math.round(performance.now() - started),
      expires: expires()
    }
  } finally {
    clearTimeout(timer)
    if (!signal.aborted) deadline.abort(new Error('handler finished'))
  }
}

/** How many deadlines past its own a handler that ignores its signal keeps its run slot. */
const SLOT_KEPT_DEADLINES = 2

/**
 * A handler past its deadline still runs: it keeps its run slot until it ends, so ignored signals
 * cannot pile up work, but at most SLOT_KEPT_DEADLINES more deadlines, so one that never ends
 * cannot take a slot for good.
 */
function abandonLater (handled: Promise<unknown>, settled: () => void, integration: LoadedIntegration, options: RunOptions): void {
  const id = integration.definition.id
  options.log.warn({ integration: id, timeoutMs: options.timeoutMs }, 'plugin handler ignored its deadline; it keeps its run slot until it ends')
  const abandon = setTimeout(() => {
    options.log.error({ integration: id, timeoutMs: options.timeoutMs }, 'plugin handler still running long after its deadline; its run slot is given back')
    settled()
  }, options.timeoutMs * SLOT_KEPT_DEADLINES)
  abandon.unref()
  const ended = (): void => { clearTimeout(abandon) }
  void handled.then(ended, ended)
}

function pluginLogger (log: FastifyBaseLogger, redact: (text: string) => string): PluginLogger {
  const write = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string, data?: Record<string, unknown>): void => {
    if (data === undefined) log[level](redact(message))
    else log[level]({ data: JSON.parse(redact(JSON.stringify(data))) }, redact(message))
  }
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') }
}

/** A plain copy of an error (and its causes) with secrets scrubbed, safe for the log. */
function scrubError (error: unknown, redact: (text: string) => string): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: redact(String(error)) }
  return {
    type: error.name,
    message: redact(error.message),
    stack: redact(error.stack ?? ''),
    ...(typeof (error as Error & { code?: unknown }).code === 'string' ? { code: (error as Error & { code: string }).code } : {}),
    ...(error.cause === undefined ? {} : { cause: scrubError(error.cause, redact) })
  }
}
