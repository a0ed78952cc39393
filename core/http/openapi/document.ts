/**
 * The OpenAPI 3.1 document at /openapi.json, built by @fastify/swagger from the routes' own schemas:
 * named components for the shared shapes (each `$id`), who may call each operation (derived from
 * the route's `config.access` inside /api), every error answer (errors.ts), and the operations the
 * loaded plugins add (plugin-operations.ts). The hooks here run as routes are added, in the context
 * that gives them the property they document.
 */
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger'
import type { RouteOptions } from 'fastify'
import type { PluginRegistry } from '../../runtime/registry.js'
import { SCOPED_TOKEN_PREFIX } from '../../security/tokens.js'
import { SESSION_COOKIE } from '../../security/sessions.js'
import { declareErrors, errorResponses, hoistErrorResponses } from './errors.js'
import { pluginOperations, type OpenApiDocument } from './plugin-operations.js'

/** Who may call an operation: each entry is one way (OpenAPI security requirements). */
export const callers = {
  anyone: [],
  /** The operator: the admin token, or a session it opened. */
  operator: [{ adminToken: [] }, { session: [] }],
  /** Anyone of the workspace: the operator, a scoped token, a session. */
  member: [{ adminToken: [] }, { scopedToken: [] }, { session: [] }],
  session: [{ session: [] }],
  /** With or without a session. */
  maybeSession: [{ session: [] }, {}],
  metrics: [{ metricsToken: [] }]
} as const

const securitySchemes = {
  adminToken: { type: 'http', scheme: 'bearer', description: 'The operator’s admin token (HUB_ADMIN_TOKEN, or the token file in the data folder): every workspace.' },
  scopedToken: { type: 'http', scheme: 'bearer', bearerFormat: `${SCOPED_TOKEN_PREFIX}…`, description: 'A token minted with `POST /api/tokens` for one person of one workspace: a role, and maybe a list of integrations.' },
  session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'The browser session that `POST /auth/token` or single sign-on opens. Changes must come from the hub’s own origin or an allowed one.' },
  metricsToken: { type: 'http', scheme: 'bearer', description: 'HUB_METRICS_TOKEN (without one, the admin token).' }
}

const bodyMethods = (route: RouteOptions): boolean => ![route.method].flat().every(method => method === 'GET' || method === 'HEAD')

/** Every route: what reading its request can refuse (a hook of the hub's own context). */
export function documentRequestErrors (route: RouteOptions): void {
  const { schema } = route
  declareErrors(route, [
    'HUB_ERR_INTERNAL',
    ...((schema?.params ?? schema?.querystring ?? schema?.body ?? schema?.headers) === undefined ? [] : ['HUB_ERR_VALIDATION' as const]),
    ...(bodyMethods(route) ? ['HUB_ERR_MALFORMED_BODY', 'HUB_ERR_BODY_TOO_LARGE', 'HUB_ERR_UNSUPPORTED_MEDIA_TYPE'] as const : []),
    ...(route.config?.rateLimit === undefined ? [] : ['HUB_ERR_RATE_LIMITED' as const])
  ])
}

/** A route of /api: who may call it (its `config.access`), and what authenticating them can refuse. */
export function documentApiCaller (route: RouteOptions): void {
  const access = route.config?.access ?? 'change'
  declareErrors(route, [
    'HUB_ERR_UNAUTHENTICATED', 'HUB_ERR_INVALID_TOKEN', 'HUB_ERR_TOKEN_EXPIRED', 'HUB_ERR_TOKEN_REVOKED', 'HUB_ERR_SESSION_ENDED',
    'HUB_ERR_FORBIDDEN', 'HUB_ERR_RATE_LIMITED', 'HUB_ERR_STORE_UNAVAILABLE',
    ...(bodyMethods(route) ? ['HUB_ERR_CROSS_SITE' as const] : []),
    ...(access === 'operator' ? ['HUB_ERR_OPERATOR_ONLY' as const] : access === 'change' ? ['HUB_ERR_READ_ONLY' as const] : [])
  ])
  route.schema = { ...route.schema, security: route.schema?.security ?? (access === 'operator' ? callers.operator : callers.member) }
}

/** A route acting in a workspace: the scope's refusals (another workspace, an integration the token may not see). */
export function documentWorkspaceScope (route: RouteOptions): void {
  const params = (route.schema?.params as { properties?: Record<string, unknown> } | undefined)?.properties ?? {}
  declareErrors(route, ['HUB_ERR_UNKNOWN_WORKSPACE', 'HUB_ERR_SECRET_UNREADABLE', ...('id' in params ? ['HUB_ERR_UNKNOWN_INTEGRATION' as const] : [])])
}

/** The copy of a workspace route under `/api/workspaces/:workspace`: its own operationId. */
export function documentInNamedWorkspace (route: RouteOptions): void {
  const operationId = route.schema?.operationId
  if (operationId !== undefined) route.schema = { ...route.schema, operationId: `${operationId}InWorkspace` }
}

/** A route's path parameters with those of its prefix (`:workspace`), which the route's own schema does not name. */
function withPrefixParams (params: unknown, url: string): unknown {
  const schema = params as { properties?: Record<string, unknown>, required?: string[] }
  const missing = [...url.matchAll(/:(\w+)/g)].map(([, name]) => name!).filter(name => schema.properties?.[name] === undefined)
  if (missing.length === 0) return params
  return {
    ...schema,
    required: [...(schema.required ?? []), ...missing],
    properties: { ...Object.fromEntries(missing.map(name => [name, { type: 'string', title: name.charAt(0).toUpperCase() + name.slice(1) }])), ...schema.properties }
  }
}

/** The options of @fastify/swagger for a hub mounted at `prefix` with these plugins. */
export function openapiOptions (registry: PluginRegistry, prefix: string): FastifyDynamicSwaggerOptions {
  const addPluginOperations = pluginOperations(registry, prefix)
  return {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Integration Hub',
        version: '1',
        description: 'Connect the platform to outside services. Errors have one shape (`HubError`, codes in docs/errors.md); every action of every loaded plugin is an operation of its own.'
      },
      components: { securitySchemes } as never,
      tags: [
        { name: 'integrations', description: 'Connections, their tests, actions and queued jobs' },
        { name: 'actions', description: 'One operation per action of each loaded plugin' },
        { name: 'workspaces' },
        { name: 'tokens' },
        { name: 'sessions' },
        { name: 'webhooks' },
        { name: 'audit' },
        { name: 'auth', description: 'Who is calling; signing in and out; single sign-on' },
        { name: 'health', description: 'Liveness, readiness and metrics' }
      ]
    },
    convertConstToEnum: false,
    // Shared schemas are components named by their `$id` (`HubError`), not `def-0`.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => typeof json.$id === 'string' ? json.$id : `def-${i}` },
    transform: ({ schema, url }) => {
      const { errors, ...documented } = schema
      return {
        url,
        schema: {
          ...documented,
          ...(documented.params === undefined ? {} : { params: withPrefixParams(documented.params, url) }),
          ...(errors === undefined ? {} : { response: { ...errorResponses(errors), ...documented.response as object } })
        }
      }
    },
    transformObject: document => addPluginOperations(hoistErrorResponses((document as { openapiObject: OpenApiDocument }).openapiObject)) as never
  }
}
