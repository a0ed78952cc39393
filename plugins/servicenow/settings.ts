/**
 * The ServiceNow settings: the instance's address, shared by every tab, and one tab per way the
 * instance lets an API client sign in. The first tab is the seed's form, field for field.
 */
import type { FromSchema } from 'integration-hub/plugin'

const clientId = {
  type: 'string',
  title: 'API Client ID',
  description: 'Client ID of the OAuth API endpoint created for the hub in System OAuth → Application Registry.',
  minLength: 1,
  maxLength: 255
} as const

const clientSecret = {
  type: 'string',
  title: 'API Client Secret',
  description: 'Client secret of that OAuth API endpoint.',
  minLength: 1,
  writeOnly: true
} as const

const username = {
  type: 'string',
  title: 'Username',
  description: 'The ServiceNow user the hub acts as; it needs the roles to create and update incidents and change requests.',
  minLength: 1
} as const

const password = {
  type: 'string',
  title: 'Password',
  description: 'That user’s password.',
  minLength: 1,
  writeOnly: true
} as const

/**
 * Each tab names the shared settings too, with `{}`: a property declared at the root is drawn above
 * the tabs, and `additionalProperties: false` only sees the properties of its own schema object.
 */
const shared = { serviceUrl: {} } as const

export const settingsSchema = {
  type: 'object',
  required: ['serviceUrl', 'authMethod'],
  properties: {
    serviceUrl: {
      type: 'string',
      title: 'Service URL',
      description: 'The address of your ServiceNow instance.',
      format: 'uri',
      pattern: '^https?://',
      examples: ['https://yourcompany.service-now.com'],
      'x-destination': true
    },
    // A config without a method (an API caller of the first version) signs in as it always did.
    authMethod: { type: 'string', title: 'Authentication method', default: 'password' }
  },
  oneOf: [
    {
      title: 'OAuth: API client and user',
      required: ['clientId', 'clientSecret', 'username', 'password'],
      additionalProperties: false,
      properties: {
        ...shared,
        authMethod: { const: 'password', title: 'OAuth: API client and user' },
        clientId,
        clientSecret,
        username,
        password
      }
    },
    {
      title: 'OAuth: API client only',
      required: ['clientId', 'clientSecret'],
      additionalProperties: false,
      properties: {
        ...shared,
        authMethod: { const: 'clientCredentials', title: 'OAuth: API client only' },
        clientId: {
          ...clientId,
          description: 'Client ID of the OAuth API endpoint. The hub acts as the endpoint’s OAuth Application User; the client credentials grant needs Washington DC or later and the system property glide.oauth.inbound.client.credential.grant_type.enabled set to true.'
        },
        clientSecret
      }
    },
    {
      title: 'Username and password',
      required: ['username', 'password'],
      additionalProperties: false,
      properties: {
        ...shared,
        authMethod: { const: 'basic', title: 'Username and password' },
        username: {
          ...username,
          description: 'The ServiceNow user the hub acts as, signed in with HTTP Basic authentication on every call; instances that restrict Basic authentication need it to be a web service access only account or to have the snc_basic_auth_api_access role.'
        },
        password
      }
    }
  ]
} as const

export type Config = FromSchema<typeof settingsSchema>
export type OAuthConfig = Extract<Config, { authMethod: 'password' | 'clientCredentials' }>

/** Version 2 added the authentication method; every config saved before signed in with the password grant. */
export const settingsVersion = 2

export const settingsMigrations = {
  2: (config: Record<string, unknown>): Record<string, unknown> => ({ authMethod: 'password', ...config })
}
