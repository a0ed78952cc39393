/**
 * The widget's client for the hub's HTTP API. With a token it sends `Authorization: Bearer …`;
 * without one it relies on the session cookie (`credentials: 'include'`).
 */
import type { JsonSchema } from '../core/contract/json-schema.js'
import type { FieldError, StepResult } from '../core/contract/contract.js'
import type { CatalogEntry as IntegrationSummary, IntegrationView as IntegrationDetail } from '../core/integrations/service.js'
import type { TestResult } from '../core/runtime/run.js'

export type { FieldError, JsonSchema, StepResult }

export type { TestResult } from '../core/runtime/run.js'
export type { CatalogEntry as IntegrationSummary, IntegrationView as IntegrationDetail } from '../core/integrations/service.js'
export type ActionSummary = IntegrationDetail['actions'][number]

export interface Principal {
  sub: string
  name?: string
  email?: string
  via: 'token' | 'sso'
}

/** The body of every error answer of the hub. */
export interface ErrorBody {
  error: string
  message: string
  detail?: string
  fields?: FieldError[]
  test?: TestResult
}

/** A non-2xx answer (or no answer: `status` 0, `error` `NETWORK`). */
export class ApiError extends Error {
  override name = 'ApiError'
  readonly status: number
  readonly body: ErrorBody

  constructor (status: number, body: ErrorBody, options?: ErrorOptions) {
    super(body.message, options)
    this.status = status
    this.body = body
  }
}

export type TokenSource = () => string | Promise<string>

export interface ApiClientOptions {
  /** Origin (and path prefix) of the hub; '' means the page's own origin. */
  base: string
  /** Admin bearer token; when it yields '' the session cookie is used. */
  token?: TokenSource
}

export class HubApiClient {
  readonly #base: string
  readonly #token: TokenSource | undefined

  constructor (options: ApiClientOptions) {
    this.#base = options.base.replace(/\/+$/, '')
    this.#token = options.token
  }

  listIntegrations (): Promise<{ integrations: IntegrationSummary[] }> {
    return this.#json('GET', '/api/integrations')
  }

  getIntegration (id: string): Promise<IntegrationDetail> {
    return this.#json('GET', `/api/integrations/${encodeURIComponent(id)}`)
  }

  /**
   * Saves (`created: true`, 201) or updates (200) a config; pass `version` when updating. With
   * `force` the hub stores it even when its connection test fails (and records the failed test).
   */
  async saveIntegration (id: string, config: Record<string, unknown>, version?: number | null, options: { force?: boolean } = {}): Promise<{ created: boolean, integration: IntegrationDetail }> {
    const body = version == null ? { config } : { config, version }
    const query = options.force === true ? '?force=true' : ''
    const response = await this.#request('PUT', `/api/integrations/${encodeURIComponent(id)}${query}`, body)
    return { created: response.status === 201, integration: await response.json() as IntegrationDetail }
  }

  /**
   * Tests a draft config (omitted secrets come from the store), or the stored one without `config`.
   * `onStep` hears each step as it ends: the hub streams them as JSON lines.
   */
  async testIntegration (id: string, config?: Record<string, unknown>, onStep?: (step: StepResult) => void): Promise<TestResult> {
    const response = await this.#request('POST', `/api/integrations/${encodeURIComponent(id)}/test`, config === undefined ? {} : { config }, 'application/x-ndjson, application/json')
    if (!response.headers.get('content-type')?.startsWith('application/x-ndjson') || response.body === null) return await response.json() as TestResult
    let result: TestResult | undefined
    for await (const line of jsonLines(response.body)) {
      const message = line as { step?: StepResult, result?: TestResult, error?: ErrorBody }
      if (message.step) onStep?.(message.step)
      if (message.result) result = message.result
      if (message.error) throw new ApiError(500, message.error)
    }
    if (result === undefined) throw new ApiError(0, { error: 'NETWORK', message: 'The hub stopped answering during the test.' })
    return result
  }

  async deleteIntegration (id: string): Promise<void> {
    await this.#request('DELETE', `/api/integrations/${encodeURIComponent(id)}`)
  }

  /** The signed-in admin, or `null` when there is no valid session or token. */
  async me (): Promise<Principal | null> {
    try {
      return await this.#json<Principal>('GET', '/auth/me')
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null
      throw error
    }
  }

  authOptions (): Promise<{ ssoEnabled: boolean }> {
    return this.#json('GET', '/auth/options')
  }

  /** Exchanges an admin token for an HttpOnly session cookie. */
  async signIn (token: string): Promise<void> {
    await this.#request('POST', '/auth/token', { token })
  }

  /** Ends the session; after an SSO sign-in resolves to the provider's logout URL, if it has one. */
  async signOut (): Promise<string | undefined> {
    const response = await this.#request('POST', '/auth/logout')
    if (response.status === 204) return undefined
    return (await response.json() as { endSessionUrl?: string }).endSessionUrl
  }

  async #json<T> (method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.#request(method, path, body)
    return await response.json() as T
  }

  async #request (method: string, path: string, body?: unknown, accept = 'application/json'): Promise<Response> {
    const headers: Record<string, string> = { accept }
    const token = this.#token ? await this.#token() : ''
    if (token) headers.authorization = `Bearer ${token}`
    if (body !== undefined) headers['content-type'] = 'application/json'
    let response: Response
    try {
      response = await fetch(this.#base + path, {
        method,
        headers,
        credentials: 'include',
        body: body === undefined ? null : JSON.stringify(body)
      })
    } catch (cause) {
      throw new ApiError(0, { error: 'NETWORK', message: 'The hub could not be reached.' }, { cause })
    }
    if (response.ok) return response
    throw new ApiError(response.status, await readErrorBody(response))
  }
}

/** The JSON values of a newline-delimited stream, each as soon as its line is complete. */
async function * jsonLines (body: ReadableStream<Uint8Array>): AsyncGenerator<unknown> {
  const reader = body.getReader()
  const decoder = new TextDecoder()
  let buffered = ''
  for (;;) {
    const { value, done } = await reader.read()
    buffered += decoder.decode(value, { stream: !done })
    const lines = buffered.split('\n')
    buffered = done ? '' : lines.pop()!
    for (const line of lines) if (line.trim() !== '') yield JSON.parse(line)
    if (done) return
  }
}

async function readErrorBody (response: Response): Promise<ErrorBody> {
  try {
    const body = await response.json() as Partial<ErrorBody>
    if (typeof body.message === 'string') return { ...body, error: body.error ?? `HTTP_${response.status}`, message: body.message }
  } catch {
    // Not JSON (a proxy's error page): fall through to a generic body.
  }
  return { error: `HTTP_${response.status}`, message: response.statusText || `HTTP ${response.status}` }
}
