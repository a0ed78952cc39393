/**
 * The standalone server: Fastify with logging that cannot print credentials, and the hub
 * registered at the root with the settings read from the environment.
 */
import { readFile } from 'node:fs/promises'
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify'
import { hubErrorHandler } from '../http/error-handler.js'
import integrationHub, { type IntegrationHubOptions } from '../http/hub.js'
import type { HubSettings } from './settings.js'

/** Largest request body the hub reads: settings and action inputs are small. */
const BODY_LIMIT = 256 * 1024

/** Query parameters whose values are credentials: an SSO callback's one-time `code` and `state`, tokens, keys. */
const credentialParameter = /([?&][^=&]*(?:code|state|token|secret|password|key)[^=&]*=)[^&#]*/gi

/**
 * Fastify's request summary for log lines, with the values of credential query parameters blanked. It
 * carries no headers, so no Authorization or Cookie value can reach a log line.
 */
function requestSummary (request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: request.url.includes('?') ? request.url.replace(credentialParameter, '$1[redacted]') : request.url,
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort
  }
}

/**
 * @param overrides hub options that the environment cannot express (a host's `authorize`, test doubles)
 * @param logDestination where log lines go (default stdout)
 */
export async function buildApp (
  settings: HubSettings,
  overrides: Partial<IntegrationHubOptions> = {},
  logDestination?: { write(line: string): void }
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: settings.logLevel,
      serializers: { req: requestSummary },
      ...(logDestination === undefined ? {} : { stream: logDestination })
    },
    bodyLimit: BODY_LIMIT,
    return503OnClosing: true,
    // Malformed or overlong paths are refused by the router itself: answer them in the hub's shape too.
    frameworkErrors: hubErrorHandler,
    requestTimeout: 60_000
  })
  await app.register(integrationHub, {
    dataDir: settings.dataDir,
    store: settings.store,
    ...(settings.encryptionKeys === undefined ? {} : { encryptionKeys: settings.encryptionKeys }),
    ...(settings.adminToken === undefined ? {} : { adminToken: settings.adminToken }),
    plugins: settings.plugins,
    allowPrivateNetwork: settings.allowPrivateNetwork,
    allowedOrigins: settings.allowedOrigins,
    ...(settings.publicUrl === undefined ? {} : { publicUrl: settings.publicUrl }),
    outboundTimeoutMs: settings.outboundTimeoutMs,
    ...(settings.caFile === undefined ? {} : { trustedCertificates: [await readFile(settings.caFile, 'utf8')] }),
    ...overrides
  })
  return app
}
