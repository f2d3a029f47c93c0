// Store faults through the real client: a store out of reach, throttling, overloaded, not answering, or changing a
// document under every write. Each is StoreUnavailableError (the API's 503 with Retry-After), within the client's
// limits, and a fault that passes is absorbed by a retry.
import t, { type Test } from 'tap'
import { createCosmosClient, COSMOS_LIMITS } from '../../../src/adapters/cosmos/cosmos-client.ts'
import { isStoreUnavailable, storeCall, storeValue } from '../../../src/adapters/cosmos/cosmos-calls.ts'
import { CosmosItemStore } from '../../../src/adapters/cosmos/cosmos-item-store.ts'
import { CosmosOrderStore } from '../../../src/adapters/cosmos/cosmos-order-store.ts'
import { StoreUnavailableError } from '../../../src/shared/store-errors.ts'
import { freshCosmos } from './cosmos-server.ts'
import { faultyCosmos, type CosmosFault } from './faulty-cosmos.ts'

const MISSING = '00000000-0000-4000-8000-000000000000'

/** Stores whose calls go through a proxy that fails them as `fault` says, with one item already stored. */
async function behindFaults (t: Test, fault: (request: number, operation: string) => CosmosFault | Promise<CosmosFault>) {
  const fixture = await freshCosmos(t)
  const direct = new CosmosItemStore(createCosmosClient(fixture.location), fixture.databaseId, fixture.names.items)
  t.teardown(() => direct.close())
  const item = await direct.create({ name: 'Laptop', price: 1 })
  const proxy = await faultyCosmos(fixture.location.endpoint, fault)
  t.teardown(() => proxy.close())
  const behind = { ...fixture.location, endpoint: proxy.endpoint }
  const items = new CosmosItemStore(createCosmosClient(behind), fixture.databaseId, fixture.names.items)
  t.teardown(() => items.close())
  const orders = new CosmosOrderStore(createCosmosClient(behind), fixture.databaseId, fixture.names.orders, { idempotencyContainerId: fixture.names.idempotency })
  t.teardown(() => orders.close())
  return { items, orders, direct, item, operations: proxy.operations }
}

t.test('a store out of reach: every call is unavailable, not a fault', async (t) => {
  const location = { endpoint: 'http://127.0.0.1:9', key: 'bG9jYWw=' }
  const items = new CosmosItemStore(createCosmosClient(location), 'db', 'items', { idempotencyContainerId: 'keys' })
  t.teardown(() => items.close())
  const orders = new CosmosOrderStore(createCosmosClient(location), 'db', 'orders')
  t.teardown(() => orders.close())
  await t.rejects(items.get(MISSING), StoreUnavailableError)
  await t.rejects(items.create({ name: 'x', price: 1 }), StoreUnavailableError)
  await t.rejects(items.createOnce('k', { name: 'x', price: 1 }), StoreUnavailableError)
  await t.rejects(items.update(MISSING, { name: 'x' }), StoreUnavailableError)
  await t.rejects(items.delete(MISSING), StoreUnavailableError)
  await t.rejects(items.list({ limit: 1 }), StoreUnavailableError)
  await t.rejects(orders.listByCustomer('C-1', { limit: 1 }), StoreUnavailableError)
  await t.rejects(orders.placedOn('2024-01-10')[Symbol.asyncIterator]().next(), StoreUnavailableError)
  await t.rejects(orders.transition('ORD-20240110-00000000', 'pay'), StoreUnavailableError)
})

t.test('throttled on every try: unavailable after the SDK\'s bounded retries, and a page likewise', async (t) => {
  const { items, item, operations } = await behindFaults(t, () => 'throttle')
  await t.rejects(items.get(item.id), StoreUnavailableError)
  t.same(operations, Array(1 + COSMOS_LIMITS.throttleRetries).fill('read'), 'the first try and the SDK\'s retries, no more')
  await t.rejects(items.list({ limit: 1 }), StoreUnavailableError)
})

t.test('throttled once, or overloaded once: the retry absorbs it', async (t) => {
  for (const fault of ['throttle', 'unavailable'] as const) {
    const { items, item, operations } = await behindFaults(t, (request) => request === 0 ? fault : 'pass')
    t.same(await items.get(item.id), item, fault)
    t.same(operations, ['read', 'read'])
  }
})

t.test('overloaded (503) on every try: unavailable after the adapter\'s bounded attempts', async (t) => {
  const { items, orders, item, operations } = await behindFaults(t, () => 'unavailable')
  await t.rejects(items.update(item.id, { price: 2 }), StoreUnavailableError)
  t.same(operations, Array(COSMOS_LIMITS.maxAttempts).fill('read'), `${COSMOS_LIMITS.maxAttempts} attempts, no more`)
  await t.rejects(orders.create({ customer_id: 'C-1', items: ['SKU-1'], total_amount: 1 }), StoreUnavailableError)
})

t.test('a store that never answers: unavailable once every attempt has timed out, within the deadline', async (t) => {
  const { items, item, operations } = await behindFaults(t, () => 'hang')
  const started = performance.now()
  await t.rejects(items.get(item.id), StoreUnavailableError)
  const took = performance.now() - started
  t.ok(took < COSMOS_LIMITS.deadlineMs + 500, `answered within the deadline (${Math.round(took)} ms)`)
  t.same(operations, Array(COSMOS_LIMITS.maxAttempts).fill('read'))
})

t.test('a slow first answer is retried and succeeds', async (t) => {
  const { items, item, operations } = await behindFaults(t, (request) => request === 0 ? 'hang' : 'pass')
  t.same(await items.get(item.id), item)
  t.same(operations, ['read', 'read'])
})

t.test('a document changed under every write: the write gives up as unavailable rather than loop', async (t) => {
  let bump: () => Promise<unknown> = async () => {}
  const { items, direct, item, operations } = await behindFaults(t, async (_request, operation) => {
    // Another writer gets in between each read and the write decided on it.
    if (operation === 'replace' || operation === 'delete') await bump()
    return 'pass' as const
  })
  bump = async () => await direct.update(item.id, { name: 'theirs' })
  await t.rejects(items.update(item.id, { price: 2 }), StoreUnavailableError)
  t.equal(operations.filter((operation) => operation === 'replace').length, 5, 'five rounds of read, decide and write')
  await t.rejects(items.delete(item.id), StoreUnavailableError)
  t.match(await direct.get(item.id), { name: 'theirs', price: 1 }, 'nothing of the writes that gave up was applied')
})

t.test('failures are sorted: unavailable, refusals, and everything else passed on', async (t) => {
  const failing = (fields: object, name = 'Error') => async () => { throw Object.assign(new Error('failed'), { name, ...fields }) }
  for (const fields of [{ code: 429 }, { code: 503 }, { statusCode: 500 }, { code: 'ECONNRESET' }, { code: 'ECONNREFUSED' }]) {
    await t.rejects(storeCall(failing(fields)), StoreUnavailableError, JSON.stringify(fields))
  }
  await t.rejects(storeCall(failing({}, 'TimeoutError')), StoreUnavailableError)
  await t.rejects(storeCall(failing({}, 'AbortError')), StoreUnavailableError, 'the call\'s deadline')
  for (const status of [404, 409, 412]) t.same(await storeCall(failing({ code: status })), { status, retried: false })
  await t.rejects(storeCall(failing({ code: 400 })), { message: 'failed' }, 'a bad request is a fault of ours')
  await t.rejects(storeCall(async () => { throw new Error('unknown') }), { message: 'unknown' })
  t.equal(isStoreUnavailable('not an error'), false)
  let thrown: unknown
  // eslint-disable-next-line no-throw-literal -- what a library might throw
  await storeCall(async () => { throw 'not an error' }).catch((error: unknown) => { thrown = error })
  t.equal(thrown, 'not an error', 'a thrown non-error passes through')
  await t.rejects(storeValue(failing({ code: 409 })), /refused a call that it never refuses \(409\)/)
  let attempts = 0
  t.same(await storeCall(async () => { if (++attempts === 1) throw Object.assign(new Error('reset'), { code: 'ECONNRESET' }); return 'ok' }),
    { status: 'ok', value: 'ok', retried: true }, 'a success after a failure in transit says it was retried')
})
