/**
 * The hub as an OpenID Connect client (openid-client v6): the SSO integration's settings, where
 * its provider lives, and discovery through the hub's guarded `fetch`. The SSO plugin's connection
 * test and the login routes (routes/sso.ts) both start here, so they talk to the provider alike.
 */
import { createHash } from 'node:crypto'
import { allowInsecureRequests, customFetch, discovery, type Configuration, type CustomFetch } from 'openid-client'

/** The stored settings of the `sso` integration (plugins/sso/index.ts declares them). */
export interface SsoSettings {
  provider: 'auth0' | 'oidc'
  /** Auth0 tenant domain, e.g. `yourtenant.us.auth0.com`. */
  domain?: string
  /** Any other provider's issuer URL. */
  issuer?: string
  /** Auth0 API identifier sent with the client-credentials check. */
  audience?: string
  clientId: string
  clientSecret: string
  enabled: boolean
  scopes?: string[]
  /** Emails or subjects of the people who may administer the hub. */
  admins?: string[]
}

/** `fetch` as openid-client calls it, plus the deadline of each request. */
export type ProviderFetch = (url: string, init: RequestInit & { signal: AbortSignal }) => Promise<Response>

export const DEFAULT_SCOPES = ['openid', 'email', 'profile']

/** The issuer the provider must name in its discovery document: Auth0's is `https://{domain}/`. */
export function issuerOf (settings: Pick<SsoSettings, 'provider' | 'domain' | 'issuer'>): URL {
  return new URL(settings.provider === 'auth0' ? `https://${settings.domain ?? ''}/` : settings.issuer ?? '')
}

/** The scopes to ask for; `openid` is always among them, or there is no ID token. */
export function scopeOf (settings: Pick<SsoSettings, 'scopes'>): string {
  return [...new Set(['openid', ...(settings.scopes ?? DEFAULT_SCOPES)])].join(' ')
}

/** Whether `subjectOrEmail` names someone the settings make an administrator (emails compare case-blind). */
export function isAdministrator (settings: Pick<SsoSettings, 'admins'>, who: { sub: string, email?: string | undefined }): boolean {
  const admins = new Set((settings.admins ?? []).map(entry => entry.trim().toLowerCase()).filter(Boolean))
  return admins.has(who.sub.toLowerCase()) || (who.email !== undefined && admins.has(who.email.toLowerCase()))
}

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
    ...(issuer.protocol === 'http:' ? { execute: [allowInsecureRequests] } : {})
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
