/**
 * The service the beacon fixture plugin talks to: 200 for `Bearer good-token` (another token can be
 * set), 401 otherwise; `/ping` echoes its body. Every request is recorded, so a test can say which
 * secret reached which server.
 */
import { startHttpPeer, type HttpPeer } from './http-peer.js'

export interface BeaconPeer extends HttpPeer {
  /** The Authorization headers it received, in order. */
  authorizations(): string[]
}

export async function startBeaconPeer (token = 'good-token'): Promise<BeaconPeer> {
  const peer = await startHttpPeer(({ method, path, headers, body }) => {
    if (headers.authorization !== `Bearer ${token}`) return { status: 401, body: 'no' }
    if (method === 'POST' && path === '/ping') return { status: 200, headers: { 'content-type': 'text/plain' }, body }
    return { status: 200, body: 'ok' }
  })
  return { ...peer, authorizations: () => peer.requests.map(request => request.headers.authorization ?? '') }
}
