/**
 * The standalone server: Fastify with logging that cannot print credentials, and the hub
 * registered at the root with the settings read from the environment.
 */
import { readFile } from 'node:fs/promises'
import type { Socket } from 'node:net'
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify'
import { networkAllowance, normalizeAddress, type NetworkAllowance } from '../security/address-policy.js'
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

/** Open connections one address may hold at once; more are closed as they arrive. */
export const CONNECTIONS_PER_ADDRESS = 64

/**
 * Caps the open connections per peer address, so a few slow clients cannot take every socket. The
 * operator's proxies are left out (every client comes through them); the limits per client then
 * apply to the address they forward.
 */
function capConnections (app: FastifyInstance, counted: (address: string) => boolean): void {
  const open = new Map<string, number>()
  app.server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? ''
    if (!counted(address)) return
    const count = (open.get(address) ?? 0) + 1
    if (count > CONNECTIONS_PER_ADDRESS) {
      socket.destroy()
      return
    }
    open.set(address, count)
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1
      if (left === 0) open.delete(address)
      else open.set(address, left)
    })
  })
}

/** Trusts the `count` proxies nearest the hub (proxy-addr's hop test). */
function hops (count: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < count
}

/** Which peer addresses are not the operator's proxies (a hop count trusts whoever is in front). */
function proxyFilter (trust: number | string[]): (address: string) => boolean {
  if (typeof trust === 'number') return () => false
  const allowance = networkAllowance(trust)
  return address => !isTrusted(address, allowance)
}

function isTrusted (address: string, allowance: NetworkAllowance): boolean {
  const normalized = normalizeAddress(address)
  return (normalized.family === 'ipv4' ? allowance.v4 : allowance.v6).check(normalized.address, normalized.family)
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
    // A slow client may not hold a connection: the whole request within 15 s, no silence over 30 s.
    requestTimeout: 15_000,
    connectionTimeout: 30_000,
    // Behind a load balancer, the client's address (for limits and logs) comes from X-Forwarded-For,
    // believed only from the proxies the operator names.
    trustProxy: typeof settings.trustProxy === 'number' ? hops(settings.trustProxy) : settings.trustProxy
  })
  app.server.headersTimeout = 10_000
  // Draining on close: answers sent while closing end their connection, or an idle keep-alive
  // connection would hold the close open for the keep-alive timeout (72 s).
  let closing = false
  app.addHook('preClose', async () => { closing = true })
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close')
    done(null, payload)
  })
  capConnections(app, settings.trustProxy === false ? () => true : proxyFilter(settings.trustProxy))
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
    healthIntervalMs: settings.healthIntervalMs,
    actionRetry: { hours: settings.actionRetryHours },
    // Metrics on a port of their own are not served beside the API.
    metricsToken: settings.metricsPort !== undefined ? false : settings.metricsToken,
    ...overrides
  })
  return app
}
