// The stream consumer fed real-shaped DynamoDB stream events: the search projection in step, the messages each change
// starts, and failures reported per record with later records of a failed order held back.
import { FullBatchFailureError } from '@aws-lambda-powertools/batch'
import t from 'tap'
import type { OrderMessage } from '../../../src/orders/queue-messages.ts'
import { placeOrder } from '../../../src/orders/order.ts'
import { applied } from '../../../src/orders/transitions.ts'
import { orderStreamFunction } from '../../../src/platforms/aws/order-stream-function.ts'
import type { OrderQueue } from '../../../src/orders/order-queue.ts'
import { EmbeddedSearchIndex } from '../../../local/embedded-search-index.ts'
import { SearchUnavailableError, type SearchIndex } from '../../../src/orders/order-search.ts'
import { lambdaContext } from '../../../local/lambda-events.ts'
import { RecordingQueue } from '../recording-queue.ts'
import { capture, metricValue, testFunctionSettings } from './capture.ts'
import { streamEvent } from './pipeline-events.ts'

/** The consumer over a recording queue; `search` undefined is a stage without a projection. */
function consumer (search: SearchIndex | undefined) {
  const queue = new RecordingQueue()
  const captured = capture()
  const handler = orderStreamFunction({ ...testFunctionSettings(), orderQueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/orders', sqsEndpoint: undefined, openSearch: undefined }, { queue, search, log: captured.log })
  const run = async (event: ReturnType<typeof streamEvent>) => await captured.emf(async () => await handler(event, lambdaContext('items-api-dev-orderStream')))
  return { queue, search, run, lines: captured.lines }
}

const at = (second: number): Date => new Date(Date.UTC(2024, 0, 10, 9, 0, second))
const order = (suffix: string) => placeOrder({ customer_id: 'C-1', items: ['SKU-LAPTOP-15'], total_amount: 5 }, at(0), `ORD-20240110-0000000${suffix}`)

t.test('an order\'s life: indexed at every change, payment asked on INSERT, confirmation and inventory on payment', async (t) => {
  const { queue, search, run } = consumer(new EmbeddedSearchIndex())
  const created = order('a')
  const paid = applied(created, 'pay', at(1))
  const confirmed = applied(paid, 'confirm', at(2))
  const { result, documents } = await run(streamEvent([{ after: { ...created, order_date: '2024-01-10' } }, { before: created, after: paid }, { before: paid, after: confirmed }]))
  t.same(result, { batchItemFailures: [] })
  t.same(queue.sent.map((message) => message.action), ['process_payment', 'send_confirmation', 'update_inventory'])
  t.same(await search!.search({ q: 'laptop', limit: 5 }), [confirmed], 'the projection holds the latest image, without storage fields')
  t.equal(metricValue(documents, 'RecordsProcessed'), 3)
  t.equal(metricValue(documents, 'MessagesSent'), 3)

  await run(streamEvent([{ before: confirmed }]))
  t.same(await search!.search({ q: 'laptop', limit: 5 }), [], 'REMOVE takes it out')
  t.equal(queue.sent.length, 3, 'a delete starts nothing')
})

t.test('a failing record is reported; the projection of its order\'s later records waits; other orders go on', async (t) => {
  const search = new EmbeddedSearchIndex()
  const { queue, run, lines } = consumer(search)
  const a = order('a')
  const b = order('b')
  queue.refuse.add(a.order_id)
  const paid = applied(a, 'pay', at(1))
  const event = streamEvent([{ after: a }, { after: b }, { before: a, after: paid }])
  const { result, documents } = await run(event)
  t.same(result.batchItemFailures.map((failure) => failure.itemIdentifier), [event.Records[0].dynamodb!.SequenceNumber, event.Records[2].dynamodb!.SequenceNumber])
  t.same(queue.sent.map((message) => message.order_id), [b.order_id])
  t.same((await search.search({ q: 'laptop', limit: 5 })).map((found) => found.order_id), [b.order_id], 'a is not projected out of order')
  t.equal(metricValue(documents, 'RecordsFailed'), 2)
  const errors = lines.filter((line) => line.level === 50).map((line) => line.err.type)
  t.same(errors, ['Error', 'Error'], 'each failure logged with its cause')

  queue.refuse.clear()
  const retry = await run(streamEvent([{ before: a, after: { ...paid, status: 'LOST' } }, { before: a, after: paid }, { after: order('c') }]))
  t.same(retry.result.batchItemFailures.length, 2, 'after a bad image, the order\'s next record fails too…')
  t.same(queue.sent.slice(1).filter((message) => message.order_id === a.order_id).map((message) => message.action), ['send_confirmation', 'update_inventory'],
    '…but its messages are sent: the worker keeps their order')
  t.same(queue.sent.slice(1).filter((message) => message.order_id !== a.order_id).map((message) => message.action), ['process_payment'], 'and other orders go on')
  t.match(lines.at(-1), { err: { type: 'EarlierChangeFailedError', message: /its projection waits for the retry/ } })
})

t.test('a batch\'s orders are applied side by side; each order\'s changes one after another', async (t) => {
  // A queue that holds each send until it is let go: what is in flight at a moment is what the consumer overlaps.
  const inFlight: Array<{ messages: OrderMessage[], release: () => void }> = []
  const sent: string[] = []
  const queue: OrderQueue = {
    send: async (messages) => await new Promise<void>((resolve) => {
      inFlight.push({ messages, release: () => { sent.push(...messages.map((message) => `${message.order_id} ${message.action}`)); resolve() } })
    })
  }
  const handler = orderStreamFunction({ ...testFunctionSettings(), orderQueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/orders', sqsEndpoint: undefined, openSearch: undefined },
    { queue, search: new EmbeddedSearchIndex(), log: capture().log })
  const a = order('a')
  const b = order('b')
  const paid = applied(a, 'pay', at(1))
  const settled = handler(streamEvent([{ after: a }, { before: a, after: paid }, { after: b }]), lambdaContext('items-api-dev-orderStream'))
  const waitFor = async (count: number): Promise<void> => {
    for (let turn = 0; inFlight.length < count; turn++) {
      if (turn === 1000) throw new Error(`${count} sends expected in flight, ${inFlight.length} are`)
      await new Promise((resolve) => setImmediate(resolve))
    }
  }
  await waitFor(2)
  t.same(inFlight.map(({ messages }) => messages.map((message) => `${message.order_id} ${message.action}`)),
    [[`${a.order_id} process_payment`], [`${b.order_id} process_payment`]], 'b is sent while a\'s first change is in flight; a\'s second waits')
  inFlight[1].release()
  inFlight[0].release()
  await waitFor(3)
  t.same(inFlight[2].messages.map((message) => message.action), ['send_confirmation', 'update_inventory'], 'a\'s second change once its first is done')
  inFlight[2].release()
  t.same(await settled, { batchItemFailures: [] })
  t.same(sent, [`${b.order_id} process_payment`, `${a.order_id} process_payment`, `${a.order_id} send_confirmation`, `${a.order_id} update_inventory`])
})

t.test('an image that is not an order, or a stream without images, fails its record', async (t) => {
  const { run } = consumer(new EmbeddedSearchIndex())
  const good = order('c')
  const event = streamEvent([{ after: { order_id: 'ORD-20240110-0000000d', status: 'LOST' } }, { after: good }])
  const withoutImage = event.Records[1]
  const second = streamEvent([{ after: order('e') }])
  delete second.Records[0].dynamodb!.NewImage
  const { result } = await run({ Records: [event.Records[0], withoutImage, second.Records[0]] })
  t.same(result.batchItemFailures.map((failure) => failure.itemIdentifier), [event.Records[0].dynamodb!.SequenceNumber, second.Records[0].dynamodb!.SequenceNumber])
})

t.test('an unreachable search projection fails the record, after its messages; a stage without one only sends messages', async (t) => {
  const down: SearchIndex = { upsert: async () => { throw new SearchUnavailableError() }, remove: async () => {}, search: async () => [], close: async () => {} }
  const failing = consumer(down)
  const first = order('f')
  const event = streamEvent([{ after: first }, { after: order('0') }])
  await t.rejects(failing.run(event), FullBatchFailureError, 'every record failed: the invocation fails, so Lambda bisects')
  t.same(failing.queue.sent.map((message) => message.action), ['process_payment', 'process_payment'],
    'the payments were asked for all the same: a search outage does not hold orders up')

  const without = consumer(undefined)
  t.same((await without.run(streamEvent([{ after: first }]))).result, { batchItemFailures: [] })
  t.equal(without.queue.sent.length, 1)
})
