// The queue worker's Azure entry as the worker process loads it: its settings from the environment, the queue trigger
// it registers (the order queue, on the function app's storage account), serving messages against Cosmos DB (a real
// Cosmos-compatible server); and host.json's queue settings, which make a failed message poison after 3 deliveries.
import { readFile } from 'node:fs/promises'
import functions, { type StorageQueueFunctionOptions } from '@azure/functions'
import t from 'tap'
import { createCosmosClient } from '../../../src/adapters/cosmos/cosmos-client.ts'
import { CosmosOrderStore } from '../../../src/adapters/cosmos/cosmos-order-store.ts'
import { freshCosmos } from '../../adapters/cosmos/cosmos-server.ts'

const ENTRY = '../../../src/platforms/azure/functions/order-queue-trigger.ts'

t.test('one queue trigger on the order queue, its messages moving orders in Cosmos DB', async (t) => {
  const { location, databaseId, names } = await freshCosmos(t)
  // The worker reaches no queue itself (the host hands it its messages): a connection string is enough of the account.
  Object.assign(process.env, { LOG_LEVEL: 'silent', COSMOS_ENDPOINT: location.endpoint, COSMOS_KEY: 'key' in location ? location.key : '', COSMOS_DATABASE: databaseId, STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' })
  const registered: Array<{ name: string, options: StorageQueueFunctionOptions }> = []
  await t.mockImport(ENTRY, { '@azure/functions': { default: { app: { storageQueue: (name: string, options: StorageQueueFunctionOptions) => registered.push({ name, options }) } } } })
  t.equal(registered.length, 1)
  const [{ name, options }] = registered
  t.equal(name, 'orderWorker')
  t.match(options, { queueName: 'orders', connection: 'AzureWebJobsStorage' })
  const store = new CosmosOrderStore(createCosmosClient(location), databaseId, names.orders)
  t.teardown(() => store.close())
  const order = await store.create({ customer_id: 'C-1', items: ['SKU-1'], total_amount: 5 })
  const message = { order_id: order.order_id, action: 'process_payment', data: { customer_id: 'C-1', total_amount: 5 } }
  await options.handler(message, new functions.InvocationContext({ invocationId: 'i-1', functionName: 'orderWorker', triggerMetadata: { id: 'm-1', dequeueCount: 1 } }))
  t.match(await store.get(order.order_id), { status: 'PAYMENT_PROCESSED', version: 2 })
})

t.test('without COSMOS_ENDPOINT the entry refuses to load, naming it', async (t) => {
  delete process.env.COSMOS_ENDPOINT
  await t.rejects(t.mockImport(ENTRY, { '@azure/functions': { default: { app: { storageQueue: () => {} } } } }), { name: 'ConfigError', variable: 'COSMOS_ENDPOINT' })
})

t.test('host.json: a message failing its third delivery goes to the poison queue; messages Base64, as the queue adapter sends them', async (t) => {
  const host = JSON.parse(await readFile(new URL('../../../src/platforms/azure/host.json', import.meta.url), 'utf8'))
  t.match(host.extensions.queues, { maxDequeueCount: 3, messageEncoding: 'base64' })
})
