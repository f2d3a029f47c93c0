// The queue worker fed real-shaped SQS events against the real embedded DynamoDB: every action one conditional,
// idempotent write; malformed messages and unknown actions reported as failures, never dropped; EMF counts.
import t, { type Test } from 'tap'
import { placeOrder, type Order } from '../../../src/orders/order.ts'
import { orderWorkerFunction } from '../../../src/platforms/aws/order-worker-function.ts'
import { createDynamoDbClient } from '../../../src/adapters/dynamodb/dynamodb-client.ts'
import { DynamoDbOrderStore } from '../../../src/adapters/dynamodb/dynamodb-order-store.ts'
import { StoreUnavailableError } from '../../../src/shared/store-errors.ts'
import type { OrderStore } from '../../../src/orders/order-store.ts'
import { RETRY_AFTER_SECONDS } from '../../../src/shared/store-errors.ts'
import { lambdaContext } from '../../../local/lambda-events.ts'
import { testConfig } from '../../helper.ts'
import { capture, metricValue, testFunctionSettings } from './capture.ts'
import { sqsEvent } from './pipeline-events.ts'

async function worker (t: Test, override?: OrderStore, initialization?: string) {
  const config = await testConfig()
  const store = new DynamoDbOrderStore(createDynamoDbClient(config, {}), config.ordersTableName)
  t.teardown(() => store.close())
  const captured = capture()
  const handler = orderWorkerFunction({ ...testFunctionSettings(initialization), ordersTableName: config.ordersTableName }, { store: override ?? store, log: captured.log })
  const run = async (event: ReturnType<typeof sqsEvent>) => await captured.emf(async () => await handler(event, lambdaContext('items-api-dev-orderWorker')))
  return { store, run, lines: captured.lines }
}

const pay = (order: Order) => ({ order_id: order.order_id, action: 'process_payment', data: { customer_id: order.customer_id, total_amount: order.total_amount } })
const confirm = (order: Order) => ({ ...pay(order), action: 'send_confirmation' })
const inventory = (order: Order) => ({ order_id: order.order_id, action: 'update_inventory', data: { items: order.items } })
const failedIds = (response: { batchItemFailures: Array<{ itemIdentifier: string }> }) => response.batchItemFailures.map((failure) => failure.itemIdentifier)

t.test('payment, then confirmation and inventory: the order ends CONFIRMED, each step set once', async (t) => {
  const { store, run, lines } = await worker(t)
  const order = await store.create({ customer_id: 'C-1', items: ['SKU-1', 'SKU-2'], total_amount: 25 })
  const first = await run(sqsEvent([pay(order)]))
  t.same(first.result, { batchItemFailures: [] })
  t.match(await store.get(order.order_id), { status: 'PAYMENT_PROCESSED', version: 2, payment_processed_at: String })
  const second = await run(sqsEvent([confirm(order), inventory(order)]))
  t.same(second.result, { batchItemFailures: [] })
  t.match(await store.get(order.order_id), { status: 'CONFIRMED', version: 3, confirmation_sent_at: String })
  t.match(lines.find((line) => line.msg === 'confirmation e-mail sent'), { order_id: order.order_id, customer_id: 'C-1' })
  t.match(lines.find((line) => line.msg === 'inventory updated'), { order_id: order.order_id, item_count: 2 })
  t.equal(metricValue(second.documents, 'MessagesProcessed'), 2)
  t.equal(metricValue(second.documents, 'MessagesFailed'), 0)
  t.equal(metricValue(second.documents, 'TransitionsApplied'), 1)
  t.equal(metricValue(second.documents, 'InventoryUpdates'), 1)
  t.match(second.documents[0]._aws.CloudWatchMetrics[0], { Namespace: 'items-api', Dimensions: [['service', 'environment']] })
})

t.test('a duplicate or late message changes nothing and succeeds', async (t) => {
  const { store, run } = await worker(t)
  const order = await store.create({ customer_id: 'C-1', items: ['SKU-1'], total_amount: 5 })
  await run(sqsEvent([pay(order)]))
  await run(sqsEvent([confirm(order)]))
  const before = await store.get(order.order_id)
  const again = await run(sqsEvent([pay(order), confirm(order), pay(order)], 2))
  t.same(again.result, { batchItemFailures: [] })
  t.same(await store.get(order.order_id), before, 'not one attribute changed')
  t.equal(metricValue(again.documents, 'DuplicateMessages'), 3)
})

t.test('a cancelled or deleted order is left alone; a confirmation before the payment fails', async (t) => {
  const { store, run, lines } = await worker(t)
  const cancelled = await store.create({ customer_id: 'C-1', items: ['SKU-1'], total_amount: 5 })
  await store.transition(cancelled.order_id, 'cancel')
  const deleted = placeOrder({ customer_id: 'C-1', items: ['SKU-1'], total_amount: 5 }, new Date(), 'ORD-20240110-0000dead')
  const unpaid = await store.create({ customer_id: 'C-1', items: ['SKU-1'], total_amount: 5 })
  const event = sqsEvent([pay(cancelled), pay(deleted), confirm(unpaid)])
  const { result, documents } = await run(event)
  t.same(failedIds(result), [event.Records[2].messageId])
  t.match(await store.get(cancelled.order_id), { status: 'CANCELLED', version: 2 })
  t.match(await store.get(unpaid.order_id), { status: 'CREATED', version: 1 })
  t.equal(metricValue(documents, 'OrdersLeftAlone'), 2)
  t.match(lines.find((line) => line.msg.startsWith('message failed')), {
    level: 50, message_id: event.Records[2].messageId, err: { type: 'OrderNotReadyError', message: /send_confirmation cannot apply .* in status CREATED/ }
  })
})

t.test('malformed messages and unknown actions are reported as failures; the rest of the batch succeeds', async (t) => {
  const { store, run, lines } = await worker(t)
  const order = await store.create({ customer_id: 'C-1', items: ['SKU-1'], total_amount: 5 })
  const bad = [
    'Test message.',
    '{"message": "foo1"}',
    { order_id: order.order_id, action: 'refund', data: {} },
    { order_id: 'ORD-1', action: 'process_payment', data: { customer_id: 'C-1', total_amount: 5 } },
    { order_id: order.order_id, action: 'update_inventory', data: {} },
    { order_id: order.order_id, action: 'process_payment' }
  ]
  const event = sqsEvent([...bad, pay(order)], 3)
  const { result, documents } = await run(event)
  t.same(failedIds(result).sort(), event.Records.slice(0, bad.length).map((record) => record.messageId).sort(), 'each bad message, by id')
  t.match(await store.get(order.order_id), { status: 'PAYMENT_PROCESSED' }, 'the good message was processed')
  t.equal(metricValue(documents, 'MessagesFailed'), bad.length)
  t.equal(metricValue(documents, 'MessagesProcessed'), 1)
  const failures = lines.filter((line) => line.msg.startsWith('message failed'))
  t.equal(failures.length, bad.length, 'every failure is logged')
  t.ok(failures.every((line) => line.receive_count === 3), 'with its receive count')
})

t.test('a batch where everything fails answers every message as failed, without throwing', async (t) => {
  const { run } = await worker(t)
  const event = sqsEvent(['x', 'y'])
  t.same(failedIds((await run(event)).result), event.Records.map((record) => record.messageId))
})

t.test('a store that cannot be reached fails the message, to be retried', async (t) => {
  const unavailable = new Proxy({}, { get: () => async () => { throw new StoreUnavailableError(RETRY_AFTER_SECONDS) } }) as OrderStore
  const { run } = await worker(t, unavailable)
  const order = placeOrder({ customer_id: 'C-1', items: ['SKU-1'], total_amount: 5 }, new Date())
  const event = sqsEvent([pay(order), confirm(order), inventory(order)])
  t.same(failedIds((await run(event)).result), event.Records.map((record) => record.messageId), 'every action, the inventory update\'s record included')
})

t.test('the inventory update is recorded once per order, however often its message comes; none for an order that is not there', async (t) => {
  const { store, run, lines } = await worker(t)
  const order = await store.create({ customer_id: 'C-1', items: ['SKU-1', 'SKU-2'], total_amount: 25 })
  const deleted = await store.create({ customer_id: 'C-1', items: ['SKU-1'], total_amount: 5 })
  await store.delete(deleted.order_id)
  const never = placeOrder({ customer_id: 'C-1', items: ['SKU-1'], total_amount: 5 }, new Date(), 'ORD-20240110-0000beef')
  let recorded = 0
  let duplicates = 0
  // The same message in four deliveries of a batch that a failing neighbour makes SQS deliver again.
  for (let receive = 1; receive <= 4; receive++) {
    const { result, documents } = await run(sqsEvent([inventory(order), 'not json'], receive))
    t.equal(result.batchItemFailures.length, 1, 'the neighbour fails each time')
    recorded += metricValue(documents, 'InventoryUpdates') ?? 0
    duplicates += metricValue(documents, 'DuplicateMessages') ?? 0
  }
  t.equal(recorded, 1, 'InventoryUpdates 1 for one order')
  t.equal(duplicates, 3)
  t.equal(lines.filter((line) => line.msg === 'inventory updated').length, 1)
  const absent = await run(sqsEvent([inventory(deleted), inventory(never)]))
  t.same(absent.result, { batchItemFailures: [] })
  t.equal(metricValue(absent.documents, 'InventoryUpdates'), undefined, 'nothing recorded for a deleted order or an id that never was')
  t.equal(metricValue(absent.documents, 'OrdersLeftAlone'), 2)
  t.equal(await store.get(never.order_id), undefined, 'and nothing created')
})

t.test('a confirmation is sent while the order waits for it, before the write that records it', async (t) => {
  const config = await testConfig()
  const store = new DynamoDbOrderStore(createDynamoDbClient(config, {}), config.ordersTableName)
  t.teardown(() => store.close())
  // The worker stops after the e-mail, before its write: here, the write fails once.
  let failNextWrite = false
  const stopping = new Proxy(store, {
    get: (target, name) => name === 'transition' && failNextWrite
      ? async () => { failNextWrite = false; throw new StoreUnavailableError(RETRY_AFTER_SECONDS) }
      : (target[name as keyof OrderStore] as (...args: unknown[]) => unknown).bind(target)
  })
  const captured = capture()
  const handler = orderWorkerFunction({ ...testFunctionSettings(), ordersTableName: config.ordersTableName }, { store: stopping, log: captured.log })
  const run = async (event: ReturnType<typeof sqsEvent>) => await captured.emf(async () => await handler(event, lambdaContext('items-api-dev-orderWorker')))
  const sent = (): number => captured.lines.filter((line) => line.msg === 'confirmation e-mail sent').length
  const order = await store.create({ customer_id: 'C-1', items: ['SKU-1'], total_amount: 5 })
  await run(sqsEvent([pay(order)]))
  failNextWrite = true
  const stopped = await run(sqsEvent([confirm(order)]))
  t.equal(stopped.result.batchItemFailures.length, 1, 'the message fails, to come again')
  t.equal(sent(), 1)
  t.match(await store.get(order.order_id), { status: 'PAYMENT_PROCESSED' })
  await run(sqsEvent([confirm(order)], 2))
  t.equal(sent(), 2, 'the next delivery sends it again: at least once, never lost')
  t.match(await store.get(order.order_id), { status: 'CONFIRMED' })
  const again = await run(sqsEvent([confirm(order)], 3))
  t.equal(metricValue(again.documents, 'DuplicateMessages'), 1)
  t.equal(sent(), 2, 'once CONFIRMED, a repeat sends nothing')
})

t.test('each line names its invocation; only the first of an on-demand environment is a cold start', async (t) => {
  const { store, run, lines } = await worker(t, undefined, 'on-demand')
  const order = await store.create({ customer_id: 'C-1', items: ['SKU-1'], total_amount: 5 })
  const next = await store.create({ customer_id: 'C-1', items: ['SKU-1'], total_amount: 5 })
  await run(sqsEvent([inventory(order)]))
  await run(sqsEvent([inventory(next)]))
  t.match(lines.map((line) => [line.function_name, line.cold_start]), [['items-api-dev-orderWorker', true], ['items-api-dev-orderWorker', false]])
  t.ok(lines.every((line) => typeof line.aws_request_id === 'string'))
})
