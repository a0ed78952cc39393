/**
 * POST /sso/tickets/redeem: the host platform's backend turns a one-time `hub_ticket` into the
 * identity that signed in (operator, or a token of the ticket's workspace).
 */
import type { FastifyInstance } from 'fastify'
import type { Workspaces } from '../workspaces/registry.js'
import type { SignInTickets } from './tickets.js'

const identity = {
  type: 'object',
  properties: {
    sub: { type: 'string' },
    email: { type: 'string' },
    emailVerified: { type: 'boolean' },
    name: { type: 'string' },
    groups: { type: 'array', items: { type: 'string' } },
    role: { type: ['string', 'null'] },
    workspace: { type: 'string' }
  }
} as const

export default async function ticketRoutes (fastify: FastifyInstance, { tickets, workspaces }: { tickets: SignInTickets, workspaces: Workspaces }): Promise<void> {
  fastify.post<{ Body: { ticket: string } }>('/sso/tickets/redeem', {
    config: { access: 'read' },
    schema: {
      tags: ['auth'],
      summary: 'Redeem a one-time sign-in ticket for the verified identity (once, within 60 s)',
      body: { type: 'object', additionalProperties: false, required: ['ticket'], properties: { ticket: { type: 'string', title: 'Ticket', minLength: 1, maxLength: 200 } } },
      response: { 200: identity }
    }
  }, async (request) => {
    // The operator redeems a ticket of any workspace; anyone else only one of their own.
    const own = request.principal.operator ? undefined : request.workspace
    return await tickets.redeem(request.body.ticket, own, async id => await workspaces.get(id))
  })
}
