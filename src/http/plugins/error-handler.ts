// The one place errors become responses: every 4xx and 5xx in the error shape of docs/api.md, 5xx without internals.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { ApiError, serviceUnavailable } from '../api-errors.ts'
import type { ErrorCode, ErrorResponse } from '../schemas/envelope-schemas.ts'
import { InvalidCursorError, StoreUnavailableError } from '../../shared/store-errors.ts'
import { REQUEST_ID_HEADER } from './request-id.ts'
import { validationError } from './validation-details.ts'

// Fastify's own client errors, by code, where the contract has a more precise answer than the status.
const FASTIFY_CLIENT_ERRORS: Record<string, [number, ErrorCode, string]> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be application/json'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'PAYLOAD_TOO_LARGE', 'Request body is larger than 64 KiB'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'VALIDATION_ERROR', 'Request body is empty'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'VALIDATION_ERROR', 'Request body is not valid JSON'],
  FST_ERR_MAX_PARAM_LENGTH: [400, 'VALIDATION_ERROR', 'A path segment is too long']
}

// Other client errors raised by Fastify or a plugin, by status; anything else is a malformed request.
const CODE_BY_STATUS: Record<number, ErrorCode> = {
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE'
}

/** Maps anything thrown during a request to the contract's error. */
export function toApiError (error: FastifyError | Error): ApiError {
  if (error instanceof ApiError) return error
  if ('validation' in error && error.validation !== undefined) return validationError(error as FastifyError)
  if (error instanceof InvalidCursorError) {
    return new ApiError(400, 'VALIDATION_ERROR', 'Query string is invalid', {
      details: [{ field: 'cursor', message: error.message }]
    })
  }
  if (error instanceof StoreUnavailableError) {
    return serviceUnavailable('The service is temporarily unavailable, retry later', error.retryAfterSeconds)
  }
  const { code, statusCode } = error as FastifyError
  const known = FASTIFY_CLIENT_ERRORS[code]
  if (known !== undefined) return new ApiError(known[0], known[1], known[2])
  if (statusCode !== undefined && statusCode >= 400 && statusCode < 500) {
    const mapped = CODE_BY_STATUS[statusCode]
    if (mapped !== undefined) return new ApiError(statusCode, mapped, error.message)
    // JSON syntax errors, forbidden __proto__ keys, bad URL encodings and the like: the request is malformed.
    return new ApiError(400, 'VALIDATION_ERROR', 'Request is malformed')
  }
  return new ApiError(500, 'INTERNAL_ERROR', 'An unexpected error occurred')
}

/** The 404 of a path no route serves (the path without its query, cut at 200 characters). */
export function noRoute (method: string, url: string): ApiError {
  return new ApiError(404, 'NOT_FOUND', `No route for ${method} ${url.split('?')[0].slice(0, 200)}`)
}

export function sendError (request: FastifyRequest, reply: FastifyReply, error: ApiError): FastifyReply {
  const body: ErrorResponse = {
    success: false,
    error: { code: error.code, message: error.message, details: error.details },
    request_id: request.id
  }
  return reply.code(error.statusCode).headers(error.headers)
    // Set here too: router errors are answered before the onRequest hook that normally sets it.
    .header(REQUEST_ID_HEADER, request.id)
    .type('application/json; charset=utf-8').send(body)
}

export const errorHandler = fp(async function errorHandler (app) {
  app.setErrorHandler(function (error, request, reply) {
    const apiError = toApiError(error as FastifyError)
    // A fault, or a dependency failing (the store): logged with its cause. An ApiError is an answer its thrower chose
    // (a 503 where search is not configured; the token issuer's keys, which bearer-auth logs itself).
    if (apiError.statusCode >= 500 && !(error instanceof ApiError)) {
      request.log.error({ err: error }, 'request failed')
    }
    return sendError(request, reply, apiError)
  })

  app.setNotFoundHandler(function (request, reply) {
    return sendError(request, reply, noRoute(request.method, request.url))
  })
}, { name: 'error-handler', fastify: '5.x' })
