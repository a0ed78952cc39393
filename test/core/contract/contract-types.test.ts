/**
 * Type-level test of the plugin SDK (`integration-hub/plugin`): the settings type a plugin's
 * handlers receive is inferred from its JSON Schema. `npm run typecheck` fails when inference
 * breaks — an `Equal` that stops holding, or a `@ts-expect-error` that no longer finds its error.
 * At run time this file only proves it loads.
 */
import t from 'tap'
import { defineAction, defineIntegration, type FromSchema } from '../../../core/contract/contract.js'

/** True only when A and B are the same type (`any` included, unlike a mutual `extends`). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false
/** Compiles only when its type argument is `true`. */
function expectType<Holds extends true> (): Holds | undefined { return undefined }

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['serviceUrl', 'apiKey', 'port'],
  properties: {
    serviceUrl: { type: 'string', title: 'Service URL', format: 'uri' },
    apiKey: { type: 'string', title: 'API Key', writeOnly: true },
    port: { type: 'integer', title: 'Port', default: 443 },
    verbose: { type: 'boolean', title: 'Verbose' },
    region: { type: 'string', title: 'Region', enum: ['eu', 'us'] },
    security: { type: 'string', title: 'Security', oneOf: [{ const: 'tls', title: 'TLS' }, { const: 'none', title: 'None' }] },
    tags: { type: 'array', title: 'Tags', items: { type: 'string' } },
    retry: {
      type: 'object',
      title: 'Retry',
      required: ['attempts'],
      properties: { attempts: { type: 'integer', title: 'Attempts' }, backoff: { type: 'number', title: 'Back-off' } }
    }
  }
} as const

type Settings = FromSchema<typeof schema>

expectType<Equal<Settings, {
  serviceUrl: string
  apiKey: string
  port: number
  verbose?: boolean
  region?: 'eu' | 'us'
  security?: 'tls' | 'none'
  tags?: string[]
  retry?: { attempts: number, backoff?: number }
}>>()

const plugin = defineIntegration({
  id: 'typed',
  name: 'Typed',
  description: 'Checks that the settings type follows the schema.',
  version: '1.0.0',
  schema,
  errors: { AUTH_FAILED: { message: 'Invalid API Key', field: 'apiKey' } },
  async test (config, ctx) {
    expectType<Equal<typeof config, Settings>>()
    const port: number = config.port
    // @ts-expect-error `hostname` is not a setting
    void config.hostname
    // @ts-expect-error `port` is a number, not text
    const portText: string = config.port
    // @ts-expect-error `verbose` is optional: it may be undefined
    const verbose: boolean = config.verbose
    // @ts-expect-error `region` is one of the enum's values
    const region: typeof config.region = 'asia'
    void [port, portText, verbose, region]
    if (config.retry !== undefined) expectType<Equal<typeof config.retry.attempts, number>>()
    throw ctx.fail('AUTH_FAILED')
  },
  actions: {
    notify: defineAction({
      title: 'Notify',
      input: {
        type: 'object',
        additionalProperties: false,
        required: ['text'],
        properties: { text: { type: 'string', title: 'Text' }, urgent: { type: 'boolean', title: 'Urgent' } }
      },
      async run (config: Settings, input) {
        expectType<Equal<typeof input, { text: string, urgent?: boolean }>>()
        // @ts-expect-error `channel` is not an input property
        void input.channel
        return { sent: input.text.length, to: config.serviceUrl }
      }
    })
  }
})

/** Alternatives (`oneOf` of objects, drawn as tabs) become a union told apart by the `const`. */
type Provider = FromSchema<{
  type: 'object',
  required: ['provider'],
  properties: { provider: { type: 'string', title: 'Provider' } },
  oneOf: [
    { title: 'Auth0', required: ['domain'], properties: { provider: { const: 'auth0' }, domain: { type: 'string', title: 'Domain' } } },
    { title: 'OpenID Connect', required: ['issuer'], properties: { provider: { const: 'oidc' }, issuer: { type: 'string', title: 'Issuer URL' } } }
  ]
}>
const provider = { provider: 'oidc', issuer: 'https://login.example.com' } as Provider
if (provider.provider === 'auth0') expectType<Equal<typeof provider.domain, string>>()
// @ts-expect-error `domain` belongs to the Auth0 alternative only
void provider.domain

t.equal(plugin.id, 'typed', 'the typed plugin loads; its checks are made by tsc')
