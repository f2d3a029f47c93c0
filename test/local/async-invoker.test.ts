// Lambda's asynchronous invocation, as the local system drives the thumbnail and report functions: one event at a
// time, a failure retried twice, then the event and its error described to the on-failure destination.
import t from 'tap'
import { AsyncInvoker } from '../../local/async-invoker.ts'
import { CreateQueueCommand } from '@aws-sdk/client-sqs'
import { LocalSqsQueue, startSqsServer } from '../../local/sqs-server.ts'
import { nextRun, scheduledEvent, startDailySchedule } from '../../local/schedule.ts'
import { reportDateOf } from '../../src/platforms/aws/daily-report-function.ts'

// The destinations are queues of the local SQS server, one per test.
const sqs = await startSqsServer({ port: 0, queues: {} })
t.teardown(sqs.close)
let queues = 0
async function destination (): Promise<LocalSqsQueue> {
  const name = `failures-${++queues}`
  const { QueueUrl } = await sqs.client.send(new CreateQueueCommand({ QueueName: name }))
  return new LocalSqsQueue(sqs.client, name, QueueUrl!, `arn:aws:sqs:us-east-1:123456789012:${name}`)
}

t.test('events are handled in order, one at a time', async (t) => {
  const handled: number[] = []
  let running = 0
  const invoker = new AsyncInvoker<number>({
    handler: async (event) => {
      running++
      t.equal(running, 1, `event ${event}: alone`)
      await new Promise((resolve) => setTimeout(resolve, 5))
      handled.push(event)
      running--
    },
    functionName: 'fn',
    maximumRetryAttempts: 2,
    retryDelayMs: 1,
    onFailure: await destination(),
    onError: () => t.fail('no error')
  })
  for (const event of [1, 2, 3]) invoker.invoke(event)
  await invoker.idle()
  t.same(handled, [1, 2, 3])
})

t.test('a failing event is tried three times, then goes to the destination with its error', async (t) => {
  const failures = await destination()
  const given: unknown[] = []
  const errors: unknown[] = []
  let attempts = 0
  const invoker = new AsyncInvoker<{ key: string }>({
    handler: async (event) => {
      attempts++
      if (event.key === 'bad') throw new TypeError('cannot read it')
    },
    functionName: 'items-api-local-thumbnails',
    maximumRetryAttempts: 2,
    retryDelayMs: 1,
    onFailure: failures,
    onGiveUp: (record) => given.push(record),
    onError: (error) => errors.push(error)
  })
  invoker.invoke({ key: 'bad' })
  invoker.invoke({ key: 'good' })
  await invoker.idle()
  t.equal(attempts, 4, '3 tries of the bad one, 1 of the good one')
  t.equal(errors.length, 3)
  const [message] = await failures.peek()
  t.match(JSON.parse(message.Body!), {
    requestContext: { condition: 'RetriesExhausted', approximateInvokeCount: 3, functionArn: /function:items-api-local-thumbnails:\$LATEST$/ },
    requestPayload: { key: 'bad' },
    responsePayload: { errorType: 'TypeError', errorMessage: 'cannot read it' }
  })
  t.equal(given.length, 1)
})

t.test('once stopped, a failing event is not retried', async (t) => {
  let attempts = 0
  const invoker = new AsyncInvoker<number>({
    handler: async () => { attempts++; throw new Error('down') },
    functionName: 'fn',
    maximumRetryAttempts: 2,
    retryDelayMs: 20,
    onFailure: await destination(),
    onError: () => {}
  })
  invoker.invoke(1)
  await invoker.stop()
  t.ok(attempts <= 1, `tried ${attempts} time(s), not 3`)
})

t.test('a thrown non-Error is described too', async (t) => {
  const failures = await destination()
  const invoker = new AsyncInvoker<number>({
    // eslint-disable-next-line no-throw-literal -- what a careless handler throws
    handler: async () => { throw 'plain' },
    functionName: 'fn',
    maximumRetryAttempts: 0,
    retryDelayMs: 1,
    onFailure: failures,
    onError: () => {}
  })
  invoker.invoke(1)
  await invoker.idle()
  t.match(JSON.parse((await failures.peek())[0].Body!).responsePayload, { errorType: 'Error', errorMessage: 'plain' })
})

t.test('the schedule: 02:00 UTC every day, as the event EventBridge sends, which the report function reads as the day before', async (t) => {
  t.same(nextRun(new Date('2026-11-30T01:59:59.999Z')), new Date('2026-11-30T02:00:00.000Z'))
  t.same(nextRun(new Date('2026-11-30T02:00:00.000Z')), new Date('2026-12-01T02:00:00.000Z'))
  t.same(nextRun(new Date('2026-12-31T23:00:00.000Z')), new Date('2027-01-01T02:00:00.000Z'))
  const event = scheduledEvent(new Date('2026-11-30T02:00:00.000Z'), 'arn:aws:events:us-east-1:000000000000:rule/r')
  t.match(event, { 'detail-type': 'Scheduled Event', source: 'aws.events', time: '2026-11-30T02:00:00Z', resources: ['arn:aws:events:us-east-1:000000000000:rule/r'] })
  t.equal(reportDateOf(event), '2026-11-29')

  let now = new Date('2026-11-30T01:59:59.990Z')
  const fired: Array<Record<string, unknown>> = []
  const schedule = startDailySchedule((fired_) => { fired.push(fired_); now = new Date('2026-11-30T02:00:00.500Z') }, 'arn:rule', () => now)
  t.teardown(() => schedule.stop())
  await new Promise((resolve) => setTimeout(resolve, 60))
  t.equal(fired.length, 1, 'fired at 02:00')
  t.equal(fired[0].time, '2026-11-30T02:00:00Z')
  await schedule.stop()
})

t.test('a destination that cannot be reached loses the record, and says so', async (t) => {
  const errors: unknown[] = []
  const invoker = new AsyncInvoker<number>({
    handler: async () => { throw new Error('down') },
    functionName: 'fn',
    maximumRetryAttempts: 0,
    retryDelayMs: 1,
    onFailure: { sendBody: async () => { throw new Error('the destination is unreachable') } },
    onError: (error) => errors.push(error)
  })
  invoker.invoke(1)
  await invoker.idle()
  t.match(errors, [{ message: 'down' }, { message: 'the destination is unreachable' }])
})
