// The system on Azure through npm run local:azure's own code: the Cosmos-compatible server with its change feed,
// Azurite with the queues and containers, the API through the HTTP trigger's handler over real HTTP, and the
// functions driven as the Functions host drives them. An order placed over HTTP ends CONFIRMED; a poison message lands
// in `<queue>-poison` after 3 deliveries; a change that keeps failing is retried, then described to the failures
// queue; a replayed change feed changes nothing; a blob under uploads/ reaches the thumbnail function; the report
// runs on demand; and a start that cannot bind its port says so in one line, leaving nothing running.
import { execFile } from 'node:child_process'
import { once } from 'node:events'
import { randomUUID } from 'node:crypto'
import { createServer } from 'node:net'
import type { EventGridEvent } from '@azure/functions'
import t from 'tap'
import { jpeg } from '../../bench/image-samples.ts'
import { startLocalAzureSystem, type LocalAzureSystem } from '../../local/azure/azure-system.ts'
import { ChangeFeedDriver } from '../../local/azure/change-feed-driver.ts'
import { startBlobCreatedDriver } from '../../local/azure/blob-created-driver.ts'
import { LOCAL_COSMOS_KEY } from '../../local/azure/cosmos-feed-server.ts'
import { reportDay } from '../../local/azure/report-timer.ts'
import { freePort } from '../../local/free-port.ts'
import { createBlobContainerClient } from '../../src/adapters/azure-storage/storage-clients.ts'
import { createCosmosClient } from '../../src/adapters/cosmos/cosmos-client.ts'
import { uploadKey } from '../../src/images/image-keys.ts'
import { orderChangesHandler } from '../../src/platforms/azure/azure-event-functions.ts'
import { eventFunctionSettings } from '../../src/platforms/azure/azure-settings.ts'
import { skip } from '../browser/check-docs.ts'
import { uploadFromPage } from '../browser/upload-from-page.ts'
import { eventually, json } from './polling.ts'

async function place (system: LocalAzureSystem, customer: string): Promise<Record<string, any>> {
  const placed = await json(`${system.url}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ customer_id: customer, items: ['SKU-1'], total_amount: 10 })
  })
  if (placed.status !== 201) throw new Error(`POST /orders answered ${placed.status}`)
  return placed.body.data
}

const confirmed = async (system: LocalAzureSystem, orderId: string) => await eventually(`${orderId} CONFIRMED`, async () => {
  const { body } = await json(`${system.url}/orders/${orderId}`)
  return body.data.status === 'CONFIRMED' ? body.data : undefined
})

/** `script` run as `npm run` runs it (tsx), without the suite's coverage, to its end. */
async function run (script: string, args: string[], env: Record<string, string>): Promise<{ code: number, stdout: string, stderr: string }> {
  return await new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', script, ...args], {
      env: { ...process.env, NODE_V8_COVERAGE: undefined, _TAPJS_PROCESSINFO_COVERAGE_: '0', LOG_LEVEL: 'silent', ...env }
    }, (error, stdout, stderr) => resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr }))
  })
}

const depth = async (queue: LocalAzureSystem['queue']): Promise<number> => (await queue.getProperties()).approximateMessagesCount ?? 0
const drained = async (queue: LocalAzureSystem['queue']) => await eventually(`${queue.name} drained`, async () => await depth(queue) === 0 ? true : undefined)

t.test('the local system on Azure', async (t) => {
  const system = await startLocalAzureSystem({
    port: 0,
    cosmosPort: 0,
    blobPort: 0,
    queuePort: 0,
    visibilityTimeoutSeconds: 1,
    pollIntervalMs: 50,
    retryScale: 0.01,
    env: { LOG_LEVEL: 'silent' }
  })
  t.teardown(() => system.close())

  t.test('an order placed through the API on the Azure adapter ends CONFIRMED', async (t) => {
    const order = await place(system, 'CUST-AZ-1')
    t.match(await confirmed(system, order.order_id), { status: 'CONFIRMED', version: 3, payment_processed_at: String, confirmation_sent_at: String })
    const listed = await json(`${system.url}/customers/CUST-AZ-1/orders`)
    t.equal(listed.body.data[0].status, 'CONFIRMED')
  })

  t.test('a poison message lands in <queue>-poison after 3 failed deliveries; the others go through', async (t) => {
    const text = Buffer.from('{"order_id":"ORD-20240110-0000000a","action":"refund","data":{}}').toString('base64')
    await system.queue.sendMessage(text)
    const other = await place(system, 'CUST-AZ-2')
    const [poisoned] = await eventually('the poison message', async () => {
      const { peekedMessageItems } = await system.poison.peekMessages()
      return peekedMessageItems.length > 0 ? peekedMessageItems : undefined
    })
    t.equal(poisoned.messageText, text, 'moved as it was sent')
    t.equal((await confirmed(system, other.order_id)).status, 'CONFIRMED')
    await drained(system.queue)
    t.equal(await depth(system.poison), 1, 'only the poison message')
  })

  t.test('a change that keeps failing is retried, then described to the failures queue; the feed moves on', async (t) => {
    const client = createCosmosClient({ endpoint: system.cosmos.endpoint, key: LOCAL_COSMOS_KEY })
    t.teardown(() => client.dispose())
    // Written behind the API's back: an order the change-feed consumer cannot read.
    await client.database(system.settings.cosmos.databaseId).container(system.settings.cosmos.containers.orders).items
      .create({ id: 'ORD-20240110-0000bad0', order_id: 'ORD-20240110-0000bad0', customer_id: 'X', status: 'LOST' })
    const { messageText } = await eventually('the failed change described', async () => (await system.failures.receiveMessages()).receivedMessageItems[0])
    t.match(JSON.parse(Buffer.from(messageText, 'base64').toString()), {
      function: 'orderChanges', attempts: 4, failed: [{ order_id: 'ORD-20240110-0000bad0', lsn: Number, error: String }]
    })
    const after = await place(system, 'CUST-AZ-3')
    t.equal((await confirmed(system, after.order_id)).status, 'CONFIRMED', 'the changes behind it still went through')
  })

  t.test('a replayed change feed changes nothing', async (t) => {
    const placed = await place(system, 'CUST-AZ-4')
    const order = await confirmed(system, placed.order_id)
    await drained(system.queue)
    const settings = eventFunctionSettings(system.functionEnv)
    // The feed read again from its beginning, as after a lost lease: each order at its latest state, this one among them.
    const replayed: string[] = []
    const handle = orderChangesHandler(settings)
    const replay = new ChangeFeedDriver({
      container: createCosmosClient({ endpoint: system.cosmos.endpoint, key: LOCAL_COSMOS_KEY }).database(settings.cosmos.databaseId).container(settings.cosmos.containers.orders),
      handler: async (documents, context) => {
        replayed.push(...(documents as Array<{ id: string }>).map((document) => document.id))
        await handle(documents, context)
      },
      functionName: 'orderChanges',
      retry: { maxRetryCount: 0, minimumInterval: 10, maximumInterval: 10 },
      startFrom: 'beginning',
      pollIntervalMs: 50,
      onError: () => {}
    })
    await eventually('the replay handed this order over', async () => replayed.includes(placed.order_id) ? true : undefined)
    await replay.stop()
    // Resumed from the running consumer's lease, as another instance takes it over: nothing is handed over again.
    let resumedWith = 0
    const resumed = new ChangeFeedDriver({
      container: createCosmosClient({ endpoint: system.cosmos.endpoint, key: LOCAL_COSMOS_KEY }).database(settings.cosmos.databaseId).container(settings.cosmos.containers.orders),
      handler: async (documents) => { resumedWith += documents.length },
      functionName: 'orderChanges',
      retry: { maxRetryCount: 0, minimumInterval: 10, maximumInterval: 10 },
      lease: system.changeFeed.lease,
      pollIntervalMs: 50,
      onError: () => {}
    })
    await new Promise((resolve) => setTimeout(resolve, 300))
    await resumed.stop()
    t.equal(resumedWith, 0, 'the lease covers every change already handled')
    // And the order's first change handed over again, as the host does when it lost a checkpoint: its payment message.
    const functions = await import('@azure/functions')
    await orderChangesHandler(settings)([{ ...placed, id: placed.order_id }], new functions.default.InvocationContext({ functionName: 'orderChanges' }))
    await drained(system.queue)
    t.same((await json(`${system.url}/orders/${placed.order_id}`)).body.data, order, 'not one attribute changed')
    t.equal(await depth(system.poison), 1, 'nothing new in the poison queue')
  })

  t.test('an image put to the API\'s upload URL, as a browser puts it, ends with its thumbnails on the item', async (t) => {
    const created = await json(`${system.url}/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"Camera","price":499}' })
    const asked = await json(`${system.url}/items/${created.body.data.id}/image`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"content_type":"image/jpeg"}' })
    const { upload } = asked.body.data
    t.match(upload, { method: 'PUT', url: new RegExp(`^${system.azurite.blobEndpoint}/images/uploads/`), headers: { 'x-ms-blob-type': 'BlockBlob' }, fields: {} })
    const preflight = await fetch(upload.url, { method: 'OPTIONS', headers: { origin: system.url, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'x-ms-blob-type,content-type' } })
    t.equal(preflight.headers.get('access-control-allow-origin'), system.url, 'the images container lets a browser PUT')
    t.equal((await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: await jpeg(640, 480) })).status, 201)
    const item = await eventually('the image ready', async () => {
      const { body } = await json(`${system.url}/items/${created.body.data.id}`)
      return body.data.image?.status === 'ready' ? body.data : undefined
    })
    t.equal(item.upload, null)
    const thumbnail = await fetch(item.image.thumbnails['200x200'])
    t.equal(thumbnail.status, 200)
    t.equal(thumbnail.headers.get('content-type'), 'image/jpeg')
  })

  t.test('an upload a web app\'s page sends from Chromium, preflighted across origins, ends with its thumbnails', { skip }, async (t) => {
    const { id } = (await json(`${system.url}/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"Lamp","price":20}' })).body.data
    const { upload } = (await json(`${system.url}/items/${id as string}/image`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"content_type":"image/jpeg"}' })).body.data
    t.equal(await uploadFromPage(t, upload, await jpeg(320, 240)), 201, 'Azurite took the browser\'s PUT')
    await eventually('the image ready', async () => (await json(`${system.url}/items/${id as string}`)).body.data.image?.status === 'ready' ? true : undefined)
  })

  t.test('a blob under uploads/ for no awaited upload reaches the thumbnail function, which removes it', async (t) => {
    const stray = uploadKey(randomUUID(), randomUUID(), 'image/jpeg')
    await system.images.getBlockBlobClient(stray).uploadData(Buffer.from('not an image'), { blobHTTPHeaders: { blobContentType: 'image/jpeg' } })
    await eventually('the stray upload removed', async () => await system.images.getBlobClient(stray).exists() ? undefined : true)
    t.pass('removed')
  })

  t.test('a BlobCreated event the function keeps failing is delivered 3 times, then given up; its shape is Event Grid\'s', async (t) => {
    const container = createBlobContainerClient({ connectionString: system.azurite.connectionString }, 'driven')
    await container.create()
    const bytes = Buffer.from('bytes')
    const { etag } = await container.getBlockBlobClient('uploads/a.jpg').uploadData(bytes, { blobHTTPHeaders: { blobContentType: 'image/jpeg' } })
    let deliveries = 0
    const givenUp: EventGridEvent[] = []
    const driver = startBlobCreatedDriver({
      container,
      accountName: 'devstoreaccount1',
      handler: async () => { deliveries++; throw new Error('refused') },
      functionName: 'thumbnails',
      maxAttempts: 3,
      pollIntervalMs: 20,
      onGiveUp: (event) => givenUp.push(event),
      onError: () => {}
    })
    t.teardown(() => driver.stop())
    const [event] = await eventually('given up', async () => givenUp.length > 0 ? givenUp : undefined)
    await new Promise((resolve) => setTimeout(resolve, 100))
    t.equal(deliveries, 3, 'not delivered again once given up')
    t.match(event, {
      eventType: 'Microsoft.Storage.BlobCreated',
      subject: '/blobServices/default/containers/driven/blobs/uploads/a.jpg',
      topic: /\/storageAccounts\/devstoreaccount1$/,
      data: { api: 'PutBlob', url: `${container.url}/uploads/a.jpg`, contentLength: bytes.length, contentType: 'image/jpeg', eTag: etag?.replaceAll('"', ''), blobType: 'BlockBlob' }
    })
  })

  t.test('the report on demand (npm run report:azure) writes the day\'s report to the reports container', async (t) => {
    const today = new Date().toISOString().slice(0, 10)
    const { report, url } = await reportDay(today, {
      LOG_LEVEL: 'silent',
      LOCAL_COSMOS_PORT: new URL(system.cosmos.endpoint).port,
      LOCAL_AZURITE_BLOB_PORT: new URL(system.azurite.blobEndpoint).port
    })
    t.match(report, { date: today, totalOrders: Number })
    t.ok(report.totalOrders >= 4, 'the four orders placed above')
    t.equal(url, `${system.reports.url}/reports/daily/${today}.json`)
    t.ok(await system.reports.getBlobClient(`reports/daily/${today}.json`).exists())
    t.equal((await json(`${system.url}/reports/daily/${today}`)).body.data.date, today, 'served by the API')
  })
})

t.test('npm run local:azure with its port taken: one line naming it, and nothing started', async (t) => {
  const port = await freePort()
  const holder = createServer().listen(port, '127.0.0.1')
  await once(holder, 'listening')
  t.teardown(() => holder.close())
  const start = await run('local/azure/start-azure.ts', [], { PORT: '0', LOCAL_COSMOS_PORT: String(port) })
  t.equal(start.code, 1)
  t.equal(start.stderr, `Port ${port} for the Cosmos DB server is already in use (another \`npm run local\`?). Stop what holds it, or set LOCAL_COSMOS_PORT to a free port.\n`)
})

t.test('a bad setting found once the servers run: they are stopped, their ports free again', async (t) => {
  const ports = { port: await freePort(), cosmosPort: await freePort(), blobPort: await freePort(), queuePort: await freePort() }
  await t.rejects(startLocalAzureSystem({ ...ports, visibilityTimeoutSeconds: 1, pollIntervalMs: 50, retryScale: 1, env: { LOG_LEVEL: 'chatty' } }),
    { name: 'ConfigError', variable: 'LOG_LEVEL' })
  for (const port of [ports.cosmosPort, ports.blobPort, ports.queuePort]) {
    const probe = createServer().listen(port, '127.0.0.1')
    await once(probe, 'listening')
    probe.close()
  }
  t.pass('the Cosmos DB server and Azurite are gone')
})
