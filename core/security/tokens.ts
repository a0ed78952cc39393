/**
 * Scoped tokens: short-lived bearer tokens an operator (or a host backend) mints for one person of
 * one workspace, as `admin` or `viewer`, optionally limited to some integrations — what a host page
 * gives the embedded widget. The token is shown once; the store keeps its digest, so a store dump
 * holds no usable token. A revoked token stays known (as revoked) until a day after it would have
 * expired, so its holder is told why it stopped working.
 */
import { randomBytes } from 'node:crypto'
import type { CreatedToken, Role, TokenView } from '../api/types.js'
import { errors } from '../errors.js'
import { cachedValue } from '../storage/cached.js'
import { keys } from '../storage/keys.js'
import type { Frozen, HubStore } from '../storage/store.js'
import { digest, sameText } from './admin-token.js'
import type { WorkspaceIdentity } from './sessions.js'

/** Recognisable by secret scanners, and told apart from the admin token. */
export const SCOPED_TOKEN_PREFIX = 'ihst_'
export const MAX_TOKEN_TTL_SECONDS = 3600
const KEPT_AFTER_EXPIRY_MS = 24 * 60 * 60 * 1000

interface TokenRecord extends TokenView {
  epoch: string
  digest: string
}

export interface TokenGrant {
  subject: string
  role: Role
  integrations?: string[]
  ttlSeconds: number
}

/** Who a valid scoped token speaks for. */
export interface TokenHolder {
  workspace: string
  epoch: string
  id: string
  subject: string
  role: Role
  integrations: readonly string[] | undefined
}

export class ScopedTokens {
  /** The holder of each stored record (frozen, one object until the record changes), and when it expires. */
  readonly #holders = new WeakMap<Frozen<TokenRecord>, { holder: Readonly<TokenHolder>, expiresAtMs: number }>()
  /** The key of each holder's record, built once (see `isCurrent`). */
  readonly #keys = new WeakMap<TokenHolder, string>()

  constructor (private readonly store: HubStore) {}

  async create (workspace: WorkspaceIdentity, grant: TokenGrant): Promise<CreatedToken> {
    const id = randomBytes(8).toString('hex')
    const secret = randomBytes(32).toString('base64url')
    const createdAt = new Date()
    const expiresAt = new Date(createdAt.getTime() + grant.ttlSeconds * 1000)
    const record: TokenRecord = {
      id,
      epoch: workspace.epoch,
      subject: grant.subject,
      role: grant.role,
      ...(grant.integrations === undefined ? {} : { integrations: grant.integrations }),
      createdAt: createdAt.toISOString(),
      expiresAt: expiresAt.toISOString(),
      digest: digest(secret)
    }
    await this.store.set(keys.token(workspace.id, id), record, grant.ttlSeconds * 1000 + KEPT_AFTER_EXPIRY_MS)
    return { id, token: `${SCOPED_TOKEN_PREFIX}${workspace.id}_${id}_${secret}`, expiresAt: record.expiresAt }
  }

  async list (workspace: WorkspaceIdentity): Promise<TokenView[]> {
    return (await this.store.list<TokenRecord>(keys.tokens(workspace.id)))
      .map(({ value }) => value)
      .filter(record => record.epoch === workspace.epoch)
      .map(({ epoch: _epoch, digest: _digest, ...view }) => view as TokenView)
  }

  /** Revokes at once on this instance, and on the others as soon as the store's change feed tells them (milliseconds; at most the read cache's `maxStaleMs`, see storage/cached.ts). */
  async revoke (workspace: WorkspaceIdentity, id: string): Promise<boolean> {
    const { next } = await this.store.update<TokenRecord>(keys.token(workspace.id, id), current =>
      current === undefined || current.epoch !== workspace.epoch || current.revokedAt !== undefined ? current : { ...current, revokedAt: new Date().toISOString() },
    { ttlMs: KEPT_AFTER_EXPIRY_MS + MAX_TOKEN_TTL_SECONDS * 1000 })
    return next !== undefined && next.epoch === workspace.epoch
  }

  /**
   * The holder of a presented token, or undefined when it is not a scoped token the hub issued.
   * Throws HUB_ERR_TOKEN_EXPIRED / HUB_ERR_TOKEN_REVOKED for one it issued that no longer works. The
   * caller compares `epoch` with the workspace's: a token of a deleted namesake is no token. The same
   * record gives the same (frozen) holder, so callers may keep what they derive from it.
   */
  async verify (token: string): Promise<TokenHolder | undefined> {
    const parsed = parse(token)
    if (parsed === undefined) return undefined
    const key = keys.token(parsed.workspace, parsed.id)
    const record = await this.store.get<TokenRecord>(key)
    if (record === undefined || !sameText(digest(parsed.secret), record.digest)) return undefined
    if (record.revokedAt !== undefined) throw errors.tokenRevoked()
    let known = this.#holders.get(record)
    if (known === undefined) {
      this.#holders.set(record, known = { holder: holderOf(parsed.workspace, record), expiresAtMs: Date.parse(record.expiresAt) })
      this.#keys.set(known.holder, key)
    }
    if (known.expiresAtMs <= Date.now()) throw errors.tokenExpired()
    return known.holder
  }

  /** Whether `verify` would answer `holder` again (same record, not revoked, not expired), as far as the store's read cache knows without reading. */
  isCurrent (holder: TokenHolder): boolean {
    const record = cachedValue<TokenRecord>(this.store, this.#keys.get(holder) ?? keys.token(holder.workspace, holder.id))?.value
    const known = record === undefined ? undefined : this.#holders.get(record)
    return known?.holder === holder && known.expiresAtMs > Date.now()
  }
}

function holderOf (workspace: string, record: Frozen<TokenRecord>): Readonly<TokenHolder> {
  return Object.freeze({
    workspace,
    epoch: record.epoch,
    id: record.id,
    subject: record.subject,
    role: record.role,
    integrations: record.integrations === undefined ? undefined : Object.freeze([...record.integrations])
  })
}

function parse (token: string): { workspace: string, id: string, secret: string } | undefined {
  const match = /^ihst_([a-z0-9-]{1,63})_([0-9a-f]{16})_([\w-]{43})$/.exec(token)
  return match === null ? undefined : { workspace: match[1]!, id: match[2]!, secret: match[3]! }
}
