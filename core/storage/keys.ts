/**
 * Every key the hub stores under, built in one place. What belongs to a workspace starts with its
 * partition `ws/<workspace>/`, so a workspace is listed and deleted by prefix; hub-wide records sit
 * under `hub/`. Names inside a key are ids the routes have validated (no `/` in any of them).
 */

/** Everything a workspace owns. */
export const workspacePartition = (workspace: string): string => `ws/${workspace}/`

export const keys = {
  /** The registry entry of a workspace (its name, epoch and sealed data key). */
  workspace: (workspace: string) => `hub/workspace/${workspace}`,
  workspaces: 'hub/workspace/',
  /** Wrong bearer tokens from one client address, per bucket of token digests. */
  guesses: (address: string, bucket: string) => `hub/guesses/${address}/${bucket}`,

  /** One integration's connections (all of them in one record, so the catalog reads one key per integration). */
  integration: (workspace: string, integration: string) => `${workspacePartition(workspace)}integration/${integration}`,
  /** The audit trail (a capped log). */
  audit: (workspace: string) => `${workspacePartition(workspace)}audit`,
  session: (workspace: string, digest: string) => `${workspacePartition(workspace)}session/${digest}`,
  sessions: (workspace: string) => `${workspacePartition(workspace)}session/`,
  token: (workspace: string, id: string) => `${workspacePartition(workspace)}token/${id}`,
  tokens: (workspace: string) => `${workspacePartition(workspace)}token/`,
  /** A sign-in on its way through the identity provider, by its state. */
  ssoLogin: (workspace: string, state: string) => `${workspacePartition(workspace)}sso-login/${state}`,
  /** A one-time sign-in ticket for the host app, by its digest. */
  ssoTicket: (workspace: string, digest: string) => `${workspacePartition(workspace)}sso-ticket/${digest}`,
  /** The first answer to an action sent with an Idempotency-Key. */
  idempotency: (workspace: string, integration: string, connection: string, action: string, keyDigest: string) =>
    `${workspacePartition(workspace)}idempotency/${integration}/${connection}/${action}/${keyDigest}`,
  /** A rate-limit window. */
  rateLimit: (workspace: string, scope: string) => `${workspacePartition(workspace)}rate/${scope}`,
  /** A connection's health history (a capped log of its checks). */
  healthLog: (workspace: string, integration: string, connection: string) => `${workspacePartition(workspace)}health/${integration}/${connection}`,
  webhook: (workspace: string, name: string) => `${workspacePartition(workspace)}webhook/${name}`,
  webhooks: (workspace: string) => `${workspacePartition(workspace)}webhook/`,
  /** A webhook's delivery attempts (a capped log). */
  deliveries: (workspace: string, name: string) => `${workspacePartition(workspace)}deliveries/${name}`,
  /** A queued action's job, readable through `GET /api/jobs/:id` by its own workspace only. */
  job: (workspace: string, id: string) => `${workspacePartition(workspace)}job/${id}`
} as const
