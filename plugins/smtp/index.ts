/**
 * SMTP: mail from the platform through the organization's mail server, signing in with a password
 * or, as Microsoft 365 and Google Workspace now expect, with an OAuth access token (SASL XOAUTH2).
 * The connection test really logs in; `send` delivers a message through a pool of logged-in
 * connections kept per connection.
 */
import { defineAction, defineIntegration, type FromSchema, type IntegrationContext } from 'integration-hub/plugin'
import { googleTokenRequest } from './google.js'
import { microsoftTokenRequest } from './microsoft.js'
import { accessToken, type TokenRequest, type TokenService } from './oauth.js'
import { MailPool, mailPool } from './pool.js'
import { login, openSocket, serverOf, startSession, type Credentials, type Server } from './session.js'

const host = {
  type: 'string',
  title: 'SMTP Host',
  description: 'The host name of your SMTP server.',
  examples: ['smtp.gmail.com'],
  minLength: 1,
  maxLength: 253,
  pattern: '^[A-Za-z0-9.:\\[\\]-]+$',
  'x-destination': true
} as const

/** Microsoft 365 and Google Workspace have a host of their own: the field may stay empty. */
const providerHost = (name: string) => ({ ...host, description: `Leave empty for ${name}.`, examples: [name] } as const)

const port = {
  type: 'integer',
  title: 'SMTP Port',
  description: '587 for STARTTLS (most servers), 465 for SSL/TLS, 25 for relays. Empty means 587 (465 with SSL/TLS).',
  examples: [587],
  minimum: 1,
  maximum: 65535,
  'x-destination': true
} as const

const security = {
  type: 'string',
  title: 'Security',
  description: 'Automatic (also when not chosen) uses SSL/TLS on port 465 and requires STARTTLS on every other port.',
  oneOf: [
    { const: 'auto', title: 'Automatic (from the port)' },
    { const: 'tls', title: 'SSL/TLS' },
    { const: 'starttls', title: 'STARTTLS' },
    { const: 'none', title: 'None (trusted network only)' }
  ],
  'x-destination': true
} as const

const email = {
  type: 'string',
  title: 'Email Address',
  description: 'The sender’s address: mail from the platform comes from it.',
  format: 'email',
  maxLength: 320,
  examples: ['notifications@yourcompany.com']
} as const

const senderName = {
  type: 'string',
  title: 'Sender name',
  description: 'Shown to recipients beside the address, e.g. "CloudPi Notifications".',
  maxLength: 200
} as const

const clientSecret = (description: string) => ({
  type: 'string',
  title: 'Client secret',
  description,
  writeOnly: true,
  minLength: 1,
  maxLength: 1024
} as const)

/**
 * One tab per sign-in method, each a whole form (the widget draws a tab's own fields in its order):
 * the seed's form first. `auth` may be left out for a password, as every config before the tabs was.
 */
const schema = {
  type: 'object',
  properties: {
    auth: { type: 'string', title: 'Sign-in method', default: 'password' }
  },
  oneOf: [
    {
      title: 'Basic authentication',
      type: 'object',
      additionalProperties: false,
      required: ['host', 'email', 'password'],
      properties: {
        auth: { const: 'password' },
        host,
        port,
        security,
        email,
        username: {
          type: 'string',
          title: 'Login name',
          description: 'Only if your server expects a login other than the email address.',
          maxLength: 320
        },
        password: {
          type: 'string',
          title: 'Password',
          description: 'The password (or app password) of the email account.',
          writeOnly: true,
          minLength: 1,
          maxLength: 1024
        },
        senderName
      }
    },
    {
      title: 'OAuth 2.0',
      type: 'object',
      additionalProperties: false,
      required: ['auth', 'host', 'email', 'tokenUrl', 'clientId', 'clientSecret'],
      properties: {
        auth: { const: 'oauth2' },
        host,
        port,
        security,
        email,
        tokenUrl: {
          type: 'string',
          title: 'Token endpoint URL',
          description: 'Where the hub gets an access token by the client-credentials grant. The client secret is sent there.',
          format: 'uri',
          pattern: '^https://',
          maxLength: 2048,
          examples: ['https://login.yourcompany.com/oauth2/token'],
          'x-destination': true
        },
        clientId: { type: 'string', title: 'Client ID', description: 'The client ID of the hub’s application at that endpoint.', minLength: 1, maxLength: 255 },
        clientSecret: clientSecret('The secret of that client.'),
        scope: {
          type: 'string',
          title: 'Scope',
          description: 'What to ask the token endpoint for, in its words (several separated by spaces). Empty if it needs none.',
          maxLength: 1000,
          pattern: '^[\\x21\\x23-\\x5B\\x5D-\\x7E]+( [\\x21\\x23-\\x5B\\x5D-\\x7E]+)*$'
        },
        senderName
      }
    },
    {
      title: 'Microsoft 365 (OAuth)',
      type: 'object',
      additionalProperties: false,
      required: ['auth', 'email', 'tenantId', 'clientId', 'clientSecret'],
      properties: {
        auth: { const: 'microsoft365' },
        host: providerHost('smtp.office365.com'),
        port,
        security,
        email: { ...email, description: 'The mailbox mail comes from: the app needs permission to send as it in Exchange Online.' },
        tenantId: {
          type: 'string',
          title: 'Directory (tenant) ID',
          description: 'On the app registration’s overview in Microsoft Entra: a GUID, or your domain such as contoso.onmicrosoft.com.',
          pattern: '^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$',
          examples: ['72f988bf-86f1-41af-91ab-2d7cd011db47'],
          'x-destination': true
        },
        clientId: { type: 'string', title: 'Client ID', description: 'The Application (client) ID of the app registration.', minLength: 1, maxLength: 255 },
        clientSecret: clientSecret('A client secret’s value (not its Secret ID) from Certificates & secrets.'),
        senderName
      }
    },
    {
      title: 'Google Workspace',
      type: 'object',
      additionalProperties: false,
      required: ['auth', 'email', 'serviceAccountKey'],
      properties: {
        auth: { const: 'google' },
        host: providerHost('smtp.gmail.com'),
        port,
        security,
        email: { ...email, description: 'The Workspace user mail comes from: the service account signs in as this user.' },
        serviceAccountKey: {
          type: 'string',
          title: 'Service account key (JSON)',
          description: 'The JSON key of a service account with domain-wide delegation for https://mail.google.com/.',
          writeOnly: true,
          minLength: 2,
          maxLength: 20000
        },
        senderName
      }
    }
  ]
} as const

type Settings = FromSchema<typeof schema>
type TokenSettings = Extract<Settings, { auth: 'oauth2' | 'microsoft365' | 'google' }>

function tokenRequestOf (config: TokenSettings, ctx: IntegrationContext): TokenRequest {
  switch (config.auth) {
    case 'microsoft365': return microsoftTokenRequest(config)
    case 'google': return googleTokenRequest(config, ctx)
    case 'oauth2': return {
      service: 'TOKEN',
      serviceName: 'the token endpoint’s',
      url: config.tokenUrl,
      // RFC 6749 §2.3.1: HTTP Basic is what every authorization server must support.
      headers: { authorization: `Basic ${Buffer.from(`${encodeURIComponent(config.clientId)}:${encodeURIComponent(config.clientSecret)}`).toString('base64')}` },
      form: { grant_type: 'client_credentials', ...(config.scope === undefined ? {} : { scope: config.scope }) },
      refusal: ({ error }) => error === 'invalid_client' ? 'TOKEN_INVALID_CLIENT' : error === 'invalid_scope' ? 'TOKEN_INVALID_SCOPE' : 'TOKEN_REFUSED'
    }
  }
}

function credentialsOf (config: Settings): Credentials {
  if (config.auth === 'oauth2' || config.auth === 'microsoft365' || config.auth === 'google') {
    const tokenSettings: TokenSettings = config
    return { method: 'token', user: config.email, token: async (ctx, renew) => await accessToken(() => tokenRequestOf(tokenSettings, ctx), ctx, { fresh: renew }) }
  }
  return { method: 'password', user: config.username || config.email, pass: config.password }
}

const secureStepLabel = { tls: '', starttls: 'Secure (STARTTLS)', none: 'Greeting' } as const

async function connect (server: Server, ctx: IntegrationContext) {
  const opened = await openSocket(server, ctx)
  const start = async () => await startSession(server, opened, ctx)
  return server.mode === 'tls' ? await start() : await ctx.step(secureStepLabel[server.mode], start)
}

/** A recipient field: one address, or a list of them. */
const recipients = (title: string) => ({
  title,
  oneOf: [
    { type: 'string', format: 'email', maxLength: 320 },
    { type: 'array', items: { type: 'string', format: 'email', maxLength: 320 }, minItems: 1, maxItems: 100 }
  ]
} as const)

/** The attachments' size after decoding, all together: what a typical mail server still accepts. */
const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024

const sendInput = {
  type: 'object',
  additionalProperties: false,
  required: ['to', 'subject'],
  anyOf: [{ required: ['text'] }, { required: ['html'] }],
  properties: {
    to: recipients('To'),
    cc: recipients('Cc'),
    bcc: recipients('Bcc'),
    replyTo: { type: 'string', format: 'email', maxLength: 320, title: 'Reply to' },
    subject: { type: 'string', title: 'Subject', minLength: 1, maxLength: 998 },
    text: { type: 'string', title: 'Text', maxLength: 1_000_000 },
    html: { type: 'string', title: 'HTML', maxLength: 1_000_000 },
    attachments: {
      type: 'array',
      title: 'Attachments',
      description: 'Files sent with the message: 10 MB at most, all together (after decoding).',
      maxItems: 20,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['filename', 'content'],
        properties: {
          filename: { type: 'string', title: 'File name', minLength: 1, maxLength: 255, pattern: '^[^\\\\/\\r\\n"]+$' },
          contentType: { type: 'string', title: 'Content type', maxLength: 255, pattern: '^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*$' },
          // Base64 of at most the cap (4 characters per 3 bytes).
          content: { type: 'string', title: 'Content (base64)', maxLength: Math.ceil(MAX_ATTACHMENT_BYTES / 3) * 4, pattern: '^[A-Za-z0-9+/]*={0,2}$' }
        }
      }
    }
  }
} as const

const addressList = { type: 'array', items: { type: 'string' } } as const

/** Size of base64 text once decoded. */
const decodedBytes = (base64: string): number => Math.floor(base64.length * 3 / 4) - (base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0)

/** The attachments' family of error codes for one token service, each naming the field to look at. */
function tokenErrors (service: TokenService, name: string, field: string) {
  return {
    [`${service}_UNREACHABLE`]: { message: `Unable to reach ${name}`, field },
    [`${service}_TIMEOUT`]: { message: `Unable to reach ${name}: no answer within {seconds} s`, field },
    [`${service}_TLS`]: { message: `Unable to reach ${name}: its TLS certificate could not be verified`, field },
    [`${service}_ADDRESS_BLOCKED`]: { message: `Unable to reach ${name}: this address is not allowed ({reason})`, field },
    [`${service}_NOT_OAUTH`]: { message: `${name.charAt(0).toUpperCase()}${name.slice(1)} did not answer like an OAuth token endpoint`, field },
    [`${service}_UNAVAILABLE`]: { message: `${name.charAt(0).toUpperCase()}${name.slice(1)} could not issue an access token right now (HTTP {status})`, field }
  }
}

export default defineIntegration({
  id: 'smtp',
  name: 'SMTP',
  description: 'Send email notifications and alerts to users through your mail server.',
  version: '2.0.0',
  icon: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true"><rect x="3" y="5" width="18" height="14" rx="2"/><path d="m3 7 9 6 9-6"/></svg>',
  schema,
  // Version 1 had one way to sign in, a password; it is the first tab now.
  schemaVersion: 2,
  migrations: {
    2: config => ({ ...config, auth: 'password' })
  },
  errors: {
    AUTH_FAILED: { message: 'Invalid email credentials', field: 'password' },
    BASIC_AUTH_DISABLED: { message: 'This server no longer accepts passwords: switch SMTP to Microsoft 365 (OAuth)', field: 'password' },
    AUTH_UNAVAILABLE: { message: 'This server does not offer login on this connection, so the password cannot be checked.', field: 'host' },
    XOAUTH2_UNAVAILABLE: { message: 'This server does not offer OAuth login (XOAUTH2): sign in with a password instead', field: 'host' },
    TOKEN_LOGIN_REFUSED: { message: 'The SMTP server refused the access token: check that the application may send as this mailbox', field: 'email' },
    UNREACHABLE: { message: 'Unable to connect to SMTP server', field: 'host' },
    TIMEOUT: { message: 'Unable to connect to SMTP server: no answer within {seconds} s', field: 'host' },
    ADDRESS_BLOCKED: { message: 'Unable to connect to SMTP server: this address is not allowed ({reason})', field: 'host' },
    TLS: { message: 'The SMTP server’s certificate is not trusted', field: 'host' },
    TLS_MISMATCH: { message: 'The server does not use the chosen security: use SSL/TLS for port 465 and STARTTLS for 587 or 25', field: 'security' },
    NO_GREETING: { message: 'The server did not greet like an SMTP server: if it expects SSL/TLS (usually port 465), choose Security “SSL/TLS”', field: 'security' },
    STARTTLS_UNAVAILABLE: { message: 'This server does not offer STARTTLS, so the password would travel unencrypted', field: 'security' },
    NOT_SMTP: { message: 'This is not an SMTP server: check the host and port', field: 'port' },
    ...tokenErrors('TOKEN', 'the token endpoint', 'tokenUrl'),
    TOKEN_INVALID_CLIENT: { message: 'Invalid client ID or client secret', field: 'clientSecret' },
    TOKEN_INVALID_SCOPE: { message: 'The token endpoint does not grant this scope to this client', field: 'scope' },
    TOKEN_REFUSED: { message: 'The token endpoint refused to issue an access token ({error})', field: 'clientId' },
    ...tokenErrors('MICROSOFT', 'Microsoft’s sign-in service', 'tenantId'),
    MICROSOFT_TENANT_NOT_FOUND: { message: 'Microsoft does not know this directory (tenant) ID', field: 'tenantId' },
    MICROSOFT_APP_NOT_FOUND: { message: 'No application with this client ID is registered in that directory', field: 'clientId' },
    MICROSOFT_INVALID_SECRET: { message: 'Invalid client secret: enter the secret’s value, not its Secret ID', field: 'clientSecret' },
    MICROSOFT_SECRET_EXPIRED: { message: 'This client secret has expired: create a new one in Microsoft Entra', field: 'clientSecret' },
    MICROSOFT_REFUSED: { message: 'Microsoft refused to issue an access token ({error})', field: 'clientId' },
    ...tokenErrors('GOOGLE', 'Google’s token service', 'serviceAccountKey'),
    GOOGLE_KEY_INVALID: { message: 'This is not a Google service account key (JSON)', field: 'serviceAccountKey' },
    GOOGLE_KEY_REFUSED: { message: 'Google does not accept this service account key: it may have been deleted or disabled', field: 'serviceAccountKey' },
    GOOGLE_NOT_DELEGATED: { message: 'This service account may not send as Workspace users: grant it domain-wide delegation for https://mail.google.com/', field: 'serviceAccountKey' },
    GOOGLE_UNKNOWN_USER: { message: 'Google Workspace has no user with this email address', field: 'email' },
    GOOGLE_REFUSED: { message: 'Google refused to issue an access token ({error})', field: 'serviceAccountKey' },
    RECIPIENTS_REJECTED: { message: 'The SMTP server refused the recipients' },
    MESSAGE_REJECTED: { message: 'The SMTP server refused the message' },
    ATTACHMENTS_TOO_LARGE: { message: 'The attachments are larger than 10 MB together', field: 'attachments' }
  },

  async test (config, ctx) {
    const credentials = credentialsOf(config)
    // A test checks the credentials themselves: a new token, not one kept from earlier.
    if (credentials.method === 'token') await ctx.step('Get an access token', async () => await credentials.token(ctx, true))
    const connection = await connect(serverOf(config), ctx)
    try {
      await ctx.step('Log in', async () => await login(connection, credentials, ctx))
    } catch (error) {
      connection.close()
      throw error
    }
    connection.quit()
  },

  actions: {
    send: defineAction({
      title: 'Send an email',
      description: 'Sends one message from the configured address, through connections kept logged in.',
      input: sendInput,
      output: {
        type: 'object',
        additionalProperties: false,
        required: ['messageId', 'accepted', 'rejected'],
        properties: {
          messageId: { type: 'string', title: 'Message-ID', description: 'The Message-ID header of the message sent.' },
          accepted: { ...addressList, title: 'Accepted recipients' },
          rejected: { ...addressList, title: 'Refused recipients' }
        }
      },
      async run (config: Settings, input, ctx) {
        const attachments = input.attachments ?? []
        if (attachments.reduce((total, { content }) => total + decodedBytes(content), 0) > MAX_ATTACHMENT_BYTES) {
          throw ctx.fail('ATTACHMENTS_TOO_LARGE', { fields: [{ field: 'attachments', message: 'The attachments are larger than 10 MB together.' }] })
        }
        const pool = await mailPool(ctx, () => new MailPool(serverOf(config), credentialsOf(config), ctx))
        const info = await pool.send({
          from: config.senderName ? { name: config.senderName, address: config.email } : config.email,
          to: input.to,
          ...(input.cc === undefined ? {} : { cc: input.cc }),
          ...(input.bcc === undefined ? {} : { bcc: input.bcc }),
          ...(input.replyTo === undefined ? {} : { replyTo: input.replyTo }),
          subject: input.subject,
          ...(input.text === undefined ? {} : { text: input.text }),
          ...(input.html === undefined ? {} : { html: input.html }),
          ...(attachments.length === 0
            ? {}
            : {
                attachments: attachments.map(({ filename, contentType, content }) => ({
                  filename,
                  content: Buffer.from(content, 'base64'),
                  ...(contentType === undefined ? {} : { contentType })
                }))
              })
        }, ctx)
        return { messageId: String(info.messageId), accepted: (info.accepted ?? []).map(String), rejected: (info.rejected ?? []).map(String) }
      }
    })
  }
})
