/**
 * Liveness and readiness for load balancers and orchestrators; no authentication.
 */
import type { FastifyInstance } from 'fastify'
import { errors } from '../../errors.js'
import { callers } from '../openapi/document.js'
import type { HubStore } from '../../storage/store.js'

const READINESS_TIMEOUT_MS = 2000

export default async function healthRoutes (fastify: FastifyInstance, { store }: { store: HubStore }): Promise<void> {
  fastify.get('/healthz', {
    schema: {
      tags: ['health'],
      operationId: 'checkLiveness',
      summary: 'The process is up',
      security: callers.anyone,
      response: { 200: { type: 'object', additionalProperties: false, required: ['status'], properties: { status: { type: 'string', const: 'ok' } } } }
    }
  }, async () => ({ status: 'ok' }))

  fastify.get('/readyz', {
    schema: {
      tags: ['health'],
      operationId: 'checkReadiness',
      summary: 'The hub can serve requests: its store answers',
      security: callers.anyone,
      response: { 200: { type: 'object', additionalProperties: false, required: ['status'], properties: { status: { type: 'string', const: 'ready' } } } },
      errors: ['HUB_ERR_STORE_UNAVAILABLE']
    }
  }, async () => {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${READINESS_TIMEOUT_MS} ms`)), READINESS_TIMEOUT_MS)
    })
    try {
      await Promise.race([store.ping(), timeout])
    } catch (error) {
      throw errors.storeUnavailable(error)
    } finally {
      clearTimeout(timer)
    }
    return { status: 'ready' }
  })
}
