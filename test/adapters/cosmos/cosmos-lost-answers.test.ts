// Writes Cosmos DB applied whose answers were lost: the proxy in front of the store passes a write on and breaks the
// connection before its answer. The SDK retries no such write, the adapter does, with the same request, and the
// repeat is refused (409 or 412, or 404 for a delete). Each call must still answer what it did, once: no second
// order, no "missing" for the delete that deleted, no version mismatch for the update that applied.
import t, { type Test } from 'tap'
import { createCosmosClient } from '../../../src/adapters/cosmos/cosmos-client.ts'
import { CosmosItemStore } from '../../../src/adapters/cosmos/cosmos-item-store.ts'
import { CosmosOrderStore } from '../../../src/adapters/cosmos/cosmos-order-store.ts'
import { freshCosmos } from './cosmos-server.ts'
import { faultyCosmos } from './faulty-cosmos.ts'

interface Lossy {
  orders: CosmosOrderStore
  items: CosmosItemStore
  /** Loses the answer of the next call of `operation` after `skip` others pass. */
  loseNext: (operation: string, skip?: number) => void
  /** How many calls of `operation` reached the store. */
  calls: (operation: string) => number
}

async function lossy (t: Test): Promise<Lossy> {
  const fixture = await freshCosmos(t)
  let armed: { operation: string, skip: number } | undefined
  const proxy = await faultyCosmos(fixture.location.endpoint, (_request, operation) => {
    if (armed?.operation !== operation) return 'pass'
    if (armed.skip-- > 0) return 'pass'
    armed = undefined
    return 'drop'
  })
  t.teardown(() => proxy.close())
  const behind = { ...fixture.location, endpoint: proxy.endpoint }
  const options = { idempotencyContainerId: fixture.names.idempotency }
  const orders = new CosmosOrderStore(createCosmosClient(behind), fixture.databaseId, fixture.names.orders, options)
  t.teardown(() => orders.close())
  const items = new CosmosItemStore(createCosmosClient(behind), fixture.databaseId, fixture.names.items, options)
  t.teardown(() => items.close())
  return {
    orders,
    items,
    loseNext: (operation, skip = 0) => { armed = { operation, skip } },
    calls: (operation) => proxy.operations.filter((seen) => seen === operation).length
  }
}

const ORDER = { customer_id: 'CUST-LOST', items: ['SKU-1'], total_amount: 12.5 }

t.test('an order\'s create applied, its answer lost: the order answered, and it is there once', async (t) => {
  const { orders, loseNext, calls } = await lossy(t)
  loseNext('create')
  const placed = await orders.create(ORDER)
  t.equal(calls('create'), 2, 'the adapter sent the create again, and took its 409 for its own')
  t.same((await orders.listByCustomer(ORDER.customer_id, { limit: 10 })).orders, [placed], 'exactly the order answered')
})

t.test('an item\'s create applied, its answer lost: the item answered, and it is there once', async (t) => {
  const { items, loseNext } = await lossy(t)
  loseNext('create')
  const created = await items.create({ name: 'Laptop', price: 1 })
  t.same(await items.get(created.id), created)
  t.same((await items.list({ limit: 10 })).items, [created])
})

t.test('a keyed create: the claim\'s answer lost, then the order\'s, then the mark\'s: one order, created, not replayed', async (t) => {
  for (const [operation, skip] of [['create', 0], ['create', 1], ['patch', 0]] as const) {
    const { orders, loseNext } = await lossy(t)
    loseNext(operation, skip)
    const placed = await orders.createOnce(`lost-${operation}-${skip}`, ORDER)
    t.equal(placed.replayed, false, `${operation} ${skip + 1} lost: the first request is no replay`)
    t.same(await orders.createOnce(`lost-${operation}-${skip}`, ORDER), { value: placed.value, replayed: true }, 'its retry is')
    t.equal((await orders.listByCustomer(ORDER.customer_id, { limit: 10 })).orders.length, 1, 'one order')
  }
})

t.test('an update at a version applied, its answer lost: the new version, not a mismatch', async (t) => {
  const { items, loseNext, calls } = await lossy(t)
  const { id } = await items.create({ name: 'Laptop', price: 1 })
  loseNext('replace')
  t.match(await items.update(id, { price: 2 }, { versions: [1] }), { price: 2, version: 2 })
  t.equal(calls('replace'), 2, 'sent again, and refused (412) as the document had changed: by this very write')
})

t.test('an update without a condition: applied once, not twice (version 2, not 3)', async (t) => {
  const { items, loseNext } = await lossy(t)
  const { id } = await items.create({ name: 'Laptop', price: 1 })
  loseNext('replace')
  t.match(await items.update(id, { name: 'Once' }), { name: 'Once', version: 2 })
  t.equal((await items.get(id))?.version, 2)
})

t.test('deletes applied, their answers lost: deleted, not missing', async (t) => {
  const { items, orders, loseNext } = await lossy(t)
  const item = await items.create({ name: 'Laptop', price: 1 })
  loseNext('delete')
  t.equal(await items.delete(item.id, { versions: [1] }), true)
  t.equal(await items.get(item.id), undefined)
  const order = await orders.create(ORDER)
  loseNext('delete')
  t.equal(await orders.delete(order.order_id), true)
  t.equal(await orders.get(order.order_id), undefined)
})

t.test('a delete of what never existed is still missing when no answer was lost', async (t) => {
  const { items, orders } = await lossy(t)
  t.equal(await items.delete('00000000-0000-4000-8000-000000000000'), false)
  t.equal(await orders.delete('ORD-20240110-00000000'), false)
})

t.test('a cancel at a version applied, its answer lost: CANCELLED, not a mismatch', async (t) => {
  const { orders, loseNext } = await lossy(t)
  const order = await orders.create(ORDER)
  loseNext('replace')
  t.match(await orders.transition(order.order_id, 'cancel', { versions: [1] }), { kind: 'applied', order: { status: 'CANCELLED', version: 2 } })
})

t.test('the worker\'s writes applied, their answers lost: each applied once, none taken for a duplicate', async (t) => {
  const { orders, loseNext } = await lossy(t)
  const order = await orders.create(ORDER)
  loseNext('replace')
  t.match(await orders.transition(order.order_id, 'pay'), { kind: 'applied', order: { status: 'PAYMENT_PROCESSED', version: 2 } })
  loseNext('replace')
  t.match(await orders.transition(order.order_id, 'confirm'), { kind: 'applied', order: { status: 'CONFIRMED', version: 3 } })
  loseNext('replace')
  t.match(await orders.recordInventoryUpdate(order.order_id), { kind: 'recorded', order: { version: 3 } })
  t.match(await orders.recordInventoryUpdate(order.order_id), { kind: 'done' })
})

t.test('an item\'s image: its start, its arrival and its outcome applied, their answers lost: recorded once each, not superseded', async (t) => {
  const { items, loseNext } = await lossy(t)
  const item = await items.create({ name: 'Camera', price: 1 })
  const uploadKey = `uploads/${item.id}/0b6a3c6e-3f1e-4d5c-9a7b-2e4f6a8c0d1e.jpg`
  loseNext('replace')
  t.match(await items.startImage(item.id, { uploadKey, contentType: 'image/jpeg', expiresAt: Date.now() + 600_000 }),
    { version: 2, upload: { status: 'pending', upload_key: uploadKey } })
  loseNext('replace')
  t.equal(await items.startProcessing(item.id, uploadKey), 'recorded', 'its own arrival, not a newer upload\'s')
  t.match(await items.get(item.id), { version: 3, upload: { status: 'processing' } })
  loseNext('replace')
  const thumbnails = { '200x200': 'a', '400x400': 'b', '800x800': 'c' }
  t.equal(await items.recordImage(item.id, uploadKey, { status: 'ready', thumbnails }), 'recorded', 'not taken for a newer upload\'s')
  t.match(await items.get(item.id), { version: 4, image: { status: 'ready', upload_key: uploadKey, thumbnails } })
})

t.test('a read and a page whose answers were lost are read again', async (t) => {
  const { items, loseNext, calls } = await lossy(t)
  const item = await items.create({ name: 'Laptop', price: 1 })
  loseNext('read')
  t.same(await items.get(item.id), item)
  t.equal(calls('read'), 2)
  loseNext('query')
  t.same((await items.list({ limit: 5 })).items, [item])
})
