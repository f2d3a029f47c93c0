// The queue messages an order's changes start, and the shape the worker accepts.
import t from 'tap'
import { messagesForChange, messagesForState, OrderMessageSchema } from '../../src/orders/queue-messages.ts'
import { placeOrder, type Order } from '../../src/orders/order.ts'
import { applied } from '../../src/orders/transitions.ts'

const created = placeOrder({ customer_id: 'C-1', items: ['SKU-1', 'SKU-2'], total_amount: 12.5 }, new Date('2024-01-10T09:00:00.000Z'), 'ORD-20240110-0000000a')
const paid = applied(created, 'pay', new Date('2024-01-10T09:00:01.000Z'))
const confirmed = applied(paid, 'confirm', new Date('2024-01-10T09:00:02.000Z'))
const cancelled = applied(created, 'cancel', new Date('2024-01-10T09:00:01.000Z'))

t.test('placing an order asks for its payment', async (t) => {
  t.same(messagesForChange(undefined, created), [
    { order_id: created.order_id, action: 'process_payment', data: { customer_id: 'C-1', total_amount: 12.5 } }
  ])
})

t.test('reaching PAYMENT_PROCESSED asks for the confirmation and the inventory update', async (t) => {
  t.same(messagesForChange(created, paid), [
    { order_id: created.order_id, action: 'send_confirmation', data: { customer_id: 'C-1', total_amount: 12.5 } },
    { order_id: created.order_id, action: 'update_inventory', data: { items: ['SKU-1', 'SKU-2'] } }
  ])
})

t.test('every other change starts nothing', async (t) => {
  const changes: Array<[Order | undefined, Order | undefined, string]> = [
    [paid, confirmed, 'confirmation'],
    [created, cancelled, 'cancel'],
    [created, undefined, 'delete'],
    [paid, { ...paid, version: paid.version + 1 }, 'a change within PAYMENT_PROCESSED'],
    [undefined, paid, 'an insert that is not CREATED']
  ]
  for (const [before, after, what] of changes) t.same(messagesForChange(before, after), [], what)
})

t.test('from the latest state alone, as Cosmos DB\'s change feed gives it: the same messages as from the change into it', async (t) => {
  t.same(messagesForState(created), messagesForChange(undefined, created))
  t.same(messagesForState(paid), messagesForChange(created, paid))
  for (const order of [confirmed, cancelled]) t.same(messagesForState(order), [], order.status)
})

t.test('the message shape: an order id, a known action and that action\'s data', async (t) => {
  for (const message of [...messagesForChange(undefined, created), ...messagesForChange(created, paid)]) {
    t.same(OrderMessageSchema.parse(message), message, message.action)
  }
  const payment = { customer_id: 'C-1', total_amount: 1 }
  const bad = [
    {},
    { order_id: 'ORD-1', action: 'process_payment', data: payment },
    { order_id: created.order_id, action: 'refund', data: payment },
    { order_id: created.order_id, action: 'process_payment' },
    { order_id: created.order_id, action: 'process_payment', data: { customer_id: 'C-1' } },
    { order_id: created.order_id, action: 'update_inventory', data: payment },
    { order_id: created.order_id, action: 'update_inventory', data: { items: [] } }
  ]
  for (const message of bad) t.notOk(OrderMessageSchema.safeParse(message).success, JSON.stringify(message))
})
