/**
 * Google's OAuth 2.0 token endpoint for service accounts, played on https://oauth2.googleapis.com (a
 * loopback address of its own, a certificate for that name from the test authority), answering the
 * JWT bearer grant as "Using OAuth 2.0 for Server to Server Applications"
 * (developers.google.com/identity/protocols/oauth2/service-account) documents: `POST /token` with
 * `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer` and `assertion` = an RS256 JWT whose claims
 * are `iss` (the service account's email), `scope`, `aud` (`https://oauth2.googleapis.com/token`),
 * `exp`, `iat` and, with domain-wide delegation, `sub` (the user impersonated) → 200
 * `{access_token, expires_in, token_type}`. The signature is checked with the service account's public
 * key; the refusals are the ones that page lists: `invalid_grant` "Invalid JWT Signature.", "Invalid
 * JWT: Token must be a short-lived token (60 minutes)…", "Invalid email or User ID";
 * `unauthorized_client` (no domain-wide delegation for the scope); `invalid_scope`. The token itself
 * comes from the test's authorization server, so the SMTP peer can check it.
 */
import { generateKeyPairSync, randomBytes, verify, type KeyObject } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import { misbehaved, type Misbehaviour } from './microsoft-identity.js'
import { startNamedHttpsPeer } from './named-host.js'
import type { OAuthClient, OAuthServer } from './oauth-server.js'

export const GOOGLE_TOKEN_HOST = 'oauth2.googleapis.com'
const AUDIENCE = `https://${GOOGLE_TOKEN_HOST}/token`

export interface ServiceAccount {
  clientEmail: string
  clientId: string
  keyId: string
  publicKey: KeyObject
  /** The key file the admin downloads from the Google Cloud console (JSON). */
  keyFile: string
  /** Domain-wide delegation granted in the Workspace admin console for https://mail.google.com/. */
  delegated: boolean
  /** Its identity at the test's authorization server, where the stand-in mints its tokens. */
  client: OAuthClient
}

/** A service account with a fresh RSA key, as the Cloud console makes one ("Create key" → JSON). */
export function makeServiceAccount (name: string, options: { delegated?: boolean } = {}): ServiceAccount {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const clientEmail = `${name}@hub-project.iam.gserviceaccount.com`
  const clientId = String(100_000_000_000_000_000_000n + BigInt(`0x${randomBytes(6).toString('hex')}`))
  const keyId = randomBytes(20).toString('hex')
  const keyFile = JSON.stringify({
    type: 'service_account',
    project_id: 'hub-project',
    private_key_id: keyId,
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    client_email: clientEmail,
    client_id: clientId,
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: AUDIENCE,
    auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
    client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(clientEmail)}`,
    universe_domain: 'googleapis.com'
  }, null, 2)
  return {
    clientEmail,
    clientId,
    keyId,
    publicKey,
    keyFile,
    delegated: options.delegated ?? true,
    client: { id: clientId, secret: randomBytes(24).toString('base64url'), scope: 'https://mail.google.com/' }
  }
}

export interface GoogleOAuthPeer {
  address: string
  /** Every token request with the assertion's decoded header and claims (when it had them). */
  requests: Array<{ form: URLSearchParams, header?: Record<string, unknown>, claims?: Record<string, unknown> }>
  misbehave: Misbehaviour | undefined
  close(): Promise<void>
}

export async function startGoogleOAuth (options: { oauth: OAuthServer, accounts: ServiceAccount[], mailboxes: string[], misbehave?: Misbehaviour }): Promise<GoogleOAuthPeer> {
  const requests: GoogleOAuthPeer['requests'] = []
  const state: { misbehave: Misbehaviour | undefined } = { misbehave: options.misbehave }
  const hanging = new Set<ServerResponse>()
  const peer = await startNamedHttpsPeer(GOOGLE_TOKEN_HOST, (request, body, response) => {
    const form = new URLSearchParams(body)
    const entry: GoogleOAuthPeer['requests'][number] = { form }
    requests.push(entry)
    if (misbehaved(state.misbehave, response, hanging)) return
    const answer = (status: number, value: unknown): void => {
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache, no-store, max-age=0, must-revalidate' }).end(JSON.stringify(value, null, 2))
    }
    const refuse = (status: number, error: string, description: string): void => answer(status, { error, error_description: description })
    if (request.method !== 'POST' || request.url?.split('?')[0] !== '/token') {
      response.writeHead(404, { 'content-type': 'text/html; charset=UTF-8' }).end('<!DOCTYPE html><html lang=en><title>Error 404 (Not Found)!!1</title></html>')
      return
    }
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
      refuse(400, 'unsupported_grant_type', `Invalid grant_type: ${form.get('grant_type') ?? ''}`)
      return
    }
    const parts = (form.get('assertion') ?? '').split('.')
    const decode = (part: string | undefined): Record<string, unknown> | undefined => {
      try {
        const value: unknown = JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8'))
        return typeof value === 'object' && value !== null ? value as Record<string, unknown> : undefined
      } catch {
        return undefined
      }
    }
    const header = decode(parts[0])
    const claims = decode(parts[1])
    if (parts.length !== 3 || header === undefined || claims === undefined) {
      refuse(400, 'invalid_grant', 'Invalid JWT: Failed to parse the assertion.')
      return
    }
    entry.header = header
    entry.claims = claims
    const account = options.accounts.find(candidate => candidate.clientEmail === claims.iss)
    if (account === undefined) {
      refuse(400, 'invalid_grant', 'Invalid grant: account not found')
      return
    }
    const signed = header.alg === 'RS256' && verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), account.publicKey, Buffer.from(parts[2]!, 'base64url'))
    if (!signed) {
      refuse(400, 'invalid_grant', 'Invalid JWT Signature.')
      return
    }
    const now = Math.floor(Date.now() / 1000)
    const iat = Number(claims.iat)
    const exp = Number(claims.exp)
    if (!Number.isInteger(iat) || !Number.isInteger(exp) || exp - iat > 3600 || exp <= now || iat > now + 300) {
      refuse(400, 'invalid_grant', 'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.')
      return
    }
    if (claims.aud !== AUDIENCE) {
      refuse(400, 'invalid_grant', 'Invalid JWT: Failed audience check.')
      return
    }
    const scopes = String(claims.scope ?? '').split(' ').filter(Boolean)
    if (scopes.length === 0) {
      refuse(400, 'invalid_scope', 'Invalid OAuth scope or ID token audience provided.')
      return
    }
    if (claims.sub !== undefined && (!account.delegated || !scopes.includes('https://mail.google.com/'))) {
      refuse(401, 'unauthorized_client', 'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.')
      return
    }
    if (claims.sub !== undefined && !options.mailboxes.includes(String(claims.sub))) {
      refuse(400, 'invalid_grant', 'Invalid email or User ID')
      return
    }
    options.oauth.clientCredentials(account.client, 'https://mail.google.com/').then(token => {
      answer(200, { access_token: token.access_token, expires_in: token.expires_in, token_type: 'Bearer' })
    }, () => { response.writeHead(500).end() })
  })
  return {
    address: peer.address,
    requests,
    get misbehave () { return state.misbehave },
    set misbehave (value: Misbehaviour | undefined) { state.misbehave = value },
    close: async () => {
      for (const response of hanging) response.destroy()
      await peer.close()
    }
  }
}
