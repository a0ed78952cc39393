/**
 * The names the hub addresses things by, each rule written once: the registry checks plugins with
 * them, the routes validate paths with them, the widget builds addresses with them.
 */

/** An integration's id: lower-case letters, digits and dashes, starting with a letter (1–40). */
export const INTEGRATION_ID = '^[a-z][a-z0-9-]{0,39}$'

/** An action's name: letters and digits, starting with a letter (1–64), e.g. `createIssue`. */
export const ACTION_NAME = '^[a-zA-Z][a-zA-Z0-9]{0,63}$'

/** A connection's name within an integration: lower-case letters, digits and dashes (1–63). */
export const CONNECTION_NAME = '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$'

/** A workspace's id: lower-case letters, digits and dashes (1–63), as in a DNS label. */
export const WORKSPACE_ID = CONNECTION_NAME

/** A code of a plugin's error map: UPPER_SNAKE_CASE. */
export const ERROR_CODE = '^[A-Z][A-Z0-9_]*$'

/** The connection `/api/integrations/:id` means: the seed's one configuration per integration. */
export const DEFAULT_CONNECTION = 'default'

/** The workspace that always exists; with no other one the hub behaves as a single-tenant hub. */
export const DEFAULT_WORKSPACE = 'default'

const compiled = new Map<string, RegExp>()

export function matches (pattern: string, value: unknown): value is string {
  if (typeof value !== 'string') return false
  let expression = compiled.get(pattern)
  if (expression === undefined) compiled.set(pattern, expression = new RegExp(pattern))
  return expression.test(value)
}
