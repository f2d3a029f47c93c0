// The Azure entries of the change-feed consumer, the thumbnail function and the daily report as the worker loads them,
// over real servers: Cosmos DB (a Cosmos-compatible server) and the Storage account (Azurite, under Node 24). What
// each registers, and one invocation of each landing where it should: the change's message on the order queue, the
// day's report in the reports container, read back by the API; an image put by a browser to the API's upload URL,
// made into thumbnails that the item then shows.
import functions, { type CosmosDBFunctionOptions, type EventGridFunctionOptions, type TimerFunctionOptions } from '@azure/functions'
import t, { type Test } from 'tap'
import { createBlobContainerClient, createQueueClient } from '../../../src/adapters/azure-storage/storage-clients.ts'
import { createCosmosClient } from '../../../src/adapters/cosmos/cosmos-client.ts'
import { CosmosOrderStore } from '../../../src/adapters/cosmos/cosmos-order-store.ts'
import { ConfigError } from '../../../src/config.ts'
import { storageSettings } from '../../../src/platforms/azure/azure-storage-settings.ts'
import { azurite } from '../../adapters/azure-storage/azurite-server.ts'
import { freshCosmos } from '../../adapters/cosmos/cosmos-server.ts'
import { jpeg } from '../../../bench/image-samples.ts'
import { blobCreatedEvent } from '../../../local/azure/blob-created-driver.ts'
import { blobItem } from './blob-item.ts'
import { viaAzure } from './azure-requests.ts'

const CURSOR_SECRET = 'the-azure-workers-shared-cursor-secret'

/** The environment of a function app on these servers, with queues and containers of its own. */
async function functionApp (t: Test) {
  const { location, databaseId, names } = await freshCosmos(t)
  const { connectionString } = await azurite()
  const suffix = databaseId.slice(5, 13).toLowerCase()
  Object.assign(process.env, {
    LOG_LEVEL: 'silent',
    CURSOR_SECRET,
    COSMOS_ENDPOINT: location.endpoint,
    COSMOS_KEY: 'key' in location ? location.key : '',
    COSMOS_DATABASE: databaseId,
    STORAGE_CONNECTION_STRING: connectionString,
    ORDER_QUEUE_NAME: `orders-${suffix}`,
    ORDER_CHANGES_FAILURES_QUEUE_NAME: `failures-${suffix}`,
    REPORTS_CONTAINER_NAME: `reports-${suffix}`,
    IMAGES_CONTAINER_NAME: `images-${suffix}`
  })
  const access = { connectionString }
  const queue = createQueueClient(access, `orders-${suffix}`)
  await queue.create()
  const reports = createBlobContainerClient(access, `reports-${suffix}`)
  await reports.create()
  const images = createBlobContainerClient(access, `images-${suffix}`)
  await images.create()
  const orders = new CosmosOrderStore(createCosmosClient(location), databaseId, names.orders, { now: () => new Date('2026-12-06T10:00:00.000Z') })
  t.teardown(() => orders.close())
  return { queue, reports, images, orders }
}

/** The one function `entry` registers with `kind` of the library's app. */
async function registered<Options> (t: Test, entry: string, kind: string): Promise<{ name: string, options: Options }> {
  const found: Array<{ name: string, options: Options }> = []
  const app = { setup: () => {}, [kind]: (name: string, options: Options) => found.push({ name, options }) }
  await t.mockImport(`../../../src/platforms/azure/functions/${entry}`, { '@azure/functions': { default: { app } } })
  t.equal(found.length, 1, `${entry} registers one function`)
  return found[0]
}

const context = (functionName: string) => new functions.InvocationContext({ invocationId: 'i-1', functionName })

t.test('orderChanges: the orders container\'s change feed, its retry policy, and a new order\'s payment on the order queue', async (t) => {
  const { queue, orders } = await functionApp(t)
  const { name, options } = await registered<CosmosDBFunctionOptions>(t, 'order-changes-trigger.ts', 'cosmosDB')
  t.equal(name, 'orderChanges')
  t.match(options, { connection: 'COSMOS', databaseName: '%COSMOS_DATABASE%', containerName: '%COSMOS_ORDERS_CONTAINER%', leaseContainerName: 'leases', startFromBeginning: true, retry: { strategy: 'exponentialBackoff', maxRetryCount: 3 } })
  const order = await orders.create({ customer_id: 'C-1', items: ['SKU-1'], total_amount: 5 })
  await (options.handler as (documents: unknown[], context: unknown) => Promise<void>)([{ ...order, id: order.order_id, _lsn: 1 }], context('orderChanges'))
  const { receivedMessageItems: [message] } = await queue.receiveMessages()
  t.match(JSON.parse(Buffer.from(message.messageText, 'base64').toString()), { order_id: order.order_id, action: 'process_payment' })
})

t.test('dailyReport at 02:00 UTC writes the day\'s report to the reports container, which the API on Azure serves', async (t) => {
  const { reports, orders } = await functionApp(t)
  await orders.create({ customer_id: 'C-1', items: ['SKU-1'], total_amount: 12 })
  const { name, options } = await registered<TimerFunctionOptions>(t, 'daily-report-trigger.ts', 'timer')
  t.equal(name, 'dailyReport')
  t.equal(options.schedule, '0 0 2 * * *')
  const timer = { isPastDue: false, schedule: { adjustForDST: false }, scheduleStatus: { last: '', next: '2026-12-08T02:00:00.000Z', lastUpdated: '' } }
  await (options.handler as (timer: unknown, context: unknown) => Promise<unknown>)(timer, context('dailyReport'))
  t.ok(await reports.getBlobClient('reports/daily/2026-12-06.json').exists(), 'the report of 2026-12-06, the day before the 2026-12-07 run')

  const api = await registered<{ handler: Parameters<typeof viaAzure>[0] }>(t, 'api-trigger.ts', 'http')
  const served = await viaAzure(api.options.handler, { method: 'GET', path: '/reports/daily/2026-12-06' })
  t.equal(served.status, 200)
  t.match(JSON.parse(served.body.toString()).data, { date: '2026-12-06', totalOrders: 1, totalRevenue: 12 })
})

t.test('an image a browser puts to the API\'s upload URL: Event Grid\'s event makes its thumbnails, which the item shows', async (t) => {
  const { images } = await functionApp(t)
  const api = (await registered<{ handler: Parameters<typeof viaAzure>[0] }>(t, 'api-trigger.ts', 'http')).options.handler
  const json = (answer: { body: Buffer }) => JSON.parse(answer.body.toString()).data
  const item = json(await viaAzure(api, { method: 'POST', path: '/items', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Lamp', price: 20 }) }))
  const asked = await viaAzure(api, { method: 'POST', path: `/items/${item.id}/image`, headers: { 'content-type': 'application/json' }, body: '{"content_type":"image/jpeg"}' })
  t.equal(asked.status, 201)
  const { upload, key } = json(asked)
  t.match(upload, { method: 'PUT', fields: {}, headers: { 'x-ms-blob-type': 'BlockBlob', 'Content-Type': 'image/jpeg' } })
  const image = await jpeg(640, 480)
  t.equal((await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: image })).status, 201, 'the browser\'s PUT')

  const { name, options } = await registered<EventGridFunctionOptions>(t, 'thumbnails-trigger.ts', 'eventGrid')
  t.equal(name, 'thumbnails')
  const blob = await images.getBlobClient(key).getProperties()
  t.equal(blob.contentType, 'image/jpeg', 'stored with the type the upload declared')
  const event = blobCreatedEvent(blobItem(key, blob.contentLength!, blob.etag!), images.url, 'devstoreaccount1')
  await (options.handler as (event: unknown, context: unknown) => Promise<unknown>)(event, context('thumbnails'))

  const shown = json(await viaAzure(api, { method: 'GET', path: `/items/${item.id}` }))
  t.match(shown, { image: { status: 'ready' }, upload: null })
  const thumbnail = await fetch(shown.image.thumbnails['200x200'])
  t.equal(thumbnail.status, 200, 'a thumbnail\'s signed URL reads it')
  t.equal(thumbnail.headers.get('content-type'), 'image/jpeg')
})

t.test('the Storage account: its key or its name, and names Azure takes', async (t) => {
  t.throws(() => storageSettings({}), new ConfigError('STORAGE_ACCOUNT_NAME', '', 'the Storage account\'s name (or STORAGE_CONNECTION_STRING with its key)'))
  t.throws(() => storageSettings({ STORAGE_ACCOUNT_NAME: 'Items_Api' }), new ConfigError('STORAGE_ACCOUNT_NAME', 'Items_Api', '3 to 24 lower-case letters and digits'))
  t.throws(() => storageSettings({ STORAGE_ACCOUNT_NAME: 'itemsapi', ORDER_QUEUE_NAME: 'Orders' }), { name: 'ConfigError', variable: 'ORDER_QUEUE_NAME' })
  t.match(storageSettings({ STORAGE_ACCOUNT_NAME: 'itemsapi' }), { accountName: 'itemsapi', orderQueue: 'orders', failuresQueue: 'order-changes-failures', imagesContainer: 'images', reportsContainer: 'reports' })
})
