// The OpenSearch adapter against OpenSearch's documented requests and answers. No OpenSearch server runs on these
// machines (it needs a JVM service and gigabytes of memory; AWS's managed domains are not reachable): a local HTTP
// server answers each call with the body shape OpenSearch's REST reference documents, and records what the official
// client sent, signature included.
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import t, { type Test } from 'tap'
import { placeOrder } from '../../../src/orders/order.ts'
import { ORDERS_MAPPING, OpenSearchIndex } from '../../../src/adapters/opensearch/open-search-client.ts'
import { openSearchIndex } from '../../../src/adapters/opensearch/lazy-open-search.ts'
import { SearchUnavailableError } from '../../../src/orders/order-search.ts'

interface Seen { method: string, url: string, body: any, authorization: string | undefined, date: string | undefined }
type Answer = [number, unknown]

// Credentials for the default provider chain: the signature needs some, the server does not check them.
process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE'
process.env.AWS_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'

const order = placeOrder({ customer_id: 'CUST-1', items: ['SKU-LAPTOP-15'], total_amount: 10 }, new Date('2024-01-10T09:00:00.000Z'), 'ORD-20240110-0000000a')

async function read (request: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  const text = Buffer.concat(chunks).toString('utf8')
  return text === '' ? undefined : JSON.parse(text)
}

/** A server that answers the queued answers in turn and records each request. */
async function openSearch (t: Test, answers: Answer[]): Promise<{ endpoint: string, seen: Seen[] }> {
  const seen: Seen[] = []
  const server = createServer((request, response) => {
    read(request).then((body) => {
      seen.push({ method: request.method!, url: request.url!, body, authorization: request.headers.authorization, date: request.headers['x-amz-date'] as string })
      const [status, answer] = answers.shift() ?? [500, { error: 'unexpected request' }]
      response.writeHead(status, { 'content-type': 'application/json' })
      response.end(request.method === 'HEAD' ? undefined : JSON.stringify(answer))
    }, () => response.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise((resolve) => server.close(resolve)))
  return { endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen }
}

const indexed = (result: string): Answer => [result === 'created' ? 201 : 200, {
  _index: 'orders', _id: order.order_id, _version: 1, result, _shards: { total: 2, successful: 1, failed: 0 }, _seq_no: 0, _primary_term: 1
}]
const conflict: Answer = [409, {
  error: { root_cause: [{ type: 'version_conflict_engine_exception', reason: 'current version [3] is higher or equal to the one provided [1]' }], type: 'version_conflict_engine_exception', reason: 'current version [3] is higher or equal to the one provided [1]' },
  status: 409
}]
const notFound: Answer = [404, { _index: 'orders', _id: order.order_id, _version: 1, result: 'not_found', _shards: { total: 2, successful: 1, failed: 0 } }]
const hits: Answer = [200, {
  took: 3,
  timed_out: false,
  _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
  hits: { total: { value: 1, relation: 'eq' }, max_score: null, hits: [{ _index: 'orders', _id: order.order_id, _score: null, _source: order, sort: [1704877200000, order.order_id] }] }
}]

t.test('every request is signed for the es service in the region', async (t) => {
  const { endpoint, seen } = await openSearch(t, [indexed('created')])
  const index = OpenSearchIndex.signed({ endpoint, index: 'orders' }, 'eu-west-1')
  t.teardown(() => index.close())
  await index.upsert(order)
  t.match(seen[0].authorization, /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/es\/aws4_request, SignedHeaders=.*host.*, Signature=[0-9a-f]{64}$/)
  t.match(seen[0].date, /^\d{8}T\d{6}Z$/)
})

t.test('upsert writes the order under its id with external versioning; an older version is a conflict and ignored', async (t) => {
  const { endpoint, seen } = await openSearch(t, [indexed('created'), conflict])
  const index = OpenSearchIndex.signed({ endpoint, index: 'orders' }, 'us-east-1')
  t.teardown(() => index.close())
  await index.upsert(order)
  await index.upsert(order)
  t.equal(seen[0].method, 'PUT')
  t.equal(seen[0].url, `/orders/_doc/${order.order_id}?version=1&version_type=external`)
  t.same(seen[0].body, order)
})

t.test('remove deletes by id; an id the index does not hold is fine', async (t) => {
  const { endpoint, seen } = await openSearch(t, [indexed('deleted'), notFound])
  const index = OpenSearchIndex.signed({ endpoint, index: 'orders' }, 'us-east-1')
  t.teardown(() => index.close())
  await index.remove(order.order_id)
  await index.remove(order.order_id)
  t.same(seen.map((request) => `${request.method} ${request.url}`), [`DELETE /orders/_doc/${order.order_id}`, `DELETE /orders/_doc/${order.order_id}`])
})

t.test('search: every word as a prefix over customer, items and status; exact filters; newest first', async (t) => {
  const { endpoint, seen } = await openSearch(t, [hits])
  const index = OpenSearchIndex.signed({ endpoint, index: 'orders' }, 'us-east-1')
  t.teardown(() => index.close())
  t.same(await index.search({ q: 'lap 15', customerId: 'CUST-1', status: 'CREATED', limit: 5 }), [order])
  t.equal(seen[0].method, 'POST')
  t.equal(seen[0].url, '/orders/_search')
  t.same(seen[0].body, {
    size: 5,
    query: {
      bool: {
        must: [{ multi_match: { query: 'lap 15', fields: ['customer_id', 'items', 'status'], type: 'bool_prefix', operator: 'and' } }],
        filter: [{ term: { 'customer_id.keyword': 'CUST-1' } }, { term: { 'status.keyword': 'CREATED' } }]
      }
    },
    sort: [{ created_at: 'desc' }, { order_id: 'desc' }]
  })
})

t.test('search without q: the filters alone; a next page starts after the last hit\'s sort values (search_after)', async (t) => {
  const { endpoint, seen } = await openSearch(t, [hits, hits])
  const index = OpenSearchIndex.signed({ endpoint, index: 'orders' }, 'us-east-1')
  t.teardown(() => index.close())
  t.same(await index.search({ status: 'CREATED', limit: 2 }), [order])
  t.same(seen[0].body, {
    size: 2,
    query: { bool: { must: [], filter: [{ term: { 'status.keyword': 'CREATED' } }] } },
    sort: [{ created_at: 'desc' }, { order_id: 'desc' }]
  }, 'a bool query with no must clause: every order that passes the filters')
  await index.search({ limit: 2, after: { createdAt: order.created_at, orderId: order.order_id } })
  t.same(seen[1].body, {
    size: 2,
    query: { bool: { must: [], filter: [] } },
    sort: [{ created_at: 'desc' }, { order_id: 'desc' }],
    // The values the hit's own `sort` array carries for it: the date as epoch milliseconds, then the id.
    search_after: [1704877200000, order.order_id]
  })
})

t.test('ensureIndex creates the index with its mapping only when missing', async (t) => {
  const { endpoint, seen } = await openSearch(t, [[404, {}], [200, { acknowledged: true, shards_acknowledged: true, index: 'orders' }], [200, {}]])
  const index = OpenSearchIndex.signed({ endpoint, index: 'orders' }, 'us-east-1')
  t.teardown(() => index.close())
  await index.ensureIndex()
  await index.ensureIndex()
  t.same(seen.map((request) => `${request.method} ${request.url}`), ['HEAD /orders', 'PUT /orders', 'HEAD /orders'])
  t.same(seen[1].body, { mappings: ORDERS_MAPPING })
})

t.test('a 5xx or an unreachable domain is SearchUnavailableError; a 4xx is a fault', async (t) => {
  const { endpoint } = await openSearch(t, [[503, { error: 'busy' }], [503, { error: 'busy' }], [400, { error: { type: 'parsing_exception' }, status: 400 }]])
  const index = OpenSearchIndex.signed({ endpoint, index: 'orders' }, 'us-east-1')
  t.teardown(() => index.close())
  await t.rejects(index.search({ q: 'a', limit: 1 }), SearchUnavailableError)
  await t.rejects(index.search({ q: 'a', limit: 1 }), { name: 'ResponseError' })
  const closed = OpenSearchIndex.signed({ endpoint: 'http://127.0.0.1:1', index: 'orders' }, 'us-east-1')
  t.teardown(() => closed.close())
  await t.rejects(closed.upsert(order), SearchUnavailableError)
  await t.rejects(closed.remove(order.order_id), SearchUnavailableError)
})

t.test('the lazy index loads the client on first use, makes sure the index exists, and closes it', async (t) => {
  const { endpoint, seen } = await openSearch(t, [[503, {}], [503, {}], [200, {}], hits, indexed('created'), indexed('deleted')])
  const index = openSearchIndex({ endpoint, index: 'orders' }, 'us-east-1')
  await index.close()
  await t.rejects(index.search({ q: 'lap', limit: 1 }), SearchUnavailableError, 'the domain is down at the first call')
  t.same(await index.search({ q: 'lap', limit: 1 }), [order], 'the next call tries afresh')
  await index.upsert(order)
  await index.remove(order.order_id)
  await index.close()
  t.same(seen.map((request) => request.method), ['HEAD', 'HEAD', 'HEAD', 'POST', 'PUT', 'DELETE'], 'the index checked once it answered, then the calls')
})
