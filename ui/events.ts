/**
 * The widget's events: one `emit()` helper, so every event bubbles and crosses shadow roots,
 * and one map that types them for `addEventListener`.
 */
import type { TestResult } from './api-client.js'

export interface HubEventMap {
  /** A config was stored: `created` is true on the first Save, false on Update. */
  'integration-saved': { id: string, created: boolean }
  /** A config was removed. */
  'integration-deleted': { id: string }
  /** A connection test finished (passed or failed). */
  'integration-tested': { id: string, result: TestResult }
  /** The hub answered 401: the session ended or the token is no longer valid. `message` is the hub's. */
  'integration-unauthorized': { message: string }
}

export function emit<K extends keyof HubEventMap> (target: EventTarget, type: K, detail: HubEventMap[K]): void {
  target.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }))
}

declare global {
  interface GlobalEventHandlersEventMap {
    'integration-saved': CustomEvent<HubEventMap['integration-saved']>
    'integration-deleted': CustomEvent<HubEventMap['integration-deleted']>
    'integration-tested': CustomEvent<HubEventMap['integration-tested']>
    'integration-unauthorized': CustomEvent<HubEventMap['integration-unauthorized']>
  }
}
