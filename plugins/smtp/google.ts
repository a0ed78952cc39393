/**
 * Google Workspace: a service account with domain-wide delegation signs in as the sender's mailbox.
 * "Using OAuth 2.0 for Server to Server Applications" (developers.google.com/identity/protocols/oauth2/
 * service-account): an RS256 JWT with `iss` (the service account), `sub` (the user), `scope`, `aud`
 * (`https://oauth2.googleapis.com/token`), `iat` and `exp` (at most an hour later), posted as a JWT
 * bearer grant (RFC 7523) to that address. Signed here with node:crypto.
 */
import { createPrivateKey, sign, type KeyObject } from 'node:crypto'
import type { IntegrationContext } from 'integration-hub/plugin'
import type { OAuthRefusal, TokenRequest } from './oauth.js'

const TOKEN_URL = 'https://oauth2.googleapis.com/token'
export const GOOGLE_SCOPE = 'https://mail.google.com/'
const ASSERTION_LIFETIME_S = 3600

interface ServiceAccountKey {
  clientEmail: string
  keyId: string | undefined
  privateKey: KeyObject
}

/** The key file's fields the grant needs, or GOOGLE_KEY_INVALID naming what is wrong. */
function readKey (text: string, ctx: IntegrationContext): ServiceAccountKey {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw ctx.fail('GOOGLE_KEY_INVALID', { detail: 'It is not JSON: paste the whole key file the Google Cloud console downloaded.' })
  }
  const key = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>
  if (key.type !== 'service_account' || typeof key.client_email !== 'string' || typeof key.private_key !== 'string') {
    throw ctx.fail('GOOGLE_KEY_INVALID', { detail: 'A service account key has "type": "service_account", a "client_email" and a "private_key".' })
  }
  try {
    return {
      clientEmail: key.client_email,
      keyId: typeof key.private_key_id === 'string' ? key.private_key_id : undefined,
      privateKey: createPrivateKey(key.private_key)
    }
  } catch {
    throw ctx.fail('GOOGLE_KEY_INVALID', { detail: 'Its "private_key" is not a readable private key.' })
  }
}

const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url')

export function googleTokenRequest (config: { serviceAccountKey: string, email: string }, ctx: IntegrationContext): TokenRequest {
  const key = readKey(config.serviceAccountKey, ctx)
  const iat = Math.floor(Date.now() / 1000)
  const header = { alg: 'RS256', typ: 'JWT', ...(key.keyId === undefined ? {} : { kid: key.keyId }) }
  const claims = { iss: key.clientEmail, sub: config.email, scope: GOOGLE_SCOPE, aud: TOKEN_URL, iat, exp: iat + ASSERTION_LIFETIME_S }
  const signingInput = `${base64url(header)}.${base64url(claims)}`
  const signature = sign('sha256', Buffer.from(signingInput), key.privateKey).toString('base64url')
  return {
    service: 'GOOGLE',
    serviceName: 'Google’s',
    url: TOKEN_URL,
    form: { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: `${signingInput}.${signature}` },
    refusal: googleRefusal
  }
}

function googleRefusal ({ error, description }: OAuthRefusal): string {
  if (error === 'unauthorized_client') return 'GOOGLE_NOT_DELEGATED'
  if (error === 'invalid_grant' && /email|user id/i.test(description)) return 'GOOGLE_UNKNOWN_USER'
  if (error === 'invalid_grant' || error === 'invalid_client' || error === 'disabled_client') return 'GOOGLE_KEY_REFUSED'
  return 'GOOGLE_REFUSED'
}
