// The SQS adapter through the real AWS SDK against a real SQS server (local-aws-sqs, the local system's,
// local/sqs-server.ts): what it sends arrives as it was sent, and an entry the server refuses fails the send.
import { ReceiveMessageCommand, SetQueueAttributesCommand } from '@aws-sdk/client-sqs'
import t from 'tap'
import type { OrderMessage } from '../../../src/orders/queue-messages.ts'
import { createSqsClient } from '../../../src/adapters/sqs/sqs-client.ts'
import { MessagesNotSentError, SqsOrderQueue } from '../../../src/adapters/sqs/sqs-order-queue.ts'
import { startSqsServer } from '../../../local/sqs-server.ts'

const message = (n: number, customer = 'C'): OrderMessage => ({
  order_id: `ORD-20240110-${String(n).padStart(8, '0')}`, action: 'process_payment', data: { customer_id: customer, total_amount: n }
})

// A small MaximumMessageSize, so that one message too long is an entry the server refuses.
const server = await startSqsServer({ port: 0, queues: { Orders: { name: 'orders', attributes: {} }, Small: { name: 'small', attributes: {} } } })
t.teardown(server.close)
await server.client.send(new SetQueueAttributesCommand({ QueueUrl: server.queues.Small.url, Attributes: { MaximumMessageSize: '1024' } }))
const client = createSqsClient({ region: 'us-east-1', sqsEndpoint: server.endpoint }, {})
t.teardown(() => client.destroy())

async function receiveAll (url: string): Promise<Array<{ body: OrderMessage, action: string | undefined }>> {
  const received = []
  for (;;) {
    const { Messages: messages = [] } = await client.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'] }))
    if (messages.length === 0) return received
    received.push(...messages.map((m) => ({ body: JSON.parse(m.Body!), action: m.MessageAttributes?.action?.StringValue })))
  }
}

t.test('messages go ten to a SendMessageBatch, as JSON bodies with their action as an attribute', async (t) => {
  const sent = Array.from({ length: 12 }, (_, n) => message(n + 1))
  await new SqsOrderQueue(client, server.queues.Orders.url).send(sent)
  const received = await receiveAll(server.queues.Orders.url)
  t.same(received.map((r) => r.body).sort((a, b) => a.order_id.localeCompare(b.order_id)), sent)
  t.ok(received.every((r) => r.action === 'process_payment'))
})

t.test('an entry SQS did not accept fails the send, so the stream record is retried', async (t) => {
  const queue = new SqsOrderQueue(client, server.queues.Small.url)
  const send = queue.send([message(1), message(2, 'C'.repeat(2000))])
  await t.rejects(send, MessagesNotSentError)
  await t.rejects(send, { message: 'SQS did not accept 1 message(s): InvalidParameterValue One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.' })
})

t.test('the client signs with a local key for a local endpoint, and leaves keys in the environment to the default chain', async (t) => {
  const local = createSqsClient({ region: 'us-east-1', sqsEndpoint: server.endpoint }, {})
  const chained = createSqsClient({ region: 'us-east-1', sqsEndpoint: server.endpoint }, { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE' })
  t.teardown(() => { local.destroy(); chained.destroy() })
  t.equal((await local.config.credentials()).accessKeyId, 'local')
  t.not((await chained.config.credentials().catch(() => undefined))?.accessKeyId, 'local')
})
