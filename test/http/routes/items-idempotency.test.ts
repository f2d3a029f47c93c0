// Idempotent creates: Idempotency-Key on POST /items, through the real store on the embedded DynamoDB.
import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { build, loggedLines, newItem } from '../../helper.ts'

async function itemCount (app: FastifyInstance): Promise<number> {
  return (await app.inject({ url: '/items?limit=100' })).json().count
}

const post = async (app: FastifyInstance, key: string | undefined, payload: unknown) =>
  await app.inject({ method: 'POST', url: '/items', headers: key === undefined ? {} : { 'idempotency-key': key }, payload: payload as object })

t.test('a retry with the same key and body answers the original response and creates nothing', async (t) => {
  const app = await build(t)
  const first = await post(app, 'order-42', newItem())
  t.equal(first.statusCode, 201)
  const retry = await post(app, 'order-42', { price: 1299.99, description: 'High-performance development laptop', name: 'Laptop' })
  t.equal(retry.statusCode, 201, 'the same status')
  t.same(retry.json(), first.json(), 'the same body: same id, same timestamps (key order in the body does not count)')
  t.equal(retry.headers.location, first.headers.location)
  t.equal(retry.headers.etag, first.headers.etag)
  t.equal(await itemCount(app), 1, 'one item')
})

t.test('a replay says so in Idempotent-Replayed, and counts as no create in /metrics nor in the request log', async (t) => {
  const app = await build(t, { LOG_LEVEL: 'info' })
  const lines = loggedLines(app)
  const first = await post(app, 'counted-once', newItem())
  t.notOk(first.headers['idempotent-replayed'], 'the first answer is no replay')
  for (let repeat = 0; repeat < 4; repeat++) {
    const replay = await post(app, 'counted-once', newItem())
    t.equal(replay.headers['idempotent-replayed'], 'true')
    t.same(replay.json(), first.json())
  }
  t.equal((await app.inject({ url: '/metrics' })).json().items.created, 1, 'one create, not five')
  t.equal(lines.filter((line) => line.msg === 'request completed' && line.route === 'POST /items').length, 5, 'every request is logged')
})

t.test('item and order keys are apart: no item key reaches an order\'s record, nor the reverse', async (t) => {
  const app = await build(t)
  const order = { customer_id: 'CUST-1', items: ['SKU-1'], total_amount: 5 }
  t.equal((await post(app, 'orders#K1', newItem())).statusCode, 201)
  const placed = await app.inject({ method: 'POST', url: '/orders', headers: { 'idempotency-key': 'K1' }, payload: order })
  t.equal(placed.statusCode, 201, 'an order with key K1 after an item with key orders#K1')
  t.notOk(placed.headers['idempotent-replayed'])
  t.equal((await app.inject({ method: 'POST', url: '/orders', headers: { 'idempotency-key': 'items#K2' }, payload: order })).statusCode, 201)
  t.equal((await post(app, 'K2', newItem())).statusCode, 201, 'an item with key K2 after an order with key items#K2')
  const sameKey = await app.inject({ method: 'POST', url: '/orders', headers: { 'idempotency-key': 'shared' }, payload: order })
  const item = await post(app, 'shared', newItem())
  t.equal(sameKey.statusCode, 201)
  t.equal(item.statusCode, 201, 'one key, one item and one order')
  t.notOk(item.headers['idempotent-replayed'])
})

t.test('the same key with another body is 409 CONFLICT, and creates nothing', async (t) => {
  const app = await build(t)
  const first = await post(app, 'order-43', newItem())
  const conflict = await post(app, 'order-43', newItem({ price: 1 }))
  t.equal(conflict.statusCode, 409)
  t.match(conflict.json(), { success: false, error: { code: 'CONFLICT', message: 'This Idempotency-Key was already used with a different request' } })
  t.equal(await itemCount(app), 1)
  t.same((await post(app, 'order-43', newItem())).json(), first.json(), 'the original request still replays')
})

t.test('different keys, and no key, each create their own item', async (t) => {
  const app = await build(t)
  const a = await post(app, 'a', newItem())
  const b = await post(app, 'b', newItem())
  await post(app, undefined, newItem())
  await post(app, undefined, newItem())
  t.not(a.json().data.id, b.json().data.id)
  t.equal(await itemCount(app), 4)
})

t.test('20 concurrent identical POSTs with one key: one item, twenty identical responses', async (t) => {
  const app = await build(t)
  const responses = await Promise.all(Array.from({ length: 20 }, async () => await post(app, 'burst', newItem({ name: 'Burst' }))))
  t.same([...new Set(responses.map((response) => response.statusCode))], [201])
  t.equal(new Set(responses.map((response) => response.body)).size, 1, 'twenty identical bodies')
  t.equal(await itemCount(app), 1, 'one item')
  const id = responses[0].json().data.id
  t.equal((await app.inject({ url: `/items/${id}` })).statusCode, 200, 'and it is stored')
})

t.test('an invalid Idempotency-Key is a 400 naming the header, and creates nothing', async (t) => {
  const app = await build(t)
  for (const key of ['', 'has space', 'x'.repeat(256), 'ключ']) {
    const response = await post(app, key, newItem())
    t.equal(response.statusCode, 400, JSON.stringify(key).slice(0, 20))
    t.match(response.json().error, { code: 'VALIDATION_ERROR', details: [{ field: 'idempotency-key' }] })
  }
  t.equal(await itemCount(app), 0)
})

t.test('the OpenAPI document declares Idempotency-Key and the 409', async (t) => {
  const app = await build(t)
  const operation = (await app.inject({ url: '/openapi.json' })).json().paths['/items'].post
  t.ok(operation.parameters.some((parameter: { in: string, name: string }) => parameter.in === 'header' && parameter.name === 'idempotency-key'))
  t.match(operation.responses['409'].description, /Idempotency-Key/)
  t.match(operation.responses['201'].headers['Idempotent-Replayed'], { $ref: '#/components/headers/Idempotent-Replayed' })
})
