// The Cosmos DB orders adapter through the real @azure/cosmos client against a Cosmos-compatible server: a customer's
// orders newest first with cursors bound to their listing, one day's orders a page at a time, transitions as one
// conditional write each, idempotent placing, and the state machine as a model test.
import fc from 'fast-check'
import t, { type Test } from 'tap'
import { createCosmosClient } from '../../../src/adapters/cosmos/cosmos-client.ts'
import { IdsExhaustedError } from '../../../src/adapters/cosmos/cosmos-idempotent-creates.ts'
import { CosmosOrderStore } from '../../../src/adapters/cosmos/cosmos-order-store.ts'
import { outcomeOf, TRANSITIONS, type TransitionName } from '../../../src/orders/transitions.ts'
import { IdempotencyKeyReusedError, InvalidCursorError, VersionMismatchError } from '../../../src/shared/store-errors.ts'
import { freshCosmos, type CosmosFixture } from './cosmos-server.ts'

type Options = ConstructorParameters<typeof CosmosOrderStore>[3]

async function storeOn (t: Test, fixture: CosmosFixture, options: Options = {}): Promise<CosmosOrderStore> {
  const store = new CosmosOrderStore(createCosmosClient(fixture.location), fixture.databaseId, fixture.names.orders,
    { idempotencyContainerId: fixture.names.idempotency, ...options })
  t.teardown(() => store.close())
  return store
}

async function freshStore (t: Test, options: Options = {}): Promise<{ store: CosmosOrderStore, fixture: CosmosFixture }> {
  const fixture = await freshCosmos(t)
  const clock = { now: Date.UTC(2024, 0, 10, 9) }
  // Each call a millisecond later, so that orders placed one after another sort in that order.
  return { store: await storeOn(t, fixture, { now: () => new Date(clock.now++), ...options }), fixture }
}

const input = (customer = 'C-1', total = 10) => ({ customer_id: customer, items: ['SKU-1'], total_amount: total })
const MISSING = 'ORD-20240110-00000000'

t.test('an order is stored CREATED at version 1, with its day, and read back without storage fields', async (t) => {
  const { store, fixture } = await freshStore(t)
  const order = await store.create(input())
  t.match(order, { status: 'CREATED', version: 1, created_at: '2024-01-10T09:00:00.000Z', payment_processed_at: null })
  t.match(order.order_id, /^ORD-20240110-[0-9a-f]{8}$/)
  t.same(await store.get(order.order_id), order)
  const client = createCosmosClient(fixture.location)
  t.teardown(() => client.dispose())
  const { resource } = await client.database(fixture.databaseId).container(fixture.names.orders).item(order.order_id, order.order_id).read()
  t.match(resource, { id: order.order_id, order_date: '2024-01-10', write_token: String }, 'the document\'s id is the order\'s, in its own partition')
  t.equal(await store.get(MISSING), undefined)
})

t.test('an id already taken is never overwritten: the store draws another, three times at most', async (t) => {
  const ids = ['ORD-20240110-0000000a', 'ORD-20240110-0000000a', 'ORD-20240110-0000000b']
  const { store } = await freshStore(t, { newId: () => ids.shift()! })
  const taken = await store.create(input('C-1', 1))
  const next = await store.create(input('C-1', 2))
  t.equal(taken.order_id, 'ORD-20240110-0000000a')
  t.equal(next.order_id, 'ORD-20240110-0000000b', 'the clash drew another id')
  t.same(await store.get(taken.order_id), taken, 'the first order is untouched')
})

t.test('a customer\'s orders, newest first, a page at a time, optionally by status', async (t) => {
  const { store } = await freshStore(t)
  const placed = []
  for (let n = 1; n <= 5; n++) placed.push(await store.create(input('C-1', n)))
  await store.create(input('C-2', 99))
  await store.transition(placed[1].order_id, 'cancel')
  await store.transition(placed[3].order_id, 'cancel')

  const first = await store.listByCustomer('C-1', { limit: 2 })
  t.same(first.orders.map((order) => order.total_amount), [5, 4], 'newest first')
  const second = await store.listByCustomer('C-1', { limit: 2, cursor: first.nextCursor! })
  t.same(second.orders.map((order) => order.total_amount), [3, 2])
  const last = await store.listByCustomer('C-1', { limit: 2, cursor: second.nextCursor! })
  t.same(last.orders.map((order) => order.total_amount), [1])
  t.equal(last.nextCursor, null)
  t.same(first.orders[0], await store.get(placed[4].order_id), 'as get answers it')

  const cancelled = await store.listByCustomer('C-1', { limit: 10, status: 'CANCELLED' })
  t.same(cancelled.orders.map((order) => order.total_amount), [4, 2])
  t.equal(cancelled.nextCursor, null)
  const oneCreated = await store.listByCustomer('C-1', { limit: 1, status: 'CREATED' })
  t.same(oneCreated.orders.map((order) => order.total_amount), [5])
  const nextCreated = await store.listByCustomer('C-1', { limit: 5, status: 'CREATED', cursor: oneCreated.nextCursor! })
  t.same(nextCreated.orders.map((order) => order.total_amount), [3, 1])
  t.same((await store.listByCustomer('C-3', { limit: 5 })), { orders: [], nextCursor: null }, 'a customer without orders')
})

t.test('a cursor is good only for the listing it was issued for, and only as issued', async (t) => {
  const { store } = await freshStore(t)
  await store.create(input('C-1'))
  await store.create(input('C-1'))
  const { nextCursor } = await store.listByCustomer('C-1', { limit: 1 })
  await t.rejects(store.listByCustomer('C-2', { limit: 1, cursor: nextCursor! }), InvalidCursorError, 'another customer\'s')
  await t.rejects(store.listByCustomer('C-1', { limit: 1, status: 'CREATED', cursor: nextCursor! }), InvalidCursorError,
    'another query\'s: a continuation token belongs to its query')
  const [version, payload, mac] = nextCursor!.split('.')
  const handMade = (position: string[]): string => `${version}.${Buffer.from(JSON.stringify(position)).toString('base64url')}.${mac}`
  const forged = ['forged', 'c1.', 'c1.!!!', `c1.${payload}`, `${version}.${payload}.${mac}.x`, `${nextCursor!}=`, `c2.${payload}.${mac}`, handMade(['{}'])]
  for (const cursor of forged) await t.rejects(store.listByCustomer('C-1', { limit: 1, cursor }), InvalidCursorError, cursor)
})

t.test('a filtered listing reads at most five pages for one answer, and answers a cursor to go on from', async (t) => {
  const { store } = await freshStore(t)
  const cancelled = await store.create(input('C-1', 1))
  await store.transition(cancelled.order_id, 'cancel')
  for (let n = 2; n <= 8; n++) await store.create(input('C-1', n))
  const page = await store.listByCustomer('C-1', { limit: 1, status: 'CANCELLED' })
  t.ok(page.orders.length <= 1)
  let found = page.orders
  let cursor = page.nextCursor
  while (cursor !== null) {
    const next = await store.listByCustomer('C-1', { limit: 1, status: 'CANCELLED', cursor })
    found = [...found, ...next.orders]
    cursor = next.nextCursor
  }
  t.same(found.map((order) => order.total_amount), [1], 'the one cancelled order, found however the pages fell')
})

t.test('the orders placed on a day, a page at a time, only their status and amount', async (t) => {
  const { store } = await freshStore(t, { dayPageSize: 2 })
  for (let n = 1; n <= 5; n++) await store.create(input('C-1', n))
  const nextDay = await freshStore(t)
  const pages: Array<Array<Record<string, unknown>>> = []
  for await (const page of store.placedOn('2024-01-10')) pages.push(page)
  t.ok(pages.length >= 3, `${pages.length} pages of at most 2`)
  t.ok(pages.every((page) => page.length <= 2))
  t.same(pages.flat().map((order) => order.total_amount).sort(), [1, 2, 3, 4, 5])
  t.same(Object.keys(pages[0][0]).sort(), ['status', 'total_amount'])
  const none: unknown[] = []
  for await (const page of nextDay.store.placedOn('2024-01-11')) none.push(...page)
  t.same(none, [], 'a day without orders')
})

t.test('a transition is one conditional write: applied, done, refused or missing, never twice', async (t) => {
  const { store } = await freshStore(t)
  const order = await store.create(input())
  t.match(await store.transition(order.order_id, 'pay'), { kind: 'applied', order: { status: 'PAYMENT_PROCESSED', version: 2, payment_processed_at: String } })
  t.match(await store.transition(order.order_id, 'pay'), { kind: 'done', order: { version: 2 } }, 'a repeated payment changes nothing')
  t.match(await store.transition(order.order_id, 'cancel'), { kind: 'refused', order: { status: 'PAYMENT_PROCESSED' } })
  t.match(await store.transition(order.order_id, 'confirm'), { kind: 'applied', order: { status: 'CONFIRMED', version: 3, confirmation_sent_at: String } })
  t.match(await store.transition(order.order_id, 'pay'), { kind: 'done', order: { status: 'CONFIRMED', version: 3 } }, 'a late payment message')
  t.same(await store.transition(MISSING, 'pay'), { kind: 'missing' })
})

t.test('with a version condition: a stale version is a VersionMismatchError, a matching one applies', async (t) => {
  const { store } = await freshStore(t)
  const order = await store.create(input())
  await t.rejects(store.transition(order.order_id, 'cancel', { versions: [7] }), VersionMismatchError)
  await t.rejects(store.transition(order.order_id, 'cancel', { versions: [] }), VersionMismatchError, 'no version matches')
  t.match(await store.transition(order.order_id, 'cancel', { versions: [3, 1] }), { kind: 'applied', order: { status: 'CANCELLED', version: 2 } })
  t.match(await store.transition(order.order_id, 'cancel', { versions: [2] }), { kind: 'done' }, 'the status decides before the version')
  t.same(await store.transition(MISSING, 'cancel', { versions: [] }), { kind: 'missing' })
})

t.test('delete: existing only, and with If-Match only at that version', async (t) => {
  const { store } = await freshStore(t)
  const order = await store.create(input())
  await t.rejects(store.delete(order.order_id, { versions: [2] }), VersionMismatchError)
  await t.rejects(store.delete(order.order_id, { versions: [] }), VersionMismatchError)
  t.equal(await store.delete(order.order_id, { versions: [1] }), true)
  t.equal(await store.delete(order.order_id), false)
  t.equal(await store.delete(order.order_id, { versions: [1] }), false, 'gone: missing, not a mismatch')
  t.equal(await store.delete(order.order_id, { versions: [] }), false)
})

t.test('an Idempotency-Key places the order once; another body with the key is refused', async (t) => {
  const { store, fixture } = await freshStore(t)
  const first = await store.createOnce('k-1', input())
  t.equal(first.replayed, false)
  t.same(await store.createOnce('k-1', input()), { value: first.value, replayed: true })
  await t.rejects(store.createOnce('k-1', input('C-1', 11)), IdempotencyKeyReusedError)
  t.equal((await store.listByCustomer('C-1', { limit: 10 })).orders.length, 1)
  const noContainer = new CosmosOrderStore(createCosmosClient(fixture.location), fixture.databaseId, fixture.names.orders)
  t.teardown(() => noContainer.close())
  await t.rejects(noContainer.createOnce('k', input()), /idempotency container/)
})

t.test('an Idempotency-Key whose drawn id another order holds: its own order under a new id, never the other\'s', async (t) => {
  const ids = ['ORD-20240110-000000aa', 'ORD-20240110-000000aa', 'ORD-20240110-000000bb']
  const { store } = await freshStore(t, { newId: () => ids.shift()! })
  const a = await store.create(input('CUST-A', 1))
  const b = await store.createOnce('b-key', input('CUST-B', 2))
  t.equal(a.order_id, 'ORD-20240110-000000aa')
  t.same(b, { value: { ...b.value, order_id: 'ORD-20240110-000000bb', customer_id: 'CUST-B', total_amount: 2 }, replayed: false })
  t.same(await store.get(b.value.order_id), b.value, 'B\'s order is stored')
  t.same(await store.get(a.order_id), a, 'A\'s order is untouched')
  t.same(await store.createOnce('b-key', input('CUST-B', 2)), { value: b.value, replayed: true }, 'and B\'s retry replays B\'s order')
  t.same((await store.listByCustomer('CUST-B', { limit: 10 })).orders, [b.value])
})

t.test('an id taken on every draw: the create fails rather than loops, and stores nothing', async (t) => {
  const { store } = await freshStore(t, { newId: () => 'ORD-20240110-000000cc' })
  await store.create(input('CUST-A', 1))
  await t.rejects(store.create(input('CUST-B', 1)), IdsExhaustedError)
  await t.rejects(store.createOnce('k', input('CUST-B', 1)), IdsExhaustedError)
  t.equal((await store.listByCustomer('CUST-B', { limit: 10 })).orders.length, 0)
})

t.test('an inventory update is recorded once per order, and not at all for an order that is not there', async (t) => {
  const { store } = await freshStore(t)
  const order = await store.create(input())
  t.same(await store.recordInventoryUpdate(order.order_id), { kind: 'recorded', order })
  t.same(await store.recordInventoryUpdate(order.order_id), { kind: 'done', order }, 'a repeat: done, nothing changes')
  t.same(await store.get(order.order_id), order, 'the order as shown, its version included, is unchanged')
  t.same(await store.recordInventoryUpdate(MISSING), { kind: 'missing' })
  t.equal(await store.get(MISSING), undefined, 'and nothing was created')
})

t.test('the state machine against the real store: any sequence of transitions matches the model', async (t) => {
  const { store } = await freshStore(t)
  const names = Object.keys(TRANSITIONS) as TransitionName[]
  await fc.assert(fc.asyncProperty(fc.array(fc.constantFrom(...names), { minLength: 1, maxLength: 6 }), async (sequence) => {
    let { status, version, order_id: orderId } = await store.create(input())
    for (const name of sequence) {
      const expected = outcomeOf(name, status)
      const result = await store.transition(orderId, name)
      if (result.kind === 'missing') return false
      const kind = { apply: 'applied', done: 'done', refused: 'refused' }[expected]
      if (result.kind !== kind) return false
      if (expected === 'apply') {
        status = TRANSITIONS[name].to
        version += 1
      }
      if (result.order.status !== status || result.order.version !== version) return false
    }
    return true
  }), { numRuns: 40 })
})
