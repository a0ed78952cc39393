/**
 * Single sign-on: people sign in to the hub through the organization's OpenID Connect provider
 * (Auth0, or any other: Okta, Entra ID, Keycloak, Google…). Saving the settings checks that the
 * provider answers and knows the client; the login itself is the core's (core/routes/sso.ts).
 */
import { defineIntegration } from '../contract/contract.js'
import type { FromSchema } from '../contract/json-schema.js'
import type { SsoSettings } from './client.js'
import { checkClient, discover, requirePkce } from './provider.js'

/**
 * Each alternative (one tab per provider) names the shared settings too, with `{}`: a property
 * declared at the root would be drawn above the tabs, and `additionalProperties: false` only
 * sees the properties of its own schema object.
 */
const shared = { enabled: {}, clientId: {}, clientSecret: {}, scopes: {}, admins: {} } as const

const schema = {
  type: 'object',
  required: ['provider', 'clientId', 'clientSecret', 'enabled'],
  properties: {
    provider: { type: 'string', title: 'Identity provider' },
    clientId: {
      type: 'string',
      title: 'Client ID',
      description: 'The client ID the identity provider gave the hub’s application.',
      minLength: 1,
      maxLength: 255
    },
    clientSecret: {
      type: 'string',
      title: 'Client Secret',
      description: 'The secret of that client.',
      minLength: 1,
      writeOnly: true
    },
    enabled: {
      type: 'boolean',
      title: 'SSO Enabled',
      description: 'When on, people sign in to the hub through the identity provider.',
      default: false
    },
    scopes: {
      type: 'array',
      title: 'Scopes',
      description: 'What the hub asks the provider for; openid is always included.',
      items: { type: 'string', pattern: '^[\\x21\\x23-\\x5B\\x5D-\\x7E]+$' },
      uniqueItems: true,
      default: ['openid', 'email', 'profile']
    },
    admins: {
      type: 'array',
      title: 'Administrators',
      description: 'Email addresses (or subject identifiers) of the people allowed to administer the hub after signing in. Everyone else can sign in but not change settings.',
      items: { type: 'string', minLength: 1, maxLength: 320 },
      uniqueItems: true
    }
  },
  oneOf: [
    {
      title: 'Auth0',
      required: ['domain'],
      additionalProperties: false,
      properties: {
        ...shared,
        provider: { const: 'auth0', title: 'Auth0' },
        domain: {
          type: 'string',
          title: 'Domain',
          description: 'Your Auth0 tenant’s domain (or its custom domain), without https://.',
          examples: ['yourtenant.us.auth0.com'],
          pattern: '^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*(:[0-9]{1,5})?$',
          maxLength: 253
        },
        audience: {
          type: 'string',
          title: 'API Audience',
          description: 'The identifier of an Auth0 API the client may call; the connection test asks for a token for it.',
          examples: ['https://api.example.com'],
          minLength: 1
        }
      }
    },
    {
      title: 'OpenID Connect',
      required: ['issuer'],
      additionalProperties: false,
      properties: {
        ...shared,
        provider: { const: 'oidc', title: 'OpenID Connect' },
        issuer: {
          type: 'string',
          title: 'Issuer URL',
          description: 'The provider’s issuer, exactly as its /.well-known/openid-configuration names it (Okta, Entra ID, Keycloak, Google…). https is required; plain http only on this machine.',
          examples: ['https://login.example.com/realms/acme'],
          format: 'uri',
          pattern: '^(https://|http://(127\\.0\\.0\\.1|localhost|\\[::1\\])(:[0-9]+)?(/|$))'
        }
      }
    }
  ]
} as const

type Config = FromSchema<typeof schema>

export default defineIntegration({
  id: 'sso',
  name: 'SSO',
  description: 'Single sign-on: people sign in through your organization’s identity provider (Auth0 or any OpenID Connect provider), with PKCE.',
  version: '1.0.0',
  icon: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true"><path fill="#4b5563" d="M12 2a5 5 0 0 0-5 5v3H6a2 2 0 0 0-2 2v8a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-8a2 2 0 0 0-2-2h-1V7a5 5 0 0 0-5-5zm-3 8V7a3 3 0 0 1 6 0v3z"/></svg>',
  schema,
  errors: {
    UNREACHABLE: { message: 'Authorization endpoint unreachable', field: 'issuer' },
    TIMEOUT: { message: 'Authorization endpoint unreachable: no answer within {seconds} s', field: 'issuer' },
    TLS: { message: 'Authorization endpoint unreachable: its TLS certificate could not be verified', field: 'issuer' },
    NOT_A_PROVIDER: { message: 'No OpenID Connect provider answers at this Issuer URL', field: 'issuer' },
    ISSUER_MISMATCH: { message: 'The provider calls itself {found}, not {expected}: enter its issuer exactly', field: 'issuer' },
    DOMAIN_UNREACHABLE: { message: 'Authorization endpoint unreachable', field: 'domain' },
    DOMAIN_TIMEOUT: { message: 'Authorization endpoint unreachable: no answer within {seconds} s', field: 'domain' },
    DOMAIN_TLS: { message: 'Authorization endpoint unreachable: its TLS certificate could not be verified', field: 'domain' },
    DOMAIN_NOT_A_PROVIDER: { message: 'No Auth0 tenant answers at this domain', field: 'domain' },
    DOMAIN_ISSUER_MISMATCH: { message: 'This domain’s tenant calls itself {found}, not {expected}', field: 'domain' },
    PKCE_UNSUPPORTED: { message: 'The provider does not offer PKCE with S256, which the hub’s sign-in requires' },
    INVALID_CLIENT: { message: 'Invalid Client ID or secret', field: 'clientId' },
    CLIENT_CHECK_FAILED: { message: 'The provider refused the client check ({error})', field: 'clientId' }
  },

  async test (config: Config, ctx) {
    const settings: SsoSettings = config
    const configuration = await ctx.step('Discover the provider', async () => {
      const discovered = await discover(settings, ctx)
      requirePkce(discovered, ctx)
      return discovered
    })
    await ctx.step('Check the client', async () => { await checkClient(settings, configuration, ctx) })
  }
})
