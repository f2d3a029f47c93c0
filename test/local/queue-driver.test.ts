// Lambda's SQS event source mapping as the local system plays it, against the local SQS server (local-aws-sqs) with
// the order queue and its dead-letter queue as serverless.yml declares them: real-shaped SQS events, the successes
// deleted, a partial batch failure received again alone, and after 3 receives moved to the dead-letter queue.
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs'
import type { SQSEvent, SQSRecord } from 'aws-lambda'
import t from 'tap'
import { deployedSettings } from '../../local/deployed-settings.ts'
import { checkVisibilityTimeout, concurrentBatches, deliverBatch, startQueueDriver, type QueueDriverOptions } from '../../local/queue-driver.ts'
import { startSqsServer } from '../../local/sqs-server.ts'

const { queues, queue: mapping } = deployedSettings()
const sqs = await startSqsServer({ port: 0, queues, visibilityTimeoutSeconds: 1 })
t.teardown(sqs.close)
const { OrderQueue: queue, OrderDeadLetters: deadLetters } = sqs.queues

/** Delivers with no batching window (the receive returns at once); `handler` answers each batch. */
function options (handler: QueueDriverOptions['handler'], more: Partial<QueueDriverOptions> = {}): QueueDriverOptions {
  return {
    client: sqs.client,
    queue,
    handler,
    functionName: 'items-api-local-orderWorker',
    batchSize: mapping.batchSize,
    batchingWindowSeconds: 0,
    maxReceiveCount: mapping.maxReceiveCount,
    concurrentBatches: 1,
    pollIntervalMs: 10,
    onError: () => {},
    ...more
  }
}

/** Delivers until the queue is empty, waiting out the visibility timeout of what failed. */
async function drain (driver: QueueDriverOptions): Promise<void> {
  while (await queue.depth() > 0) {
    if (await deliverBatch(driver) === 0) await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

t.test('the queues are created with serverless.yml\'s attributes, the local visibility timeout shorter', async (t) => {
  const { Attributes: attributes } = await sqs.client.send(new GetQueueAttributesCommand({ QueueUrl: queue.url, AttributeNames: ['All'] }))
  t.equal(attributes?.VisibilityTimeout, '1')
  t.same(JSON.parse(attributes!.RedrivePolicy!), { deadLetterTargetArn: deadLetters.arn, maxReceiveCount: 3 })
  const dlq = await sqs.client.send(new GetQueueAttributesCommand({ QueueUrl: deadLetters.url, AttributeNames: ['MessageRetentionPeriod'] }))
  t.equal(dlq.Attributes?.MessageRetentionPeriod, '1209600')
  t.match(queue.url, /^http:\/\/127\.0\.0\.1:\d+\/123456789012\/items-api-local-orders$/)
})

t.test('a partially failed batch: the successes are deleted, only the failed message comes back, and after 3 receives it is dead-lettered', async (t) => {
  await queue.send([
    { order_id: 'ORD-20240110-00000001', action: 'process_payment', data: { customer_id: 'C', total_amount: 1 } },
    { order_id: 'ORD-20240110-00000002', action: 'update_inventory', data: { items: ['SKU-1'] } }
  ])
  await queue.sendBody('poison')
  const batches: SQSEvent[] = []
  const exhausted: SQSRecord[] = []
  const driver = options(async (event) => {
    batches.push(event)
    return { batchItemFailures: event.Records.filter((record) => record.body === 'poison').map((record) => ({ itemIdentifier: record.messageId })) }
  }, { onExhausted: (record) => exhausted.push(record) })
  await drain(driver)
  t.same(batches.map((batch) => batch.Records.length), [3, 1, 1], 'three, then the failed one alone, twice')
  t.same(batches.slice(1).map((batch) => batch.Records[0].body), ['poison', 'poison'])
  t.same(batches.slice(1).map((batch) => batch.Records[0].attributes.ApproximateReceiveCount), ['2', '3'])
  t.match(batches[0].Records.find((record) => record.body.includes('process_payment')), {
    eventSource: 'aws:sqs',
    eventSourceARN: queue.arn,
    awsRegion: 'us-east-1',
    md5OfBody: /^[0-9a-f]{32}$/,
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: /^\d+$/, ApproximateFirstReceiveTimestamp: /^\d+$/ },
    messageAttributes: { action: { dataType: 'String', stringValue: 'process_payment', stringListValues: [], binaryListValues: [] } }
  })
  t.same(exhausted.map((record) => record.body), ['poison'], 'its last receive failed, and that was said')
  const [dead] = await deadLetters.peek()
  t.match(dead, { Body: 'poison', Attributes: { DeadLetterQueueSourceArn: queue.arn } })
  t.equal(await deadLetters.depth(), 1)
})

t.test('a function error sends the whole batch back', async (t) => {
  await queue.sendBody('a')
  const errors: unknown[] = []
  let calls = 0
  const driver = options(async (event) => {
    if (calls++ === 0) throw new Error('the worker crashed')
    return { batchItemFailures: [] }
  }, { onError: (error) => errors.push(error) })
  await drain(driver)
  t.equal(calls, 2, 'received again after the visibility timeout')
  t.match(errors, [{ message: 'the worker crashed' }])
})

t.test('a delete that fails is said; the message comes back and is handled again', async (t) => {
  await queue.sendBody('b')
  const errors: unknown[] = []
  let calls = 0
  const driver = options(async (event) => {
    // The fault: the driver deletes with the event's receipt handle, here one the server never gave.
    if (calls++ === 0) event.Records[0].receiptHandle = 'a-handle-the-server-never-gave'
    return { batchItemFailures: [] }
  }, { onError: (error) => errors.push(error) })
  await drain(driver)
  t.equal(calls, 2, 'handled again, as the idempotent worker allows')
  t.match(errors, [{ message: /^DeleteMessage of .+ failed: ReceiptHandleIsInvalid$/ }])
})

t.test('the driver polls until stopped; a receive that fails is said and retried', async (t) => {
  const errors: unknown[] = []
  const handled: string[] = []
  const broken = startQueueDriver(options(async () => ({ batchItemFailures: [] }), { queue: { url: `${sqs.endpoint}/123456789012/missing`, arn: queue.arn }, onError: (error) => errors.push(error) }))
  const driver = startQueueDriver(options(async (event) => { handled.push(...event.Records.map((record) => record.body)); return { batchItemFailures: [] } }))
  await queue.sendBody('c')
  while (handled.length === 0 || errors.length === 0) await new Promise((resolve) => setTimeout(resolve, 20))
  await Promise.all([broken.stop(), driver.stop()])
  t.same(handled, ['c'])
  t.match(errors[0], { name: 'QueueDoesNotExist' })
})

t.test('batches are read and handled several at a time, as Lambda reads a queue five batches at a time', async (t) => {
  t.equal(concurrentBatches(undefined), 5)
  t.equal(concurrentBatches(2), 2, 'maximumConcurrency caps it')
  t.equal(concurrentBatches(50), 5)
  let inFlight = 0
  let most = 0
  const allInFlight = (): boolean => inFlight === 3
  const handled: string[] = []
  // A server of its own, whose messages stay invisible for 30 s: a batch held while the others arrive, on a loaded
  // machine too, is never delivered twice.
  const patient = await startSqsServer({ port: 0, queues, visibilityTimeoutSeconds: 30 })
  t.teardown(patient.close)
  const { OrderQueue: held } = patient.queues
  await held.sendBody('x')
  await held.sendBody('y')
  await held.sendBody('z')
  // Each batch holds on until a third is in flight or 10 s have passed, whichever comes first.
  const driver = startQueueDriver(options(async (event) => {
    most = Math.max(most, ++inFlight)
    for (let waited = 0; !allInFlight() && waited < 10_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10))
    handled.push(...event.Records.map((record) => record.body))
    inFlight--
    return { batchItemFailures: [] }
  }, { client: patient.client, queue: held, batchSize: 1, concurrentBatches: 3 }))
  while (handled.length < 3) await new Promise((resolve) => setTimeout(resolve, 20))
  await driver.stop()
  t.equal(most, 3, 'three batches in flight at once')
  t.same(handled.sort(), ['x', 'y', 'z'])
})

t.test('a visibility timeout within the batching window is refused: a message would come back inside its own batch', async (t) => {
  t.throws(() => checkVisibilityTimeout(1, 1), { message: 'LOCAL_VISIBILITY_TIMEOUT=1 must be longer than the order worker\'s batching window (1 s)' })
  t.doesNotThrow(() => checkVisibilityTimeout(2, 1))
})
