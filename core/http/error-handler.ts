/**
 * One error shape everywhere: `{ error, message, detail?, fields? }`. Whatever a client sends,
 * the answer is a 4xx in words; a 500 only ever means a fault inside the hub, and is logged.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { errors, HubError } from '../errors.js'
import { describeErrors } from '../runtime/field-errors.js'
import { StoreUnavailableError } from '../storage/store.js'

const byFastifyCode: Record<string, () => HubError> = {
  FST_ERR_CTP_BODY_TOO_LARGE: errors.bodyTooLarge,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: errors.unsupportedMediaType,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => errors.malformedBody('The Content-Length header does not match the body.'),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => errors.malformedBody('The body is empty; send {} for no settings.'),
  FST_ERR_CTP_INVALID_JSON_BODY: () => errors.malformedBody('The body could not be parsed as JSON.'),
  // Raised by the router before any route runs (reaching the hub through the server's frameworkErrors).
  FST_ERR_BAD_URL: () => errors.validation([{ field: '(path)', message: 'The address contains a malformed %-escape.' }]),
  FST_ERR_MAX_PARAM_LENGTH: () => errors.validation([{ field: '(path)', message: 'A part of the address is too long.' }])
}

function toHubError (error: FastifyError | Error, request: FastifyRequest): HubError | undefined {
  if (error instanceof HubError) return error
  if (error instanceof StoreUnavailableError) return errors.storeUnavailable(error)
  const fastifyError = error as FastifyError
  if (fastifyError.validation !== undefined) {
    const part = fastifyError.validationContext ?? 'body'
    const fields = describeErrors({}, undefined, fastifyError.validation as never).map(({ field, message }) => ({
      field: part === 'body' ? field : `${part}.${field}`,
      message
    }))
    return errors.validation(fields)
  }
  const known = byFastifyCode[fastifyError.code]
  if (known !== undefined) return known()
  if (fastifyError.statusCode === 400 && request.headers['content-type']?.includes('json') === true) {
    // JSON syntax errors and forbidden keys (__proto__, constructor.prototype) from the body parser.
    return errors.malformedBody(/prototype/i.test(error.message) ? 'The body contains a forbidden key (__proto__ or constructor.prototype).' : 'The body could not be parsed as JSON.')
  }
  return undefined
}

export function hubErrorHandler (error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const known = toHubError(error, request)
  if (known !== undefined && typeof known.extra.retryAfterSeconds === 'number') reply.header('retry-after', String(known.extra.retryAfterSeconds))
  if (known !== undefined && known.statusCode < 500) return reply.code(known.statusCode).send(known.toJSON())
  if (known !== undefined) {
    request.log.warn({ err: known.cause ?? known }, known.message)
    return reply.code(known.statusCode).send(known.toJSON())
  }
  request.log.error({ err: error }, 'unhandled error')
  return reply.code(500).send(errors.internal().toJSON())
}

export function hubNotFoundHandler (request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const path = request.url.split('?')[0] ?? request.url
  return reply.code(404).send(errors.routeNotFound(request.method, path.slice(0, 200)).toJSON())
}
