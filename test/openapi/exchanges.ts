// Requests that cover every operation and every status the OpenAPI document declares for it, in an order where each
// can use what an earlier one created: the walk-through, every error case, HEAD, the CORS preflight, and the two
// answers no operation owns (404 of an unknown path, 405 of a known path with another method).
import { EXAMPLE_ID } from '../../src/schemas/item.ts'

export interface Exchange {
  name: string
  method: string
  /** The path and query; `{created}` stands for the id of the item the first exchange creates. */
  url: string
  headers?: Record<string, string>
  body?: string
  status: number
  /** This response is the one the document shows as the example of its operation and status. */
  example?: boolean
}

const json = { 'content-type': 'application/json' }
const body = (value: unknown): string => JSON.stringify(value)
const LAPTOP = { name: 'Laptop', description: 'High-performance development laptop', price: 1299.99 }
const TOO_LARGE = body({ name: 'x'.repeat(70_000), price: 1 })

/** The exchange with the created item's id in its URL. */
export const withCreated = (exchange: Exchange, id: string): Exchange => ({ ...exchange, url: exchange.url.replace('{created}', id) })

const item = (): string => '/items/{created}'

export function exchanges (): Exchange[] {
  return [
    { name: 'create', method: 'POST', url: '/items', headers: json, body: body(LAPTOP), status: 201, example: true },
    { name: 'list the one item, no query', method: 'GET', url: '/items', status: 200, example: true },
    { name: 'list with a limit', method: 'GET', url: '/items?limit=1', status: 200 },
    { name: 'list with a trailing slash', method: 'GET', url: '/items/', status: 200 },
    { name: 'read', method: 'GET', url: item(), status: 200, example: true },
    { name: 'read, headers only', method: 'HEAD', url: item(), status: 200 },
    { name: 'list, headers only', method: 'HEAD', url: '/items', status: 200 },
    { name: 'create with an Idempotency-Key', method: 'POST', url: '/items', headers: { ...json, 'idempotency-key': 'key-1' }, body: body({ name: 'Mouse', price: 20 }), status: 201 },
    { name: 'the same key, another body', method: 'POST', url: '/items', headers: { ...json, 'idempotency-key': 'key-1' }, body: body({ name: 'Pad', price: 5 }), status: 409, example: true },
    { name: 'update with a stale ETag', method: 'PUT', url: item(), headers: { ...json, 'if-match': '"7"' }, body: body({ price: 1 }), status: 412 },
    { name: 'update', method: 'PUT', url: item(), headers: { ...json, 'if-match': '"1"' }, body: body({ name: 'Updated Laptop', price: 1199.99 }), status: 200, example: true },
    { name: 'delete with a stale ETag', method: 'DELETE', url: item(), headers: { 'if-match': '"1"' }, status: 412 },
    { name: 'delete', method: 'DELETE', url: item(), status: 200, example: true },
    { name: 'read the deleted item', method: 'GET', url: item(), status: 404 },
    { name: 'read an unknown id', method: 'GET', url: `/items/${EXAMPLE_ID}`, status: 404, example: true },
    { name: 'update an unknown id', method: 'PUT', url: `/items/${EXAMPLE_ID}`, headers: json, body: body({ price: 1 }), status: 404, example: true },
    { name: 'delete an unknown id', method: 'DELETE', url: `/items/${EXAMPLE_ID}`, status: 404, example: true },
    { name: 'health', method: 'GET', url: '/health', status: 200 },
    { name: 'health, headers only', method: 'HEAD', url: '/health', status: 200 },
    { name: 'metrics', method: 'GET', url: '/metrics', status: 200 },
    { name: 'metrics, headers only', method: 'HEAD', url: '/metrics', status: 200 },

    { name: 'create: price not > 0', method: 'POST', url: '/items', headers: json, body: body({ name: 'Laptop', price: -1 }), status: 400, example: true },
    { name: 'create: an unknown property', method: 'POST', url: '/items', headers: json, body: body({ ...LAPTOP, colour: 'red' }), status: 400 },
    { name: 'create: not JSON', method: 'POST', url: '/items', headers: json, body: '{"name":', status: 400 },
    { name: 'create: a bad Idempotency-Key', method: 'POST', url: '/items', headers: { ...json, 'idempotency-key': 'a b' }, body: body(LAPTOP), status: 400 },
    { name: 'create: text/plain', method: 'POST', url: '/items', headers: { 'content-type': 'text/plain' }, body: 'Laptop', status: 415, example: true },
    { name: 'create: over 64 KiB', method: 'POST', url: '/items', headers: json, body: TOO_LARGE, status: 413, example: true },
    { name: 'list: limit 0', method: 'GET', url: '/items?limit=0', status: 400, example: true },
    { name: 'list: a forged cursor', method: 'GET', url: '/items?cursor=forged', status: 400 },
    { name: 'list, headers only: limit 0', method: 'HEAD', url: '/items?limit=0', status: 400 },
    { name: 'read: not a UUID', method: 'GET', url: '/items/not-a-uuid', status: 400, example: true },
    { name: 'read, headers only: not a UUID', method: 'HEAD', url: '/items/not-a-uuid', status: 400 },
    { name: 'read, headers only: an unknown id', method: 'HEAD', url: `/items/${EXAMPLE_ID}`, status: 404 },
    { name: 'update: no property', method: 'PUT', url: `/items/${EXAMPLE_ID}`, headers: json, body: body({}), status: 400, example: true },
    { name: 'update: a bad If-Match', method: 'PUT', url: `/items/${EXAMPLE_ID}`, headers: { ...json, 'if-match': 'bad' }, body: body({ price: 1 }), status: 400 },
    { name: 'update: text/plain', method: 'PUT', url: `/items/${EXAMPLE_ID}`, headers: { 'content-type': 'text/plain' }, body: 'x', status: 415, example: true },
    { name: 'update: over 64 KiB', method: 'PUT', url: `/items/${EXAMPLE_ID}`, headers: json, body: TOO_LARGE, status: 413, example: true },
    { name: 'delete: not a UUID', method: 'DELETE', url: '/items/not-a-uuid', status: 400, example: true },
    { name: 'delete: text/plain', method: 'DELETE', url: `/items/${EXAMPLE_ID}`, headers: { 'content-type': 'text/plain' }, body: 'x', status: 415, example: true },
    { name: 'delete: over 64 KiB', method: 'DELETE', url: `/items/${EXAMPLE_ID}`, headers: json, body: TOO_LARGE, status: 413, example: true },

    ...['/items', `/items/${EXAMPLE_ID}`, '/health', '/metrics'].map((url): Exchange => ({
      name: `preflight ${url}`,
      method: 'OPTIONS',
      url,
      headers: { origin: 'https://app.example', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type, if-match' },
      status: 204
    })),

    { name: 'an unknown path', method: 'GET', url: '/itemz', status: 404, example: true },
    { name: 'a known path, another method', method: 'PATCH', url: `/items/${EXAMPLE_ID}`, status: 405, example: true }
  ]
}
