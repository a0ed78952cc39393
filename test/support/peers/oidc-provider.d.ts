/**
 * The little of oidc-provider 8's surface the test peer uses (the package ships no types, and
 * @types/oidc-provider is not a dependency).
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http'

  export interface Account {
    accountId: string
    claims(use: string, scope: string): Promise<Record<string, unknown>>
  }

  export interface Configuration {
    clients?: Array<Record<string, unknown>>
    findAccount?: (ctx: unknown, id: string) => Promise<Account | undefined>
    claims?: Record<string, string[]>
    features?: Record<string, { enabled: boolean, [option: string]: unknown }>
    pkce?: { methods?: string[], required?: (ctx: unknown, client: unknown) => boolean }
    cookies?: { keys?: string[] }
    jwks?: { keys: Array<Record<string, unknown>> }
    [option: string]: unknown
  }

  export default class Provider {
    constructor (issuer: string, configuration?: Configuration)
    callback (): (request: IncomingMessage, response: ServerResponse) => void
    on (event: string, listener: (...args: any[]) => void): this
  }
}
