/**
 * A fresh hub per test: its own data folder, all built-in plugins, private networks allowed (the
 * peers listen on 127.0.0.1), captured logs, and closed when the test ends. Every answer it gives
 * (through `api()`, `app.inject` or a socket) is checked against its own OpenAPI document: an
 * undocumented status or a body the document does not describe fails the test (CHECK_RESPONSES=0
 * turns this off for a run, to measure what it costs).
 */
import { createServer } from 'node:net'
import type { Test } from 'tap'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { buildApp } from '../../core/standalone/app.js'
import type { IntegrationHubOptions } from '../../core/http/hub.js'
import { readSettings } from '../../core/standalone/settings.js'
import { documentCheck, type DocumentCheck } from './openapi-check.js'

export const ADMIN_TOKEN = 'test-admin-token-0123456789'

/** Where the test peers listen: loopback (which `true`, the private networks, does not open). */
export const LOCAL_PEERS = ['private', '127.0.0.0/8', '::1/128']

export interface TestHub {
  app: FastifyInstance
  dataDir: string
  /** Every log line the hub wrote, as text. */
  logs: string[]
  /** An authenticated JSON call through `app.inject`. */
  api(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<ApiResponse>
}

export interface ApiResponse {
  status: number
  body: any
  headers: LightMyRequestResponse['headers']
  raw: LightMyRequestResponse
}

export interface TestHubOptions extends Partial<IntegrationHubOptions> {
  /** Deadline of tests and actions, in ms. */
  timeoutMs?: number
  /** Environment variables on top of a clean default. */
  env?: Record<string, string>
  /** The client address `api()` calls come from (rate limits count per address). */
  remoteAddress?: string
  /** Check every answer against the hub's OpenAPI document (default true, unless CHECK_RESPONSES=0). */
  checkResponses?: boolean
}

export async function createTestHub (t: Test, options: TestHubOptions = {}): Promise<TestHub> {
  const { timeoutMs, env, dataDir: givenDir, remoteAddress = '127.0.0.1', checkResponses = process.env.CHECK_RESPONSES !== '0', ...overrides } = options
  const dataDir = givenDir ?? t.testdir()
  const settings = readSettings({ HUB_DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env })
  const logs: string[] = []
  const app = await buildApp(settings, {
    adminToken: ADMIN_TOKEN,
    allowPrivateNetwork: LOCAL_PEERS,
    ...(timeoutMs === undefined ? {} : { outboundTimeoutMs: timeoutMs }),
    ...overrides
  }, { write: (line: string) => { logs.push(line) } })
  t.teardown(() => app.close())
  let check: DocumentCheck | undefined
  if (checkResponses) {
    app.addHook('onSend', async (request, reply, payload) => {
      const route = request.routeOptions.url
      if (check === undefined || route === undefined || request.routeOptions.schema?.hide === true || request.method === 'HEAD') return payload
      const path = request.url.split('?')[0]!
      const problem = check.problem({
        method: request.method,
        path,
        route,
        status: reply.statusCode,
        contentType: reply.getHeader('content-type') as string | undefined,
        body: typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : payload === null || payload === undefined ? '' : undefined
      })
      if (problem !== undefined) t.fail(`${request.method} ${path} answered ${reply.statusCode}: ${problem}`)
      return payload
    })
  }
  await app.ready()
  if (checkResponses) {
    // The options that shape the document: the plugins (definitions or HUB_PLUGINS), and which routes there are.
    const key = JSON.stringify({ env, plugins: overrides.plugins, builtinPlugins: overrides.builtinPlugins, metrics: overrides.metricsToken === false })
    check = await documentCheck(key, async () => (await app.inject({ method: 'GET', url: '/openapi.json' })).body)
  }
  return {
    app,
    dataDir,
    logs,
    api: async (method, url, body, headers = {}) => {
      const raw = await app.inject({
        method: method as 'GET',
        url,
        remoteAddress,
        // A header given as '' is left out (a caller with a cookie instead of a token).
        headers: Object.fromEntries(Object.entries({ authorization: `Bearer ${ADMIN_TOKEN}`, ...headers }).filter(([, value]) => value !== '')),
        ...(body === undefined ? {} : { payload: body as object })
      })
      let parsed: unknown
      try {
        parsed = raw.body === '' ? undefined : JSON.parse(raw.body)
      } catch {
        parsed = raw.body
      }
      return { status: raw.statusCode, body: parsed, headers: raw.headers, raw }
    }
  }
}

/** A port free right now on 127.0.0.1 (for a hub that must know its public address before it listens). */
export async function freePort (): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>(resolve => server.close(() => resolve()))
  return port
}
