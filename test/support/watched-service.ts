/**
 * A service for the health tests, and the plugin that checks it. The plugin's test GETs
 * `<serviceUrl>/check` with `Authorization: Bearer <token>`; the service answers 401 for any token
 * but the one it takes (which can change: a revoked token), otherwise 200 with the date its token
 * expires, if it has one, which the plugin reports through `ctx.expires`. Each connection points
 * its Service URL at a path of its own (`<url>/<name>`), so the service counts the checks of each
 * connection and the most it saw running at once; it can also take its time to answer.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { defineIntegration, readReply, isRecord } from 'integration-hub/plugin'

export const watched = defineIntegration({
  id: 'watched',
  name: 'Watched',
  description: 'A service whose token may be revoked or expire.',
  version: '1.0.0',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['serviceUrl', 'token'],
    properties: {
      serviceUrl: { type: 'string', title: 'Service URL', format: 'uri', 'x-destination': true },
      token: { type: 'string', title: 'API Token', writeOnly: true, minLength: 1 }
    }
  },
  errors: {
    INVALID_TOKEN: { message: 'Invalid API Token', field: 'token' }
  },
  async test (config, ctx) {
    const reply = await readReply(await ctx.fetch(`${config.serviceUrl}/check`, { headers: { authorization: `Bearer ${config.token}` } }))
    if (reply.status === 401) throw ctx.fail('INVALID_TOKEN')
    if (isRecord(reply.json) && typeof reply.json.tokenExpiresAt === 'string') ctx.expires('API Token', new Date(reply.json.tokenExpiresAt))
  }
})

export interface WatchedService {
  url: string
  /** The token it takes; anything else is a 401. */
  token: string
  /** When its token expires (ISO 8601), told to every check. */
  tokenExpiresAt: string | undefined
  /** How long it takes to answer, in ms. */
  delayMs: number
  /** Checks received per connection (the first segment of the path). */
  hits: Map<string, number>
  /** The most checks of one connection it saw at the same time. */
  mostAtOnce: Map<string, number>
  /** The Service URL of a connection. */
  urlOf(connection: string): string
  close(): Promise<void>
}

export async function startWatchedService (options: { token?: string, delayMs?: number } = {}): Promise<WatchedService> {
  const running = new Map<string, number>()
  const server = http.createServer((request, response) => {
    const connection = (request.url ?? '/').split('/')[1] ?? ''
    service.hits.set(connection, (service.hits.get(connection) ?? 0) + 1)
    const now = (running.get(connection) ?? 0) + 1
    running.set(connection, now)
    service.mostAtOnce.set(connection, Math.max(service.mostAtOnce.get(connection) ?? 0, now))
    const answer = (): void => {
      running.set(connection, running.get(connection)! - 1)
      if (request.headers.authorization !== `Bearer ${service.token}`) {
        response.writeHead(401).end('no')
        return
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(service.tokenExpiresAt === undefined ? {} : { tokenExpiresAt: service.tokenExpiresAt }))
    }
    request.resume()
    request.on('end', () => { if (service.delayMs > 0) setTimeout(answer, service.delayMs); else answer() })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const service: WatchedService = {
    url,
    token: options.token ?? 'good-token',
    tokenExpiresAt: undefined,
    delayMs: options.delayMs ?? 0,
    hits: new Map(),
    mostAtOnce: new Map(),
    urlOf: (connection) => `${url}/${connection}`,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>(resolve => server.close(() => resolve()))
    }
  }
  return service
}
