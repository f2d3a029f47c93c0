// The whole system through npm run local's own code: DynamoDB Local (Java) with the orders table's stream, the order
// queue with its dead-letter queue, the embedded search index, the API over real HTTP, and the functions driven by
// their events. An order placed over HTTP ends CONFIRMED and findable; a poison message lands in the dead-letter queue
// after 3 receives; a failing stream record is retried and then described to its destination; a duplicate message
// changes nothing; and none of it loses anything else.
import { spawnSync } from 'node:child_process'
import { PutCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import t from 'tap'
import { startLocalSystem, type LocalSystem } from '../../local/system.ts'
import { createDynamoDbClient } from '../../src/store/dynamodb-client.ts'
import { freePort } from '../free-port.ts'

// CI installs a JRE, so there a missing Java is a failure; on a laptop without it the test says so and skips.
const hasJava = spawnSync('java', ['-version']).status === 0
const skip = !hasJava && process.env.CI !== 'true' ? 'no Java on the PATH: DynamoDB Local cannot run' : false

process.env.POWERTOOLS_METRICS_DISABLED = 'true'

/** Polls `probe` until it returns something other than undefined, or fails after `seconds`. */
async function eventually<T> (what: string, probe: () => Promise<T | undefined>, seconds = 30): Promise<T> {
  const deadline = Date.now() + seconds * 1000
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`not within ${seconds} s: ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

async function json (url: string, init?: RequestInit): Promise<{ status: number, body: any }> {
  const response = await fetch(url, init)
  return { status: response.status, body: response.status === 204 ? undefined : await response.json() }
}

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
    visibilityTimeoutSeconds: 1,
    pollIntervalMs: 50,
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
    system.queue.sendBody('{"order_id":"ORD-20240110-0000000a","action":"refund","data":{}}')
    const others = await Promise.all([place(system, 'CUST-E2E-2', 1), place(system, 'CUST-E2E-2', 2), place(system, 'CUST-E2E-2', 3)])
    const dead = await eventually('the poison message in the dead-letter queue', async () => system.deadLetters.messages()[0])
    t.equal(dead.receiveCount, 3, 'received three times, then moved')
    t.equal(dead.deadLetterSourceArn, system.queue.arn)
    t.match(dead.body, /"refund"/)
    for (const orderId of others) t.equal((await confirmed(system, orderId)).status, 'CONFIRMED')
    await eventually('the queue drained', async () => system.queue.messages().length === 0 ? true : undefined)
    t.equal(system.deadLetters.messages().length, 1, 'only the poison message')
  })

  t.test('a failing stream record is reported, retried, then described to the on-failure destination', async (t) => {
    const documents = DynamoDBDocumentClient.from(createDynamoDbClient(system.config, {}))
    t.teardown(() => documents.destroy())
    // Written behind the API's back: an order the stream consumer cannot read.
    await documents.send(new PutCommand({ TableName: system.config.ordersTableName, Item: { order_id: 'ORD-20240110-0000bad0', customer_id: 'X', created_at: '2024-01-10T09:00:00.000Z', order_date: '2024-01-10', status: 'LOST' } }))
    const after = await place(system, 'CUST-E2E-3')
    const failure = JSON.parse((await eventually('the failed batch at the destination', async () => system.streamFailures.messages()[0])).body)
    // The batch from the failed record on, as Lambda describes it: the first try and 3 retries, then the shard moves on.
    t.match(failure, {
      requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 4 },
      DDBStreamBatchInfo: { batchSize: Number, startSequenceNumber: String, streamArn: system.config.ordersTableName && /stream/ }
    })
    t.equal((await confirmed(system, after)).status, 'CONFIRMED', 'the order behind it still went through')
    t.equal(system.streamFailures.messages().length, 1)
  })

  t.test('a duplicate message changes nothing', async (t) => {
    const orderId = await place(system, 'CUST-E2E-4')
    const order = await confirmed(system, orderId)
    await system.queue.send([
      { order_id: orderId, action: 'process_payment', data: { customer_id: 'CUST-E2E-4', total_amount: 10 } },
      { order_id: orderId, action: 'send_confirmation', data: { customer_id: 'CUST-E2E-4', total_amount: 10 } }
    ])
    await eventually('the duplicates consumed', async () => system.queue.messages().length === 0 ? true : undefined)
    t.same((await json(`${system.url}/orders/${orderId}`)).body.data, order, 'not one attribute changed')
    t.equal(system.deadLetters.messages().length, 1, 'and nothing new in the dead-letter queue')
  })
})
