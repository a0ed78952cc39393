/**
 * The hub as a Fastify plugin: a host app registers it under a prefix (with its own `authorize`),
 * and the standalone server (standalone/app.ts) registers it at the root. This file wires what the
 * rooms provide; everything it adds — error shape, validation, security headers, auth — stays inside
 * its own encapsulation context.
 */
import fastifyCookie from '@fastify/cookie'
import fastifyCors from '@fastify/cors'
import fastifyRateLimit from '@fastify/rate-limit'
import fastifySwagger from '@fastify/swagger'
import { Ajv } from 'ajv'
import type { FastifyInstance } from 'fastify'
import { errors } from '../errors.js'
import { openHubCore } from '../hub/open.js'
import { provisioningSchema } from '../provisioning/published-schema.js'
import { loadAdminToken } from '../security/admin-token.js'
import { sessionCookie } from '../security/session-cookie.js'
import ssoRoutes, { ssoAccess } from '../sso/routes.js'
import ticketRoutes, { ticketSchemas } from '../sso/ticket-routes.js'
import { SignInTickets } from '../sso/tickets.js'
import { workspaceScope } from './access.js'
import { createAuthenticator } from './authenticate.js'
import { refuseDeepBodies } from './body-depth.js'
import { hubErrorHandler, hubNotFoundHandler } from './error-handler.js'
import { documentApiCaller, documentInNamedWorkspace, documentRequestErrors, documentWorkspaceScope, openapiOptions } from './openapi/document.js'
import { sharedSchemas } from './openapi/errors.js'
import { dataDirOf, defaultStoreUrl, DEFAULT_MAX_CONCURRENT_RUNS, DEFAULT_OUTBOUND_TIMEOUT_MS, type IntegrationHubOptions } from './options.js'
import { rateLimitStore } from './rate-limit.js'
import auditRoutes, { auditSchemas } from './routes/audit.js'
import authRoutes, { authSchemas } from './routes/auth.js'
import healthRoutes from './routes/health.js'
import { integrationViews } from './routes/integration-views.js'
import integrationRoutes from './routes/integrations.js'
import metricsRoutes from './routes/metrics.js'
import sessionRoutes, { sessionSchemas } from './routes/sessions.js'
import tokenRoutes, { tokenSchemas } from './routes/tokens.js'
import webhookRoutes, { webhookSchemas } from './routes/webhooks.js'
import workspaceRoutes, { workspaceSchemas } from './routes/workspaces.js'
import { apiSecurityHeaders, securityHeaders } from './security-headers.js'
import { serveUi } from './static-ui.js'

export type { IntegrationHubOptions } from './options.js'

export default async function integrationHub (fastify: FastifyInstance, options: IntegrationHubOptions): Promise<void> {
  const dataDir = dataDirOf(options.dataDir)
  const outboundTimeoutMs = options.outboundTimeoutMs ?? DEFAULT_OUTBOUND_TIMEOUT_MS
  const core = await openHubCore({
    dataDir,
    store: options.store ?? defaultStoreUrl(dataDir),
    encryptionKeys: options.encryptionKeys,
    ...(options.plugins === undefined ? {} : { plugins: options.plugins }),
    ...(options.builtinPlugins === undefined ? {} : { builtinPlugins: options.builtinPlugins }),
    ...(options.allowPrivateNetwork === undefined ? {} : { allowPrivateNetwork: options.allowPrivateNetwork }),
    trustedCertificates: options.trustedCertificates,
    ...(options.lookup === undefined ? {} : { lookup: options.lookup }),
    outboundTimeoutMs,
    maxConcurrentRuns: options.maxConcurrentRuns ?? DEFAULT_MAX_CONCURRENT_RUNS,
    log: fastify.log,
    ...(options.metrics === undefined ? {} : { metrics: options.metrics }),
    ...(options.actionRetry === undefined ? {} : { actionRetry: options.actionRetry }),
    ...(options.healthIntervalMs === undefined ? {} : { healthIntervalMs: options.healthIntervalMs })
  })
  const { store, outbound, workspaces, service, audit, sessions, tokens, metrics } = core
  fastify.addHook('onReady', async () => { await core.start() })
  fastify.addHook('onClose', async () => { await core.close() })
  const adminToken = options.authorize !== undefined ? options.adminToken : options.adminToken ?? (await loadAdminToken(dataDir)).token
  const tickets = new SignInTickets(store)

  const mountPath = fastify.prefix === '' ? '/' : `${fastify.prefix}/`
  const cookie = sessionCookie(mountPath, options.publicUrl?.protocol === 'https:')
  const allowedOrigins = options.allowedOrigins ?? []
  const sso = ssoAccess({ service, workspaces, outbound, outboundTimeoutMs, publicUrl: options.publicUrl }, fastify.log, mountPath)
  const authenticator = createAuthenticator({ adminToken, authorize: options.authorize, sessions, tokens, workspaces, service, store, allowedOrigins, publicUrl: options.publicUrl })

  // Bodies are validated as sent (no coercion, nothing silently removed); query strings and
  // path parameters arrive as text, so those are coerced.
  const bodyAjv = new Ajv({ allErrors: true, strict: false, useDefaults: true })
  const textAjv = new Ajv({ allErrors: true, strict: false, useDefaults: true, coerceTypes: true })
  fastify.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv : textAjv).compile(schema))
  fastify.setErrorHandler(hubErrorHandler)
  fastify.setNotFoundHandler(hubNotFoundHandler)
  // Every component schema is added here, before any route context: a context that adds schemas of
  // its own gets Fastify's default validator (which drops unknown properties) instead of the hub's.
  for (const schema of [...sharedSchemas, ...integrationViews, ...workspaceSchemas, ...tokenSchemas, ...sessionSchemas, ...auditSchemas, ...webhookSchemas, ...authSchemas, ...ticketSchemas]) {
    fastify.addSchema(schema)
  }
  fastify.addHook('onRoute', documentRequestErrors)
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
        frameAncestors: ["'self'", ...allowedOrigins],
        formAction: ["'self'"],
        // Upgrading the page's own requests to https breaks a hub served over plain http (on a LAN).
        upgradeInsecureRequests: options.publicUrl?.protocol === 'https:' ? [] : null
      }
    },
    crossOriginResourcePolicy: { policy: allowedOrigins.length > 0 ? 'cross-origin' : 'same-origin' },
    // HSTS means something only on https; on a plain-http hub it would pin nothing and mislead.
    strictTransportSecurity: options.publicUrl?.protocol === 'https:'
  })
  const apiHeaders = apiSecurityHeaders(documentHeaders)
  const apiPath = `${fastify.prefix}/api/`
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.headers(request.url.startsWith(apiPath) ? apiHeaders : documentHeaders)
    done()
  })
  if (allowedOrigins.length > 0) {
    await fastify.register(fastifyCors, { origin: allowedOrigins, credentials: true, methods: ['GET', 'HEAD', 'PUT', 'POST', 'PATCH', 'DELETE'] })
  }

  await fastify.register(fastifySwagger, openapiOptions(core.registry, fastify.prefix))
  fastify.get('/openapi.json', { schema: { hide: true } }, async () => fastify.swagger())
  // What editors check provisioning files with, for the plugins this hub has loaded.
  const provisioning = provisioningSchema(core.registry)
  fastify.get('/provisioning.schema.json', { schema: { hide: true } }, async () => provisioning)

  const scope = workspaceScope(workspaces)
  await fastify.register(async function api (api) {
    api.addHook('onRoute', documentApiCaller)
    api.addHook('onRequest', (request, _reply, done) => {
      const known = authenticator.known(request)
      if (known !== undefined) {
        request.principal = known
        done()
        return
      }
      authenticator.authenticate(request).then(principal => {
        request.principal = principal
        done()
      }, done)
    })
    await api.register(workspaceRoutes, { workspaces })
    // One route table for a workspace's routes: `/api/…` means the caller's own workspace,
    // `/api/workspaces/:workspace/…` names one.
    for (const prefix of ['/api', '/api/workspaces/:workspace']) {
      await api.register(async function inWorkspace (routes) {
        routes.addHook('preHandler', scope)
        routes.addHook('onRoute', documentWorkspaceScope)
        if (prefix !== '/api') routes.addHook('onRoute', documentInNamedWorkspace)
        await routes.register(integrationRoutes, { service, queued: core.queuedActions })
        await routes.register(auditRoutes, { audit })
        await routes.register(tokenRoutes, { tokens })
        await routes.register(sessionRoutes, { sessions })
        await routes.register(ticketRoutes, { tickets, workspaces })
        await routes.register(webhookRoutes, { webhooks: core.webhooks })
      }, { prefix })
    }
  })
  await fastify.register(healthRoutes, { store })
  if (options.metricsToken !== false) await fastify.register(metricsRoutes, { metrics, token: options.metricsToken ?? adminToken })
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.request(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000)
    done()
  })
  // Only sign-in and sign-out set cookies: @fastify/cookie's hooks run on their routes alone, and the
  // API reads its one session cookie itself (authenticate.ts).
  await fastify.register(async function signIn (signIn) {
    await signIn.register(fastifyCookie)
    await signIn.register(authRoutes, {
      authenticator,
      sessions,
      workspaces,
      cookie,
      allowedOrigins,
      publicUrl: options.publicUrl,
      ssoEnabled: sso.enabled,
      endSessionUrl: sso.endSessionUrl
    })
    await signIn.register(ssoRoutes, {
      service,
      workspaces,
      store,
      sessions,
      tickets,
      outbound,
      outboundTimeoutMs,
      publicUrl: options.publicUrl,
      allowedOrigins,
      cookie,
      sso
    })
  })

  if (options.ui !== false) await serveUi(fastify)
}
