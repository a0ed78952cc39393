/**
 * An OAuth 2.0 authorization server for mail: oidc-provider 8.8 over https on 127.0.0.1, issuing
 * opaque access tokens by the client-credentials grant (RFC 6749 §4.4) and answering token
 * introspection (RFC 7662) and revocation (RFC 7009). The SMTP peer checks every XOAUTH2 token
 * through its introspection endpoint, and the Microsoft and Google stand-ins mint their tokens here,
 * so a token the hub did not really obtain is refused. Sources: the oidc-provider 8.x configuration
 * documentation (clients, scopes, ttl.ClientCredentials, features.clientCredentials,
 * features.introspection, features.revocation, the grant.success / grant.error events).
 */
import { generateKeyPairSync } from 'node:crypto'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import Provider, { type Configuration } from 'oidc-provider'
import { Agent, fetch } from 'undici'
import { testCertificates } from './certificates.js'

export interface OAuthClient {
  id: string
  secret: string
  /** Scopes it may ask for (space-separated); default `smtp.send`. */
  scope?: string
}

export interface OAuthServerOptions {
  /** The applications that may use the client-credentials grant; default one, `smtp-app`. */
  clients?: OAuthClient[]
  /** Lifetime of the access tokens it issues, in seconds (default 3600). */
  tokenLifetimeSeconds?: number
}

export interface TokenRequest {
  clientId: string | undefined
  ok: boolean
  /** The OAuth error code of a refused request. */
  error?: string
}

export interface Introspection {
  active: boolean
  client_id?: string
  exp?: number
  scope?: string
}

export interface OAuthServer {
  issuer: string
  /** `https://127.0.0.1:PORT/token` */
  tokenUrl: string
  /** The first client (the generic application). */
  client: OAuthClient
  /** Every token request, in order. */
  tokenRequests: TokenRequest[]
  /** Lifetime of the tokens issued from now on, in seconds. */
  tokenLifetimeSeconds: number
  /** What the introspection endpoint says about a token (asked as the SMTP server, a resource server). */
  introspect(token: string): Promise<Introspection>
  /** Revokes a token at the revocation endpoint, as the application it was issued to. */
  revoke(token: string): Promise<void>
  /** Asks for a token by client credentials, as a Microsoft or Google stand-in does for the app it checked. */
  clientCredentials(client: OAuthClient, scope?: string): Promise<{ access_token: string, expires_in: number }>
  close(): Promise<void>
}

/** The resource server's own credentials, for introspection. */
const resourceServer = { id: 'smtp-resource-server', secret: 'smtp-resource-server-secret-0123456789' }
export const defaultOAuthClient: OAuthClient = { id: 'smtp-app', secret: 'smtp-app-secret-0123456789', scope: 'smtp.send' }

let signingKey: Record<string, unknown> | undefined

/** oidc-provider announces its development-only defaults on the console; a test peer means them. */
function silenceProviderNotices (): void {
  for (const level of ['info', 'warn'] as const) {
    const original = console[level]
    if ((original as { quiet?: boolean }).quiet === true) continue
    console[level] = Object.assign((...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].includes('oidc-provider ')) return
      original(...args)
    }, { quiet: true })
  }
}

export async function startOAuthServer (options: OAuthServerOptions = {}): Promise<OAuthServer> {
  silenceProviderNotices()
  const { key, cert, ca } = await testCertificates()
  const clients = options.clients ?? [defaultOAuthClient]
  const server = https.createServer({ key, cert })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const issuer = `https://127.0.0.1:${(server.address() as AddressInfo).port}`
  signingKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' })

  const state = { tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600 }
  const configuration: Configuration = {
    clients: [
      ...clients.map(client => ({
        client_id: client.id,
        client_secret: client.secret,
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        scope: client.scope ?? 'smtp.send',
        token_endpoint_auth_method: 'client_secret_basic'
      })),
      {
        client_id: resourceServer.id,
        client_secret: resourceServer.secret,
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        token_endpoint_auth_method: 'client_secret_basic'
      }
    ],
    scopes: ['smtp.send', 'smtp.admin', 'https://outlook.office365.com/.default', 'https://mail.google.com/'],
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true }
    },
    ttl: { ClientCredentials: () => state.tokenLifetimeSeconds },
    cookies: { keys: ['oauth-server-cookie-key-0123456789'] },
    jwks: { keys: [{ ...signingKey, kid: 'oauth-server-key', use: 'sig', alg: 'RS256' }] }
  }
  const provider = new Provider(issuer, configuration)
  const tokenRequests: TokenRequest[] = []
  const clientOf = (ctx: unknown): string | undefined => (ctx as { oidc?: { client?: { clientId?: string } } }).oidc?.client?.clientId
  const bodyClient = (ctx: unknown): string | undefined => {
    const body = (ctx as { oidc?: { body?: Record<string, unknown> } }).oidc?.body
    return typeof body?.client_id === 'string' ? body.client_id : undefined
  }
  provider.on('grant.success', (ctx: unknown) => { tokenRequests.push({ clientId: clientOf(ctx), ok: true }) })
  provider.on('grant.error', (ctx: unknown, error: { error?: string }) => {
    tokenRequests.push({ clientId: clientOf(ctx) ?? bodyClient(ctx), ok: false, ...(error.error === undefined ? {} : { error: error.error }) })
  })
  server.on('request', provider.callback())

  const agent = new Agent({ connect: { ca } })
  const basic = (client: { id: string, secret: string }): string =>
    `Basic ${Buffer.from(`${encodeURIComponent(client.id)}:${encodeURIComponent(client.secret)}`).toString('base64')}`
  const post = async (path: string, client: { id: string, secret: string }, form: Record<string, string>) => await fetch(`${issuer}${path}`, {
    method: 'POST',
    headers: { authorization: basic(client), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
    dispatcher: agent
  })
  const introspect = async (token: string): Promise<Introspection> => {
    const response = await post('/token/introspection', resourceServer, { token })
    return await response.json() as Introspection
  }

  return {
    issuer,
    tokenUrl: `${issuer}/token`,
    client: clients[0]!,
    tokenRequests,
    get tokenLifetimeSeconds () { return state.tokenLifetimeSeconds },
    set tokenLifetimeSeconds (seconds: number) { state.tokenLifetimeSeconds = seconds },
    introspect,
    async revoke (token) {
      const known = await introspect(token)
      const client = clients.find(candidate => candidate.id === known.client_id)
      if (client === undefined) throw new Error('the token belongs to no known client')
      const response = await post('/token/revocation', client, { token })
      if (!response.ok) throw new Error(`revocation answered ${response.status}`)
    },
    async clientCredentials (client, scope) {
      const response = await post('/token', client, scope === undefined ? { grant_type: 'client_credentials' } : { grant_type: 'client_credentials', scope })
      const body = await response.json() as { access_token?: string, expires_in?: number, error?: string }
      if (body.access_token === undefined) throw new Error(`the authorization server refused the stand-in's request: ${body.error ?? response.status}`)
      return { access_token: body.access_token, expires_in: body.expires_in ?? state.tokenLifetimeSeconds }
    },
    close: async () => {
      server.closeAllConnections()
      await agent.close()
      await new Promise<void>(resolve => server.close(() => resolve()))
    }
  }
}
