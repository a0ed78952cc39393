/**
 * Single sign-on: people sign in to the hub through the organization's OpenID Connect provider
 * (Auth0, or any other: Okta, Entra ID, Keycloak, Google…). Saving the settings checks that the
 * provider answers and knows the client; the sign-in itself is in routes.ts. Every workspace has its
 * own settings (its customers' own identity provider).
 */
import { defineIntegration } from '../contract/contract.js'
import { checkClient, discover, requirePkce } from './provider.js'
import { ssoSchema } from './settings.js'

export default defineIntegration({
  id: 'sso',
  name: 'SSO',
  description: 'Single sign-on: people sign in through your organization’s identity provider (Auth0 or any OpenID Connect provider), with PKCE.',
  version: '1.0.0',
  icon: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true"><path fill="#4b5563" d="M12 2a5 5 0 0 0-5 5v3H6a2 2 0 0 0-2 2v8a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-8a2 2 0 0 0-2-2h-1V7a5 5 0 0 0-5-5zm-3 8V7a3 3 0 0 1 6 0v3z"/></svg>',
  schema: ssoSchema,
  // Version 1 kept emails and subjects in one list; they are separate lists now.
  schemaVersion: 2,
  migrations: {
    2: ({ admins, ...config }) => {
      const entries = Array.isArray(admins) ? admins.filter((entry): entry is string => typeof entry === 'string') : []
      const emails = entries.filter(entry => entry.includes('@'))
      const subjects = entries.filter(entry => !entry.includes('@'))
      return { ...config, ...(emails.length === 0 ? {} : { admins: emails }), ...(subjects.length === 0 ? {} : { adminSubjects: subjects }) }
    }
  },
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

  async test (settings, ctx) {
    const configuration = await ctx.step('Discover the provider', async () => {
      const discovered = await discover(settings, ctx)
      requirePkce(discovered, ctx)
      return discovered
    })
    await ctx.step('Check the client', async () => { await checkClient(settings, configuration, ctx) })
  }
})
