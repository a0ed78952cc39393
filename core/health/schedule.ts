/**
 * When a connection's scheduled checks fall due, worked out from the connection alone — no list of
 * connections is kept anywhere. Time is cut into slots of one interval; each connection's slots are
 * shifted by a phase drawn from its identity, so connections created together spread over the whole
 * interval. The check of slot k falls due in the middle of that slot, give or take 10 % of the interval
 * (also drawn from the identity and the slot, so every instance works out the same time).
 *
 * A check's job key names the connection's life (workspace epoch, creation time), the interval and the
 * slot: however often one slot's check is enqueued — by the chain, a sweep, another instance — the
 * engine keeps one job of it, and two chains of one connection meet on the same keys and become one.
 */
import { createHash } from 'node:crypto'

/** One life of one connection: a connection deleted and created again is another one. */
export interface ConnectionLife {
  workspace: string
  /** The workspace's epoch: a workspace deleted and created again under the same id is another one. */
  epoch: string
  integration: string
  connection: string
  createdAt: string
}

/** How far a check may fall from the middle of its slot, as a share of the interval. */
const JITTER = 0.1

export class Schedule {
  constructor (readonly intervalMs: number) {
    if (!(Number.isFinite(intervalMs) && intervalMs > 0)) throw new RangeError(`a schedule needs an interval of more than 0 ms, not ${intervalMs}`)
  }

  /** The first slot whose check cannot fall due before `now`. */
  nextSlot (life: ConnectionLife, now: number): number {
    const phase = this.#fraction(identity(life)) * this.intervalMs
    const slot = Math.floor((now - phase) / this.intervalMs)
    return now <= phase + (slot + 0.5 - JITTER) * this.intervalMs ? slot : slot + 1
  }

  /** The slot of a new connection's first check: not sooner than half an interval from `now` (its save has just tested it). */
  firstSlot (life: ConnectionLife, now: number): number {
    return this.nextSlot(life, now + this.intervalMs / 2)
  }

  /** The slot to check after the check of `slot` ended at `now`: the next one, or, after a check that ran late, the first still ahead. */
  slotAfter (life: ConnectionLife, slot: number, now: number): number {
    return Math.max(slot + 1, this.nextSlot(life, now))
  }

  /** When the check of `slot` falls due (epoch ms). */
  dueAt (life: ConnectionLife, slot: number): number {
    const phase = this.#fraction(identity(life)) * this.intervalMs
    const jitter = (2 * this.#fraction(`${identity(life)}#${slot}`) - 1) * JITTER
    return Math.round(phase + (slot + 0.5 + jitter) * this.intervalMs)
  }

  /** The job key of the check of `slot`. */
  key (life: ConnectionLife, slot: number): string {
    return `${identity(life)}:${this.intervalMs}:${slot}`
  }

  /** A number in [0, 1) drawn from `text`, the same on every instance. */
  #fraction (text: string): number {
    return createHash('sha256').update(text).digest().readUIntBE(0, 6) / 2 ** 48
  }
}

const identity = (life: ConnectionLife): string => `${life.workspace}:${life.epoch}:${life.integration}:${life.connection}:${life.createdAt}`
