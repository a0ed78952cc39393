/**
 * HUB_METRICS_PORT: /metrics on a port of its own, for a scraper on the operator's network. It asks
 * for no token (the port is the boundary: bind it where only the scraper reaches) and answers nothing
 * else, so the API's port need not be open to the scraper at all.
 */
import { once } from 'node:events'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { errors, type HubError } from '../errors.js'
import type { HubMetrics } from '../metrics/metrics.js'

export interface MetricsServer {
  port: number
  close(): Promise<void>
}

export async function serveMetrics (metrics: HubMetrics, { host, port }: { host: string, port: number }): Promise<MetricsServer> {
  const server = http.createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0]!
    if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      answerError(response, errors.routeNotFound(request.method ?? 'GET', path.slice(0, 200)))
      return
    }
    metrics.text().then(text => {
      response.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' })
      response.end(request.method === 'HEAD' ? undefined : text)
    }, (error: unknown) => answerError(response, errors.internal(error)))
  })
  // A scraper makes one short request; nothing may hold the port open.
  server.requestTimeout = 10_000
  server.headersTimeout = 5_000
  server.listen(port, host)
  await once(server, 'listening')
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>(resolve => server.close(() => resolve()))
    }
  }
}

function answerError (response: http.ServerResponse, error: HubError): void {
  response.writeHead(error.statusCode, { 'content-type': 'application/json; charset=utf-8' })
  response.end(JSON.stringify({ error: error.code, message: error.message }))
}
