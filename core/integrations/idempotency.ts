/**
 * Idempotency keys for actions (`Idempotency-Key`): the first answer to a key is kept 24 hours per
 * workspace, connection and action, and given again — on any instance — without calling the service
 * a second time. A key sent again with another input is refused; one whose first call is still
 * running answers 409. A call that timed out or failed on the remote's side is not an answer: the
 * next call with the key runs again as attempt 2, and the plugin looks for what attempt 1 made first.
 */
import { hash } from 'node:crypto'
import type { ErrorBody } from '../api/types.js'
import { errors } from '../errors.js'
import { keys } from '../storage/keys.js'
import type { HubStore } from '../storage/store.js'
import type { ConnectionRef } from './record.js'

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000

/** The answer kept for a key: a value, or a refusal that running again would not change. */
export type KeptAnswer = { ok: true, value: unknown } | { ok: false, status: number, error: ErrorBody }

interface IdempotencyRecord {
  epoch: string
  /** What the first call asked: a digest of its input. */
  inputDigest: string
  state: 'running' | 'answered' | 'open'
  attempt: number
  /** Epoch ms the current attempt began. */
  startedAt: number
  answer?: KeptAnswer
}

/** Canonical JSON (sorted keys), so the same input in another key order is the same request. */
function canonical (value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map(key => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

export class IdempotencyKeys {
  /** @param abandonedAfterMs how long a running attempt may go unanswered before another may take over (an instance that died). */
  constructor (private readonly store: HubStore, private readonly abandonedAfterMs: number) {}

  /** Either the kept answer, or the attempt this call is (1 for the first). */
  async begin (ref: ConnectionRef, action: string, key: string, input: unknown): Promise<{ answer: KeptAnswer } | { attempt: number }> {
    const inputDigest = hash('sha256', canonical(input), 'base64url')
    const now = Date.now()
    const { next } = await this.store.update<IdempotencyRecord>(this.#key(ref, action, key), current => {
      if (current === undefined || current.epoch !== ref.workspace.epoch) return { epoch: ref.workspace.epoch, inputDigest, state: 'running', attempt: 1, startedAt: now }
      if (current.inputDigest !== inputDigest) throw errors.idempotencyMismatch()
      if (current.state === 'answered') return current
      if (current.state === 'running' && now - current.startedAt < this.abandonedAfterMs) throw errors.idempotencyInProgress()
      return { ...current, state: 'running', attempt: current.attempt + 1, startedAt: now }
    }, { ttlMs: IDEMPOTENCY_TTL_MS })
    return next!.state === 'answered' ? { answer: next!.answer as KeptAnswer } : { attempt: next!.attempt }
  }

  /** Keeps the answer (`undefined`: the call may run again — it timed out or the remote failed). */
  async finish (ref: ConnectionRef, action: string, key: string, answer: KeptAnswer | undefined): Promise<void> {
    await this.store.update<IdempotencyRecord>(this.#key(ref, action, key), current =>
      current === undefined || current.epoch !== ref.workspace.epoch
        ? current
        : answer === undefined ? { ...current, state: 'open' } : { ...current, state: 'answered', answer },
    { ttlMs: IDEMPOTENCY_TTL_MS })
  }

  #key (ref: ConnectionRef, action: string, key: string): string {
    return keys.idempotency(ref.workspace.id, ref.integration, ref.connection, action, hash('sha256', key, 'base64url'))
  }
}
