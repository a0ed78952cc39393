/**
 * The widget's client for the hub's HTTP API. With a token it sends `Authorization: Bearer …`;
 * without one it relies on the session cookie (`credentials: 'include'`). A token from `getToken` is
 * asked for once and kept; when the hub says it expired or was revoked, the client asks for a new one
 * and sends that one request again, once. Its types are the API's, generated from the OpenAPI
 * document (core/api/types.ts names them), as `integration-hub/client`'s are.
 */
import type {
  Caller, CatalogEntry as IntegrationSummary, ConnectionSummary, ErrorBody, IntegrationView as IntegrationDetail,
  SignedIn, StepResult, TestResult
} from '../../core/api/types.js'
import { DEFAULT_CONNECTION } from '../../core/contract/names.js'

export type {
  ActionSummary, Caller, ConnectionSummary, ErrorBody, FieldError, JsonSchema, Principal, SignedIn, StepResult, TestResult, TestStatus
} from '../../core/api/types.js'
export type { CatalogEntry as IntegrationSummary, IntegrationView as IntegrationDetail } from '../../core/api/types.js'

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

/** The hub's codes for a scoped token that worked once: a new one may work again. */
const RENEWABLE = new Set(['HUB_ERR_TOKEN_EXPIRED', 'HUB_ERR_TOKEN_REVOKED'])

export interface ApiClientOptions {
  /** Origin (and path prefix) of the hub; '' means the page's own origin. */
  base: string
  /** A fixed bearer token. */
  token?: string
  /** Hands out a bearer token (wins over `token`); asked again when the hub says the token expired or was revoked. */
  getToken?: TokenSource
  /** Hears every 401; `retrying` says the request is sent again with a new token from `getToken`. */
  onUnauthorized?: (body: ErrorBody, retrying: boolean) => void
}

export class HubApiClient {
  readonly #base: string
  readonly #options: ApiClientOptions
  /** The token `getToken` gave, shared by concurrent requests until the hub refuses it. */
  #token: Promise<string> | undefined

  constructor (options: ApiClientOptions) {
    this.#base = options.base.replace(/\/+$/, '')
    this.#options = options
  }

  listIntegrations (): Promise<{ integrations: IntegrationSummary[] }> {
    return this.#json('GET', '/api/integrations')
  }

  /** Who the token or session speaks for: its role and the integrations it may see. */
  caller (): Promise<Caller> {
    return this.#json('GET', '/api/me')
  }

  listConnections (id: string): Promise<{ connections: ConnectionSummary[] }> {
    return this.#json('GET', `/api/integrations/${encodeURIComponent(id)}/connections`)
  }

  /** One connection's schema and settings (an unconfigured one answers with `configured: false`). */
  getConnection (id: string, connection = DEFAULT_CONNECTION): Promise<IntegrationDetail> {
    return this.#json('GET', connectionPath(id, connection))
  }

  /**
   * Saves (`created: true`, 201) or updates (200) a connection; pass `version` when updating. With
   * `force` the hub stores it even when its connection test fails (and records the failed test).
   */
  async saveConnection (id: string, connection: string, config: Record<string, unknown>, version?: number | null, options: { force?: boolean } = {}): Promise<{ created: boolean, integration: IntegrationDetail }> {
    const body = version == null ? { config } : { config, version }
    const query = options.force === true ? '?force=true' : ''
    const response = await this.#request('PUT', `${connectionPath(id, connection)}${query}`, body)
    return { created: response.status === 201, integration: await response.json() as IntegrationDetail }
  }

  /**
   * Tests a draft config (omitted secrets come from the store), or the stored one without `config`.
   * `onStep` hears each step as it ends: the hub streams them as JSON lines.
   */
  async testConnection (id: string, connection: string, config?: Record<string, unknown>, onStep?: (step: StepResult) => void): Promise<TestResult> {
    const response = await this.#request('POST', `${connectionPath(id, connection)}/test`, config === undefined ? {} : { config }, 'application/x-ndjson, application/json')
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

  async deleteConnection (id: string, connection: string): Promise<void> {
    await this.#request('DELETE', connectionPath(id, connection))
  }

  /** Runs an action of a plugin with the stored settings of `connection`. */
  runAction (id: string, action: string, input: Record<string, unknown>, connection = DEFAULT_CONNECTION): Promise<unknown> {
    const query = connection === DEFAULT_CONNECTION ? '' : `?connection=${encodeURIComponent(connection)}`
    return this.#json('POST', `/api/integrations/${encodeURIComponent(id)}/actions/${encodeURIComponent(action)}${query}`, input)
  }

  /** Who is signed in to the page, or `null` when there is no valid session. */
  async signedIn (): Promise<SignedIn | null> {
    try {
      return await this.#json<SignedIn>('GET', '/auth/me')
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
    let token = this.#currentToken()
    let response = await this.#send(method, path, body, accept, await this.#await(token))
    if (response.status === 401) {
      const refused = await readErrorBody(response)
      const retrying = this.#options.getToken !== undefined && RENEWABLE.has(refused.error)
      this.#options.onUnauthorized?.(refused, retrying)
      if (!retrying) throw new ApiError(401, refused)
      // Concurrent requests refused together ask for one new token, not one each.
      if (this.#token === token) this.#token = undefined
      token = this.#currentToken()
      response = await this.#send(method, path, body, accept, await this.#await(token))
      if (response.status === 401) {
        const again = await readErrorBody(response)
        this.#options.onUnauthorized?.(again, false)
        throw new ApiError(401, again)
      }
    }
    if (response.ok) return response
    throw new ApiError(response.status, await readErrorBody(response))
  }

  #currentToken (): Promise<string> | undefined {
    const { getToken, token } = this.#options
    if (getToken === undefined) return token ? Promise.resolve(token) : undefined
    this.#token ??= Promise.resolve().then(getToken)
    return this.#token
  }

  /** The token, or '' without one; a `getToken` that fails is asked again next time. */
  async #await (token: Promise<string> | undefined): Promise<string> {
    if (token === undefined) return ''
    try {
      return await token
    } catch (cause) {
      if (this.#token === token) this.#token = undefined
      throw new ApiError(0, { error: 'NETWORK', message: 'No token for the hub could be fetched.' }, { cause })
    }
  }

  async #send (method: string, path: string, body: unknown, accept: string, token: string): Promise<Response> {
    const headers: Record<string, string> = { accept }
    if (token) headers.authorization = `Bearer ${token}`
    if (body !== undefined) headers['content-type'] = 'application/json'
    try {
      return await fetch(this.#base + path, {
        method,
        headers,
        credentials: 'include',
        body: body === undefined ? null : JSON.stringify(body)
      })
    } catch (cause) {
      throw new ApiError(0, { error: 'NETWORK', message: 'The hub could not be reached.' }, { cause })
    }
  }
}

/** `/api/integrations/:id` for the default connection (the seed's one configuration), `…/connections/:name` for the others. */
function connectionPath (id: string, connection: string): string {
  const integration = `/api/integrations/${encodeURIComponent(id)}`
  return connection === DEFAULT_CONNECTION ? integration : `${integration}/connections/${encodeURIComponent(connection)}`
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
