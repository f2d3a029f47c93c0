// The containers as created for local servers and tests: partition keys, time to live and indexing as defined once in
// src/adapters/cosmos/cosmos-containers.ts, and a second run that finds them there and changes nothing.
import t from 'tap'
import { createCosmosClient } from '../../../src/adapters/cosmos/cosmos-client.ts'
import { ensureCosmosContainers } from '../../../local/ensure-cosmos-containers.ts'
import { freshCosmos } from './cosmos-server.ts'

t.test('each container is partitioned by /id; the idempotency records expire; the orders are indexed for their listings', async (t) => {
  const { location, databaseId, names } = await freshCosmos(t)
  const client = createCosmosClient(location)
  t.teardown(() => client.dispose())
  const database = client.database(databaseId)
  const read = async (id: string) => (await database.container(id).read()).resource!
  const [items, orders, idempotency] = await Promise.all([read(names.items), read(names.orders), read(names.idempotency)])
  for (const container of [items, orders, idempotency]) t.same(container.partitionKey?.paths, ['/id'], container.id)
  t.equal(idempotency.defaultTtl, -1, 'time to live on, each record setting its own')
  t.equal(items.defaultTtl, undefined, 'items never expire')
  t.same(orders.indexingPolicy?.compositeIndexes?.[0], [{ path: '/customer_id', order: 'ascending' }, { path: '/created_at', order: 'descending' }])
  t.same(idempotency.indexingPolicy?.excludedPaths, [{ path: '/*' }], 'only ever read by id')

  await database.container(names.items).items.create({ id: 'kept' })
  await ensureCosmosContainers(client, databaseId, names)
  t.equal((await database.container(names.items).item('kept', 'kept').read()).statusCode, 200, 'a second run keeps what is there')
})

t.test('the client finds other regions only on Azure\'s HTTPS endpoints', async (t) => {
  const policy = (endpoint: string) => {
    const client = createCosmosClient({ endpoint, key: 'bG9jYWw=' })
    t.teardown(() => client.dispose())
    return (client as unknown as { clientContext: { connectionPolicy: { enableEndpointDiscovery: boolean, requestTimeout: number } } }).clientContext.connectionPolicy
  }
  t.match(policy('http://127.0.0.1:8081'), { enableEndpointDiscovery: false, requestTimeout: 3_000 })
  t.match(policy('https://account.documents.azure.com:443/'), { enableEndpointDiscovery: true })
})
