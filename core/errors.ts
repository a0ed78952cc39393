/**
 * Every error the hub answers with, declared once. Each code has a row in docs/errors.md;
 * a retired code is never reused. Code throws `errors.X(...)`, never matches on message text.
 */
import type { FieldError } from './contract/contract.js'

export interface HubErrorBody {
  error: string
  message: string
  detail?: string
  fields?: FieldError[]
  [extra: string]: unknown
}

export class HubError extends Error {
  override name = 'HubError'
  readonly code: string
  readonly statusCode: number
  readonly detail: string | undefined
  readonly fields: FieldError[] | undefined
  /** Extra members of the response body (e.g. the failed test's steps). */
  readonly extra: Record<string, unknown>

  constructor (code: string, statusCode: number, message: string, options: {
    detail?: string
    fields?: FieldError[]
    extra?: Record<string, unknown>
    cause?: unknown
  } = {}) {
    super(message, { cause: options.cause })
    this.code = code
    this.statusCode = statusCode
    this.detail = options.detail
    this.fields = options.fields
    this.extra = options.extra ?? {}
  }

  /** An error as an earlier answer carried it (an idempotent replay). */
  static fromBody (statusCode: number, body: HubErrorBody): HubError {
    const { error, message, detail, fields, ...extra } = body
    return new HubError(error, statusCode, message, { ...(detail === undefined ? {} : { detail }), ...(fields === undefined ? {} : { fields }), extra })
  }

  toJSON (): HubErrorBody {
    return {
      error: this.code,
      message: this.message,
      ...(this.detail === undefined ? {} : { detail: this.detail }),
      ...(this.fields === undefined ? {} : { fields: this.fields }),
      ...this.extra
    }
  }
}

type Options = NonNullable<ConstructorParameters<typeof HubError>[3]>

/**
 * Every HTTP error code with its status, grouped by area. docs/errors.md has a row for each (a test
 * checks); a retired code is never reused.
 */
export const errorStatus = {
  // Requests

  HUB_ERR_VALIDATION: 400,
  HUB_ERR_MALFORMED_BODY: 400,
  HUB_ERR_BODY_TOO_LARGE: 413,
  HUB_ERR_UNSUPPORTED_MEDIA_TYPE: 415,
  HUB_ERR_ROUTE_NOT_FOUND: 404,
  HUB_ERR_RATE_LIMITED: 429,
  // Who is calling
  HUB_ERR_UNAUTHENTICATED: 401,
  HUB_ERR_INVALID_TOKEN: 401,
  HUB_ERR_TOKEN_EXPIRED: 401,
  HUB_ERR_TOKEN_REVOKED: 401,
  HUB_ERR_SESSION_ENDED: 401,
  HUB_ERR_FORBIDDEN: 403,
  HUB_ERR_READ_ONLY: 403,
  HUB_ERR_OPERATOR_ONLY: 403,
  HUB_ERR_CROSS_SITE: 403,
  // Workspaces
  HUB_ERR_UNKNOWN_WORKSPACE: 404,
  HUB_ERR_UNKNOWN_TOKEN: 404,
  HUB_ERR_UNKNOWN_SESSION: 404,
  HUB_ERR_UNKNOWN_JOB: 404,
  HUB_ERR_WORKSPACE_EXISTS: 409,
  HUB_ERR_WORKSPACE_PROTECTED: 409,
  // Integrations and connections
  HUB_ERR_UNKNOWN_INTEGRATION: 404,
  HUB_ERR_UNKNOWN_ACTION: 404,
  HUB_ERR_NOT_CONFIGURED: 409,
  HUB_ERR_VERSION_CONFLICT: 409,
  HUB_ERR_MANAGED: 409,
  HUB_ERR_TEST_FAILED: 422,
  HUB_ERR_ACTION_REJECTED: 422,
  HUB_ERR_IDEMPOTENCY_MISMATCH: 422,
  HUB_ERR_IDEMPOTENCY_IN_PROGRESS: 409,
  // Webhooks
  HUB_ERR_UNKNOWN_WEBHOOK: 404,
  HUB_ERR_TOO_MANY_WEBHOOKS: 409,
  HUB_ERR_WEBHOOKS_OUT_OF_SCOPE: 403,
  // Single sign-on
  HUB_ERR_SSO_NOT_ENABLED: 409,
  HUB_ERR_SSO_NEEDS_PUBLIC_URL: 409,
  HUB_ERR_LOGIN_FAILED: 400,
  HUB_ERR_TICKET_INVALID: 400,
  HUB_ERR_TICKET_OTHER_WORKSPACE: 403,
  HUB_ERR_RETURN_TO_REFUSED: 400,
  // The hub and its remotes
  HUB_ERR_INTERNAL: 500,
  HUB_ERR_SECRET_UNREADABLE: 500,
  HUB_ERR_REMOTE_FAILED: 502,
  HUB_ERR_STORE_UNAVAILABLE: 503,
  HUB_ERR_BUSY: 503,
  HUB_ERR_REMOTE_TIMEOUT: 504
} as const

export type HubErrorCode = keyof typeof errorStatus

function hubError (code: HubErrorCode, message: string, options?: Options): HubError {
  return new HubError(code, errorStatus[code], message, options)
}

export const errors = {
  validation: (fields: FieldError[]) => hubError('HUB_ERR_VALIDATION', fields.length === 1 ? fields[0]!.message : 'Some fields need attention.', { fields }),
  malformedBody: (detail: string) => hubError('HUB_ERR_MALFORMED_BODY', 'The request body is not valid JSON.', { detail }),
  bodyTooLarge: () => hubError('HUB_ERR_BODY_TOO_LARGE', 'The request body is too large.'),
  unsupportedMediaType: () => hubError('HUB_ERR_UNSUPPORTED_MEDIA_TYPE', 'Send the request body as application/json.'),
  unauthenticated: () => hubError('HUB_ERR_UNAUTHENTICATED', 'Sign in first: send an admin token or a session cookie.'),
  invalidToken: () => hubError('HUB_ERR_INVALID_TOKEN', 'That admin token is not valid.'),
  tokenExpired: () => hubError('HUB_ERR_TOKEN_EXPIRED', 'This token has expired; ask for a new one.'),
  tokenRevoked: () => hubError('HUB_ERR_TOKEN_REVOKED', 'This token was revoked; ask for a new one.'),
  sessionEnded: (reason: string) => hubError('HUB_ERR_SESSION_ENDED', `Your session has ended: ${reason} Sign in again.`),
  forbidden: () => hubError('HUB_ERR_FORBIDDEN', 'You are signed in but not allowed to administer the hub.'),
  readOnly: () => hubError('HUB_ERR_READ_ONLY', 'You may look at these settings but not change, test or use them.'),
  operatorOnly: () => hubError('HUB_ERR_OPERATOR_ONLY', 'Only the hub’s operator may do this.'),
  unknownWorkspace: (id: string) => hubError('HUB_ERR_UNKNOWN_WORKSPACE', `There is no workspace "${id}".`),
  unknownToken: (id: string) => hubError('HUB_ERR_UNKNOWN_TOKEN', `There is no token "${id}" in this workspace.`),
  unknownJob: (id: string) => hubError('HUB_ERR_UNKNOWN_JOB', `There is no job "${id}" in this workspace.`),
  unknownSession: () => hubError('HUB_ERR_UNKNOWN_SESSION', 'There is no such session in this workspace.'),
  workspaceExists: (id: string) => hubError('HUB_ERR_WORKSPACE_EXISTS', `A workspace "${id}" exists already.`),
  workspaceProtected: () => hubError('HUB_ERR_WORKSPACE_PROTECTED', 'The default workspace always exists; it cannot be deleted.'),
  crossSite: () => hubError('HUB_ERR_CROSS_SITE', 'This request came from another site; cookie-authenticated changes must come from the hub’s own pages or an allowed origin.'),
  routeNotFound: (method: string, url: string) => hubError('HUB_ERR_ROUTE_NOT_FOUND', `There is no route ${method} ${url}.`),
  unknownIntegration: (id: string) => hubError('HUB_ERR_UNKNOWN_INTEGRATION', `There is no integration "${id}".`),
  unknownAction: (id: string, action: string) => hubError('HUB_ERR_UNKNOWN_ACTION', `The ${id} integration has no action "${action}".`),
  notConfigured: (name: string) => hubError('HUB_ERR_NOT_CONFIGURED', `${name} is not configured yet.`),
  managed: (name: string, file: string) => hubError('HUB_ERR_MANAGED', `${name} is managed by provisioning (${file}): change it there.`),
  versionConflict: (name: string) => hubError('HUB_ERR_VERSION_CONFLICT', `${name} was changed by someone else in the meantime; reload it and apply your changes again.`),
  ssoNotEnabled: () => hubError('HUB_ERR_SSO_NOT_ENABLED', 'Single sign-on is not configured and enabled.'),
  ssoNeedsPublicUrl: () => hubError('HUB_ERR_SSO_NEEDS_PUBLIC_URL', 'Single sign-on needs the hub’s public address: set HUB_PUBLIC_URL (e.g. https://hub.example.com), so the identity provider sends people back to the hub and nowhere else.'),
  testFailed: (message: string, options: Options) => hubError('HUB_ERR_TEST_FAILED', message, options),
  idempotencyMismatch: () => hubError('HUB_ERR_IDEMPOTENCY_MISMATCH', 'This Idempotency-Key was used with another input; use a new key for a new request.'),
  idempotencyInProgress: () => hubError('HUB_ERR_IDEMPOTENCY_IN_PROGRESS', 'A request with this Idempotency-Key is still running; ask again in a moment for its answer.'),
  actionRejected: (message: string, options: Options) => hubError('HUB_ERR_ACTION_REJECTED', message, options),
  unknownWebhook: (name: string) => hubError('HUB_ERR_UNKNOWN_WEBHOOK', `There is no webhook "${name}" in this workspace.`),
  tooManyWebhooks: (max: number) => hubError('HUB_ERR_TOO_MANY_WEBHOOKS', `A workspace has at most ${max} webhooks; delete one first, or let one webhook ask for more events.`),
  webhooksOutOfScope: () => hubError('HUB_ERR_WEBHOOKS_OUT_OF_SCOPE', 'Webhooks carry the events of every integration: a token limited to some integrations cannot see or change them.'),
  ticketInvalid: () => hubError('HUB_ERR_TICKET_INVALID', 'This sign-in ticket is unknown, expired or already used; sign in again.'),
  ticketOtherWorkspace: () => hubError('HUB_ERR_TICKET_OTHER_WORKSPACE', 'This sign-in ticket belongs to another workspace.'),
  returnToRefused: (url: string) => hubError('HUB_ERR_RETURN_TO_REFUSED', `The hub sends people back only to its allowed origins (HUB_ALLOWED_ORIGINS), not to ${url.slice(0, 200)}.`),
  loginFailed: (reason: string, cause?: unknown) => hubError('HUB_ERR_LOGIN_FAILED', `The sign-in could not be completed: ${reason}`, { cause }),
  rateLimited: (seconds: number) => hubError('HUB_ERR_RATE_LIMITED', `Too many requests; try again in ${seconds} s.`),
  secretUnreadable: (name: string, cause: unknown) => hubError('HUB_ERR_SECRET_UNREADABLE', `The stored secrets of ${name} cannot be decrypted: the key they were sealed with is not in HUB_ENCRYPTION_KEY. Restore that key, or delete ${name} and enter its settings again.`, { cause }),
  internal: (cause?: unknown) => hubError('HUB_ERR_INTERNAL', 'Something went wrong inside the hub; the details are in its log.', { cause }),
  remoteFailed: (message: string, options: Options) => hubError('HUB_ERR_REMOTE_FAILED', message, options),
  storeUnavailable: (cause?: unknown) => hubError('HUB_ERR_STORE_UNAVAILABLE', 'The hub cannot reach its store right now; try again in a moment.', { cause }),
  busy: () => hubError('HUB_ERR_BUSY', 'The hub is already running as many connection tests as it allows; try again in a moment.'),
  remoteTimeout: (message: string, options: Options) => hubError('HUB_ERR_REMOTE_TIMEOUT', message, options)
} as const

/** Thrown at start-up; `main` prints its message as one line and exits. */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError'
  readonly code: string
  constructor (code: string, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
  }
}

export const startupErrors = {
  invalidSetting: (name: string, problem: string) =>
    new ConfigurationError('HUB_ERR_INVALID_SETTING', `${name}: ${problem}`),
  invalidPlugin: (plugin: string, problem: string, cause?: unknown) =>
    new ConfigurationError('HUB_ERR_INVALID_PLUGIN', `Plugin "${plugin}": ${problem}`, { cause }),
  storeUnusable: (file: string, problem: string, cause: unknown) =>
    new ConfigurationError('HUB_ERR_STORE_UNUSABLE', `The SQLite store ${file} ${problem}`, { cause }),
  provisioningInvalid: (source: string, problems: string[]) =>
    new ConfigurationError('HUB_ERR_PROVISIONING_INVALID', `The provisioning ${source} cannot be applied: ${problems.join('; ')}`),
  sealingKey: (file: string, problem: string, cause?: unknown) =>
    new ConfigurationError('HUB_ERR_SEALING_KEY', `The key file ${file} ${problem}`, { cause }),
  usage: (problem: string, cause?: unknown) =>
    new ConfigurationError('HUB_ERR_USAGE', problem, { cause })
} as const
