// Writes that race another writer between their read and their write, made to happen through the proxy, which lets
// the other writer in just before it passes a call on: the ETag condition refuses the late write, and the store
// decides again on what the other left.
import t, { type Test } from 'tap'
import { createCosmosClient } from '../../../src/adapters/cosmos/cosmos-client.ts'
import { KEY_MEMORY_SECONDS } from '../../../src/adapters/cosmos/cosmos-idempotent-creates.ts'
import { CosmosOrderStore } from '../../../src/adapters/cosmos/cosmos-order-store.ts'
import { IdempotencyKeyReusedError } from '../../../src/shared/store-errors.ts'
import { freshCosmos } from './cosmos-server.ts'
import { faultyCosmos, type CosmosFault } from './faulty-cosmos.ts'

type Options = ConstructorParameters<typeof CosmosOrderStore>[3]

/**
 * Two order stores on one database, one of them behind the proxy: `before(operation)` runs before it passes a call
 * on, and may answer another fault for it.
 */
async function racing (t: Test, options: { direct?: Options, proxied?: Options } = {}) {
  const fixture = await freshCosmos(t)
  const interleave: { before?: (operation: string) => Promise<CosmosFault | undefined> } = {}
  const proxy = await faultyCosmos(fixture.location.endpoint, async (_request, operation) => await interleave.before?.(operation) ?? 'pass')
  t.teardown(() => proxy.close())
  const store = (endpoint: string, storeOptions: Options = {}): CosmosOrderStore => {
    const made = new CosmosOrderStore(createCosmosClient({ ...fixture.location, endpoint }), fixture.databaseId, fixture.names.orders,
      { idempotencyContainerId: fixture.names.idempotency, ...storeOptions })
    t.teardown(() => made.close())
    return made
  }
  const client = createCosmosClient(fixture.location)
  t.teardown(() => client.dispose())
  return {
    direct: store(fixture.location.endpoint, options.direct),
    proxied: store(proxy.endpoint, options.proxied),
    records: client.database(fixture.databaseId).container(fixture.names.idempotency),
    interleave
  }
}

const input = (customer: string, total = 1) => ({ customer_id: customer, items: ['SKU-1'], total_amount: total })

/** The key `k` used a day ago, by both stores' clock: expired, its record not yet removed. */
async function expiredKey (t: Test) {
  const clock = { now: Date.UTC(2024, 0, 10, 9) }
  const now = () => new Date(clock.now)
  const stores = await racing(t, { direct: { now }, proxied: { now } })
  await stores.direct.createOnce('k', input('C-OLD'))
  clock.now += KEY_MEMORY_SECONDS * 1000
  return stores
}

t.test('an expired key taken over by two requests at once: one holds it, the other is told the key is in use', async (t) => {
  const { direct, proxied, interleave } = await expiredKey(t)
  interleave.before = async (operation) => {
    if (operation !== 'replace') return undefined
    interleave.before = undefined
    await direct.createOnce('k', input('C-FIRST'))
    return undefined
  }
  await t.rejects(proxied.createOnce('k', input('C-SECOND')), IdempotencyKeyReusedError, 'its replace of the expired record is refused')
  t.equal((await direct.listByCustomer('C-FIRST', { limit: 5 })).orders.length, 1, 'the first holds the key and placed its order')
  t.equal((await direct.listByCustomer('C-SECOND', { limit: 5 })).orders.length, 0)
})

t.test('an id found taken, and its holder gone when read: taken all the same, and another id drawn', async (t) => {
  const ids = ['ORD-20240110-000000aa', 'ORD-20240110-000000bb']
  const { direct, proxied, interleave } = await racing(t, { direct: { newId: () => 'ORD-20240110-000000aa' }, proxied: { newId: () => ids.shift()! } })
  await direct.create(input('C-HOLDER'))
  // The proxied create of aa is refused (409); the holder is deleted before the store reads who holds the id.
  interleave.before = async (operation) => {
    if (operation !== 'read') return undefined
    interleave.before = undefined
    await direct.delete('ORD-20240110-000000aa')
    return undefined
  }
  const placed = await proxied.create(input('C-RACE'))
  t.equal(placed.order_id, 'ORD-20240110-000000bb', 'no attempt of this create made aa: another id is drawn')
  t.equal(await direct.get('ORD-20240110-000000aa'), undefined)
})

t.test('a redrawn id whose record another request changed meanwhile: the order is still placed once', async (t) => {
  const ids = ['ORD-20240110-000000cc', 'ORD-20240110-000000cc', 'ORD-20240110-000000dd', 'ORD-20240110-000000ee']
  const { direct, proxied, records, interleave } = await racing(t, { direct: { newId: () => 'ORD-20240110-000000cc' }, proxied: { newId: () => ids.shift()! } })
  await direct.create(input('C-HOLDER'))
  interleave.before = async (operation) => {
    if (operation !== 'replace') return undefined
    interleave.before = undefined
    const { resources } = await records.items.query('SELECT * FROM c').fetchAll()
    await records.item(resources[0].id, resources[0].id).patch([{ op: 'set', path: '/touched', value: true }])
    return undefined
  }
  const placed = await proxied.createOnce('k', input('C-RACE'))
  t.equal(placed.replayed, false)
  t.not(placed.value.order_id, 'ORD-20240110-000000cc', 'never the holder\'s id')
  t.same((await direct.listByCustomer('C-RACE', { limit: 5 })).orders, [placed.value], 'placed once')
  t.same(await proxied.createOnce('k', input('C-RACE')), { value: placed.value, replayed: true })
})

t.test('an expired key\'s takeover applied, its answer lost: the key is this request\'s, not one in use', async (t) => {
  const { direct, proxied, interleave } = await expiredKey(t)
  interleave.before = async (operation) => {
    if (operation !== 'replace') return undefined
    interleave.before = undefined
    // The takeover reaches the store, its answer never comes back: the adapter sends it again, and is refused (412).
    return 'drop'
  }
  const placed = await proxied.createOnce('k', input('C-NEW'))
  t.equal(interleave.before, undefined, 'the takeover\'s answer was lost')
  t.equal(placed.replayed, false, 'created, not a replay nor a key in use')
  t.same(await direct.createOnce('k', input('C-NEW')), { value: placed.value, replayed: true })
})
