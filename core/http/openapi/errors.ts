/**
 * The error answers in the OpenAPI document: one `HubError` body (with the contract shapes it
 * carries: field errors, a failed test), and per operation the `HUB_ERR_…` codes it can answer
 * with, grouped by their status (errors.ts). A route lists what its handler raises in
 * `schema.errors`; the contexts whose hooks raise more (authentication, the workspace scope, body
 * parsing, rate limits) add theirs as each route is added, so every code is declared beside what
 * raises it. Error bodies are documented, not serialized through these schemas: the error handler
 * sends them whole, and the tests check every one against the document.
 */
import type { RouteOptions } from 'fastify'
import { errorStatus, type HubErrorCode } from '../../errors.js'

declare module 'fastify' {
  interface FastifySchema {
    /** The `HUB_ERR_…` codes the route's handler can answer with; their statuses come from errors.ts. */
    errors?: readonly HubErrorCode[]
  }
}

export const fieldErrorSchema = {
  $id: 'FieldError',
  type: 'object',
  description: 'One input that needs attention, in words.',
  additionalProperties: false,
  required: ['field', 'message'],
  properties: {
    field: { type: 'string', description: 'The property path in the settings or input (`password`, `to.0`), or the part of the request (`query.limit`, `(path)`).' },
    message: { type: 'string' }
  }
} as const

export const stepResultSchema = {
  $id: 'StepResult',
  type: 'object',
  description: 'The outcome of one named step of a connection test ("Reach server", "Log in").',
  additionalProperties: false,
  required: ['label', 'ok', 'durationMs'],
  properties: { label: { type: 'string' }, ok: { type: 'boolean' }, durationMs: { type: 'integer' } }
} as const

export const testResultSchema = {
  $id: 'TestResult',
  type: 'object',
  description: 'What a connection test reports: the answer of `POST …/test`, and the `test` of a refused Save.',
  additionalProperties: false,
  required: ['ok', 'message', 'steps', 'durationMs'],
  properties: {
    ok: { type: 'boolean' },
    code: { type: 'string', description: 'The failure code of the plugin’s error map (`INVALID_TOKEN`) or a common one (`UNREACHABLE`, `TIMEOUT`, …).' },
    message: { type: 'string' },
    detail: { type: 'string' },
    field: { type: 'string', description: 'The setting the failure concerns.' },
    fields: { type: 'array', items: { $ref: 'FieldError#' }, description: 'The form fields to mark: what the remote reported, or else the setting above.' },
    steps: { type: 'array', items: { $ref: 'StepResult#' } },
    durationMs: { type: 'integer' },
    expires: {
      type: 'array',
      description: 'What the connection relies on that ends, and when (earliest first), as the plugin reported it.',
      items: { type: 'object', additionalProperties: false, required: ['what', 'at'], properties: { what: { type: 'string' }, at: { type: 'string', format: 'date-time' } } }
    }
  }
} as const

export const hubErrorSchema = {
  $id: 'HubError',
  type: 'object',
  description: 'The body of every error answer (docs/errors.md lists the codes).',
  additionalProperties: false,
  required: ['error', 'message'],
  properties: {
    error: { type: 'string', pattern: '^HUB_ERR_[A-Z_]+$', description: 'A stable `HUB_ERR_…` code.' },
    message: { type: 'string', description: 'What went wrong, in words for a person.' },
    detail: { type: 'string', description: 'One more sentence: what exactly went wrong.' },
    fields: { type: 'array', items: { $ref: 'FieldError#' }, description: 'One entry per input that needs attention.' },
    test: { $ref: 'TestResult#', description: 'The failed connection test of a refused Save.' },
    code: { type: 'string', description: 'The plugin’s failure code of a failed action (`INVALID_TOKEN`, `TIMEOUT`, …).' },
    retryAfterSeconds: { type: 'integer', description: 'How long the remote asked to wait before trying again (also sent as `Retry-After`).' }
  }
} as const

/** The components every room's routes refer to, added once to the hub's context. */
export const sharedSchemas = [fieldErrorSchema, stepResultSchema, testResultSchema, hubErrorSchema]

const statusWords: Record<number, string> = {
  400: 'The request is not valid: `fields` names each input, in words.',
  401: 'No caller, or one the hub does not accept.',
  403: 'The caller may not do this.',
  404: 'There is no such thing, or it is not the caller’s to see.',
  409: 'This conflicts with what is stored.',
  413: 'The request body is too large.',
  415: 'The request body is not JSON.',
  422: 'Understood, but refused.',
  429: 'Too many requests: `Retry-After` says how many seconds to wait.',
  500: 'A fault inside the hub (in its log), or secrets it cannot decrypt.',
  502: 'The remote service failed.',
  503: 'The hub cannot serve this right now; try again in a moment.',
  504: 'The remote service did not answer in time.'
}

/** Adds codes to a route's (as a new schema: the routes registered under both prefixes share theirs). */
export function declareErrors (route: RouteOptions, codes: readonly HubErrorCode[]): void {
  const schema = route.schema ?? {}
  const known = schema.errors ?? []
  if (codes.every(code => known.includes(code))) return
  route.schema = { ...schema, errors: [...new Set([...known, ...codes])] }
}

/**
 * The answers for a list of codes, one per status, as route response schemas: the `HubError` body
 * with `error` narrowed to the codes of that status (so a generated client knows them).
 */
export function errorResponses (codes: readonly HubErrorCode[]): Record<string, object> {
  const byStatus = new Map<number, HubErrorCode[]>()
  for (const code of [...new Set(codes)].sort()) {
    const status = errorStatus[code]
    byStatus.set(status, [...(byStatus.get(status) ?? []), code])
  }
  return Object.fromEntries([...byStatus].sort(([a], [b]) => a - b).map(([status, group]) => [status, {
    // swagger's key for a response's description that stays out of its schema
    'x-response-description': `${statusWords[status] ?? 'An error.'} ${group.map(code => `\`${code}\``).join(', ')}.`,
    allOf: [{ $ref: 'HubError#' }],
    properties: { error: { type: 'string', enum: group } },
    ...(status === 429 ? { headers: { 'retry-after': { type: 'integer', description: 'Seconds to wait before asking again.' } } } : {})
  }]))
}

interface ErrorResponse { content?: { 'application/json'?: { schema?: { properties?: { error?: { enum?: string[] } } } } } }

/** `HUB_ERR_UNKNOWN_INTEGRATION` + `HUB_ERR_UNKNOWN_WORKSPACE` → `UnknownIntegrationUnknownWorkspace`. */
export function errorResponseName (codes: readonly string[]): string {
  return codes.map(code => code.replace(/^HUB_ERR_/, '').toLowerCase().replace(/(?:^|_)([a-z])/g, (_all, letter: string) => letter.toUpperCase())).join('')
}

/**
 * Each error answer once, in `components.responses` (named by its codes), referred to by the
 * operations that give it: most operations share most of theirs (the 401 of every /api route).
 */
export function hoistErrorResponses<D extends { paths: Record<string, Record<string, { responses: Record<string, unknown> }>>, components: object }> (document: D): D {
  const responses: Record<string, unknown> = {}
  const paths = Object.fromEntries(Object.entries(document.paths).map(([path, operations]) => [path, Object.fromEntries(Object.entries(operations).map(([method, operation]) => [method, {
    ...operation,
    responses: Object.fromEntries(Object.entries(operation.responses).map(([status, response]) => {
      const codes = (response as ErrorResponse).content?.['application/json']?.schema?.properties?.error?.enum
      if (Number(status) < 400 || codes === undefined) return [status, response]
      const name = errorResponseName(codes)
      responses[name] = response
      return [status, { $ref: `#/components/responses/${name}` }]
    }))
  }]))]))
  return { ...document, paths, components: { ...document.components, responses } }
}
