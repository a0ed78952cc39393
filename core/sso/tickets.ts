/**
 * One-time sign-in tickets for the host platform: after a sign-in begun with `return_to`, the browser
 * goes back to the platform with `hub_ticket`; the platform's backend redeems it (once, within 60 s,
 * for the workspace it was issued in) for the verified identity. So the platform's own users sign in
 * through their organization's identity provider without the platform speaking OpenID Connect.
 */
import { hash, randomBytes } from 'node:crypto'
import type { Role } from '../api/types.js'
import { matches, WORKSPACE_ID } from '../contract/names.js'
import { errors } from '../errors.js'
import { keys } from '../storage/keys.js'
import type { HubStore } from '../storage/store.js'
import type { Workspace } from '../workspaces/registry.js'

export const TICKET_TTL_MS = 60_000

/** What a redeemed ticket says about who signed in. */
export interface SignedInIdentity {
  sub: string
  email?: string
  emailVerified: boolean
  name?: string
  groups: string[]
  /** The role the workspace's settings gave them at sign-in, or null for none. */
  role: Role | null
  workspace: string
}

interface TicketRecord extends SignedInIdentity {
  epoch: string
}

export class SignInTickets {
  constructor (private readonly store: HubStore) {}

  async issue (workspace: Workspace, identity: Omit<SignedInIdentity, 'workspace'>): Promise<string> {
    const secret = randomBytes(32).toString('base64url')
    const record: TicketRecord = { ...identity, workspace: workspace.id, epoch: workspace.epoch }
    await this.store.set(keys.ssoTicket(workspace.id, hash('sha256', secret, 'base64url')), record, TICKET_TTL_MS)
    return `${workspace.id}.${secret}`
  }

  /**
   * The identity a ticket carries, taken so it works once. `workspace` is the one the caller acts
   * in; `undefined` lets the operator redeem a ticket of any workspace.
   */
  async redeem (ticket: string, workspace: Workspace | undefined, current: (id: string) => Promise<Workspace | undefined>): Promise<SignedInIdentity> {
    const dot = ticket.lastIndexOf('.')
    const id = ticket.slice(0, dot)
    const secret = ticket.slice(dot + 1)
    if (dot < 1 || !matches(WORKSPACE_ID, id) || !/^[\w-]{43}$/.test(secret)) throw errors.ticketInvalid()
    if (workspace !== undefined && id !== workspace.id) throw errors.ticketOtherWorkspace()
    const record = await this.store.take<TicketRecord>(keys.ssoTicket(id, hash('sha256', secret, 'base64url')))
    const owner = record === undefined ? undefined : await current(id)
    if (record === undefined || owner === undefined || owner.epoch !== record.epoch) throw errors.ticketInvalid()
    const { epoch: _epoch, ...identity } = record
    return { ...identity, groups: [...identity.groups] } as SignedInIdentity
  }
}
