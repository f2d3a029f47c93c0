// How a route declares the headers its own responses carry, for the OpenAPI document:
// `[RESPONSE_HEADERS]: { 201: ['Location', 'ETag'] }` in its schema. @fastify/swagger copies `x-` keys onto the
// operation, and src/http/openapi/complete-document.ts turns them into the responses' headers. (The headers every response
// carries, or every response of a status, such as X-Request-Id or Retry-After, are declared there for all.)
export const RESPONSE_HEADERS = 'x-response-headers'

/** The headers a route sets on its own successful responses (src/http/openapi/headers.ts describes each). */
export type RouteHeader = 'Location' | 'ETag' | 'Idempotent-Replayed'
export type RouteResponseHeaders = Record<number, RouteHeader[]>
