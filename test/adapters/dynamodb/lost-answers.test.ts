// Writes DynamoDB applied whose answers were lost: the proxy in front of the store passes a write on and breaks the
// connection before its answer, so the SDK sends it again and the repeat fails its condition. Each request must still
// answer what it did, once: no second order, no 404 for the delete that deleted, no 412 for the update that applied,
// and the worker's confirmation sent. Run again on DynamoDB Local by test/adapters/dynamodb/on-dynamodb-local/lost-answers.test.ts.
import type { FastifyInstance } from 'fastify'
import t, { type Test } from 'tap'
import { buildApp } from '../../../src/app.ts'
import { orderWorkerFunction } from '../../../src/platforms/aws/order-worker-function.ts'
import { createDynamoDbClient } from '../../../src/adapters/dynamodb/dynamodb-client.ts'
import { DynamoDbItemStore } from '../../../src/adapters/dynamodb/dynamodb-item-store.ts'
import { DynamoDbOrderStore } from '../../../src/adapters/dynamodb/dynamodb-order-store.ts'
import { newItem, testConfig, testDependencies } from '../../helper.ts'
import { lambdaContext } from '../../../local/lambda-events.ts'
import { capture, metricValue, testFunctionSettings } from '../../platforms/aws/capture.ts'
import { sqsEvent } from '../../platforms/aws/pipeline-events.ts'
import { faultyDynamoDb } from './faulty-dynamodb.ts'

interface Lossy {
  app: FastifyInstance
  /** The stores behind the proxy, as the worker and the thumbnail function use them. */
  orders: DynamoDbOrderStore
  items: DynamoDbItemStore
  /** Loses the answer of the next call of `operation` after `skip` others pass. */
  loseNext: (operation: string, skip?: number) => void
  /** How many calls of `operation` reached the store. */
  calls: (operation: string) => number
}

async function lossy (t: Test): Promise<Lossy> {
  const config = await testConfig({ LOG_LEVEL: 'silent' })
  let armed: { operation: string, skip: number } | undefined
  const proxy = await faultyDynamoDb(config.dynamodbEndpoint!, (_request, operation) => {
    if (armed?.operation !== operation) return 'pass'
    if (armed.skip-- > 0) return 'pass'
    armed = undefined
    return 'drop'
  })
  t.teardown(() => proxy.close())
  const behind = { ...config, dynamodbEndpoint: proxy.endpoint }
  const app = buildApp(behind, testDependencies(behind))
  t.teardown(() => app.close())
  await app.ready()
  const orders = new DynamoDbOrderStore(createDynamoDbClient(behind, {}), config.ordersTableName)
  t.teardown(() => orders.close())
  const items = new DynamoDbItemStore(createDynamoDbClient(behind, {}), config.tableName)
  t.teardown(() => items.close())
  return {
    app,
    orders,
    items,
    loseNext: (operation, skip = 0) => { armed = { operation, skip } },
    calls: (operation) => proxy.operations.filter((seen) => seen === operation).length
  }
}

const ORDER = { customer_id: 'CUST-LOST', items: ['SKU-1'], total_amount: 12.5 }

async function customerOrders (app: FastifyInstance): Promise<Array<Record<string, any>>> {
  return (await app.inject({ url: `/customers/${ORDER.customer_id}/orders` })).json().data
}

t.test('POST /orders without a key: the put applied, its answer lost: 201 and one order, not two', async (t) => {
  const { app, loseNext, calls } = await lossy(t)
  loseNext('PutItem')
  const placed = await app.inject({ method: 'POST', url: '/orders', payload: ORDER })
  t.equal(placed.statusCode, 201)
  t.equal(calls('PutItem'), 2, 'the SDK sent the put again')
  const stored = await customerOrders(app)
  t.same(stored.map((order) => order.order_id), [placed.json().data.order_id], 'exactly the order answered')
})

t.test('POST /items without a key: 201 for the item that was stored, and it is there once', async (t) => {
  const { app, loseNext } = await lossy(t)
  loseNext('PutItem')
  const created = await app.inject({ method: 'POST', url: '/items', payload: newItem() })
  t.equal(created.statusCode, 201)
  t.equal((await app.inject({ url: `/items/${created.json().data.id}` })).statusCode, 200)
  t.equal((await app.inject({ url: '/items' })).json().count, 1)
})

t.test('POST /orders with a key: the claim\'s answer lost, then the order\'s: one order, answered as created, not replayed', async (t) => {
  for (const skip of [0, 1]) {
    const { app, loseNext } = await lossy(t)
    loseNext('PutItem', skip)
    const headers = { 'idempotency-key': `lost-${skip}` }
    const placed = await app.inject({ method: 'POST', url: '/orders', headers, payload: ORDER })
    t.equal(placed.statusCode, 201, `put ${skip + 1} lost`)
    t.notOk(placed.headers['idempotent-replayed'], 'the first request is no replay')
    const again = await app.inject({ method: 'POST', url: '/orders', headers, payload: ORDER })
    t.equal(again.headers['idempotent-replayed'], 'true', 'its retry is')
    t.same(again.json().data, placed.json().data)
    t.equal((await customerOrders(app)).length, 1, 'one order')
    t.equal((await app.inject({ url: '/metrics' })).json().orders.created, 1, 'counted once')
  }
})

t.test('PUT /items/{id} with If-Match: the update applied, its answer lost: 200 at the new version, not 412', async (t) => {
  const { app, loseNext } = await lossy(t)
  const { id } = (await app.inject({ method: 'POST', url: '/items', payload: newItem() })).json().data
  loseNext('UpdateItem')
  const updated = await app.inject({ method: 'PUT', url: `/items/${id}`, headers: { 'if-match': '"1"' }, payload: { price: 2 } })
  t.equal(updated.statusCode, 200)
  t.equal(updated.headers.etag, '"2"')
  t.match(updated.json().data, { price: 2, version: 2 })
})

t.test('PUT /items/{id} without If-Match: applied once, not twice (version 2, not 3)', async (t) => {
  const { app, loseNext, calls } = await lossy(t)
  const { id } = (await app.inject({ method: 'POST', url: '/items', payload: newItem() })).json().data
  loseNext('UpdateItem')
  const updated = await app.inject({ method: 'PUT', url: `/items/${id}`, payload: { name: 'Once' } })
  t.equal(updated.statusCode, 200)
  t.equal(calls('UpdateItem'), 2)
  t.match(updated.json().data, { name: 'Once', version: 2 })
  t.equal((await app.inject({ url: `/items/${id}` })).json().data.version, 2)
})

t.test('DELETE /items/{id} and DELETE /orders/{id}: the delete applied, its answer lost: deleted, not 404', async (t) => {
  const { app, loseNext } = await lossy(t)
  const { id } = (await app.inject({ method: 'POST', url: '/items', payload: newItem() })).json().data
  loseNext('DeleteItem')
  t.equal((await app.inject({ method: 'DELETE', url: `/items/${id}`, headers: { 'if-match': '"1"' } })).statusCode, 200)
  t.equal((await app.inject({ url: `/items/${id}` })).statusCode, 404)
  const { order_id: orderId } = (await app.inject({ method: 'POST', url: '/orders', payload: ORDER })).json().data
  loseNext('DeleteItem')
  t.equal((await app.inject({ method: 'DELETE', url: `/orders/${orderId}` })).statusCode, 204)
  t.equal((await app.inject({ url: `/orders/${orderId}` })).statusCode, 404)
})

t.test('a delete of what never existed is still a 404 when no answer was lost', async (t) => {
  const { app } = await lossy(t)
  t.equal((await app.inject({ method: 'DELETE', url: '/items/00000000-0000-4000-8000-000000000000' })).statusCode, 404)
  t.equal((await app.inject({ method: 'DELETE', url: '/orders/ORD-20240110-00000000' })).statusCode, 404)
})

t.test('POST /orders/{id}/cancel: the cancel applied, its answer lost: 200 CANCELLED, not 409', async (t) => {
  const { app, loseNext } = await lossy(t)
  const { order_id: orderId } = (await app.inject({ method: 'POST', url: '/orders', payload: ORDER })).json().data
  loseNext('UpdateItem')
  const cancelled = await app.inject({ method: 'POST', url: `/orders/${orderId}/cancel`, headers: { 'if-match': '"1"' } })
  t.equal(cancelled.statusCode, 200)
  t.match(cancelled.json().data, { status: 'CANCELLED', version: 2 })
})

t.test('the worker: each action\'s write applied, its answer lost: the order moves once and the confirmation is sent', async (t) => {
  const { orders, loseNext } = await lossy(t)
  const captured = capture()
  const handler = orderWorkerFunction({ ...testFunctionSettings(), ordersTableName: 'unused' }, { store: orders, log: captured.log })
  const run = async (message: object) => await captured.emf(async () => await handler(sqsEvent([message]), lambdaContext('items-api-dev-orderWorker')))
  const order = await orders.create(ORDER)
  const data = { customer_id: ORDER.customer_id, total_amount: ORDER.total_amount }

  loseNext('UpdateItem')
  const paid = await run({ order_id: order.order_id, action: 'process_payment', data })
  t.same(paid.result.batchItemFailures, [])
  t.equal(metricValue(paid.documents, 'TransitionsApplied'), 1, 'the payment counted as applied, not as a duplicate')

  loseNext('UpdateItem')
  const confirmed = await run({ order_id: order.order_id, action: 'send_confirmation', data })
  t.same(confirmed.result.batchItemFailures, [])
  t.equal(metricValue(confirmed.documents, 'TransitionsApplied'), 1)
  t.equal(captured.lines.filter((line) => line.msg === 'confirmation e-mail sent').length, 1, 'the confirmation was sent, once')

  loseNext('UpdateItem')
  const inventory = await run({ order_id: order.order_id, action: 'update_inventory', data: { items: ORDER.items } })
  t.equal(metricValue(inventory.documents, 'InventoryUpdates'), 1, 'the inventory update recorded')
  t.match(await orders.get(order.order_id), { status: 'CONFIRMED', version: 3 })
})

t.test('an item\'s image: its start, its arrival and its outcome applied, their answers lost: recorded once each, not superseded', async (t) => {
  const { items, loseNext } = await lossy(t)
  const item = await items.create({ name: 'Camera', price: 1 })
  const uploadKey = `uploads/${item.id}/0b6a3c6e-3f1e-4d5c-9a7b-2e4f6a8c0d1e.jpg`
  loseNext('UpdateItem')
  t.match(await items.startImage(item.id, { uploadKey, contentType: 'image/jpeg', expiresAt: Date.now() + 600_000 }),
    { version: 2, upload: { status: 'pending', upload_key: uploadKey } })
  loseNext('UpdateItem')
  t.equal(await items.startProcessing(item.id, uploadKey), 'recorded', 'its own arrival, not a newer upload\'s')
  t.match(await items.get(item.id), { version: 3, upload: { status: 'processing' } })
  loseNext('UpdateItem')
  const thumbnails = { '200x200': 'a', '400x400': 'b', '800x800': 'c' }
  t.equal(await items.recordImage(item.id, uploadKey, { status: 'ready', thumbnails }), 'recorded', 'not taken for a newer upload\'s')
  const stored = await items.get(item.id)
  t.match(stored, { version: 4, image: { status: 'ready', upload_key: uploadKey, thumbnails } })
  t.equal(stored?.upload, undefined, 'the ready upload is the image, no longer an upload')
})
