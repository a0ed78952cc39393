/**
 * The plumbing every HTTP stand-in shares: a server on 127.0.0.1 that records each request and
 * answers what the peer's logic says, or never answers (a remote that accepts and then hangs).
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface RecordedRequest {
  method: string
  /** Path with query string. */
  path: string
  headers: http.IncomingHttpHeaders
  body: string
}

export interface PeerAnswer {
  status: number
  headers?: Record<string, string>
  body?: string
}

export interface HttpPeer {
  /** `http://127.0.0.1:PORT` */
  url: string
  requests: RecordedRequest[]
  close(): Promise<void>
}

/** `answer` returns what to send, or `undefined` to keep the connection open without a word. */
export async function startHttpPeer (answer: (request: RecordedRequest) => PeerAnswer | undefined): Promise<HttpPeer> {
  const requests: RecordedRequest[] = []
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const recorded = { method: request.method ?? 'GET', path: request.url ?? '/', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') }
      requests.push(recorded)
      const reply = answer(recorded)
      if (reply !== undefined) response.writeHead(reply.status, reply.headers).end(reply.body)
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>(resolve => server.close(() => resolve()))
    }
  }
}
