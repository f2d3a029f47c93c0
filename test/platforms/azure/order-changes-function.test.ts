// The stream consumer on Azure fed real-shaped change feed batches (the orders container's documents as the Cosmos DB
// trigger delivers them, with Cosmos DB's own fields): the messages each order's latest state starts, the search
// projection in step, and a failed batch retried under the trigger's policy, then described to the failures queue.
import functions from '@azure/functions'
import t from 'tap'
import { EmbeddedSearchIndex } from '../../../local/embedded-search-index.ts'
import { placeOrder, type Order } from '../../../src/orders/order.ts'
import { applied } from '../../../src/orders/transitions.ts'
import { ChangesFailedError, ORDER_CHANGES_RETRY, orderChangesFunction } from '../../../src/platforms/azure/order-changes-function.ts'
import { RecordingQueue } from '../recording-queue.ts'
import { capture } from '../aws/capture.ts'

const SETTINGS = { environment: 'test', serviceName: 'items-api', logLevel: 'debug' } as const
const at = (second: number): Date => new Date(Date.UTC(2024, 0, 10, 9, 0, second))
const order = (suffix: string): Order => placeOrder({ customer_id: 'C-1', items: ['SKU-LAPTOP-15'], total_amount: 5 }, at(0), `ORD-20240110-0000000${suffix}`)

/** The order as the change feed delivers it: the stored document, Cosmos DB's fields and the adapter's included. */
function changed (state: Order, lsn: number): Record<string, unknown> {
  return { ...state, id: state.order_id, order_date: '2024-01-10', write_token: 'a-token', _rid: 'AbCdAA==', _self: 'dbs/x/colls/y/docs/z', _etag: `"${lsn}"`, _attachments: 'attachments/', _ts: 1704877200, _lsn: lsn }
}

function consumer () {
  const queue = new RecordingQueue()
  const search = new EmbeddedSearchIndex()
  const described: unknown[] = []
  const captured = capture()
  const handler = orderChangesFunction(SETTINGS, { queue, search, failures: { sendBody: async (body) => { described.push(JSON.parse(body)) } } }, captured.log)
  const run = async (documents: unknown[], retryCount?: number) => await handler(documents, new functions.InvocationContext({
    invocationId: `invocation-${retryCount ?? 'none'}`,
    functionName: 'orderChanges',
    ...(retryCount === undefined ? {} : { retryContext: { retryCount, maxRetryCount: ORDER_CHANGES_RETRY.maxRetryCount } })
  }))
  return { queue, search, described, run, lines: captured.lines }
}

t.test('each state starts its messages; the projection holds the latest state; counts end the invocation', async (t) => {
  const { queue, search, run, lines } = consumer()
  const created = order('a')
  const paid = applied(created, 'pay', at(1))
  const confirmed = applied(paid, 'confirm', at(2))
  await run([changed(created, 1), changed(order('b'), 2)], 0)
  t.same(queue.sent.map((message) => `${message.order_id.slice(-1)} ${message.action}`).sort(), ['a process_payment', 'b process_payment'])
  await run([changed(paid, 3)], 0)
  await run([changed(confirmed, 4)], 0)
  t.same(queue.sent.slice(2).map((message) => message.action), ['send_confirmation', 'update_inventory'], 'nothing more for CONFIRMED')
  t.same((await search.search({ q: 'laptop', limit: 5 })).find((found) => found.order_id === created.order_id), confirmed, 'the projection without Cosmos DB\'s fields')
  t.match(lines.at(-1), { msg: 'invocation counts', invocation_id: 'invocation-0', function_name: 'orderChanges', counts: { RecordsProcessed: 1, MessagesSent: 0 } })
})

t.test('a failed change fails the batch until the last retry, which describes it to the failures queue; other orders go on', async (t) => {
  const { queue, described, run, lines } = consumer()
  const bad = order('c')
  queue.refuse.add(bad.order_id)
  const batch = [changed(bad, 5), changed(order('d'), 6), { id: 'not-an-order', _lsn: 7 }]
  for (const retryCount of [0, 1, 2]) {
    await t.rejects(run(batch, retryCount), new ChangesFailedError(2, 3), `attempt ${retryCount + 1} fails: the host runs the batch again`)
  }
  t.same(described, [], 'nothing described while retries remain')
  t.ok(queue.sent.some((message) => message.order_id === order('d').order_id), 'the other order\'s payment was asked for all the same')
  await run(batch, 3)
  t.match(described, [{
    function: 'orderChanges',
    invocation_id: 'invocation-3',
    attempts: 4,
    failed: [
      { order_id: bad.order_id, lsn: 5, error: 'Error: the queue did not accept the message' },
      { order_id: 'not-an-order', lsn: 7, error: /^ZodError: / }
    ]
  }])
  t.match(lines.filter((line) => line.level === 50).map((line) => line.order_id), [bad.order_id, 'not-an-order'])
})

t.test('without a retry policy nothing is retried, so a failed change is described at once rather than passed over', async (t) => {
  const { queue, described, run } = consumer()
  queue.refuse.add(order('e').order_id)
  await run([changed(order('e'), 8), { _lsn: 9 }])
  t.match(described, [{ attempts: 1, failed: [{ order_id: order('e').order_id }, { order_id: undefined, lsn: 9 }] }], 'a document without an id is described too')
})

t.test('a failures queue that cannot be reached fails the invocation: the host says so, the batch is not passed over quietly', async (t) => {
  const queue = new RecordingQueue()
  queue.refuse.add(order('f').order_id)
  const handler = orderChangesFunction(SETTINGS, { queue, search: undefined, failures: { sendBody: async () => { throw new Error('queue unreachable') } } }, capture().log)
  await t.rejects(handler([changed(order('f'), 9)], new functions.InvocationContext({ invocationId: 'x', functionName: 'orderChanges' })), /queue unreachable/)
})
