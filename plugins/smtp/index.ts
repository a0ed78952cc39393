/**
 * SMTP: mail from the platform through the organization's mail server.
 * The connection test really logs in; `send` delivers a message.
 */
import nodemailer from 'nodemailer'
import { defineAction, defineIntegration, type FromSchema, type IntegrationContext } from '../../core/contract/contract.js'
import { effectiveSecurity, login, openSocket, startSession, tlsOptions, translate } from './session.js'

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['host', 'port', 'email', 'password'],
  properties: {
    host: {
      type: 'string',
      title: 'SMTP Host',
      description: 'The host name of your SMTP server.',
      examples: ['smtp.gmail.com'],
      minLength: 1,
      maxLength: 253,
      pattern: '^[A-Za-z0-9.:\\[\\]-]+$'
    },
    port: {
      type: 'integer',
      title: 'SMTP Port',
      description: '587 for STARTTLS (most servers), 465 for SSL/TLS, 25 for relays.',
      default: 587,
      minimum: 1,
      maximum: 65535
    },
    security: {
      type: 'string',
      title: 'Security',
      description: 'Automatic uses SSL/TLS on port 465 and requires STARTTLS on every other port.',
      default: 'auto',
      oneOf: [
        { const: 'auto', title: 'Automatic (from the port)' },
        { const: 'tls', title: 'SSL/TLS' },
        { const: 'starttls', title: 'STARTTLS' },
        { const: 'none', title: 'None (trusted network only)' }
      ]
    },
    email: {
      type: 'string',
      title: 'Email Address',
      description: 'The sender’s address: mail from the platform comes from it.',
      format: 'email',
      examples: ['notifications@yourcompany.com']
    },
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
    senderName: {
      type: 'string',
      title: 'Sender name',
      description: 'Shown to recipients beside the address, e.g. "CloudPi Notifications".',
      maxLength: 200
    }
  }
} as const

type Settings = FromSchema<typeof schema>

const secureStepLabel = { tls: '', starttls: 'Secure (STARTTLS)', none: 'Greeting' } as const

async function connectAndLogIn (config: Settings, ctx: IntegrationContext) {
  const opened = await openSocket(config, ctx)
  const mode = effectiveSecurity(config)
  const start = async () => await startSession(config, opened, ctx)
  const connection = mode === 'tls' ? await start() : await ctx.step(secureStepLabel[mode], start)
  try {
    await ctx.step('Log in', async () => await login(connection, config.username || config.email, config.password, ctx))
  } catch (error) {
    connection.close()
    throw error
  }
  return connection
}

const emailList = {
  type: 'array',
  items: { type: 'string', format: 'email', maxLength: 320 },
  minItems: 1,
  maxItems: 100
} as const

const sendInput = {
  type: 'object',
  additionalProperties: false,
  required: ['to', 'subject'],
  anyOf: [{ required: ['text'] }, { required: ['html'] }],
  properties: {
    to: { ...emailList, title: 'To' },
    cc: { ...emailList, title: 'Cc' },
    replyTo: { type: 'string', format: 'email', title: 'Reply to' },
    subject: { type: 'string', title: 'Subject', minLength: 1, maxLength: 998 },
    text: { type: 'string', title: 'Text', maxLength: 1_000_000 },
    html: { type: 'string', title: 'HTML', maxLength: 1_000_000 }
  }
} as const

export default defineIntegration({
  id: 'smtp',
  name: 'SMTP',
  description: 'Send email notifications and alerts to users through your mail server.',
  version: '1.0.0',
  icon: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true"><rect x="3" y="5" width="18" height="14" rx="2"/><path d="m3 7 9 6 9-6"/></svg>',
  schema,
  errors: {
    AUTH_FAILED: { message: 'Invalid email credentials', field: 'password' },
    AUTH_UNAVAILABLE: { message: 'This server does not offer login on this connection, so the password cannot be checked.', field: 'host' },
    UNREACHABLE: { message: 'Unable to connect to SMTP server', field: 'host' },
    TIMEOUT: { message: 'Unable to connect to SMTP server: no answer within {seconds} s', field: 'host' },
    ADDRESS_BLOCKED: { message: 'Unable to connect to SMTP server: this address is not allowed ({reason})', field: 'host' },
    TLS: { message: 'The SMTP server’s certificate is not trusted', field: 'host' },
    TLS_MISMATCH: { message: 'The server does not use the chosen security: use SSL/TLS for port 465 and STARTTLS for 587 or 25', field: 'security' },
    NO_GREETING: { message: 'The server did not greet like an SMTP server: if it expects SSL/TLS (usually port 465), choose Security “SSL/TLS”', field: 'security' },
    STARTTLS_UNAVAILABLE: { message: 'This server does not offer STARTTLS, so the password would travel unencrypted', field: 'security' },
    NOT_SMTP: { message: 'This is not an SMTP server: check the host and port', field: 'port' },
    RECIPIENTS_REJECTED: { message: 'The SMTP server refused the recipients' },
    MESSAGE_REJECTED: { message: 'The SMTP server refused the message' }
  },

  async test (config, ctx) {
    const connection = await connectAndLogIn(config, ctx)
    connection.quit()
  },

  actions: {
    send: defineAction({
      title: 'Send an email',
      description: 'Sends one message from the configured address.',
      input: sendInput,
      async run (config: Settings, input, ctx) {
        const mode = effectiveSecurity(config)
        const transport = nodemailer.createTransport({
          host: config.host,
          port: config.port,
          secure: mode === 'tls',
          requireTLS: mode === 'starttls',
          ignoreTLS: mode === 'none',
          auth: { user: config.username || config.email, pass: config.password },
          tls: tlsOptions(config.host, ctx),
          greetingTimeout: Math.max(1, Math.floor(ctx.remainingMs() * 0.8)),
          socketTimeout: Math.max(1, ctx.remainingMs()),
          getSocket: (_options, callback) => {
            openSocket(config, ctx).then(
              ({ socket, secured }) => callback(null, { connection: socket, secured }),
              (error: Error) => callback(error)
            )
          }
        })
        ctx.signal.addEventListener('abort', () => transport.close(), { once: true })
        try {
          const info = await transport.sendMail({
            from: config.senderName ? { name: config.senderName, address: config.email } : config.email,
            to: input.to,
            ...(input.cc === undefined ? {} : { cc: input.cc }),
            ...(input.replyTo === undefined ? {} : { replyTo: input.replyTo }),
            subject: input.subject,
            ...(input.text === undefined ? {} : { text: input.text }),
            ...(input.html === undefined ? {} : { html: input.html })
          })
          return { messageId: info.messageId, accepted: info.accepted.map(String), rejected: info.rejected.map(String) }
        } catch (error) {
          throw translate(error as Error, ctx)
        } finally {
          transport.close()
        }
      }
    })
  }
})
