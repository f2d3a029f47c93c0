// The headers the document declares: each described once under components.headers and referred to by the responses
// that carry it, plus the request header every operation takes.

export const HEADERS = {
  'X-Request-Id': {
    description: 'This request\'s id, also in the body of an error as request_id: the X-Request-Id the client sent when it ' +
      'is 1–128 characters of letters, digits and `._:-`, otherwise a new one (on Lambda, the invocation\'s request id).',
    schema: { type: 'string', minLength: 1, maxLength: 128 }
  },
  ETag: {
    description: 'The resource\'s version as an entity tag (`"2"`); send it back in If-Match to change or delete only that version.',
    schema: { type: 'string', pattern: '^"[0-9]+"$' }
  },
  Location: {
    description: 'Where the new resource is, relative to the service.',
    schema: { type: 'string' }
  },
  'Idempotent-Replayed': {
    description: '`true` when this answer replays the response to an earlier request with the same Idempotency-Key: ' +
      'nothing new was created. Absent otherwise.',
    schema: { type: 'string', enum: ['true'] }
  },
  'Retry-After': {
    description: 'Seconds to wait before retrying.',
    schema: { type: 'integer', minimum: 0 }
  },
  Allow: {
    description: 'The methods the path serves.',
    schema: { type: 'string' }
  },
  'WWW-Authenticate': {
    description: 'The bearer challenge (RFC 6750), with `error="invalid_token"` when a token was sent but is not valid.',
    schema: { type: 'string' }
  },
  'Access-Control-Allow-Methods': {
    description: 'The methods a cross-origin request may use.',
    schema: { type: 'string' }
  },
  'Access-Control-Allow-Headers': {
    description: 'The request headers a cross-origin request may send: those the preflight asked for.',
    schema: { type: 'string' }
  },
  'Access-Control-Max-Age': {
    description: 'Seconds the browser may cache this preflight\'s answer.',
    schema: { type: 'integer' }
  }
} as const
export type HeaderName = keyof typeof HEADERS

/** The headers that come with every response of a status, whichever operation answers it. */
export const HEADERS_BY_STATUS: Record<string, HeaderName[]> = {
  401: ['WWW-Authenticate'],
  405: ['Allow'],
  503: ['Retry-After']
}

export const headerRef = (name: HeaderName): { $ref: string } => ({ $ref: `#/components/headers/${name}` })

/** The X-Request-Id a client may send, on every operation. */
export const REQUEST_ID_PARAMETER = {
  name: 'X-Request-Id',
  in: 'header',
  required: false,
  description: 'An id of the client\'s for this request: used and echoed when it is 1–128 characters of letters, digits ' +
    'and `._:-`, otherwise replaced by a new one.',
  schema: { type: 'string', maxLength: 128, pattern: '^[A-Za-z0-9._:-]{1,128}$' }
}
