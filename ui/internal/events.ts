/**
 * The widget's events: one `emit()` helper, so every event bubbles and crosses shadow roots,
 * and one map that types them for `addEventListener`.
 */
import type { TestResult } from './api-client.js'

export interface HubEventMap {
  /** A connection's settings were stored: `created` is true on the first Save, false on Update. */
  'integration-saved': { id: string, connection: string, created: boolean }
  /** A connection's settings were removed. */
  'integration-deleted': { id: string, connection: string }
  /** A connection test finished (passed or failed). */
  'integration-tested': { id: string, connection: string, result: TestResult }
  /**
   * The hub answered 401. `code` is its `HUB_ERR_…` code and `message` its words; `retrying` is true
   * when the token expired or was revoked and the widget is asking `getToken()` for a new one.
   */
  'integration-unauthorized': { message: string, code: string, retrying: boolean }
  /** The admin picked a connection of the open integration, or named a new one (`created: true`). */
  'integration-connection-select': { name: string, created: boolean }
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
    'integration-connection-select': CustomEvent<HubEventMap['integration-connection-select']>
  }
}
