/**
 * How the SSO plugin's connection test talks to the identity provider: discovery, and a
 * client-credentials request that tells a known client from an unknown one without a user.
 */
import {
  ClientError,
  ResponseBodyError,
  WWWAuthenticateChallengeError,
  clientCredentialsGrant,
  type Configuration
} from 'openid-client'
import type { IntegrationContext } from '../contract/contract.js'
import { classify } from '../runtime/failure.js'
import { discoverProvider } from './client.js'
import { issuerOf, type SsoSettings } from './settings.js'

/** Answers of a token endpoint that mean it knew the client and its secret, but not for this grant or audience. */
const acceptedClientErrors = new Set(['unauthorized_client', 'unsupported_grant_type', 'invalid_request', 'invalid_scope', 'invalid_grant', 'invalid_target'])
/** Discovery answers that are not an OpenID provider's metadata document. */
const notMetadata = new Set(['OAUTH_RESPONSE_IS_NOT_CONFORM', 'OAUTH_RESPONSE_IS_NOT_JSON', 'OAUTH_PARSE_ERROR', 'OAUTH_INVALID_RESPONSE'])

/**
 * The code of a failure about where the provider is: the error map has each twice, one for the
 * Auth0 tab (field `domain`) and one for the OpenID Connect tab (field `issuer`).
 */
function located (settings: SsoSettings, code: string): string {
  return settings.provider === 'auth0' ? `DOMAIN_${code}` : code
}

/**
 * Seconds openid-client may wait for one request: a second short of the test's deadline, so a
 * silent provider is reported here (with the right field) rather than by the deadline.
 */
function requestTimeout (ctx: IntegrationContext): number {
  return Math.max(1, Math.floor(ctx.remainingMs() / 1000) - 1)
}

/** Connection failures (refused, unknown host, certificate, time-out) as the located codes. */
function connectionFailure (settings: SsoSettings, ctx: IntegrationContext, error: unknown, timeoutSeconds: number): Error {
  const failure = classify(error, false, timeoutSeconds * 1000)
  if (failure.code === 'UNREACHABLE' || failure.code === 'TIMEOUT' || failure.code === 'TLS') {
    return ctx.fail(located(settings, failure.code), { ...(failure.detail === undefined ? {} : { detail: failure.detail }), params: failure.params, cause: error })
  }
  return error instanceof Error ? error : new Error(String(error), { cause: error })
}

export async function discover (settings: SsoSettings, ctx: IntegrationContext): Promise<Configuration> {
  const timeout = requestTimeout(ctx)
  try {
    return await discoverProvider(settings, ctx.fetch, timeout)
  } catch (error) {
    if (error instanceof ClientError && error.code === 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED') {
      const found = (error.cause as { body?: { issuer?: unknown } } | undefined)?.body?.issuer
      throw ctx.fail(located(settings, 'ISSUER_MISMATCH'), {
        params: { expected: issuerOf(settings).href, found: typeof found === 'string' ? found : 'another issuer' },
        cause: error
      })
    }
    if (error instanceof ClientError && error.code !== undefined && notMetadata.has(error.code)) {
      const status = error.cause instanceof Response ? ` (HTTP ${error.cause.status})` : ''
      throw ctx.fail(located(settings, 'NOT_A_PROVIDER'), {
        detail: `${issuerOf(settings).href}.well-known/openid-configuration did not answer with OpenID provider metadata${status}.`,
        cause: error
      })
    }
    throw connectionFailure(settings, ctx, error, timeout)
  }
}

/**
 * Microsoft Entra ID documents PKCE with S256 but leaves `code_challenge_methods_supported` out of
 * its discovery document (a known deviation from RFC 8414, issue reports of many OIDC clients).
 */
const microsoftIssuerHosts = /(^|\.)(login\.microsoftonline\.com|b2clogin\.com|ciamlogin\.com)$/

export function requirePkce (configuration: Configuration, ctx: IntegrationContext): void {
  const metadata = configuration.serverMetadata()
  const methods = metadata.code_challenge_methods_supported
  if (methods === undefined && microsoftIssuerHosts.test(new URL(metadata.issuer).hostname)) return
  if (!Array.isArray(methods) || !methods.includes('S256')) {
    throw ctx.fail('PKCE_UNSUPPORTED', { detail: `It lists code_challenge_methods_supported: ${JSON.stringify(methods ?? [])}.` })
  }
}

/**
 * Asks the token endpoint for a client-credentials token. A token, or a refusal of the grant or
 * the audience, means the client authenticated; `invalid_client` (and Auth0's 401 `access_denied`)
 * means the Client ID or the secret is wrong.
 */
export async function checkClient (settings: SsoSettings, configuration: Configuration, ctx: IntegrationContext): Promise<void> {
  const parameters: Record<string, string> = settings.provider === 'auth0' && settings.audience ? { audience: settings.audience } : {}
  try {
    await clientCredentialsGrant(configuration, parameters)
  } catch (error) {
    const refusal = refusalOf(error)
    if (refusal === undefined) throw connectionFailure(settings, ctx, error, requestTimeout(ctx))
    if (refusal.error === 'invalid_client' || (refusal.error === 'access_denied' && refusal.status === 401)) {
      throw ctx.fail('INVALID_CLIENT', { cause: error })
    }
    if (acceptedClientErrors.has(refusal.error) || refusal.error === 'access_denied') {
      ctx.log.info('the provider knew the client but refused the client-credentials grant', { error: refusal.error, status: refusal.status })
      return
    }
    throw ctx.fail('CLIENT_CHECK_FAILED', {
      params: { error: refusal.error },
      ...(refusal.description === undefined ? {} : { detail: refusal.description }),
      cause: error
    })
  }
}

interface Refusal {
  error: string
  status: number
  description?: string
}

/** The OAuth error of a token-endpoint answer, from its body or its WWW-Authenticate challenge. */
function refusalOf (error: unknown): Refusal | undefined {
  if (error instanceof ResponseBodyError) {
    return { error: error.error, status: error.status, ...(error.error_description === undefined ? {} : { description: error.error_description }) }
  }
  if (error instanceof WWWAuthenticateChallengeError) {
    const parameters = error.cause.find(challenge => challenge.parameters.error !== undefined)?.parameters
    return { error: parameters?.error ?? (error.status === 401 ? 'invalid_client' : 'unknown'), status: error.status }
  }
  if (error instanceof ClientError && error.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' && error.cause instanceof Response) {
    return { error: `HTTP ${error.cause.status}`, status: error.cause.status }
  }
  return undefined
}
