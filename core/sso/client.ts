/**
 * The hub as an OpenID Connect client (openid-client v6): discovery of a workspace's provider through
 * the hub's guarded `fetch`. The connection test and the sign-in routes both start here, so they talk
 * to the provider alike.
 */
import { createHash } from 'node:crypto'
import { allowInsecureRequests, customFetch, discovery, enableNonRepudiationChecks, type Configuration, type CustomFetch } from 'openid-client'
import { issuerOf, type SsoSettings } from './settings.js'

/** `fetch` as openid-client calls it, plus the deadline of each request. */
export type ProviderFetch = (url: string, init: RequestInit & { signal: AbortSignal }) => Promise<Response>

/**
 * Fetches the provider's discovery document (the issuer must match exactly) and returns the
 * client configuration. Every request of that configuration goes through `fetch`; plain http is
 * allowed only for an http issuer (a local test provider), never silently for https ones.
 */
export async function discoverProvider (settings: SsoSettings, fetch: ProviderFetch, timeoutSeconds: number): Promise<Configuration> {
  const issuer = issuerOf(settings)
  const viaHub: CustomFetch = async (url, options) => await fetch(url, {
    ...options,
    body: options.body as BodyInit | undefined,
    signal: options.signal ?? AbortSignal.timeout(timeoutSeconds * 1000)
  })
  return await discovery(issuer, settings.clientId, settings.clientSecret, undefined, {
    [customFetch]: viaHub,
    timeout: timeoutSeconds,
    // ID tokens are checked against the provider's published keys whatever the transport, so one
    // forged or altered on the way (or unsigned, `alg: none`) is refused.
    execute: issuer.protocol === 'http:' ? [allowInsecureRequests, enableNonRepudiationChecks] : [enableNonRepudiationChecks]
  })
}

const CACHE_TTL_MS = 5 * 60 * 1000

/**
 * Discovery results for the login routes, kept a few minutes. The key holds every setting discovery
 * depends on (the secret as a hash), so a changed config is discovered afresh; a failed discovery
 * is not kept.
 */
export class ProviderCache {
  readonly #entries = new Map<string, { expires: number, configuration: Promise<Configuration> }>()

  constructor (private readonly discover: (settings: SsoSettings) => Promise<Configuration>) {}

  async get (settings: SsoSettings): Promise<Configuration> {
    const key = cacheKey(settings)
    const now = Date.now()
    for (const [stale, entry] of this.#entries) if (entry.expires <= now) this.#entries.delete(stale)
    const cached = this.#entries.get(key)
    if (cached !== undefined) return await cached.configuration
    const configuration = this.discover(settings)
    this.#entries.set(key, { expires: now + CACHE_TTL_MS, configuration })
    configuration.catch(() => {
      if (this.#entries.get(key)?.configuration === configuration) this.#entries.delete(key)
    })
    return await configuration
  }
}

function cacheKey (settings: SsoSettings): string {
  const secret = createHash('sha256').update(settings.clientSecret).digest('base64url')
  return JSON.stringify([issuerOf(settings).href, settings.clientId, secret])
}
