/**
 * Microsoft 365: app-only OAuth for SMTP AUTH, and how Exchange Online refuses a password.
 * learn.microsoft.com, "Authenticate an IMAP, POP or SMTP connection using OAuth": the client-credentials
 * grant at `https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token` with the scope
 * `https://outlook.office365.com/.default`, then SASL XOAUTH2 with the mailbox as the user (the app
 * needs a service principal and a mailbox permission in Exchange). Refusal codes: "Microsoft identity
 * platform and the OAuth 2.0 client credentials flow" (error responses) and the Entra AADSTS reference.
 */
import type { OAuthRefusal, TokenRequest } from './oauth.js'

export const MICROSOFT_SCOPE = 'https://outlook.office365.com/.default'

export function microsoftTokenRequest (config: { tenantId: string, clientId: string, clientSecret: string }): TokenRequest {
  return {
    service: 'MICROSOFT',
    serviceName: 'Microsoft’s',
    url: `https://login.microsoftonline.com/${encodeURIComponent(config.tenantId)}/oauth2/v2.0/token`,
    // The client secret in the body, as the client-credentials page's first example sends it.
    form: { client_id: config.clientId, client_secret: config.clientSecret, scope: MICROSOFT_SCOPE, grant_type: 'client_credentials' },
    refusal: microsoftRefusal
  }
}

/** AADSTS codes → what the admin must fix. */
const byAadstsCode: Record<number, string> = {
  90002: 'MICROSOFT_TENANT_NOT_FOUND',
  900023: 'MICROSOFT_TENANT_NOT_FOUND',
  700016: 'MICROSOFT_APP_NOT_FOUND',
  7000215: 'MICROSOFT_INVALID_SECRET',
  7000218: 'MICROSOFT_INVALID_SECRET',
  7000222: 'MICROSOFT_SECRET_EXPIRED'
}

function microsoftRefusal ({ error, codes }: OAuthRefusal): string {
  for (const code of codes) if (code in byAadstsCode) return byAadstsCode[code]!
  return error === 'invalid_client' ? 'MICROSOFT_INVALID_SECRET' : 'MICROSOFT_REFUSED'
}

/**
 * Exchange Online's answers to a password where basic authentication is off for good (MC786329):
 * `535 5.7.139 Authentication unsuccessful…` and `550 5.7.30 Basic authentication is not supported
 * for Client Submission`. A wrong password there is `535 5.7.3`, and stays "invalid credentials".
 */
export function isPasswordRefusedForGood (response: string): boolean {
  return /^5\d\d[ -]5\.7\.(139|30)\b/.test(response)
}
