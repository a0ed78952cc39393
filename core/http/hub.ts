/**
 * The hub as a Fastify plugin: a host app registers it under a prefix (with its own `authorize`),
 * and the standalone server (app.ts) registers it at the root. Everything it adds — error shape,
 * validation, security headers, auth — stays inside its own encapsulation context.
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import fastifyCookie from '@fastify/cookie'
import fastifyCors from '@fastify/cors'
import fastifyRateLimit from '@fastify/rate-limit'
import fastifyStatic from '@fastify/static'
import fastifySwagger from '@fastify/swagger'
import { Ajv } from 'ajv'
import type { FastifyInstance, FastifyReply } from 'fastify'
import type { LookupFunction } from '../security/outbound.js'
import { AuditTrail } from '../integrations/audit.js'
import { createAuthenticator, type Actor, type Authorize } from './authenticate.js'
import type { IntegrationDefinition } from '../contract/contract.js'
import { refuseDeepBodies } from './body-depth.js'
import { errors } from '../errors.js'
import { hubErrorHandler, hubNotFoundHandler } from './error-handler.js'
import { IntegrationService } from '../integrations/service.js'
import { Outbound } from '../security/outbound.js'
import type { AllowPrivate } from '../security/address-policy.js'
import { PluginRegistry } from '../runtime/registry.js'
import { rateLimitStore } from './rate-limit.js'
import { apiSecurityHeaders, securityHeaders } from './security-headers.js'
import { loadBuiltinPlugins } from '../runtime/builtin-plugins.js'
import { loadAdminToken } from '../security/admin-token.js'
import auditRoutes from './routes/audit.js'
import authRoutes from './routes/auth.js'
import healthRoutes from './routes/health.js'
import integrationRoutes from './routes/integrations.js'
import ssoDefinition from '../sso/definition.js'
import ssoRoutes from '../sso/routes.js'
import { loadKeys, SecretBox } from '../security/secret-box.js'
import { SessionStore, type Session } from '../security/sessions.js'
import { openStore, type HubStore } from '../storage/store.js'

export interface IntegrationHubOptions {
  /** Folder for the SQLite file, the generated key and token files. Default `./data`. */
  dataDir?: string
  /** A store URL (`sqlite://…`, `redis://…`, `postgres://…`) or an open store. Default: SQLite in `dataDir`. */
  store?: string | HubStore
  /** AES-256 keys for secrets; the first seals. Default: the key file in `dataDir`. */
  encryptionKeys?: Buffer[]
  /** The admin bearer token. Default: the token file in `dataDir` (unless `authorize` is given). */
  adminToken?: string
  /** A host app's own check of who may administer; replaces the admin token and sessions for /api. */
  authorize?: Authorize
  /** Plugins besides the built-in ones: definitions, or module specifiers to import. */
  plugins?: Array<IntegrationDefinition<any, any> | string>
  /** Load the plugins shipped in plugins/. Default true. */
  builtinPlugins?: boolean
  /** Let outbound calls reach private networks: `true`, or a list of ranges (see address-policy). Default false. */
  allowPrivateNetwork?: AllowPrivate
  /** Origins that may call the API from a browser (CORS with credentials) and make cookie-authenticated changes. */
  allowedOrigins?: string[]
  /** The hub's public address; https makes cookies Secure and SSO redirects use it. */
  publicUrl?: URL
  /** Deadline of every connection test and action, in ms. Default 10 000. */
  outboundTimeoutMs?: number
  /** Connection tests and actions allowed to run at once; more are refused with 503 (HUB_ERR_BUSY). Default 32. */
  maxConcurrentRuns?: number
  /** Extra certificate authorities (PEM) trusted for outbound TLS. */
  trustedCertificates?: string[]
  /** Serve the widget at /ui/ and the admin page at /. Default true. */
  ui?: boolean
  /** Name resolution for outbound calls (tests replace it). */
  lookup?: LookupFunction
}

export interface HubContext {
  service: IntegrationService
  store: HubStore
  /** The guarded client for calls the hub itself makes (SSO discovery and token exchange). */
  outbound: Outbound
  outboundTimeoutMs: number
  sessions: SessionStore
  audit: AuditTrail
  adminToken: string | undefined
  publicUrl: URL | undefined
  cookiePath: string
  secureCookies: boolean
  ssoEnabled: () => Promise<boolean>
  /** Where to send the browser to end the provider's session, when SSO has such an endpoint. */
  endSessionUrl?: (session: Session) => Promise<string | undefined>
}

declare module 'fastify' {
  interface FastifyInstance {
    hub: HubContext
    startSession(reply: FastifyReply, sessionId: string): Promise<void>
  }
  interface FastifyRequest {
    actor: Actor
  }
}

/** The built widget: dist/ui beside the sources, or ui/ beside the compiled core in dist/. */
const uiFolders = ['../../dist/ui/', '../../ui/'].map(folder => fileURLToPath(new URL(folder, import.meta.url)))

export default async function integrationHub (fastify: FastifyInstance, options: IntegrationHubOptions): Promise<void> {
  const dataDir = path.resolve(options.dataDir ?? 'data')
  const store = typeof options.store === 'object' ? options.store : await openStore(options.store ?? `sqlite://${path.join(dataDir, 'hub.sqlite')}`)
  const ownsStore = typeof options.store !== 'object'
  const secretBox = new SecretBox(await loadKeys(options.encryptionKeys, dataDir))
  const adminToken = options.authorize !== undefined ? options.adminToken : options.adminToken ?? (await loadAdminToken(dataDir)).token
  const registry = new PluginRegistry()
  registry.add(ssoDefinition)
  if (options.builtinPlugins !== false) for (const plugin of await loadBuiltinPlugins()) registry.add(plugin)
  for (const plugin of options.plugins ?? []) {
    if (typeof plugin === 'string') await registry.load([plugin])
    else registry.add(plugin, 'options.plugins')
  }
  const outbound = new Outbound({
    allowPrivateNetwork: options.allowPrivateNetwork ?? false,
    trustedCertificates: options.trustedCertificates,
    ...(options.lookup === undefined ? {} : { lookup: options.lookup })
  })
  fastify.addHook('onClose', async () => {
    await outbound.close()
    if (ownsStore) await store.close()
  })

  const audit = new AuditTrail(store)
  await audit.moveLegacy().catch(() => {})
  const sessions = new SessionStore(store)
  const outboundTimeoutMs = options.outboundTimeoutMs ?? 10_000
  const service = new IntegrationService({
    registry,
    store,
    secretBox,
    outbound,
    audit,
    timeoutMs: outboundTimeoutMs,
    maxConcurrentRuns: options.maxConcurrentRuns ?? 32,
    log: fastify.log
  })
  const prefix = fastify.prefix === '' ? '/' : fastify.prefix
  fastify.decorate<HubContext>('hub', {
    service,
    store,
    outbound,
    outboundTimeoutMs,
    sessions,
    audit,
    adminToken,
    publicUrl: options.publicUrl,
    cookiePath: prefix,
    secureCookies: options.publicUrl?.protocol === 'https:',
    ssoEnabled: async () => (await service.readConfig('sso'))?.enabled === true
  })
  fastify.decorateRequest('actor', null as unknown as Actor)

  // Bodies are validated as sent (no coercion, nothing silently removed); query strings and
  // path parameters arrive as text, so those are coerced.
  const bodyAjv = new Ajv({ allErrors: true, strict: false, useDefaults: true })
  const textAjv = new Ajv({ allErrors: true, strict: false, useDefaults: true, coerceTypes: true })
  fastify.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv : textAjv).compile(schema))
  fastify.setErrorHandler(hubErrorHandler)
  fastify.setNotFoundHandler(hubNotFoundHandler)
  // Only requests that can carry a body are checked (GET and HEAD cannot).
  fastify.addHook('onRoute', route => {
    if ([route.method].flat().every(method => method === 'GET' || method === 'HEAD')) return
    route.preValidation = [refuseDeepBodies, ...[route.preValidation ?? []].flat()]
  })

  await fastify.register(fastifyRateLimit, {
    global: false,
    // Several instances count together through the shared store; a single process counts in memory.
    ...(store.shared ? { store: rateLimitStore(store) } : {}),
    errorResponseBuilder: (_request, context) => errors.rateLimited(Math.ceil(context.ttl / 1000))
  })
  const documentHeaders = securityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'self'", ...(options.allowedOrigins ?? [])],
        formAction: ["'self'"],
        // Upgrading the page's own requests to https breaks a hub served over plain http (on a LAN).
        upgradeInsecureRequests: options.publicUrl?.protocol === 'https:' ? [] : null
      }
    },
    crossOriginResourcePolicy: { policy: options.allowedOrigins?.length ? 'cross-origin' : 'same-origin' },
    // HSTS means something only on https; on a plain-http hub it would pin nothing and mislead.
    strictTransportSecurity: options.publicUrl?.protocol === 'https:'
  })
  const apiHeaders = apiSecurityHeaders(documentHeaders)
  const apiPath = `${fastify.prefix}/api/`
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.headers(request.url.startsWith(apiPath) ? apiHeaders : documentHeaders)
    done()
  })
  if (options.allowedOrigins !== undefined && options.allowedOrigins.length > 0) {
    await fastify.register(fastifyCors, { origin: options.allowedOrigins, credentials: true, methods: ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'] })
  }

  await fastify.register(fastifySwagger, {
    openapi: {
      info: { title: 'Integration Hub', version: '1', description: 'Connect the platform to outside services; every /api route needs an admin.' },
      components: { securitySchemes: { adminToken: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'hub_session' } } },
      security: [{ adminToken: [] }, { session: [] }]
    }
  })
  fastify.get('/openapi.json', { schema: { hide: true } }, async () => fastify.swagger())

  const authenticate = createAuthenticator({
    adminToken,
    authorize: options.authorize,
    sessions,
    store,
    allowedOrigins: options.allowedOrigins ?? [],
    publicUrl: options.publicUrl
  })
  await fastify.register(async function api (scope) {
    scope.addHook('onRequest', (request, _reply, done) => {
      authenticate(request).then(actor => {
        request.actor = actor
        done()
      }, done)
    })
    await scope.register(integrationRoutes)
    await scope.register(auditRoutes)
  })
  await fastify.register(healthRoutes)
  // Only sign-in and sign-out set cookies: @fastify/cookie's hooks run on their routes alone, and the
  // API reads its one session cookie itself (auth.ts).
  await fastify.register(async function signIn (scope) {
    await scope.register(fastifyCookie)
    await scope.register(authRoutes)
    await scope.register(ssoRoutes)
  })

  if (options.ui !== false) await serveUi(fastify)
}

async function serveUi (fastify: FastifyInstance): Promise<void> {
  const root = uiFolders.find(folder => existsSync(path.join(folder, 'integration-hub.js')))
  if (root === undefined) {
    fastify.log.warn('the widget is not built: run `npm run build` to serve it at /ui/')
    return
  }
  await fastify.register(fastifyStatic, { root, prefix: '/ui/', index: false })
  const page = await readFile(path.join(root, 'index.html'), 'utf8')
  fastify.get('/', { schema: { hide: true } }, async (_request, reply) => await reply.type('text/html; charset=utf-8').send(page))
}
