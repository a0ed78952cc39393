/**
 * The one client every plugin reaches the outside world through: names are resolved once, each
 * address is checked against the address policy, the socket connects to the checked address, and
 * every call is bound by the caller's deadline and a response-size cap.
 */
import dns from 'node:dns'
import net, { isIP, type Socket } from 'node:net'
import tls from 'node:tls'
import { Agent, buildConnector, fetch as undiciFetch } from 'undici'
import { refusalReason, type NetworkAllowance } from './address-policy.js'

export type LookupFunction = typeof dns.lookup

export interface OutboundOptions {
  /** What may be reached besides the public internet. */
  allowance: NetworkAllowance
  /** Largest response body a plugin may read, in bytes. */
  maxResponseBytes?: number
  trustedCertificates?: string[] | undefined
  /** Name resolution; replaceable so tests can play a rebinding DNS server. */
  lookup?: LookupFunction
}

/** The address is not one outbound calls may reach. */
export class AddressBlockedError extends Error {
  override name = 'AddressBlockedError'
  readonly code = 'HUB_OUTBOUND_BLOCKED'
  constructor (readonly host: string, readonly reason: string) {
    super(`${host}: ${reason}`)
  }
}

export class ResponseTooLargeError extends Error {
  override name = 'ResponseTooLargeError'
  readonly code = 'HUB_OUTBOUND_TOO_LARGE'
  constructor (readonly limit: number) {
    super(`response larger than ${limit} bytes`)
  }
}

/** A redirect of a request that carries credentials (a header or a body) to another origin: never followed. */
export class RedirectRefusedError extends Error {
  override name = 'RedirectRefusedError'
  readonly code = 'HUB_OUTBOUND_REDIRECT_REFUSED'
  constructor (readonly location: string) {
    super(`refused to follow a redirect with credentials to ${location}`)
  }
}

const nullBodyStatuses = new Set([101, 204, 205, 304])
const redirectStatuses = new Set([301, 302, 303, 307, 308])
const MAX_REDIRECTS = 5
const credentialHeaders = ['authorization', 'cookie', 'proxy-authorization']

export class Outbound {
  /**
   * Trust for outbound TLS with the operator's extra authorities (system roots plus them), built once
   * rather than per connection: a context from the whole root store is costly to build.
   * Undefined when there are no extras (Node's defaults apply).
   */
  readonly secureContext: tls.SecureContext | undefined
  readonly #allow: NetworkAllowance
  readonly #maxResponseBytes: number
  readonly #resolve: LookupFunction
  readonly #agent: Agent

  constructor (options: OutboundOptions) {
    this.#allow = options.allowance
    this.#maxResponseBytes = options.maxResponseBytes ?? 5 * 1024 * 1024
    this.#resolve = options.lookup ?? dns.lookup
    this.secureContext = options.trustedCertificates === undefined
      ? undefined
      : tls.createSecureContext({ ca: [...tls.rootCertificates, ...options.trustedCertificates] })
    const connect = buildConnector({
      lookup: this.#guardedLookup,
      ...(this.secureContext === undefined ? {} : { secureContext: this.secureContext })
    })
    this.#agent = new Agent({
      connect: (options, callback) => {
        const blocked = this.#literalRefusal(options.hostname)
        if (blocked !== undefined) {
          callback(blocked, null)
          return
        }
        connect(options, callback)
      }
    })
  }

  /**
   * Standard fetch through the guard. `signal` is the caller's deadline and is required. Redirects are
   * followed here, hop by hop: one that leaves the origin is refused when the request carries
   * credentials (an Authorization or Cookie header, or a body such as a password grant), so a secret
   * only ever reaches the origin it was sent to.
   */
  async fetch (url: string | URL, init: RequestInit & { signal: AbortSignal }): Promise<Response> {
    let target = new URL(url)
    let request: RequestInit = init
    for (let hop = 0; ; hop++) {
      if (target.protocol !== 'http:' && target.protocol !== 'https:') {
        throw new TypeError(`only http and https URLs can be fetched, not ${target.protocol}`)
      }
      const response = await undiciFetch(target, { ...request, redirect: 'manual', dispatcher: this.#agent } as Parameters<typeof undiciFetch>[1])
      const location = response.headers.get('location')
      if ((init.redirect ?? 'follow') !== 'follow' || !redirectStatuses.has(response.status) || location === null) {
        return this.#limited(response as unknown as Response)
      }
      await response.body?.cancel()
      if (hop === MAX_REDIRECTS) throw new TypeError(`more than ${MAX_REDIRECTS} redirects from ${new URL(url).origin}`)
      const next = new URL(location, target)
      if (next.origin !== target.origin && carriesCredentials(request)) throw new RedirectRefusedError(next.origin)
      request = afterRedirect(request, response.status)
      target = next
    }
  }

  /** The response with its body bounded by the size cap. */
  async #limited (response: Response): Promise<Response> {
    const length = response.headers.get('content-length')
    if (Number(length ?? 0) > this.#maxResponseBytes) {
      await response.body?.cancel()
      throw new ResponseTooLargeError(this.#maxResponseBytes)
    }
    // The parser reads no more than a declared length; a compressed body can unpack to any size.
    const encoding = response.headers.get('content-encoding')
    if (length !== null && (encoding === null || encoding === 'identity')) return response
    const body = response.body === null || nullBodyStatuses.has(response.status)
      ? null
      : (response.body as ReadableStream<Uint8Array>).pipeThrough(byteLimit(this.#maxResponseBytes))
    const limited = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers as Headers })
    Object.defineProperty(limited, 'url', { value: response.url })
    return limited
  }

  /** A TCP socket to host:port through the guard, connected before `signal` aborts. */
  async connect ({ host, port }: { host: string, port: number }, signal: AbortSignal): Promise<Socket> {
    const blocked = this.#literalRefusal(host)
    if (blocked !== undefined) throw blocked
    signal.throwIfAborted()
    return await new Promise<Socket>((resolve, reject) => {
      const socket = net.connect({ host: host.replace(/^\[(.*)\]$/, '$1'), port, lookup: this.#guardedLookup })
      const onAbort = (): void => {
        socket.destroy()
        reject(signal.reason)
      }
      signal.addEventListener('abort', onAbort, { once: true })
      socket.once('connect', () => {
        signal.removeEventListener('abort', onAbort)
        resolve(socket)
      })
      socket.once('error', (error) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      })
    })
  }

  /** Ends every connection at once: what is still open belongs to handlers already past their deadline. */
  async close (): Promise<void> {
    await this.#agent.destroy()
  }

  /**
   * Why the guard refuses `host` when it is a literal address (`10.0.0.1`, `[::1]`), in words; undefined
   * for an address it lets through, and for a host name, which is judged each time it is resolved.
   */
  refusal (host: string): string | undefined {
    const bare = host.replace(/^\[(.*)\]$/, '$1')
    return isIP(bare) === 0 ? undefined : refusalReason(bare, this.#allow)
  }

  #literalRefusal (host: string): AddressBlockedError | undefined {
    const reason = this.refusal(host)
    return reason === undefined ? undefined : new AddressBlockedError(host, reason)
  }

  /** dns.lookup's signature; checks every address a name resolves to before the socket may use one. */
  readonly #guardedLookup = ((hostname: string, options: dns.LookupOptions, callback: (...args: any[]) => void): void => {
    this.#resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error !== null) {
        callback(error)
        return
      }
      const list = addresses as dns.LookupAddress[]
      for (const { address } of list) {
        const reason = refusalReason(address, this.#allow)
        if (reason !== undefined) {
          callback(new AddressBlockedError(hostname, reason))
          return
        }
      }
      if (options.all === true) callback(null, list)
      else callback(null, list[0]!.address, list[0]!.family)
    })
  }) as unknown as LookupFunction
}

function carriesCredentials (request: RequestInit): boolean {
  const headers = new Headers(request.headers as HeadersInit | undefined)
  return request.body !== undefined && request.body !== null ? true : credentialHeaders.some(name => headers.has(name))
}

/** What the next hop sends (the fetch standard): a 303, or a 301/302 after POST, becomes a GET without a body. */
function afterRedirect (request: RequestInit, status: number): RequestInit {
  const method = (request.method ?? 'GET').toUpperCase()
  if (status === 303 ? method === 'HEAD' : !((status === 301 || status === 302) && method === 'POST')) return request
  const headers = new Headers(request.headers as HeadersInit | undefined)
  for (const name of ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']) headers.delete(name)
  const { body: _dropped, ...rest } = request
  return { ...rest, method: 'GET', headers }
}

function byteLimit (limit: number): TransformStream<Uint8Array, Uint8Array> {
  let seen = 0
  return new TransformStream({
    transform (chunk, controller) {
      seen += chunk.byteLength
      if (seen > limit) controller.error(new ResponseTooLargeError(limit))
      else controller.enqueue(chunk)
    }
  })
}
