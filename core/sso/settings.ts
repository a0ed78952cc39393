/**
 * The single sign-on settings of a workspace: their schema (the form the admin fills: an Auth0 tab
 * and an OpenID Connect tab), their type derived from it, and what follows from them (the issuer,
 * the scopes). The definition, the provider client and the sign-in routes all read them from here.
 */
import type { FromSchema } from '../contract/json-schema.js'

/**
 * Each alternative (one tab per provider) names the shared settings too, with `{}`: a property
 * declared at the root would be drawn above the tabs, and `additionalProperties: false` only
 * sees the properties of its own schema object.
 */
const shared = {
  enabled: {},
  clientId: {},
  clientSecret: {},
  scopes: {},
  admins: {},
  adminSubjects: {},
  roleClaim: {},
  adminGroups: {},
  viewerGroups: {}
} as const

const nameList = (title: string, description: string) => ({
  type: 'array',
  title,
  description,
  items: { type: 'string', minLength: 1, maxLength: 320 },
  uniqueItems: true
} as const)

export const ssoSchema = {
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
      description: 'When on, people sign in through the identity provider.',
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
    admins: nameList('Administrators', 'Email addresses of the people who may administer these integrations after signing in; the provider must say each address is verified.'),
    adminSubjects: nameList('Administrator subjects', 'Subject identifiers (the `sub` claim) of more administrators, for accounts without a verified email.'),
    roleClaim: {
      type: 'string',
      title: 'Role claim',
      description: 'The claim of the ID token (or userinfo) that lists a person’s groups or roles.',
      default: 'groups',
      minLength: 1,
      maxLength: 200
    },
    adminGroups: nameList('Administrator groups', 'Values of the role claim that make a person an administrator.'),
    viewerGroups: nameList('Viewer groups', 'Values of the role claim that let a person look at the settings without changing them.')
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
          description: 'Your Auth0 tenant’s domain, or its custom domain, without https://.',
          examples: ['yourtenant.us.auth0.com'],
          pattern: '^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*(:[0-9]{1,5})?$',
          maxLength: 253,
          'x-destination': true
        },
        audience: {
          type: 'string',
          title: 'API Audience',
          description: 'The identifier of an Auth0 API the client may call; the connection test asks for a token for it.',
          examples: ['https://api.example.com'],
          minLength: 1
        },
        organization: {
          type: 'string',
          title: 'Organization',
          description: 'An Auth0 Organization (its ID, org_…): people sign in to it, and the hub checks the org_id of their ID token.',
          examples: ['org_W7x9JkLmN2pQ4rS6'],
          pattern: '^org_[A-Za-z0-9]+$',
          maxLength: 100
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
          description: 'The provider’s issuer, exactly as its /.well-known/openid-configuration names it. https is required; plain http only on this machine.',
          examples: [
            'https://{yourOktaDomain}/oauth2/default',
            'https://login.microsoftonline.com/{tenant-id}/v2.0',
            'https://accounts.google.com',
            'https://{keycloak-host}/realms/{realm}'
          ],
          format: 'uri',
          pattern: '^(https://|http://(127\\.0\\.0\\.1|localhost|\\[::1\\])(:[0-9]+)?(/|$))',
          'x-destination': true
        }
      }
    }
  ]
} as const

export type SsoSettings = FromSchema<typeof ssoSchema>

export const DEFAULT_SCOPES = ['openid', 'email', 'profile']

/** The issuer the provider must name in its discovery document: Auth0's is `https://{domain}/`. */
export function issuerOf (settings: SsoSettings): URL {
  return new URL(settings.provider === 'auth0' ? `https://${settings.domain}/` : settings.issuer)
}

/** The scopes to ask for; `openid` is always among them, or there is no ID token. */
export function scopeOf (settings: Pick<SsoSettings, 'scopes'>): string {
  return [...new Set(['openid', ...(settings.scopes ?? DEFAULT_SCOPES)])].join(' ')
}
