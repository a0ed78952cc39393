/**
 * A local OpenID provider: oidc-provider 8.8 on 127.0.0.1 with its development login and consent
 * pages (any login name, any password), two static clients and PKCE required. Sources: the
 * oidc-provider 8.x configuration documentation (clients, findAccount, claims, pkce,
 * features.devInteractions, features.clientCredentials, features.rpInitiatedLogout).
 */
import { generateKeyPairSync } from 'node:crypto'
import http from 'node:http'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import Provider, { type Configuration } from 'oidc-provider'
import { testCertificates } from './certificates.js'

export interface OidcAccount {
  /** Left out: the provider sends no email. */
  email?: string
  name: string
  /** `email_verified` as sent: true by default; any value (false, "false", null) or `'absent'` to leave it out. */
  emailVerified?: unknown
  /** More claims (groups, org_id…), sent as they are. */
  claims?: Record<string, unknown>
}

export interface OidcPeerOptions {
  /** The hub's callback URL(s) the clients may redirect to. */
  redirectUris?: string[]
  /** Accounts by login name (the dev login page accepts any password). */
  accounts?: Record<string, OidcAccount>
  /** Host name in the issuer it announces: `localhost` plays a provider whose issuer does not match its address. */
  issuerHost?: string
  /** Where RP-initiated logout may send the browser back (post_logout_redirect_uris). */
  postLogoutRedirectUris?: string[]
  /** Put every claim of the granted scopes into the ID token (as Auth0 does with org_id), not only into userinfo. */
  claimsInIdToken?: boolean
  /**
   * Alter the ID token on its way out of the token endpoint, as an attacker between provider and hub
   * would: flip a byte of its signature, or re-issue it unsigned (`alg: none`).
   */
  tamperIdToken?: 'signature' | 'alg-none'
}

export interface OidcPeer {
  /** `http://127.0.0.1:PORT`: where it listens, and (unless `issuerHost` says otherwise) its issuer. */
  url: string
  issuer: string
  /** May use the authorization-code and client-credentials grants. */
  client: { id: string, secret: string }
  /** Authorization code only: it authenticates at the token endpoint but may not use client credentials. */
  codeOnlyClient: { id: string, secret: string }
  /** Errors the provider raised while answering, for a failing test to show. */
  errors: Error[]
  close(): Promise<void>
}

export const defaultAccounts: Record<string, OidcAccount> = {
  ada: { email: 'ada@example.com', name: 'Ada Lovelace' },
  bob: { email: 'bob@example.com', name: 'Bob Builder' }
}

const client = { id: 'hub-client', secret: 'hub-client-secret-0123456789' }
const codeOnlyClient = { id: 'hub-code-only', secret: 'hub-code-only-secret-0123456789' }

/** oidc-provider announces its development-only shortcuts on the console; a test peer uses them on purpose. */
function silenceProviderNotices (): void {
  for (const level of ['info', 'warn'] as const) {
    const original = console[level]
    if ((original as { quiet?: boolean }).quiet === true) continue
    const quiet = Object.assign((...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].includes('oidc-provider ')) return
      original(...args)
    }, { quiet: true })
    console[level] = quiet
  }
}

/** One signing key per test process: generating RSA keys is slow, and the peers need not differ in it. */
let signingKey: Record<string, unknown> | undefined

export async function startOidcPeer (options: OidcPeerOptions = {}): Promise<OidcPeer> {
  silenceProviderNotices()
  const accounts = options.accounts ?? defaultAccounts
  const server = http.createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const url = `http://127.0.0.1:${port}`
  const issuer = `http://${options.issuerHost ?? '127.0.0.1'}:${port}`

  signingKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' })
  const redirectUris = options.redirectUris ?? ['http://127.0.0.1/auth/callback']
  const configuration: Configuration = {
    clients: [
      {
        client_id: client.id,
        client_secret: client.secret,
        grant_types: ['authorization_code', 'client_credentials'],
        response_types: ['code'],
        redirect_uris: redirectUris,
        ...(options.postLogoutRedirectUris === undefined ? {} : { post_logout_redirect_uris: options.postLogoutRedirectUris }),
        token_endpoint_auth_method: 'client_secret_post'
      },
      {
        client_id: codeOnlyClient.id,
        client_secret: codeOnlyClient.secret,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: redirectUris,
        token_endpoint_auth_method: 'client_secret_post'
      }
    ],
    async findAccount (_ctx, id) {
      const account = accounts[id]
      if (account === undefined) return undefined
      return {
        accountId: id,
        async claims () {
          const verified = account.emailVerified ?? true
          return {
            sub: id,
            ...(account.email === undefined ? {} : { email: account.email }),
            ...(verified === 'absent' || account.email === undefined ? {} : { email_verified: verified }),
            name: account.name,
            ...account.claims
          }
        }
      }
    },
    claims: { openid: ['sub', 'org_id'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups', 'roles'] },
    conformIdTokenClaims: options.claimsInIdToken !== true,
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      rpInitiatedLogout: { enabled: true }
    },
    pkce: { methods: ['S256'], required: () => true },
    cookies: { keys: ['oidc-peer-cookie-key-0123456789'] },
    jwks: { keys: [{ ...signingKey, kid: 'peer-signing-key', use: 'sig', alg: 'RS256' }] }
  }
  const provider = new Provider(issuer, configuration)
  const errors: Error[] = []
  provider.on('server_error', (_ctx: unknown, error: Error) => errors.push(error))
  const callback = provider.callback()
  server.on('request', (request, response) => {
    if (options.tamperIdToken !== undefined && request.method === 'POST' && request.url?.startsWith('/token') === true) tamperTokenResponse(response, options.tamperIdToken)
    callback(request, response)
  })

  return {
    url,
    issuer,
    client,
    codeOnlyClient,
    errors,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>(resolve => server.close(() => resolve()))
    }
  }
}

/** Rewrites the ID token in a token response as it is written. */
function tamperTokenResponse (response: http.ServerResponse, how: 'signature' | 'alg-none'): void {
  const end = response.end.bind(response) as (...args: unknown[]) => http.ServerResponse
  response.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (typeof chunk !== 'string' && !Buffer.isBuffer(chunk)) return end(chunk, ...rest)
    const body = JSON.parse(chunk.toString()) as { id_token?: string }
    if (body.id_token !== undefined) {
      const [header, payload, signature] = body.id_token.split('.') as [string, string, string]
      body.id_token = how === 'signature'
        ? `${header}.${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`
        : `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`
    }
    const text = JSON.stringify(body)
    response.setHeader('content-length', Buffer.byteLength(text))
    return end(text, ...rest)
  }) as typeof response.end
}

export interface Auth0Peer {
  /** What the hub's Domain field takes: `127.0.0.1:PORT`. */
  domain: string
  /** The authority its certificate chains to: give it to the hub as a trusted certificate. */
  ca: string
  client: { id: string, secret: string }
  audience: string
  /** Form bodies the token endpoint received. */
  tokenRequests: URLSearchParams[]
  close(): Promise<void>
}

/**
 * An Auth0 tenant's discovery document and token endpoint over https, answering the
 * client-credentials grant as Auth0 does (issue reports): a wrong Client ID or secret is
 * 401 `access_denied` "Unauthorized", a known client without an audience or without a grant for
 * it is 403 `access_denied`.
 */
export async function startAuth0Peer (): Promise<Auth0Peer> {
  const { key, cert, ca } = await testCertificates()
  const client = { id: 'auth0-client-id', secret: 'auth0-client-secret-0123456789' }
  const audience = 'https://api.example.com'
  const tokenRequests: URLSearchParams[] = []
  const server = https.createServer({ key, cert }, (request, response) => {
    const issuer = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`
    const answer = (status: number, body: unknown): void => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
    }
    if (request.method === 'GET' && request.url === '/.well-known/openid-configuration') {
      answer(200, {
        issuer,
        authorization_endpoint: `${issuer}authorize`,
        token_endpoint: `${issuer}oauth/token`,
        userinfo_endpoint: `${issuer}userinfo`,
        jwks_uri: `${issuer}.well-known/jwks.json`,
        end_session_endpoint: `${issuer}oidc/logout`,
        response_types_supported: ['code'],
        code_challenge_methods_supported: ['S256', 'plain'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post']
      })
      return
    }
    if (request.method === 'POST' && request.url === '/oauth/token') {
      let body = ''
      request.setEncoding('utf8')
      request.on('data', (chunk: string) => { body += chunk })
      request.on('end', () => {
        const form = new URLSearchParams(body)
        tokenRequests.push(form)
        if (form.get('client_id') !== client.id || form.get('client_secret') !== client.secret) {
          answer(401, { error: 'access_denied', error_description: 'Unauthorized' })
        } else if (form.get('audience') === null) {
          answer(403, { error: 'access_denied', error_description: 'No audience parameter was provided, and no default audience has been configured' })
        } else if (form.get('audience') !== audience) {
          answer(403, { error: 'access_denied', error_description: `Client is not authorized to access "${form.get('audience')}".` })
        } else {
          answer(200, { access_token: 'auth0-access-token', token_type: 'Bearer', expires_in: 86400 })
        }
      })
      return
    }
    answer(404, { error: 'not_found' })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return {
    domain: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    ca,
    client,
    audience,
    tokenRequests,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>(resolve => server.close(() => resolve()))
    }
  }
}

/**
 * A user agent for headless sign-ins: a cookie jar (by name and path: every peer listens on
 * 127.0.0.1, and browsers do not tell cookies apart by port), redirects followed by hand.
 */
export class Browser {
  readonly #cookies = new Map<string, { name: string, value: string, path: string }>()

  cookie (name: string): string | undefined {
    return [...this.#cookies.values()].find(cookie => cookie.name === name)?.value
  }

  async request (url: string | URL, init: { method?: string, form?: Record<string, string>, headers?: Record<string, string> } = {}): Promise<Response> {
    const target = new URL(url)
    const cookie = [...this.#cookies.values()]
      .filter(({ path }) => target.pathname === path || target.pathname.startsWith(path.endsWith('/') ? path : `${path}/`))
      .map(({ name, value }) => `${name}=${value}`)
      .join('; ')
    const response = await fetch(target, {
      method: init.method ?? (init.form === undefined ? 'GET' : 'POST'),
      redirect: 'manual',
      headers: {
        ...(cookie === '' ? {} : { cookie }),
        ...(init.form === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
        ...init.headers
      },
      ...(init.form === undefined ? {} : { body: new URLSearchParams(init.form).toString() })
    })
    for (const line of response.headers.getSetCookie()) this.#keep(line)
    return response
  }

  /** Requests `url` and follows redirects until a page, or until the next address satisfies `stopAt`. */
  async follow (url: string | URL, stopAt: (next: URL) => boolean, init: { form?: Record<string, string> } = {}): Promise<{ url: URL, response: Response }> {
    let current = new URL(url)
    let response = await this.request(current, init)
    for (let hops = 0; hops < 20; hops++) {
      const location = response.headers.get('location')
      if (response.status < 300 || response.status >= 400 || location === null) return { url: current, response }
      await response.body?.cancel()
      current = new URL(location, current)
      if (stopAt(current)) return { url: current, response }
      response = await this.request(current)
    }
    throw new Error(`too many redirects, last at ${current.href}`)
  }

  #keep (line: string): void {
    const [pair = '', ...attributes] = line.split(';').map(part => part.trim())
    const separator = pair.indexOf('=')
    const name = pair.slice(0, separator)
    const value = pair.slice(separator + 1)
    const attribute = (key: string): string | undefined =>
      attributes.find(item => item.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1)
    const path = attribute('path') ?? '/'
    const maxAge = attribute('max-age')
    const expires = attribute('expires')
    const gone = value === '' || (maxAge !== undefined && Number(maxAge) <= 0) || (expires !== undefined && Date.parse(expires) <= Date.now())
    if (gone) this.#cookies.delete(`${name};${path}`)
    else this.#cookies.set(`${name};${path}`, { name, value, path })
  }
}

/**
 * Goes through the peer's login and consent pages as `login` (any password) from the
 * authorization URL on, and returns the address the provider sends the browser back to.
 */
export async function passProviderPages (browser: Browser, authorizationUrl: string, login: string, isCallback: (next: URL) => boolean): Promise<URL> {
  let { url, response } = await browser.follow(authorizationUrl, isCallback)
  for (let page = 0; page < 4; page++) {
    if (isCallback(url)) return url
    const html = await response.text()
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1]
    if (action === undefined) throw new Error(`no form on ${url.href} (HTTP ${response.status}): ${html.slice(0, 500)}`)
    const form: Record<string, string> = html.includes('name="login"') ? { prompt: 'login', login, password: 'any password' } : { prompt: 'consent' }
    ;({ url, response } = await browser.follow(new URL(action, url), isCallback, { form }))
  }
  throw new Error(`the provider did not send the browser back; last page ${url.href}`)
}
