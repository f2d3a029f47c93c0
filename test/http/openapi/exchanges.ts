// Requests that cover every operation and every status the OpenAPI document declares for it, in an order where each
// can use what an earlier one created: the walk-through, every error case, HEAD, the CORS preflight, and the two
// answers no operation owns (404 of an unknown path, 405 of a known path with another method).
import { EXAMPLE_ID } from '../../../src/http/schemas/item-schemas.ts'
import { EXAMPLE_CUSTOMER_ID, EXAMPLE_ORDER_ID } from '../../../src/http/schemas/order-schemas.ts'

export interface Exchange {
  name: string
  method: string
  /**
   * The path and query; `{created}` stands for the id of the item the first exchange creates, `{order}` for the id of
   * the order that 'place an order' places.
   */
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

/** The exchange with the created item's and order's ids in its URL. */
export const withCreated = (exchange: Exchange, id: string, orderId = ''): Exchange =>
  ({ ...exchange, url: exchange.url.replace('{created}', id).replace('{order}', orderId) })

const item = (): string => '/items/{created}'
const order = (): string => '/orders/{order}'
const ORDER = { customer_id: EXAMPLE_CUSTOMER_ID, items: ['SKU-LAPTOP-15', 'SKU-MOUSE-01'], total_amount: 1319.99 }
const ORDER_TOO_LARGE = body({ ...ORDER, customer_id: 'x'.repeat(70_000) })
const UNKNOWN_ORDER = `/orders/${EXAMPLE_ORDER_ID}`

const IMAGE = `/items/${EXAMPLE_ID}/image`
export const REPORT = '/reports/daily/2024-01-10'

/** Image uploads and reports with both buckets on an S3-compatible server; a report for 2024-01-11 is in its bucket. */
export function bucketExchanges (): Exchange[] {
  return [
    { name: 'create', method: 'POST', url: '/items', headers: json, body: body(LAPTOP), status: 201 },
    { name: 'image upload', method: 'POST', url: `${item()}/image`, headers: json, body: body({ content_type: 'image/jpeg' }), status: 201 },
    { name: 'image upload for an unknown item', method: 'POST', url: IMAGE, headers: json, body: body({ content_type: 'image/jpeg' }), status: 404, example: true },
    { name: 'a report not made yet', method: 'GET', url: REPORT, status: 404, example: true },
    { name: 'a report not made yet, headers only', method: 'HEAD', url: REPORT, status: 404 },
    { name: 'a report', method: 'GET', url: '/reports/daily/2024-01-11', status: 200 },
    { name: 'a report, headers only', method: 'HEAD', url: '/reports/daily/2024-01-11', status: 200 }
  ]
}

/** Every operation and status of orders that needs no pipeline and no search index. */
export function orderExchanges (): Exchange[] {
  return [
    { name: 'place an order', method: 'POST', url: '/orders', headers: json, body: body(ORDER), status: 201, example: true },
    { name: 'read the order', method: 'GET', url: order(), status: 200 },
    { name: 'read the order, headers only', method: 'HEAD', url: order(), status: 200 },
    { name: 'list the customer\'s orders', method: 'GET', url: `/customers/${EXAMPLE_CUSTOMER_ID}/orders`, status: 200 },
    { name: 'list the customer\'s CREATED orders', method: 'GET', url: `/customers/${EXAMPLE_CUSTOMER_ID}/orders?status=CREATED&limit=5`, status: 200 },
    { name: 'list the customer\'s orders, headers only', method: 'HEAD', url: `/customers/${EXAMPLE_CUSTOMER_ID}/orders`, status: 200 },
    { name: 'place with an Idempotency-Key', method: 'POST', url: '/orders', headers: { ...json, 'idempotency-key': 'order-1' }, body: body(ORDER), status: 201 },
    { name: 'the same order key, another body', method: 'POST', url: '/orders', headers: { ...json, 'idempotency-key': 'order-1' }, body: body({ ...ORDER, total_amount: 1 }), status: 409, example: true },
    { name: 'cancel with a stale ETag', method: 'POST', url: `${order()}/cancel`, headers: { 'if-match': '"7"' }, status: 412 },
    { name: 'cancel', method: 'POST', url: `${order()}/cancel`, headers: { 'if-match': '"1"' }, status: 200, example: true },
    { name: 'cancel again', method: 'POST', url: `${order()}/cancel`, status: 409 },
    { name: 'delete the order with a stale ETag', method: 'DELETE', url: order(), headers: { 'if-match': '"1"' }, status: 412 },
    { name: 'delete the order', method: 'DELETE', url: order(), headers: { 'if-match': '"2"' }, status: 204 },
    { name: 'read the deleted order', method: 'GET', url: order(), status: 404 },
    { name: 'read an unknown order', method: 'GET', url: UNKNOWN_ORDER, status: 404, example: true },
    { name: 'read an unknown order, headers only', method: 'HEAD', url: UNKNOWN_ORDER, status: 404 },
    { name: 'cancel an unknown order', method: 'POST', url: `${UNKNOWN_ORDER}/cancel`, status: 404, example: true },
    { name: 'delete an unknown order', method: 'DELETE', url: UNKNOWN_ORDER, status: 404, example: true },
    { name: 'search without an index', method: 'GET', url: '/orders/search?q=laptop', status: 503, example: true },
    { name: 'list orders without an index', method: 'GET', url: '/orders/search?status=CONFIRMED&limit=5', status: 503 },
    { name: 'search without an index, headers only', method: 'HEAD', url: '/orders/search?q=laptop', status: 503 },

    { name: 'place: three decimal places', method: 'POST', url: '/orders', headers: json, body: body({ ...ORDER, total_amount: 1.155 }), status: 400, example: true },
    { name: 'place: no items', method: 'POST', url: '/orders', headers: json, body: body({ ...ORDER, items: [] }), status: 400 },
    { name: 'place: an unknown property', method: 'POST', url: '/orders', headers: json, body: body({ ...ORDER, status: 'CONFIRMED' }), status: 400 },
    { name: 'place: text/plain', method: 'POST', url: '/orders', headers: { 'content-type': 'text/plain' }, body: 'x', status: 415, example: true },
    { name: 'place: over 64 KiB', method: 'POST', url: '/orders', headers: json, body: ORDER_TOO_LARGE, status: 413, example: true },
    { name: 'read: not an order id', method: 'GET', url: '/orders/ORD-1', status: 400, example: true },
    { name: 'read, headers only: not an order id', method: 'HEAD', url: '/orders/ORD-1', status: 400 },
    { name: 'list: an unknown status', method: 'GET', url: `/customers/${EXAMPLE_CUSTOMER_ID}/orders?status=LOST`, status: 400, example: true },
    { name: 'list: another customer\'s cursor', method: 'GET', url: `/customers/${EXAMPLE_CUSTOMER_ID}/orders?cursor=forged`, status: 400 },
    { name: 'list, headers only: an unknown status', method: 'HEAD', url: `/customers/${EXAMPLE_CUSTOMER_ID}/orders?status=LOST`, status: 400 },
    { name: 'cancel: not an order id', method: 'POST', url: '/orders/ORD-1/cancel', status: 400, example: true },
    { name: 'cancel: a bad If-Match', method: 'POST', url: `${UNKNOWN_ORDER}/cancel`, headers: { 'if-match': 'bad' }, status: 400 },
    { name: 'cancel: text/plain', method: 'POST', url: `${UNKNOWN_ORDER}/cancel`, headers: { 'content-type': 'text/plain' }, body: 'x', status: 415, example: true },
    { name: 'cancel: over 64 KiB', method: 'POST', url: `${UNKNOWN_ORDER}/cancel`, headers: json, body: ORDER_TOO_LARGE, status: 413, example: true },
    { name: 'delete: not an order id', method: 'DELETE', url: '/orders/ORD-1', status: 400, example: true },
    { name: 'delete: text/plain', method: 'DELETE', url: UNKNOWN_ORDER, headers: { 'content-type': 'text/plain' }, body: 'x', status: 415, example: true },
    { name: 'delete: over 64 KiB', method: 'DELETE', url: UNKNOWN_ORDER, headers: json, body: ORDER_TOO_LARGE, status: 413, example: true },
    { name: 'search: an unknown status', method: 'GET', url: '/orders/search?status=LOST', status: 400, example: true },
    { name: 'search: punctuation only', method: 'GET', url: '/orders/search?q=---', status: 400 },
    { name: 'search, headers only: an unknown status', method: 'HEAD', url: '/orders/search?status=LOST', status: 400 },

    ...['/orders', UNKNOWN_ORDER, `${UNKNOWN_ORDER}/cancel`, '/orders/search', `/customers/${EXAMPLE_CUSTOMER_ID}/orders`].map((url): Exchange => ({
      name: `preflight ${url}`,
      method: 'OPTIONS',
      url,
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, if-match' },
      status: 204
    }))
  ]
}

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

    { name: 'image upload without a bucket', method: 'POST', url: IMAGE, headers: json, body: body({ content_type: 'image/png' }), status: 503, example: true },
    { name: 'image upload: a type not allowed', method: 'POST', url: IMAGE, headers: json, body: body({ content_type: 'image/gif' }), status: 400, example: true },
    { name: 'image upload: text/plain', method: 'POST', url: IMAGE, headers: { 'content-type': 'text/plain' }, body: 'x', status: 415, example: true },
    { name: 'image upload: over 64 KiB', method: 'POST', url: IMAGE, headers: json, body: TOO_LARGE, status: 413, example: true },
    { name: 'report without a bucket', method: 'GET', url: REPORT, status: 503, example: true },
    { name: 'report without a bucket, headers only', method: 'HEAD', url: REPORT, status: 503 },
    { name: 'report: not a calendar day', method: 'GET', url: '/reports/daily/2026-02-30', status: 400, example: true },
    { name: 'report: not a date', method: 'GET', url: '/reports/daily/yesterday', status: 400 },
    { name: 'report, headers only: not a calendar day', method: 'HEAD', url: '/reports/daily/2026-02-30', status: 400 },
    ...[IMAGE, REPORT].map((url): Exchange => ({
      name: `preflight ${url}`,
      method: 'OPTIONS',
      url,
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      status: 204
    })),

    { name: 'an unknown path', method: 'GET', url: '/itemz', status: 404, example: true },
    { name: 'a known path, another method', method: 'PATCH', url: `/items/${EXAMPLE_ID}`, status: 405, example: true }
  ]
}
