// The OpenAPI document against the service itself: every exchange in exchanges.ts, and the faults only a broken store
// or a missing token produce, answered by the app and held against what the document declares for that operation
// and status (document-check.ts). Every status the document declares is seen at least once.
import t, { type Test } from 'tap'
import type { FastifyInstance, InjectOptions } from 'fastify'
import { EmbeddedSearchIndex } from '../../../local/embedded-search-index.ts'
import type { SearchIndex } from '../../../src/orders/order-search.ts'
import { StoreUnavailableError } from '../../../src/shared/store-errors.ts'
import type { ItemStore } from '../../../src/items/item-store.ts'
import type { OrderStore } from '../../../src/orders/order-store.ts'
import { RETRY_AFTER_SECONDS } from '../../../src/shared/store-errors.ts'
import { build } from '../../helper.ts'
import { authEnv, issuer } from '../../token-issuer.ts'
import { DocumentCheck } from './document-check.ts'
import { bucketExchanges, exchanges, orderExchanges, REPORT, withCreated, type Exchange } from './exchanges.ts'
import type { BlobStore, SignedLinks } from '../../../src/shared/blob-store.ts'
import { DailyTally, reportBytes, reportKey } from '../../../src/reports/daily-tally.ts'
import { testS3 } from '../../s3.ts'

type Json = Record<string, any>

const inject = (exchange: Exchange): InjectOptions => ({
  method: exchange.method as InjectOptions['method'],
  url: exchange.url,
  headers: exchange.headers,
  payload: exchange.body
})

/** Sends each exchange to the app and checks it; returns the declared responses seen ("operationId status"). */
async function run (t: Test, app: FastifyInstance, check: DocumentCheck, list: Exchange[], created: { id: string, order?: string }): Promise<Set<string>> {
  const seen = new Set<string>()
  for (const listed of list) {
    const exchange = withCreated(listed, created.id, created.order)
    const response = await app.inject(inject(exchange))
    t.equal(response.statusCode, exchange.status, `${exchange.name}: status`)
    const body = check.check(t, exchange, { status: response.statusCode, headers: response.headers, body: response.body }) as Json | undefined
    if (exchange.name === 'create' && response.statusCode === 201) created.id = body?.data.id
    if (exchange.name === 'place an order' && response.statusCode === 201) created.order = body?.data.order_id
    seen.add(check.declared(exchange.method, exchange.url, response.statusCode).where)
  }
  return seen
}

function declaredStatuses (document: Json): string[] {
  return Object.values(document.paths as Record<string, Json>).flatMap((item) => Object.values(item))
    .flatMap((operation: Json) => Object.keys(operation.responses).map((status) => `${operation.operationId} ${status}`))
}

const ITEM_WRITES_AND_READS = (id: string): Exchange[] => [
  { name: 'create', method: 'POST', url: '/items', headers: { 'content-type': 'application/json' }, body: '{"name":"A","price":1}', status: 0 },
  { name: 'list', method: 'GET', url: '/items', status: 0 },
  { name: 'read', method: 'GET', url: `/items/${id}`, status: 0 },
  { name: 'read, headers only', method: 'HEAD', url: `/items/${id}`, status: 0 },
  { name: 'list, headers only', method: 'HEAD', url: '/items', status: 0 },
  { name: 'update', method: 'PUT', url: `/items/${id}`, headers: { 'content-type': 'application/json' }, body: '{"price":2}', status: 0 },
  { name: 'delete', method: 'DELETE', url: `/items/${id}`, status: 0 }
]
const ID = '0b9c7a52-3c4d-4e5f-8a6b-7c8d9e0f1a2b'
const ORDER_ID = 'ORD-20240110-0a1b2c3d'
const ORDER_WRITES_AND_READS: Exchange[] = [
  { name: 'place an order', method: 'POST', url: '/orders', headers: { 'content-type': 'application/json' }, body: '{"customer_id":"C","items":["A"],"total_amount":1}', status: 0 },
  { name: 'read an order', method: 'GET', url: `/orders/${ORDER_ID}`, status: 0 },
  { name: 'read an order, headers only', method: 'HEAD', url: `/orders/${ORDER_ID}`, status: 0 },
  { name: 'list a customer\'s orders', method: 'GET', url: '/customers/C/orders', status: 0 },
  { name: 'list a customer\'s orders, headers only', method: 'HEAD', url: '/customers/C/orders', status: 0 },
  { name: 'cancel an order', method: 'POST', url: `/orders/${ORDER_ID}/cancel`, status: 0 },
  { name: 'delete an order', method: 'DELETE', url: `/orders/${ORDER_ID}`, status: 0 }
]
const SEARCHES: Exchange[] = [
  { name: 'search', method: 'GET', url: '/orders/search?q=laptop', status: 0 },
  { name: 'search, headers only', method: 'HEAD', url: '/orders/search?q=laptop', status: 0 }
]

/** A port whose every call fails with `error()` (close aside). */
const failing = <Port>(error: () => Error): Port => new Proxy({}, {
  get: (_target, name) => name === 'close' ? async () => {} : async () => { throw error() }
}) as Port

t.test('the document declares exactly what the service answers', async (t) => {
  const app = await build(t)
  const document = (await app.inject('/openapi.json')).json() as Json
  const check = new DocumentCheck(document)
  const created = { id: '' }
  const seen = await run(t, app, check, [...exchanges(), ...orderExchanges()], created)

  // With a search index holding one order: the search's 200.
  const search = new EmbeddedSearchIndex()
  const searching = await build(t, {}, { search })
  const placed = await searching.inject({ method: 'POST', url: '/orders', payload: { customer_id: 'C', items: ['SKU-LAPTOP-15'], total_amount: 10 } })
  await search.upsert(placed.json().data)
  for (const where of await run(t, searching, check, SEARCHES.map((exchange) => ({ ...exchange, status: 200 })), { id: '' })) seen.add(where)

  // Stores that fail on purpose: one throws what it never should (500), one is unavailable (503, with Retry-After;
  // test/adapters/dynamodb/store-faults.test.ts makes the SDK itself see throttling). The search index fails the same way.
  const fault = (status: number, list: Exchange[]): Exchange[] => list
    .map((exchange) => ({ ...exchange, name: `${exchange.name} (${status})`, status, example: exchange.method !== 'HEAD' }))
  for (const [status, error] of [[500, () => new Error('store bug')], [503, () => new StoreUnavailableError(RETRY_AFTER_SECONDS)]] as const) {
    const faultyApp = await build(t, {}, { items: failing<ItemStore>(error), orders: failing<OrderStore>(error) })
    for (const where of await run(t, faultyApp, check, fault(status, [...ITEM_WRITES_AND_READS(ID), ...ORDER_WRITES_AND_READS]), { id: '' })) seen.add(where)
  }
  const brokenSearch = await build(t, {}, { search: failing<SearchIndex>(() => new Error('index bug')) })
  for (const where of await run(t, brokenSearch, check, fault(500, SEARCHES), { id: '' })) seen.add(where)

  // With both buckets on a real S3-compatible server: the upload form, an unknown item, a report and a missing one.
  const s3 = await testS3()
  await s3.reports.put(reportKey('2024-01-11'), reportBytes(new DailyTally().report('2024-01-11', new Date())), { contentType: 'application/json' })
  const withBuckets = await build(t, s3.env)
  for (const where of await run(t, withBuckets, check, bucketExchanges(), { id: '' })) seen.add(where)
  // S3 failing on purpose: a fault (500), and out of reach (503, the store's words rather than "no bucket").
  for (const [status, error] of [[500, () => new Error('S3 bug')], [503, () => new StoreUnavailableError(RETRY_AFTER_SECONDS)]] as const) {
    const brokenS3 = await build(t, {}, { links: failing<SignedLinks>(error), reports: failing<Pick<BlobStore, 'get'>>(error) })
    const list: Exchange[] = [
      { name: `image upload (${status})`, method: 'POST', url: `/items/${ID}/image`, headers: { 'content-type': 'application/json' }, body: '{"content_type":"image/png"}', status, example: status === 500 },
      { name: `a report (${status})`, method: 'GET', url: REPORT, status, example: status === 500 },
      { name: `a report, headers only (${status})`, method: 'HEAD', url: REPORT, status }
    ]
    for (const where of await run(t, brokenS3, check, list, { id: '' })) seen.add(where)
  }

  // Any route can fail unexpectedly, but /health and /metrics have no store or input to make them.
  const unreachable = new Set(['getHealth 500', 'headHealth 500', 'getMetrics 500', 'headMetrics 500'])
  t.same(declaredStatuses(document).filter((declared) => !seen.has(declared) && !unreachable.has(declared)), [],
    'every declared status was answered')
  t.ok(seen.has('components.responses.NotFound') && [...seen].some((where) => where.startsWith('components.responses.MethodNotAllowed')))
  t.notOk(declaredStatuses(document).some((declared) => declared.endsWith(' 401')), 'no 401 while authentication is off')
})

t.test('with authentication on, the 401 of every protected operation and only those', async (t) => {
  const tokens = await issuer(t)
  const app = await build(t, authEnv(tokens))
  const document = (await app.inject('/openapi.json')).json() as Json
  const check = new DocumentCheck(document)
  const imageUpload: Exchange = { name: 'image upload', method: 'POST', url: `/items/${ID}/image`, headers: { 'content-type': 'application/json' }, body: '{"content_type":"image/png"}', status: 0 }
  const reports: Exchange[] = [{ name: 'a report', method: 'GET', url: REPORT, status: 0 }, { name: 'a report, headers only', method: 'HEAD', url: REPORT, status: 0 }]
  // Every write, and every orders, customers and reports route, reads included; item reads stay open.
  const needingToken = [...ITEM_WRITES_AND_READS(ID), ...ORDER_WRITES_AND_READS, ...SEARCHES, ...reports, imageUpload]
    .filter((exchange) => !(['GET', 'HEAD'].includes(exchange.method) && exchange.url.startsWith('/items')))
    .map((exchange) => ({ ...exchange, status: 401, example: exchange.method !== 'HEAD' }))
  const seen = await run(t, app, check, needingToken, { id: '' })
  const protectedOperations = ['cancelOrder 401', 'createItem 401', 'createOrder 401', 'deleteItem 401', 'deleteOrder 401', 'getDailyReport 401',
    'getOrder 401', 'headCustomerOrders 401', 'headDailyReport 401', 'headOrder 401', 'headSearchOrders 401', 'listCustomerOrders 401',
    'requestItemImageUpload 401', 'searchOrders 401', 'updateItem 401']
  t.same([...seen].sort(), protectedOperations)
  t.same(declaredStatuses(document).filter((declared) => declared.endsWith(' 401')).sort(), protectedOperations)
  t.same(document.paths['/items'].post.security, [{ bearerAuth: [] }])
  t.same(document.paths['/items'].get.security, [], 'item reads are open, and say so')

  const readsToo = await build(t, { ...authEnv(tokens), AUTH_READS: 'true' })
  const guarded = (await readsToo.inject('/openapi.json')).json() as Json
  t.same(guarded.paths['/items'].get.security, [{ bearerAuth: [] }])
  t.same(guarded.paths['/items'].head.security, [{ bearerAuth: [] }], 'HEAD is guarded as its GET')
  t.same(guarded.paths['/items'].options.security, [], 'a preflight never needs a token')
})
