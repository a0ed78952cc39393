/**
 * Playing a well-known host (login.microsoftonline.com, oauth2.googleapis.com) on this machine: a
 * peer listens on that host's real port (443, 587) of a loopback address of its own, 127.x.y.z, so
 * test files running at the same time never collide, and the hub's `lookup` resolves the name to it.
 * Nothing leaves loopback.
 */
import dns from 'node:dns'
import { randomInt } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import https from 'node:https'
import type { Server } from 'node:net'
import type { LookupFunction } from '../../../core/security/outbound.js'
import { serverCertificate } from './certificates.js'

/** Listens on `port` of a fresh 127.x.y.z address (never 127.0.0.1) and returns that address. */
export async function listenOnOwnLoopback (server: Server, port: number): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const address = `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject)
        server.listen(port, address, () => {
          server.off('error', reject)
          resolve()
        })
      })
      return address
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt === 20) throw error
    }
  }
}

/** A name resolution for the hub: `names` resolve to their addresses, anything else as the system resolves it. */
export function lookupFor (names: Record<string, string>): LookupFunction {
  return ((hostname: string, options: dns.LookupOptions, callback: (error: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void) => {
    const address = names[hostname.toLowerCase()]
    if (address === undefined) {
      dns.lookup(hostname, options as dns.LookupAllOptions, callback as never)
      return
    }
    if (options.all === true) callback(null, [{ address, family: 4 }])
    else callback(null, address, 4)
  }) as unknown as LookupFunction
}

export interface NamedHttpsPeer {
  /** The loopback address the name resolves to: hand `{ [name]: address }` to `lookupFor`. */
  address: string
  close(): Promise<void>
}

/** An https server that is `hostName` (a certificate for it from the test authority) on its real port. */
export async function startNamedHttpsPeer (hostName: string, handler: (request: IncomingMessage, body: string, response: ServerResponse) => void, port = 443): Promise<NamedHttpsPeer> {
  const { key, cert } = await serverCertificate([hostName])
  const server = https.createServer({ key, cert }, (request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => handler(request, Buffer.concat(chunks).toString('utf8'), response))
  })
  const address = await listenOnOwnLoopback(server, port)
  return {
    address,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>(resolve => server.close(() => resolve()))
    }
  }
}
