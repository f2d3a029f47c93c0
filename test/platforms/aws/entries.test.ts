// The Lambda entries of the event-driven functions, configured from the environment as on AWS: the worker against
// the real embedded DynamoDB, the stream consumer sending to an SQS server (the local system's), and the consumer refusing to start
// without its queue.
import t from 'tap'
import { placeOrder } from '../../../src/orders/order.ts'
import { createDynamoDbClient } from '../../../src/adapters/dynamodb/dynamodb-client.ts'
import { DynamoDbOrderStore } from '../../../src/adapters/dynamodb/dynamodb-order-store.ts'
import { testConfig } from '../../helper.ts'
import { lambdaContext } from '../../../local/lambda-events.ts'
import { sqsEvent, streamEvent } from './pipeline-events.ts'
import { s3Event } from './s3-events.ts'
import { startSqsServer } from '../../../local/sqs-server.ts'
import { testS3 } from '../../s3.ts'

process.env.POWERTOOLS_METRICS_DISABLED = 'true'
process.env.LOG_LEVEL = 'silent'

t.test('order-worker: the handler the entry exports works the configured orders table', async (t) => {
  const config = await testConfig()
  process.env.DYNAMODB_ENDPOINT = config.dynamodbEndpoint
  process.env.DYNAMODB_ORDERS_TABLE_NAME = config.ordersTableName
  const { handler } = await import('../../../src/platforms/aws/functions/order-worker.ts')
  const store = new DynamoDbOrderStore(createDynamoDbClient(config, {}), config.ordersTableName)
  t.teardown(() => store.close())
  const order = await store.create({ customer_id: 'C-1', items: ['SKU-1'], total_amount: 5 })
  const response = await handler(sqsEvent([{ order_id: order.order_id, action: 'process_payment', data: { customer_id: 'C-1', total_amount: 5 } }]), lambdaContext('items-api-dev-orderWorker'))
  t.same(response, { batchItemFailures: [] })
  t.equal((await store.get(order.order_id))?.status, 'PAYMENT_PROCESSED')
})

t.test('order-stream: refuses to start without ORDER_QUEUE_URL, naming it', async (t) => {
  delete process.env.ORDER_QUEUE_URL
  // A module of its own (the query makes another URL), evaluated with this environment.
  const entry = '../../../src/platforms/aws/functions/order-stream.ts?without-queue'
  await t.rejects(import(entry), {
    name: 'ConfigError',
    message: 'Invalid ORDER_QUEUE_URL="": expected the order queue\'s URL'
  })
})

t.test('order-stream: the handler the entry exports sends to the configured queue', async (t) => {
  const sqs = await startSqsServer({ port: 0, queues: { OrderQueue: { name: 'items-api-dev-orders', attributes: {} } } })
  t.teardown(sqs.close)
  process.env.ORDER_QUEUE_URL = sqs.queues.OrderQueue.url
  process.env.SQS_ENDPOINT = sqs.endpoint
  const { handler } = await import('../../../src/platforms/aws/functions/order-stream.ts')
  const order = placeOrder({ customer_id: 'C-1', items: ['SKU-1'], total_amount: 5 }, new Date(), 'ORD-20240110-0000000a')
  t.same(await handler(streamEvent([{ after: order }]), lambdaContext('items-api-dev-orderStream')), { batchItemFailures: [] })
  const sent = await sqs.queues.OrderQueue.peek()
  t.equal(sent.length, 1)
  t.same(JSON.parse(sent[0].Body!).action, 'process_payment')
})

t.test('daily-report and thumbnails: refuse to start without their bucket, naming it', async (t) => {
  delete process.env.REPORTS_BUCKET
  delete process.env.IMAGES_BUCKET
  // Modules of their own (the query makes other URLs), evaluated with this environment.
  const report = '../../../src/platforms/aws/functions/daily-report.ts?without-bucket'
  const thumbnails = '../../../src/platforms/aws/functions/thumbnails.ts?without-bucket'
  await t.rejects(import(report), { name: 'ConfigError', message: 'Invalid REPORTS_BUCKET="": expected the reports bucket\'s name' })
  await t.rejects(import(thumbnails), { name: 'ConfigError', message: 'Invalid IMAGES_BUCKET="": expected the images bucket\'s name' })
})

t.test('daily-report: the handler the entry exports writes the configured bucket from the configured table', async (t) => {
  const config = await testConfig()
  const s3 = await testS3()
  Object.assign(process.env, { DYNAMODB_ENDPOINT: config.dynamodbEndpoint, DYNAMODB_ORDERS_TABLE_NAME: config.ordersTableName, ...s3.env })
  delete process.env.AWS_ACCESS_KEY_ID
  delete process.env.AWS_SECRET_ACCESS_KEY
  const { handler } = await import('../../../src/platforms/aws/functions/daily-report.ts')
  const { key } = await handler({ date: '2026-11-29' }, lambdaContext('items-api-dev-dailyReport'))
  t.ok(await s3.reports.get(key), `${key} written`)
})

t.test('thumbnails: the handler the entry exports works the configured bucket and items table', async (t) => {
  const config = await testConfig()
  const s3 = await testS3()
  Object.assign(process.env, { DYNAMODB_ENDPOINT: config.dynamodbEndpoint, DYNAMODB_TABLE_NAME: config.tableName, ...s3.env })
  const { handler } = await import('../../../src/platforms/aws/functions/thumbnails.ts')
  await t.rejects(handler(s3Event('uploads/stray.jpg', 3), lambdaContext('items-api-dev-thumbnails')), { name: 'UploadsNotProcessedError' })
})
