/**
 * How deeply a request body may nest. Settings and action inputs are a few levels deep; a body of
 * thousands of nested arrays fits in the size limit yet would exhaust the stack of the code that
 * copies and compares configs, so it is refused before validation.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { errors } from '../errors.js'

export const MAX_BODY_DEPTH = 64

/** Whether a parsed JSON value nests deeper than `limit` (walked without recursion). */
export function nestsDeeperThan (value: unknown, limit: number): boolean {
  const pending: Array<[unknown, number]> = [[value, 0]]
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!
    if (current === null || typeof current !== 'object') continue
    if (depth >= limit) return true
    for (const child of Object.values(current)) pending.push([child, depth + 1])
  }
  return false
}

/** A preValidation hook: 400 for a body nested deeper than MAX_BODY_DEPTH. */
export function refuseDeepBodies (request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void): void {
  if (nestsDeeperThan(request.body, MAX_BODY_DEPTH)) {
    done(errors.malformedBody(`The body nests objects or lists more than ${MAX_BODY_DEPTH} levels deep.`))
  } else {
    done()
  }
}
