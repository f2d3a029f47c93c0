// Schemas every resource shares: the error envelope and the per-status error responses.
import { Type, type Static } from 'typebox'

export const ErrorCode = Type.Enum([
  'VALIDATION_ERROR', 'UNAUTHORIZED', 'ITEM_NOT_FOUND', 'NOT_FOUND', 'METHOD_NOT_ALLOWED', 'CONFLICT',
  'PRECONDITION_FAILED', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'RATE_LIMITED', 'INTERNAL_ERROR',
  'SERVICE_UNAVAILABLE'
])
export type ErrorCode = Static<typeof ErrorCode>

export const ErrorDetail = Type.Object({
  field: Type.String({ description: 'The offending field: a body property, query parameter, path parameter or header.' }),
  message: Type.String()
})
export type ErrorDetail = Static<typeof ErrorDetail>

const ERROR_EXAMPLE = {
  success: false,
  error: { code: 'VALIDATION_ERROR', message: 'Request body is invalid', details: [{ field: 'price', message: 'must be > 0 (and at least 1e-130)' }] },
  request_id: '3f1c2a9e-5b7d-4e8f-9a6b-1c2d3e4f5a6b'
}

const errorProperties = {
  success: Type.Literal(false),
  error: Type.Object({
    code: ErrorCode,
    message: Type.String(),
    details: Type.Optional(Type.Array(ErrorDetail))
  }),
  request_id: Type.String()
}

export const ErrorResponse = Type.Object(errorProperties, {
  description: 'Every error the service answers has this shape.',
  examples: [ERROR_EXAMPLE]
})
export type ErrorResponse = Static<typeof ErrorResponse>

const ERROR_DESCRIPTIONS = {
  400: 'The request is invalid (VALIDATION_ERROR); details name each offending field.',
  401: 'A valid bearer token is required (UNAUTHORIZED): writes, and reads with AUTH_READS=true, when the deployment sets AUTH_*.',
  404: 'No item has this id (ITEM_NOT_FOUND).',
  413: 'The body is larger than 64 KiB (PAYLOAD_TOO_LARGE).',
  409: 'The Idempotency-Key was already used with a different request (CONFLICT); nothing was created.',
  412: 'The item\'s ETag is not one that If-Match names (PRECONDITION_FAILED); nothing was changed.',
  415: 'The body is not application/json (UNSUPPORTED_MEDIA_TYPE).',
  500: 'An unexpected fault (INTERNAL_ERROR); the message never reveals internals.',
  503: 'The item store cannot be reached or is throttling (SERVICE_UNAVAILABLE); retry after Retry-After seconds.'
} as const
export type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS

/** The error response of each status, for routes' `response` schemas (src/routes/error-responses.ts picks them). */
export const ERROR_RESPONSES = Object.fromEntries(Object.entries(ERROR_DESCRIPTIONS).map(([status, description]) => [
  status, Type.Object(errorProperties, { description, examples: [ERROR_EXAMPLE] })
])) as Record<ErrorStatus, typeof ErrorResponse>
