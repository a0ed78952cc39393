/**
 * The one client every plugin reaches the outside world through: names are resolved once, each
 * address is checked against the address policy, the socket connects to the checked address, and
 * every call is bound by the caller's deadline and a response-size cap.
 */
import dns from 'node:dns'
import net, { isIP, type Socket } from 'node:net'
import tls from 'node:tls'
import { Agent, buildConnector, fetch as undiciFetch } from 'undici'
import { refusalReason, type AllowPrivate } from './address-policy.js'

export type LookupFunction = typeof dns.lookup

export interface OutboundOptions {
  allowPrivateNetwork: AllowPrivate
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

const nullBodyStatuses = new Set([101, 204, 205, 304])

export class Outbound {
  /**
   * Trust for outbound TLS with the operator's extra authorities (system roots plus them), built once:
   * a TLS context made from ~140 certificates per connection costs tens of milliseconds.
   * Undefined when there are no extras (Node's defaults apply).
   */
  readonly secureContext: tls.SecureContext | undefined
  readonly #allow: AllowPrivate
  readonly #maxResponseBytes: number
  readonly #resolve: LookupFunction
  readonly #agent: Agent

  constructor (options: OutboundOptions) {
    this.#allow = options.allowPrivateNetwork
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

  /** Standard fetch through the guard. `signal` is the caller's deadline and is required. */
  async fetch (url: string | URL, init: RequestInit & { signal: AbortSignal }): Promise<Response> {
    const target = new URL(url)
    if (target.protocol !== 'http:' && target.protocol !== 'https:') {
      throw new TypeError(`only http and https URLs can be fetched, not ${target.protocol}`)
    }
    const response = await undiciFetch(target, { ...init, dispatcher: this.#agent } as Parameters<typeof undiciFetch>[1])
    const declared = Number(response.headers.get('content-length') ?? 0)
    if (declared > this.#maxResponseBytes) {
      await response.body?.cancel()
      throw new ResponseTooLargeError(this.#maxResponseBytes)
    }
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

  #literalRefusal (host: string): AddressBlockedError | undefined {
    const bare = host.replace(/^\[(.*)\]$/, '$1')
    if (isIP(bare) === 0) return undefined
    const reason = refusalReason(bare, this.#allow)
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
