// The SQS adapter through the real AWS SDK against SQS's documented JSON protocol. No SQS-compatible server that
// speaks the SDK's current protocol can be installed here (docs/testing.md): a local HTTP server answers
// SendMessageBatch as the SQS API reference documents it (the SDK checks each body's MD5) and records what it sent.
import { SQSClient } from '@aws-sdk/client-sqs'
import t, { type Test } from 'tap'
import type { OrderMessage } from '../../../src/orders/queue-messages.ts'
import { MessagesNotSentError, SqsOrderQueue } from '../../../src/adapters/sqs/sqs-order-queue.ts'
import { sqs } from './fake-sqs.ts'

const message = (n: number): OrderMessage => ({
  order_id: `ORD-20240110-${String(n).padStart(8, '0')}`, action: 'process_payment', data: { customer_id: 'C', total_amount: n }
})

function queue (t: Test, endpoint: string): SqsOrderQueue {
  const client = new SQSClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } })
  t.teardown(() => client.destroy())
  return new SqsOrderQueue(client, `${endpoint}/123456789012/orders`)
}

t.test('messages go ten to a SendMessageBatch, as JSON bodies with their action as an attribute', async (t) => {
  const { endpoint, calls } = await sqs(t, () => false)
  await queue(t, endpoint).send(Array.from({ length: 12 }, (_, n) => message(n + 1)))
  t.same(calls.map((call) => [call.target, call.body.Entries.length]), [['AmazonSQS.SendMessageBatch', 10], ['AmazonSQS.SendMessageBatch', 2]])
  t.same(JSON.parse(calls[0].body.Entries[0].MessageBody), message(1))
  t.same(calls[0].body.Entries[0].MessageAttributes, { action: { DataType: 'String', StringValue: 'process_payment' } })
  t.equal(calls[0].body.QueueUrl, `${endpoint}/123456789012/orders`)
})

t.test('an entry SQS did not accept fails the send, so the stream record is retried', async (t) => {
  const { endpoint } = await sqs(t, (id) => id === '1')
  await t.rejects(queue(t, endpoint).send([message(1), message(2)]), MessagesNotSentError)
  await t.rejects(queue(t, endpoint).send([message(1), message(2)]), { message: 'SQS did not accept 1 message(s): InternalError try again' })
})
