// Orders over HTTP through inject, against the real embedded DynamoDB: the envelope, validation, the customer
// listing, cancel and delete with their conditions, and the counters (search: order-search.test.ts).
import t from 'tap'
import { build } from '../../helper.ts'

const ORDER = { customer_id: 'CUST-1', items: ['SKU-LAPTOP-15', 'SKU-MOUSE-01'], total_amount: 1319.99 }
const UNKNOWN = 'ORD-20240110-00000000'

t.test('placing answers 201 with the CREATED order, its Location and ETag', async (t) => {
  const app = await build(t)
  const response = await app.inject({ method: 'POST', url: '/orders', payload: ORDER })
  t.equal(response.statusCode, 201)
  const { data } = response.json()
  t.match(response.json(), { success: true, message: 'Order created successfully', data: { ...ORDER, status: 'CREATED', version: 1 } })
  t.match(data.order_id, /^ORD-\d{8}-[0-9a-f]{8}$/)
  t.equal(data.order_id.slice(4, 12), data.created_at.slice(0, 10).replaceAll('-', ''), 'the id carries the UTC day')
  t.match(data.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
  t.same([data.payment_processed_at, data.confirmation_sent_at], [null, null])
  t.equal(response.headers.location, `/orders/${data.order_id}`)
  t.equal(response.headers.etag, '"1"')
  const read = await app.inject(`/orders/${data.order_id}`)
  t.same(read.json(), { success: true, data })
  t.equal(read.headers.etag, '"1"')
})

t.test('every rule of the order\'s fields is a 400 naming the field', async (t) => {
  const app = await build(t)
  const cases: Array<[Record<string, unknown>, string, string]> = [
    [{ ...ORDER, customer_id: '' }, 'customer_id', 'must NOT have fewer than 1 characters'],
    [{ ...ORDER, customer_id: '   ' }, 'customer_id', 'must not be blank'],
    [{ ...ORDER, customer_id: 'c'.repeat(51) }, 'customer_id', 'must NOT have more than 50 characters'],
    [{ ...ORDER, items: [] }, 'items', 'must NOT have fewer than 1 items'],
    [{ ...ORDER, items: Array.from({ length: 101 }, (_, n) => `SKU-${n}`) }, 'items', 'must NOT have more than 100 items'],
    [{ ...ORDER, items: [''] }, 'items.0', 'must NOT have fewer than 1 characters'],
    [{ ...ORDER, items: ['s'.repeat(101)] }, 'items.0', 'must NOT have more than 100 characters'],
    [{ ...ORDER, items: [1] }, 'items.0', 'must be string'],
    [{ ...ORDER, total_amount: 0 }, 'total_amount', 'must be > 0'],
    [{ ...ORDER, total_amount: -5 }, 'total_amount', 'must be > 0'],
    [{ ...ORDER, total_amount: 100_000.01 }, 'total_amount', 'must be <= 100000'],
    [{ ...ORDER, total_amount: 10.001 }, 'total_amount', 'must have at most two decimal places'],
    // Within a billionth of a cent: a tolerant multipleOf lets them in, and the store would keep them as sent.
    [{ ...ORDER, total_amount: 1.150000000001 }, 'total_amount', 'must have at most two decimal places'],
    [{ ...ORDER, total_amount: 0.1 + 0.2 }, 'total_amount', 'must have at most two decimal places'],
    [{ ...ORDER, total_amount: 99_999.990000001 }, 'total_amount', 'must have at most two decimal places'],
    [{ ...ORDER, total_amount: '10' }, 'total_amount', 'must be number'],
    [{ ...ORDER, status: 'CONFIRMED' }, 'status', 'is not an accepted property'],
    [{ customer_id: 'C', items: ['A'] }, 'total_amount', 'is required']
  ]
  for (const [payload, field, message] of cases) {
    const response = await app.inject({ method: 'POST', url: '/orders', payload })
    t.equal(response.statusCode, 400, JSON.stringify(payload).slice(0, 80))
    t.match(response.json(), { success: false, error: { code: 'VALIDATION_ERROR', details: [{ field, message }] } })
  }
  for (const total of [0.01, 1.15, 0.07, 0.3, 1319.99, 99_999.99, 100_000]) {
    const response = await app.inject({ method: 'POST', url: '/orders', payload: { ...ORDER, total_amount: total } })
    t.equal(response.statusCode, 201, `${total} has at most two decimal places`)
    t.equal(response.json().data.total_amount, total)
  }
})

t.test('a malformed id is a 400, an unknown one a 404 ORDER_NOT_FOUND', async (t) => {
  const app = await build(t)
  for (const id of ['ORD-1', 'ord-20240110-0000000a', 'ORD-20240110-0000000A', 'ORD-20240110-0000000a1']) {
    const response = await app.inject(`/orders/${id}`)
    t.equal(response.statusCode, 400, id)
    t.match(response.json().error.details, [{ field: 'order_id', message: 'must be an order id such as ORD-20240110-3f9a1c2b' }])
  }
  const missing = await app.inject(`/orders/${UNKNOWN}`)
  t.equal(missing.statusCode, 404)
  t.match(missing.json(), { success: false, error: { code: 'ORDER_NOT_FOUND', message: `Order ${UNKNOWN} not found` } })
})

t.test('a customer\'s orders: newest first, paged by cursor, filtered by status; a foreign cursor is a 400', async (t) => {
  const app = await build(t)
  const ids: string[] = []
  for (let n = 1; n <= 3; n++) {
    ids.push((await app.inject({ method: 'POST', url: '/orders', payload: { ...ORDER, total_amount: n } })).json().data.order_id)
  }
  await app.inject({ method: 'POST', url: '/orders', payload: { ...ORDER, customer_id: 'CUST-2' } })
  await app.inject({ method: 'POST', url: `/orders/${ids[0]}/cancel` })

  const all = (await app.inject('/customers/CUST-1/orders')).json()
  t.same(all.data.map((order: { order_id: string }) => order.order_id), [...ids].reverse())
  t.equal(all.count, 3)
  const page = (await app.inject('/customers/CUST-1/orders?limit=2')).json()
  t.equal(page.count, 2)
  const rest = (await app.inject(`/customers/CUST-1/orders?limit=2&cursor=${page.next_cursor}`)).json()
  t.same(rest.data.map((order: { order_id: string }) => order.order_id), [ids[0]])
  const cancelled = (await app.inject('/customers/CUST-1/orders?status=CANCELLED')).json()
  t.same(cancelled.data.map((order: { status: string }) => order.status), ['CANCELLED'])

  const foreign = await app.inject(`/customers/CUST-2/orders?cursor=${page.next_cursor}`)
  t.equal(foreign.statusCode, 400)
  t.match(foreign.json().error.details, [{ field: 'cursor', message: 'cursor is not one this service issued' }])
  for (const query of ['status=LOST', 'limit=0', 'limit=101', 'colour=red']) {
    const response = await app.inject(`/customers/CUST-1/orders?${query}`)
    if (query === 'colour=red') t.equal(response.statusCode, 200, 'unknown query parameters are dropped, as for items')
    else t.equal(response.statusCode, 400, query)
  }
  t.equal((await app.inject(`/customers/${'c'.repeat(51)}/orders`)).statusCode, 400, 'a customer id too long')
})

t.test('cancel: only from CREATED, 409 naming the status otherwise; If-Match as for items', async (t) => {
  const app = await build(t)
  const { data: order } = (await app.inject({ method: 'POST', url: '/orders', payload: ORDER })).json()
  const stale = await app.inject({ method: 'POST', url: `/orders/${order.order_id}/cancel`, headers: { 'if-match': '"2"' } })
  t.equal(stale.statusCode, 412)
  t.match(stale.json().error, { code: 'PRECONDITION_FAILED', message: `Order ${order.order_id} has changed: its ETag is not one that If-Match names` })
  t.equal((await app.inject({ method: 'POST', url: `/orders/${order.order_id}/cancel`, headers: { 'if-match': 'bad' } })).statusCode, 400)

  const cancelled = await app.inject({ method: 'POST', url: `/orders/${order.order_id}/cancel`, headers: { 'if-match': '"1"' } })
  t.equal(cancelled.statusCode, 200)
  t.match(cancelled.json(), { success: true, message: 'Order cancelled successfully', data: { status: 'CANCELLED', version: 2 } })
  t.equal(cancelled.headers.etag, '"2"')

  const again = await app.inject({ method: 'POST', url: `/orders/${order.order_id}/cancel` })
  t.equal(again.statusCode, 409)
  t.same(again.json().error, {
    code: 'INVALID_ORDER_STATE',
    message: `Order ${order.order_id} is CANCELLED: only a CREATED order can be cancelled`
  })
  t.equal((await app.inject({ method: 'POST', url: `/orders/${UNKNOWN}/cancel` })).statusCode, 404)
  const withBody = await app.inject({ method: 'POST', url: `/orders/${UNKNOWN}/cancel`, headers: { 'content-type': 'text/plain' }, payload: 'x' })
  t.equal(withBody.statusCode, 415)
})

t.test('delete: 204 without a body, If-Match as for items, then 404', async (t) => {
  const app = await build(t)
  const { data: order } = (await app.inject({ method: 'POST', url: '/orders', payload: ORDER })).json()
  t.equal((await app.inject({ method: 'DELETE', url: `/orders/${order.order_id}`, headers: { 'if-match': '"9"' } })).statusCode, 412)
  const deleted = await app.inject({ method: 'DELETE', url: `/orders/${order.order_id}`, headers: { 'if-match': '"1"' } })
  t.equal(deleted.statusCode, 204)
  t.equal(deleted.body, '')
  t.equal((await app.inject(`/orders/${order.order_id}`)).statusCode, 404)
  const again = await app.inject({ method: 'DELETE', url: `/orders/${order.order_id}` })
  t.equal(again.statusCode, 404)
  t.equal(again.json().error.code, 'ORDER_NOT_FOUND')
})

t.test('an Idempotency-Key replays the first placing; another body with it is a 409', async (t) => {
  const app = await build(t)
  const place = async (payload: Record<string, unknown>) => await app.inject({ method: 'POST', url: '/orders', headers: { 'idempotency-key': 'o-1' }, payload })
  const first = await place(ORDER)
  const retry = await place({ items: ORDER.items, total_amount: ORDER.total_amount, customer_id: ORDER.customer_id })
  t.equal(retry.statusCode, 201)
  t.same(retry.json().data, first.json().data, 'the same order, whatever the key order of the body')
  const other = await place({ ...ORDER, total_amount: 1 })
  t.equal(other.statusCode, 409)
  t.equal(other.json().error.code, 'CONFLICT')
  t.equal((await app.inject('/customers/CUST-1/orders')).json().count, 1, 'one order placed')
  const itemWithSameKey = await app.inject({ method: 'POST', url: '/items', headers: { 'idempotency-key': 'o-1' }, payload: { name: 'A', price: 1 } })
  t.equal(itemWithSameKey.statusCode, 201, 'items keep their own keys')
})

t.test('the counters and /metrics count placed, cancelled and deleted orders', async (t) => {
  const app = await build(t)
  const ids = []
  for (let n = 0; n < 3; n++) ids.push((await app.inject({ method: 'POST', url: '/orders', payload: ORDER })).json().data.order_id)
  await app.inject({ method: 'POST', url: `/orders/${ids[0]}/cancel` })
  await app.inject({ method: 'POST', url: `/orders/${ids[0]}/cancel` })
  await app.inject({ method: 'DELETE', url: `/orders/${ids[1]}` })
  await app.inject({ method: 'DELETE', url: `/orders/${UNKNOWN}` })
  t.same((await app.inject('/metrics')).json().orders, { created: 3, cancelled: 1, deleted: 1 }, 'only successes count')
})
