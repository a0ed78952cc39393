/**
 * POST /sso/tickets/redeem: the host platform's backend turns a one-time `hub_ticket` into the
 * identity that signed in (operator, or a token of the ticket's workspace).
 */
import type { FastifyInstance } from 'fastify'
import type { Workspaces } from '../workspaces/registry.js'
import type { SignInTickets } from './tickets.js'

const identity = {
  $id: 'SignInIdentity',
  type: 'object',
  description: 'Who signed in through single sign-on, as the identity provider verified them.',
  additionalProperties: false,
  required: ['sub', 'emailVerified', 'groups', 'role', 'workspace'],
  properties: {
    sub: { type: 'string' },
    email: { type: 'string' },
    emailVerified: { type: 'boolean' },
    name: { type: 'string' },
    groups: { type: 'array', items: { type: 'string' } },
    role: { type: ['string', 'null'], enum: ['admin', 'viewer', null], description: 'The role the workspace’s settings gave them at sign-in; null: none.' },
    workspace: { type: 'string' }
  }
} as const

/** The components of these routes (added by hub.ts). */
export const ticketSchemas = [identity]

export default async function ticketRoutes (fastify: FastifyInstance, { tickets, workspaces }: { tickets: SignInTickets, workspaces: Workspaces }): Promise<void> {
  fastify.post<{ Body: { ticket: string } }>('/sso/tickets/redeem', {
    config: { access: 'read' },
    schema: {
      tags: ['auth'],
      operationId: 'redeemTicket',
      summary: 'Redeem a one-time sign-in ticket for the verified identity (once, within 60 s)',
      body: { type: 'object', additionalProperties: false, required: ['ticket'], properties: { ticket: { type: 'string', title: 'Ticket', minLength: 1, maxLength: 200 } } },
      response: { 200: { $ref: 'SignInIdentity#' } },
      errors: ['HUB_ERR_TICKET_INVALID', 'HUB_ERR_TICKET_OTHER_WORKSPACE']
    }
  }, async (request) => {
    // The operator redeems a ticket of any workspace; anyone else only one of their own.
    const own = request.principal.operator ? undefined : request.workspace
    return await tickets.redeem(request.body.ticket, own, async id => await workspaces.get(id))
  })
}
