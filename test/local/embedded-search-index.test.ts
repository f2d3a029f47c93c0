// The embedded search index: the port's promises without a server.
import t from 'tap'
import { placeOrder } from '../../src/orders/order.ts'
import { applied } from '../../src/orders/transitions.ts'
import { EmbeddedSearchIndex } from '../../local/embedded-search-index.ts'
import { wordsOf } from '../../src/orders/order-search.ts'

const at = (minute: number): Date => new Date(Date.UTC(2024, 0, 10, 9, minute))

t.test('words are letters and digits, lower-cased', async (t) => {
  t.same(wordsOf('CUST-1001 SKU_Laptop.15 Ünïcode'), ['cust', '1001', 'sku', 'laptop', '15', 'ünïcode'])
  t.same(wordsOf('--- ...'), [])
})

t.test('an older version never replaces a newer one; remove forgets; close is harmless', async (t) => {
  const index = new EmbeddedSearchIndex()
  const order = placeOrder({ customer_id: 'C', items: ['SKU-1'], total_amount: 1 }, at(0), 'ORD-20240110-0000000a')
  const paid = applied(order, 'pay', at(1))
  await index.upsert(paid)
  await index.upsert(order)
  t.same(await index.search({ q: 'c', limit: 5 }), [paid], 'a retried older image changes nothing')
  t.same(await index.search({ q: 'created', limit: 5 }), [])
  t.same(await index.search({ q: 'payment processed', limit: 5 }), [paid], 'the status is text too')
  await index.remove(order.order_id)
  await index.remove(order.order_id)
  t.same(await index.search({ q: 'c', limit: 5 }), [])
  await index.close()
})

t.test('newest first, ties by id; filters and limit apply', async (t) => {
  const index = new EmbeddedSearchIndex()
  const orders = [
    placeOrder({ customer_id: 'A', items: ['X'], total_amount: 1 }, at(0), 'ORD-20240110-0000000a'),
    placeOrder({ customer_id: 'B', items: ['X'], total_amount: 1 }, at(1), 'ORD-20240110-0000000b'),
    placeOrder({ customer_id: 'A', items: ['X'], total_amount: 1 }, at(1), 'ORD-20240110-0000000c')
  ]
  for (const order of orders) await index.upsert(order)
  t.same((await index.search({ q: 'x', limit: 5 })).map((order) => order.order_id.slice(-1)), ['c', 'b', 'a'])
  t.same((await index.search({ q: 'x', limit: 1 })).map((order) => order.order_id.slice(-1)), ['c'])
  t.same((await index.search({ q: 'x', customerId: 'A', limit: 5 })).map((order) => order.order_id.slice(-1)), ['c', 'a'])
  t.same((await index.search({ q: 'x', status: 'CONFIRMED', limit: 5 })), [])
})

t.test('without q, every order that passes the filters; after a position, the orders past it in the sort', async (t) => {
  const index = new EmbeddedSearchIndex()
  // Two orders in the same millisecond: the id breaks the tie, so no page repeats or skips one.
  const orders = [
    placeOrder({ customer_id: 'A', items: ['X'], total_amount: 1 }, at(0), 'ORD-20240110-0000000a'),
    placeOrder({ customer_id: 'B', items: ['Y'], total_amount: 1 }, at(1), 'ORD-20240110-0000000b'),
    placeOrder({ customer_id: 'A', items: ['Z'], total_amount: 1 }, at(1), 'ORD-20240110-0000000c'),
    placeOrder({ customer_id: 'A', items: ['X'], total_amount: 1 }, at(2), 'ORD-20240110-0000000d')
  ]
  for (const order of orders) await index.upsert(order)
  const ids = (found: Array<{ order_id: string }>): string[] => found.map((order) => order.order_id.slice(-1))
  t.same(ids(await index.search({ limit: 10 })), ['d', 'c', 'b', 'a'], 'no query: every order, newest first')
  t.same(ids(await index.search({ customerId: 'A', limit: 10 })), ['d', 'c', 'a'], 'a filter alone')
  const pages: string[][] = []
  let after
  for (let page = 0; page < 3; page++) {
    const found = await index.search({ limit: 2, after })
    pages.push(ids(found))
    const last = found.at(-1)
    after = last === undefined ? undefined : { createdAt: last.created_at, orderId: last.order_id }
  }
  t.same(pages, [['d', 'c'], ['b', 'a'], []], 'pages of two through the tie, then none')
  t.same(ids(await index.search({ q: 'x', limit: 10, after: { createdAt: orders[2].created_at, orderId: orders[2].order_id } })), ['a'],
    'the position and the words together')
})
