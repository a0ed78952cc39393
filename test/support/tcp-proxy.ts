/**
 * A TCP proxy a test controls, to cut a client off from a shared server (Redis, PostgreSQL) without
 * stopping the server other tests use.
 */
import net from 'node:net'

export interface TcpProxy {
  /** The local port the proxy listens on (127.0.0.1). */
  readonly port: number
  /** `target` (a URL of the proxied server, credentials and path included) rewritten to go through the proxy. */
  url (target: string): string
  /**
   * Cuts the network: drops every open connection and holds new ones (accepted, never answered), so
   * clients see a silent server, the case only timeouts can detect.
   */
  pause (): void
  /** Heals the network: drops the held connections (their clients redial) and forwards new ones again. */
  resume (): void
  close (): Promise<void>
}

export async function startTcpProxy ({ targetHost, targetPort }: { targetHost: string, targetPort: number }): Promise<TcpProxy> {
  const forwarded = new Set<net.Socket>()
  const held = new Set<net.Socket>()
  let paused = false

  const track = (set: Set<net.Socket>, socket: net.Socket): void => {
    set.add(socket)
    socket.on('error', () => {})
    socket.on('close', () => { set.delete(socket) })
  }

  const server = net.createServer((client) => {
    if (paused) {
      track(held, client)
      return
    }
    const upstream = net.connect({ host: targetHost, port: targetPort })
    track(forwarded, client)
    track(forwarded, upstream)
    // Either side ending or failing ends both, as a real broken path would.
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
    client.pipe(upstream).pipe(client)
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => { resolve() })
  })
  const { port } = server.address() as net.AddressInfo

  const destroyAll = (set: Set<net.Socket>): void => {
    for (const socket of set) socket.destroy()
    set.clear()
  }

  return {
    port,
    url (target) {
      const url = new URL(target)
      url.hostname = '127.0.0.1'
      url.port = String(port)
      return url.toString()
    },
    pause () {
      paused = true
      destroyAll(forwarded)
    },
    resume () {
      paused = false
      destroyAll(held)
    },
    async close () {
      destroyAll(forwarded)
      destroyAll(held)
      await new Promise<void>((resolve) => server.close(() => { resolve() }))
    }
  }
}
