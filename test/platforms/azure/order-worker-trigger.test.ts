// The queue worker on Azure fed messages as the queue trigger hands them over (JSON parsed by the host, its id and
// dequeue count in the trigger's metadata), against Cosmos DB's order store on a real Cosmos-compatible server: each
// action one conditional write, a repeat changing nothing, a bad message thrown back for the poison queue.
import functions from '@azure/functions'
import t, { type Test } from 'tap'
import { createCosmosClient } from '../../../src/adapters/cosmos/cosmos-client.ts'
import { CosmosOrderStore } from '../../../src/adapters/cosmos/cosmos-order-store.ts'
import type { Order } from '../../../src/orders/order.ts'
import { orderWorkerTrigger, queueMessageOf } from '../../../src/platforms/azure/order-worker-trigger.ts'
import { freshCosmos } from '../../adapters/cosmos/cosmos-server.ts'
import { capture } from '../aws/capture.ts'

const SETTINGS = { environment: 'test', serviceName: 'items-api', logLevel: 'debug' } as const

async function worker (t: Test) {
  const { location, databaseId, names } = await freshCosmos(t)
  const store = new CosmosOrderStore(createCosmosClient(location), databaseId, names.orders)
  t.teardown(() => store.close())
  const captured = capture()
  const handler = orderWorkerTrigger(SETTINGS, { store }, captured.log)
  let delivery = 0
  const run = async (message: unknown, dequeueCount = 1) => await handler(message, new functions.InvocationContext({
    invocationId: `invocation-${++delivery}`, functionName: 'orderWorker', triggerMetadata: { id: `message-${delivery}`, dequeueCount }
  }))
  return { store, run, lines: captured.lines }
}

const pay = (order: Order) => ({ order_id: order.order_id, action: 'process_payment', data: { customer_id: order.customer_id, total_amount: order.total_amount } })
const confirm = (order: Order) => ({ ...pay(order), action: 'send_confirmation' })
const inventory = (order: Order) => ({ order_id: order.order_id, action: 'update_inventory', data: { items: order.items } })

t.test('payment, then confirmation and inventory: the order ends CONFIRMED; a repeat changes nothing', async (t) => {
  const { store, run, lines } = await worker(t)
  const order = await store.create({ customer_id: 'C-1', items: ['SKU-1', 'SKU-2'], total_amount: 25 })
  await run(pay(order))
  t.match(await store.get(order.order_id), { status: 'PAYMENT_PROCESSED', version: 2 })
  await run(confirm(order))
  await run(JSON.stringify(inventory(order)), 1)
  const confirmed = await store.get(order.order_id)
  t.match(confirmed, { status: 'CONFIRMED', version: 3, confirmation_sent_at: String })
  await run(pay(order), 2)
  await run(confirm(order), 2)
  await run(inventory(order), 2)
  t.same(await store.get(order.order_id), confirmed, 'repeated deliveries change nothing')
  t.match(lines.find((line) => line.msg === 'inventory updated'), { order_id: order.order_id, item_count: 2, invocation_id: 'invocation-3' })
  t.match(lines.at(-1), { msg: 'invocation counts', counts: { MessagesProcessed: 1, DuplicateMessages: 1 } })
})

t.test('a message that is not an order message, or a confirmation before the payment, is thrown back for the poison queue', async (t) => {
  const { store, run, lines } = await worker(t)
  const order = await store.create({ customer_id: 'C-1', items: ['SKU-1'], total_amount: 5 })
  await t.rejects(run('not json', 3), SyntaxError)
  await t.rejects(run({ order_id: order.order_id, action: 'refund', data: {} }), { name: 'ZodError' })
  await t.rejects(run(confirm(order), 2), { name: 'OrderNotReadyError' })
  t.match(lines.filter((line) => line.level === 50), [
    { message_id: 'message-1', dequeue_count: 3, msg: 'message failed: the queue delivers it again, then moves it to the poison queue' },
    { message_id: 'message-2' },
    { message_id: 'message-3', dequeue_count: 2 }
  ])
  t.match(await store.get(order.order_id), { status: 'CREATED', version: 1 }, 'nothing written')
})

t.test('without the trigger\'s metadata, the invocation id names the message and it is its first delivery', async (t) => {
  t.same(queueMessageOf({ a: 1 }, new functions.InvocationContext({ invocationId: 'i-1' })), { id: 'i-1', body: '{"a":1}', receiveCount: 1 })
})
