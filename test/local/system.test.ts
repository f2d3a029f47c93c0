// The whole system through npm run local's own code: DynamoDB Local (Java) with the orders table's stream, the order
// queue with its dead-letter queue, the embedded search index, the S3-compatible server with its notifications, the
// API over real HTTP, and the functions driven by their events. An order placed over HTTP ends CONFIRMED and findable;
// a poison message lands in the dead-letter queue after 3 receives; a failing stream record is retried and then
// described to its destination; a duplicate message changes nothing; an image uploaded from a browser ends with its
// thumbnails; the report runs on demand; and none of it loses anything else.
import { spawnSync } from 'node:child_process'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { PutCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import t from 'tap'
import { scheduledEvent } from '../../local/schedule.ts'
import { startLocalSystem, LOCAL_BUCKETS, type LocalSystem } from '../../local/system.ts'
import { createS3Client } from '../../src/adapters/s3/s3-client.ts'
import { S3BlobStore } from '../../src/adapters/s3/s3-blob-store.ts'
import { createDynamoDbClient } from '../../src/adapters/dynamodb/dynamodb-client.ts'
import { launch, skip as noBrowser } from '../browser/check-docs.ts'
import { freePort } from '../../local/free-port.ts'
import { jpeg, truncatedJpeg } from '../../bench/image-samples.ts'
import { postForm } from '../s3.ts'
import { eventually, json } from './polling.ts'

// CI installs a JRE, so there a missing Java is a failure; on a laptop without it the test says so and skips.
const hasJava = spawnSync('java', ['-version']).status === 0
const skip = !hasJava && process.env.CI !== 'true' ? 'no Java on the PATH: DynamoDB Local cannot run' : false

process.env.POWERTOOLS_METRICS_DISABLED = 'true'

async function place (system: LocalSystem, customer: string, total = 10): Promise<string> {
  const placed = await json(`${system.url}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ customer_id: customer, items: ['SKU-LAPTOP-15', 'SKU-MOUSE-01'], total_amount: total })
  })
  if (placed.status !== 201) throw new Error(`POST /orders answered ${placed.status}`)
  return placed.body.data.order_id
}

const confirmed = async (system: LocalSystem, orderId: string) => await eventually(`${orderId} CONFIRMED`, async () => {
  const { body } = await json(`${system.url}/orders/${orderId}`)
  return body.data.status === 'CONFIRMED' ? body.data : undefined
})

t.test('the local system', { skip }, async (t) => {
  const system = await startLocalSystem({
    port: 0,
    dynamodbPort: await freePort(),
    s3Port: 0,
    sqsPort: 0,
    visibilityTimeoutSeconds: 2,
    pollIntervalMs: 50,
    retryDelayMs: 50,
    env: { LOG_LEVEL: 'silent', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }
  })
  t.teardown(() => system.close())

  t.test('an order placed over HTTP ends CONFIRMED and findable in search', async (t) => {
    const orderId = await place(system, 'CUST-E2E-1')
    const order = await confirmed(system, orderId)
    t.match(order, { status: 'CONFIRMED', version: 3, payment_processed_at: String, confirmation_sent_at: String })
    t.ok(order.payment_processed_at <= order.confirmation_sent_at, 'paid, then confirmed')
    const found = await eventually('the search projection has the CONFIRMED order', async () => {
      const { body } = await json(`${system.url}/orders/search?q=cust-e2e-1&status=CONFIRMED`)
      return body.count === 1 ? body.data : undefined
    })
    t.same(found, [order], 'the projection holds the order as the table does')
    const listed = await json(`${system.url}/customers/CUST-E2E-1/orders`)
    t.same(listed.body.data, [order])
  })

  t.test('a poison message lands in the dead-letter queue after 3 receives; nothing else is lost', async (t) => {
    await system.queue.sendBody('{"order_id":"ORD-20240110-0000000a","action":"refund","data":{}}')
    const others = await Promise.all([place(system, 'CUST-E2E-2', 1), place(system, 'CUST-E2E-2', 2), place(system, 'CUST-E2E-2', 3)])
    const dead = await eventually('the poison message in the dead-letter queue', async () => (await system.deadLetters.peek())[0])
    // The server moved it on the receive after its third: the worker saw it three times.
    t.equal(dead.Attributes?.DeadLetterQueueSourceArn, system.queue.arn, 'moved there by the order queue\'s redrive')
    t.match(dead.Body, /"refund"/)
    for (const orderId of others) t.equal((await confirmed(system, orderId)).status, 'CONFIRMED')
    await eventually('the queue drained', async () => await system.queue.depth() === 0 ? true : undefined)
    t.equal(await system.deadLetters.depth(), 1, 'only the poison message')
  })

  t.test('a failing stream record is reported, retried, then described to the on-failure destination', async (t) => {
    const documents = DynamoDBDocumentClient.from(createDynamoDbClient(system.config, {}))
    t.teardown(() => documents.destroy())
    // Written behind the API's back: an order the stream consumer cannot read.
    await documents.send(new PutCommand({ TableName: system.config.ordersTableName, Item: { order_id: 'ORD-20240110-0000bad0', customer_id: 'X', created_at: '2024-01-10T09:00:00.000Z', order_date: '2024-01-10', status: 'LOST' } }))
    const after = await place(system, 'CUST-E2E-3')
    const failure = JSON.parse((await eventually('the failed batch at the destination', async () => (await system.streamFailures.peek())[0])).Body!)
    // The batch from the failed record on, as Lambda describes it: the first try and 3 retries, then the shard moves on.
    t.match(failure, {
      requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 4 },
      DDBStreamBatchInfo: { batchSize: Number, startSequenceNumber: String, streamArn: system.config.ordersTableName && /stream/ }
    })
    t.equal((await confirmed(system, after)).status, 'CONFIRMED', 'the order behind it still went through')
    t.equal(await system.streamFailures.depth(), 1)
  })

  t.test('a duplicate message changes nothing', async (t) => {
    const orderId = await place(system, 'CUST-E2E-4')
    const order = await confirmed(system, orderId)
    await system.queue.send([
      { order_id: orderId, action: 'process_payment', data: { customer_id: 'CUST-E2E-4', total_amount: 10 } },
      { order_id: orderId, action: 'send_confirmation', data: { customer_id: 'CUST-E2E-4', total_amount: 10 } }
    ])
    await eventually('the duplicates consumed', async () => await system.queue.depth() === 0 ? true : undefined)
    t.same((await json(`${system.url}/orders/${orderId}`)).body.data, order, 'not one attribute changed')
    t.equal(await system.deadLetters.depth(), 1, 'and nothing new in the dead-letter queue')
  })

  t.test('an image uploaded with the presigned POST ends with its thumbnails; a corrupt one fails with a reason', async (t) => {
    const item = (await json(`${system.url}/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Camera', price: 499 }) })).body.data
    const upload = async (bytes: Uint8Array): Promise<void> => {
      const { body } = await json(`${system.url}/items/${item.id}/image`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ content_type: 'image/jpeg' }) })
      t.equal((await postForm(body.data.upload, bytes, 'image/jpeg')).status, 204)
    }
    await upload(await truncatedJpeg())
    const failed = await eventually('the image failed', async () => {
      const { body } = await json(`${system.url}/items/${item.id}`)
      return body.data.image.status === 'failed' ? body.data.image : undefined
    })
    t.match(failed, { thumbnails: null, reason: /corrupt or truncated/ })
    await upload(await jpeg(1600, 1200))
    const ready = await eventually('the image ready', async () => {
      const { body } = await json(`${system.url}/items/${item.id}`)
      return body.data.image.status === 'ready' ? body.data.image : undefined
    })
    const thumbnail = await fetch(ready.thumbnails['400x400'])
    t.equal(thumbnail.headers.get('content-type'), 'image/jpeg')
    t.ok((await thumbnail.arrayBuffer()).byteLength > 1000, 'a 400 × 300 JPEG')
  })

  t.test('a browser uploads an image from a small page and sees the item\'s thumbnails', { skip: noBrowser }, async (t) => {
    const item = (await json(`${system.url}/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Lens', price: 99 }) })).body.data
    const page = await (await launch(t)).newPage()
    const pageErrors: string[] = []
    page.on('pageerror', (error) => pageErrors.push(error.message))
    page.on('console', (message) => { if (message.type() === 'error') pageErrors.push(message.text()) })
    // A web app of its own origin: it calls the API and posts to the S3 server cross-origin, as a browser app would.
    const webApp = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end(UPLOAD_PAGE))
    await new Promise<void>((resolve) => webApp.listen(0, '127.0.0.1', resolve))
    t.teardown(() => webApp.close())
    await page.goto(`http://127.0.0.1:${(webApp.address() as AddressInfo).port}/?api=${encodeURIComponent(system.url)}&item=${item.id}`)
    await page.locator('input[type=file]').setInputFiles({ name: 'lens.jpg', mimeType: 'image/jpeg', buffer: await jpeg(1200, 900) })
    await page.getByRole('button', { name: 'Upload' }).click()
    const images = page.locator('img.thumbnail')
    await page.locator('#status').filter({ hasText: 'ready' }).waitFor({ timeout: 30_000 })
      .catch(async (error: unknown) => { throw new Error(`${await page.locator('#status').innerText()}; ${pageErrors.join('; ')}`, { cause: error }) })
    t.equal(await images.count(), 3, 'three thumbnails shown')
    const sizes = await images.evaluateAll((shown) => (shown as unknown as Array<{ naturalWidth: number, naturalHeight: number }>).map((image) => [image.naturalWidth, image.naturalHeight]))
    t.same(sizes, [[200, 150], [400, 300], [800, 600]], 'each loaded from its presigned URL, aspect ratio kept')
    t.same(pageErrors, [], 'no page errors, no CORS failures')
  })

  t.test('the report runs on demand, and the schedule\'s event reports the day before', async (t) => {
    const today = new Date().toISOString().slice(0, 10)
    system.report.invoke({ date: today })
    await system.report.idle()
    const { status, body } = await json(`${system.url}/reports/daily/${today}`)
    t.equal(status, 200)
    t.match(body.data, { date: today, totalOrders: Number, ordersByStatus: { CONFIRMED: Number } })
    t.ok(body.data.totalOrders >= 6, `today's orders placed above are in it (${body.data.totalOrders})`)
    const reports = new S3BlobStore(createS3Client(system.config, {}), LOCAL_BUCKETS.reports)
    t.ok(await reports.get(`reports/daily/${today}.json`), 'in the reports bucket')
    system.report.invoke(scheduledEvent(new Date(`${today}T02:00:00.000Z`), 'arn:aws:events:us-east-1:000000000000:rule/daily'))
    await system.report.idle()
    const yesterday = new Date(Date.parse(`${today}T00:00:00.000Z`) - 86_400_000).toISOString().slice(0, 10)
    t.equal((await json(`${system.url}/reports/daily/${yesterday}`)).body.data.date, yesterday)
  })

  t.test('an upload the thumbnail function cannot handle is retried twice, then goes to the on-failure destination', async (t) => {
    const images = new S3BlobStore(createS3Client(system.config, {}), LOCAL_BUCKETS.images)
    await images.put('uploads/not-ours.jpg', await jpeg(10, 10), { contentType: 'image/jpeg' })
    const failure = JSON.parse((await eventually('the event at the destination', async () => (await system.functionFailures.peek())[0])).Body!)
    t.match(failure, {
      requestContext: { condition: 'RetriesExhausted', approximateInvokeCount: 3 },
      requestPayload: { Records: [{ eventName: 'ObjectCreated:Put', s3: { object: { key: 'uploads/not-ours.jpg' } } }] },
      responsePayload: { errorType: 'UploadsNotProcessedError' }
    })
  })
})

/** The small page a web app would have: pick a file, ask the API for the form, post it to S3, show the thumbnails. */
const UPLOAD_PAGE = `<!doctype html>
<meta charset="utf-8">
<title>Upload an item image</title>
<input type="file" accept="image/jpeg,image/png,image/webp"> <button>Upload</button>
<p id="status">choose an image</p>
<div id="thumbnails"></div>
<script>
const query = new URLSearchParams(location.search)
const api = query.get('api')
const item = query.get('item')
const status = document.getElementById('status')
document.querySelector('button').addEventListener('click', async () => {
  const file = document.querySelector('input').files[0]
  const asked = await fetch(api + '/items/' + item + '/image', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ content_type: file.type }) })
  const { data } = await asked.json()
  const form = new FormData()
  for (const [name, value] of Object.entries(data.upload.fields)) form.append(name, value)
  form.append('file', file)
  const uploaded = await fetch(data.upload.url, { method: 'POST', body: form })
  status.textContent = 'uploaded (' + uploaded.status + '), processing'
  for (;;) {
    const image = (await (await fetch(api + '/items/' + item)).json()).data.image
    if (image.status === 'ready' || image.status === 'failed') {
      for (const url of Object.values(image.thumbnails ?? {})) {
        const shown = new Image()
        shown.className = 'thumbnail'
        shown.src = url
        await shown.decode()
        document.getElementById('thumbnails').append(shown)
      }
      status.textContent = image.status
      return
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
})
</script>
`
