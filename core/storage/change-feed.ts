/**
 * A store's change feed (`CacheableStore.watch`): the watchers of one store object and what it tells
 * them, and a change as the text of a notification between instances (PostgreSQL NOTIFY, Redis
 * PUBLISH): `k<key>` for a record, `p<prefix>` for the records under a prefix, `*` for anything.
 */
import { partitionOf } from './partitions.js'
import type { StoreChange, StoreWatcher } from './store.js'

/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more; Redis is held to the same. */
const MAX_MESSAGE_BYTES = 7_999

/**
 * The notification text of a change. One too long to notify names the change's partition instead
 * (everything of its workspace), or failing that anything at all: a watcher forgets more, never less.
 */
export function changeMessage (change: { key: string } | { prefix: string }): string {
  const [text, name] = 'key' in change ? [`k${change.key}`, change.key] : [`p${change.prefix}`, change.prefix]
  if (fits(text)) return text
  const partition = partitionOf(name)
  return partition !== undefined && fits(`p${partition}`) ? `p${partition}` : '*'
}

/** The change a notification names; text it does not know names anything at all. */
export function parseChange (message: string): StoreChange {
  switch (message.charAt(0)) {
    case 'k': return { key: message.slice(1) }
    case 'p': return { prefix: message.slice(1) }
    default: return { everything: true }
  }
}

const fits = (text: string): boolean => text.length * 3 <= MAX_MESSAGE_BYTES || Buffer.byteLength(text) <= MAX_MESSAGE_BYTES

export class ChangeFeed {
  readonly #watchers = new Set<StoreWatcher>()
  #listening: boolean

  /** `listening`: whether every change is reported from the start (an embedded store's own writes are all there are). */
  constructor (listening: boolean) {
    this.#listening = listening
  }

  /** Whether anyone watches (a shared store connects its feed for the first one). */
  get watched (): boolean {
    return this.#watchers.size > 0
  }

  watch (watcher: StoreWatcher): () => void {
    this.#watchers.add(watcher)
    if (this.#listening) watcher.listening()
    return () => { this.#watchers.delete(watcher) }
  }

  changed (change: StoreChange): void {
    for (const watcher of this.#watchers) watcher.changed(change)
  }

  /** A notification came in. */
  heard (message: string): void {
    this.changed(parseChange(message))
  }

  listening (): void {
    if (this.#listening) return
    this.#listening = true
    for (const watcher of this.#watchers) watcher.listening()
  }

  deaf (): void {
    if (!this.#listening) return
    this.#listening = false
    for (const watcher of this.#watchers) watcher.deaf()
  }
}
