/**
 * `integration-hub/client`: the hub's HTTP API for a host backend, typed from its OpenAPI document
 * with openapi-fetch. Every operation by its path (`hub.PUT('/api/integrations/{id}', …)`), and
 * `hub.action(integration, action, input)`, typed per action from the document's own operation for it:
 *
 *   const hub = createHubClient({ baseUrl: 'https://hub.example.com', token: process.env.HUB_TOKEN! })
 *   const { data, error } = await hub.action('jira', 'createIssue', { projectKey: 'OPS', summary: 'Disk almost full' })
 *
 * The types are those of the built-in plugins (core/api/openapi.ts). A hub with plugins of its own
 * serves a document that has theirs too: generate types from it (`npx openapi-typescript
 * https://hub.example.com/openapi.json -o hub.ts`) and pass them, `createHubClient<paths>(…)`.
 * Answers are never thrown: each call resolves to `{ data }` or `{ error }` (a `HubError` body), with the `response`.
 */
import createClient, { type Client, type FetchResponse } from 'openapi-fetch'
import type { ErrorBody, paths as BuiltinPaths } from '../api/types.js'

export type { components, ErrorBody, operations, paths } from '../api/types.js'

/** The document's per-action operations (`/api/integrations/jira/actions/createIssue`), not the generic one. */
type ActionPath<Paths> = Exclude<keyof Paths & `/api/integrations/${string}/actions/${string}`, `${string}{${string}`>

type IntegrationIn<Path> = Path extends `/api/integrations/${infer Integration}/actions/${string}` ? Integration : never
type ActionIn<Path, Integration extends string> = Path extends `/api/integrations/${Integration}/actions/${infer Action}` ? Action : never
type Post<Operations> = Operations extends { post: infer Operation } ? Operation : never

/** An integration with typed actions: `jira`, `servicenow`, `smtp`, … */
export type ActionIntegration<Paths = BuiltinPaths> = IntegrationIn<ActionPath<Paths>>

/** The actions of an integration: `createIssue`, `getIssue`, … */
export type ActionName<Integration extends string, Paths = BuiltinPaths> = ActionIn<ActionPath<Paths>, Integration>

/** The document's operation of one action. */
export type ActionOperation<Integration extends string, Action extends string, Paths = BuiltinPaths> =
  Post<Paths[`/api/integrations/${Integration}/actions/${Action}` & ActionPath<Paths>]>

export type ActionInput<Integration extends string, Action extends string, Paths = BuiltinPaths> =
  ActionOperation<Integration, Action, Paths> extends { requestBody: { content: { 'application/json': infer Input } } } ? Input : never

export type ActionOutput<Integration extends string, Action extends string, Paths = BuiltinPaths> =
  ActionOperation<Integration, Action, Paths> extends { responses: { 200: { content: { 'application/json': infer Output } } } } ? Output : never

/** What a run answers: `{ data }`, the action's output, or `{ error }`, a `HubError` whose 422, 502 and 504 name the plugin's failure `code`. */
export type ActionResult<Integration extends string, Action extends string, Paths = BuiltinPaths> =
  | { data: ActionOutput<Integration, Action, Paths>, error?: never, response: Response }
  | { data?: never, error: NonNullable<FetchResponse<ActionOperation<Integration, Action, Paths> & Record<string, unknown>, object, 'application/json'>['error']>, response: Response }

export interface ActionOptions {
  /** The connection whose settings run it (default `default`). */
  connection?: string
  /** Another workspace than the token's own (the operator's admin token may name any). */
  workspace?: string
  /** The same key gives the first answer again instead of running the action twice (kept 24 h). */
  idempotencyKey?: string
}

export interface HubClientOptions {
  /** The hub's address, with the prefix a host mounts it under: `https://platform.example.com/hub`. */
  baseUrl: string
  /** The admin token or a scoped token (`ihst_…`); a function is asked before each request (a token that renews). */
  token: string | (() => string | Promise<string>)
  /** A `fetch` of your own (a proxy, a test double). */
  fetch?: (request: Request) => Promise<Response>
}

export interface HubClient<Paths extends object = BuiltinPaths> extends Client<Paths, 'application/json'> {
  /** Runs an action with the stored settings of a connection (not queued: `Prefer: respond-async` is `hub.POST`'s). */
  action<Integration extends ActionIntegration<Paths>, Action extends ActionName<Integration, Paths>>(
    integration: Integration,
    action: Action,
    input: ActionInput<Integration, Action, Paths>,
    options?: ActionOptions
  ): Promise<ActionResult<Integration, Action, Paths>>
}

export function createHubClient<Paths extends object = BuiltinPaths> ({ baseUrl, token, fetch }: HubClientOptions): HubClient<Paths> {
  const client = createClient<Paths, 'application/json'>({ baseUrl, ...(fetch === undefined ? {} : { fetch }) })
  client.use({
    async onRequest ({ request }) {
      request.headers.set('authorization', `Bearer ${typeof token === 'string' ? token : await token()}`)
      return request
    }
  })
  // One route serves every action; the document's per-action operations only type it.
  const generic = client as unknown as Client<BuiltinPaths, 'application/json'>
  async function action (integration: string, action: string, input: Record<string, unknown>, options: ActionOptions = {}): Promise<{ data?: unknown, error?: ErrorBody, response: Response }> {
    const query = options.connection === undefined ? {} : { connection: options.connection }
    const header = options.idempotencyKey === undefined ? {} : { 'idempotency-key': options.idempotencyKey }
    return options.workspace === undefined
      ? await generic.POST('/api/integrations/{id}/actions/{action}', { params: { path: { id: integration, action }, query, header }, body: input })
      : await generic.POST('/api/workspaces/{workspace}/integrations/{id}/actions/{action}', { params: { path: { workspace: options.workspace, id: integration, action }, query, header }, body: input })
  }
  return Object.assign(client, { action }) as unknown as HubClient<Paths>
}
