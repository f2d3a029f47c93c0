// Schemas every resource shares: the error envelope and the per-status error responses.
import { Type, type Static, type TUnsafe } from 'typebox'

/** The page size of a listing when `limit` is not given: items, a customer's orders, a search. */
export const DEFAULT_PAGE_SIZE = 20

/** `limit` on every listing. */
export const PageLimit = Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: DEFAULT_PAGE_SIZE, description: 'Page size, 1–100; 20 when not given.' }))

/** `cursor` on every paged listing: the next_cursor of the page before. */
export const PageCursor = Type.Optional(Type.String({ minLength: 1, maxLength: 1024, description: 'The next_cursor of a previous page of the same listing; any other cursor is a 400.' }))

/** Every code an error response carries (docs/api.md's list, less RATE_LIMITED: throttling is API Gateway's, before the service). */
export const ERROR_CODES = [
  'VALIDATION_ERROR', 'UNAUTHORIZED', 'ITEM_NOT_FOUND', 'ORDER_NOT_FOUND', 'REPORT_NOT_FOUND', 'NOT_FOUND', 'METHOD_NOT_ALLOWED', 'CONFLICT',
  'INVALID_ORDER_STATE', 'PRECONDITION_FAILED', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'INTERNAL_ERROR', 'SERVICE_UNAVAILABLE'
] as const
export type ErrorCode = typeof ERROR_CODES[number]

// A string enum with its type stated, so that generated clients get a union of the codes rather than `unknown`.
export const ErrorCode: TUnsafe<ErrorCode> = Type.Unsafe<ErrorCode>({
  type: 'string',
  enum: [...ERROR_CODES],
  title: 'ErrorCode',
  description: 'What went wrong, for programs to branch on; each status has its own codes.'
})

export const ErrorDetail = Type.Object({
  field: Type.String({ description: 'The offending field: a body property, query parameter, path parameter or header.' }),
  message: Type.String()
}, { title: 'ErrorDetail' })
export type ErrorDetail = Static<typeof ErrorDetail>

const errorProperties = {
  success: Type.Literal(false),
  error: Type.Object({
    code: ErrorCode,
    message: Type.String({ description: 'For people; it never reveals internals.' }),
    details: Type.Optional(Type.Array(ErrorDetail, { description: 'With VALIDATION_ERROR: each offending field.' }))
  }),
  request_id: Type.String({ description: 'The same as the X-Request-Id header.' })
}

export const ErrorResponse = Type.Object(errorProperties, {
  title: 'ErrorResponse',
  description: 'Every error the service answers has this shape.'
})
export type ErrorResponse = Static<typeof ErrorResponse>

const ERROR_DESCRIPTIONS = {
  400: 'The request is invalid (VALIDATION_ERROR); details name each offending field.',
  401: 'A valid bearer token is required (UNAUTHORIZED).',
  404: 'Nothing has this id (the resource\'s own NOT_FOUND code).',
  409: 'The Idempotency-Key was already used with a different request (CONFLICT); nothing was created.',
  412: 'The resource\'s ETag is not one that If-Match names (PRECONDITION_FAILED); nothing was changed.',
  413: 'The body is larger than 64 KiB (PAYLOAD_TOO_LARGE).',
  415: 'The body is not application/json (UNSUPPORTED_MEDIA_TYPE).',
  500: 'An unexpected fault (INTERNAL_ERROR); the message never reveals internals.',
  503: 'The store, or the token issuer\'s keys, cannot be reached or are throttling (SERVICE_UNAVAILABLE); ' +
    'retry after Retry-After seconds.'
} as const
export type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS

/**
 * The error response of each status, for routes' `response` schemas (src/http/schemas/describe-responses.ts picks them):
 * ErrorResponse with the status's description. The OpenAPI document refers them all to ErrorResponse.
 */
export const ERROR_RESPONSES = Object.fromEntries(Object.entries(ERROR_DESCRIPTIONS).map(([status, description]) => [
  status, Type.Object(errorProperties, { title: 'ErrorResponse', description })
])) as Record<ErrorStatus, typeof ErrorResponse>
