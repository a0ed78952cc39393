/**
 * The Microsoft identity platform's token endpoint, played on https://login.microsoftonline.com
 * (a loopback address of its own, a certificate for that name from the test authority), answering the
 * client-credentials grant as "Microsoft identity platform and the OAuth 2.0 client credentials flow"
 * (learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow) documents:
 * `POST /{tenant}/oauth2/v2.0/token` with `client_id`, `scope` (`{resource}/.default`),
 * `client_secret` and `grant_type=client_credentials` → 200 `{token_type, expires_in, ext_expires_in,
 * access_token}`; errors as `{error, error_description: "AADSTS…: …\r\nTrace ID…", error_codes,
 * timestamp, trace_id, correlation_id, error_uri}` with the AADSTS codes of the Entra error reference
 * (90002 unknown tenant, 700016 unknown application, 7000215 wrong secret, 7000222 expired secret,
 * 7000218 no secret, 70011 invalid scope). The token itself comes from the test's authorization server
 * (oidc-provider), so the SMTP peer can check it.
 */
import { randomUUID } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import { startNamedHttpsPeer } from './named-host.js'
import type { OAuthServer } from './oauth-server.js'

export const MICROSOFT_HOST = 'login.microsoftonline.com'

export interface MicrosoftApp {
  /** Directory (tenant) ID: a GUID or a verified domain such as contoso.onmicrosoft.com. */
  tenant: string
  clientId: string
  secret: string
  /** The secret's end date has passed (AADSTS7000222). */
  secretExpired?: boolean
}

/** How the endpoint misbehaves instead of answering as Microsoft does. */
export type Misbehaviour = 'html' | 'not-json' | 'hang' | 'unavailable'

export interface MicrosoftIdentityPeer {
  address: string
  /** Form bodies of every token request, in order. */
  requests: Array<{ path: string, form: URLSearchParams }>
  misbehave: Misbehaviour | undefined
  close(): Promise<void>
}

export async function startMicrosoftIdentity (options: { oauth: OAuthServer, apps: MicrosoftApp[], misbehave?: Misbehaviour }): Promise<MicrosoftIdentityPeer> {
  const requests: MicrosoftIdentityPeer['requests'] = []
  const state: { misbehave: Misbehaviour | undefined } = { misbehave: options.misbehave }
  const hanging = new Set<ServerResponse>()
  const peer = await startNamedHttpsPeer(MICROSOFT_HOST, (request, body, response) => {
    const path = new URL(request.url ?? '/', `https://${MICROSOFT_HOST}`).pathname
    const form = new URLSearchParams(body)
    requests.push({ path, form })
    if (misbehaved(state.misbehave, response, hanging)) return
    const tenant = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(path)?.[1]
    if (request.method !== 'POST' || tenant === undefined) {
      response.writeHead(404, { 'content-type': 'text/html' }).end('<html><body>Not found</body></html>')
      return
    }
    const refuse = (status: number, error: string, code: number, text: string): void => {
      const now = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z')
      const trace = randomUUID()
      const correlation = randomUUID()
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({
        error,
        error_description: `AADSTS${code}: ${text}\r\nTrace ID: ${trace}\r\nCorrelation ID: ${correlation}\r\nTimestamp: ${now}`,
        error_codes: [code],
        timestamp: now,
        trace_id: trace,
        correlation_id: correlation,
        error_uri: `https://${MICROSOFT_HOST}/error?code=${code}`
      }))
    }
    const inTenant = options.apps.filter(app => app.tenant === decodeURIComponent(tenant))
    if (inTenant.length === 0) {
      refuse(400, 'invalid_request', 90002, `Tenant '${decodeURIComponent(tenant)}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`)
      return
    }
    if (form.get('grant_type') !== 'client_credentials') {
      refuse(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.')
      return
    }
    const clientId = form.get('client_id') ?? ''
    const app = inTenant.find(candidate => candidate.clientId === clientId)
    if (app === undefined) {
      refuse(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${decodeURIComponent(tenant)}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`)
      return
    }
    const secret = form.get('client_secret')
    if (secret === null) {
      refuse(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.")
      return
    }
    if (secret !== app.secret) {
      refuse(401, 'invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`)
      return
    }
    if (app.secretExpired === true) {
      refuse(401, 'invalid_client', 7000222, `The provided client secret keys for app '${app.clientId}' are expired. Visit the Azure portal to create new keys for your app.`)
      return
    }
    const scope = form.get('scope') ?? ''
    if (scope !== 'https://outlook.office365.com/.default') {
      refuse(400, 'invalid_scope', 70011, `The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`)
      return
    }
    options.oauth.clientCredentials({ id: app.clientId, secret: app.secret }, scope).then(token => {
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(JSON.stringify({
        token_type: 'Bearer',
        expires_in: token.expires_in,
        ext_expires_in: token.expires_in,
        access_token: token.access_token
      }))
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

/** Answers as something that is not the token endpoint; true when it did. */
export function misbehaved (how: Misbehaviour | undefined, response: ServerResponse, hanging: Set<ServerResponse>): boolean {
  switch (how) {
    case undefined: return false
    // A proxy or captive portal's sign-in page in place of the endpoint.
    case 'html': response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><html><head><title>Sign in</title></head><body><form></form></body></html>'); return true
    case 'not-json': response.writeHead(200, { 'content-type': 'text/plain' }).end('OK'); return true
    case 'unavailable': response.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '30' }).end('Service Unavailable'); return true
    case 'hang': hanging.add(response); return true
  }
}
