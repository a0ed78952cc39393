/**
 * A webhook receiver of the tests' own: a local HTTP server that checks every delivery the way a
 * host platform would, with the `standardwebhooks` package's `Webhook(secret).verify(body, headers)`,
 * records what came, and answers what the test says (a status, with headers; or nothing at all).
 * It can go away (connections refused) and come back on the same port.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { Webhook } from 'standardwebhooks'

export interface Delivery {
  headers: http.IncomingHttpHeaders
  body: string
  /** What `verify` returned (the parsed payload), or undefined when it threw. */
  payload: any
  /** Why `verify` threw, when it did. */
  refused?: string
}

export interface ReceiverAnswer {
  status: number
  headers?: Record<string, string>
}

export interface Receiver {
  /** `http://127.0.0.1:PORT/hook` */
  url: string
  /** The secret every delivery is verified with (set it from the 201 of the PUT). */
  secret: string
  deliveries: Delivery[]
  /** Deliveries that verified. */
  verified(): Delivery[]
  /** Decides the answer to each request; undefined keeps the connection open without a word. */
  answer: (delivery: Delivery) => ReceiverAnswer | undefined
  /** Stops listening: connections are refused until `start()`. */
  stop(): Promise<void>
  start(): Promise<void>
  close(): Promise<void>
}

export async function startReceiver (): Promise<Receiver> {
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const delivery: Delivery = { headers: request.headers, body, payload: undefined }
      try {
        delivery.payload = new Webhook(receiver.secret).verify(body, request.headers as Record<string, string>)
      } catch (error) {
        delivery.refused = (error as Error).message
      }
      receiver.deliveries.push(delivery)
      const reply = receiver.answer(delivery)
      if (reply !== undefined) response.writeHead(reply.status, reply.headers).end()
    })
  })
  const listen = async (port: number): Promise<number> => await new Promise<number>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject)
      resolve((server.address() as AddressInfo).port)
    })
  })
  const stop = async (): Promise<void> => {
    if (!server.listening) return
    server.closeAllConnections()
    await new Promise<void>(resolve => server.close(() => resolve()))
  }
  const port = await listen(0)
  const receiver: Receiver = {
    url: `http://127.0.0.1:${port}/hook`,
    // Until the test sets the real one: a valid key that verifies nothing the hub signs.
    secret: `whsec_${Buffer.alloc(32, 1).toString('base64')}`,
    deliveries: [],
    verified: () => receiver.deliveries.filter(delivery => delivery.refused === undefined),
    answer: () => ({ status: 204 }),
    stop,
    start: async () => { if (!server.listening) await listen(port) },
    close: stop
  }
  return receiver
}
