// The daily report function against the real embedded DynamoDB (the date index) and a real S3-compatible server:
// the schedule's EventBridge event reports the day before, { date } reports that day, orders either side of
// midnight UTC land in their own day, and anything else is refused, thrown and logged.
import { readFileSync } from 'node:fs'
import t, { type Test } from 'tap'
import { dayBefore } from '../../../src/reports/report-date.ts'
import { dailyReportFunction, ReportRequestError } from '../../../src/platforms/aws/daily-report-function.ts'
import { createDynamoDbClient } from '../../../src/adapters/dynamodb/dynamodb-client.ts'
import { DynamoDbOrderStore } from '../../../src/adapters/dynamodb/dynamodb-order-store.ts'
import { StoreUnavailableError } from '../../../src/shared/store-errors.ts'
import { testConfig } from '../../helper.ts'
import { lambdaContext } from '../../../local/lambda-events.ts'
import { capture, testFunctionSettings } from './capture.ts'

/** The function's settings; its stores are the test's own. */
const REPORT = { ...testFunctionSettings(), ordersTableName: 'unused', reportsBucket: 'unused', s3Endpoint: undefined }
import { testS3 } from '../../s3.ts'

const SCHEDULED = {
  ...JSON.parse(readFileSync(new URL('../../../local/aws-events/eventbridge-base.json', import.meta.url), 'utf8')),
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  time: '2026-11-30T02:00:00Z',
  resources: ['arn:aws:events:us-east-1:123456789012:rule/items-api-dev-DailyReportEventsRuleSchedule1'],
  detail: {}
}

async function setup (t: Test) {
  const config = await testConfig()
  const s3 = await testS3()
  const client = createDynamoDbClient(config, {})
  t.teardown(() => client.destroy())
  let now = new Date('2026-11-28T12:00:00.000Z')
  // Pages of 7 orders: a day of many orders is read over several pages of the date index, as a busy day is on AWS.
  const orders = new DynamoDbOrderStore(client, config.ordersTableName, { now: () => now, dayPageSize: 7 })
  const place = async (at: string, total: number): Promise<string> => {
    now = new Date(at)
    return (await orders.create({ customer_id: 'C-REPORT', items: ['SKU-1'], total_amount: total })).order_id
  }
  const captured = capture()
  const handler = dailyReportFunction(REPORT, { orders, reports: s3.reports, log: captured.log, now: () => new Date('2026-11-30T02:00:01.318Z') })
  return { orders, place, handler, captured, s3 }
}

t.test('the schedule reports yesterday, from the date index, orders either side of midnight in their own day', async (t) => {
  const { orders, place, handler, captured, s3 } = await setup(t)
  await place('2026-11-28T23:59:59.999Z', 1000)
  const first = await place('2026-11-29T00:00:00.000Z', 0.1)
  await place('2026-11-29T12:00:00.000Z', 0.2)
  const cancelled = await place('2026-11-29T18:30:00.000Z', 50)
  await place('2026-11-29T23:59:59.999Z', 19.99)
  await place('2026-11-30T00:00:00.000Z', 2000)
  await orders.transition(cancelled, 'cancel')
  await orders.transition(first, 'pay')

  const { result, documents } = await captured.emf(async () => await handler(SCHEDULED, lambdaContext('items-api-dev-dailyReport')))
  t.equal(dayBefore(new Date(SCHEDULED.time)), '2026-11-29')
  t.same(result.report, {
    date: '2026-11-29',
    totalOrders: 4,
    totalRevenue: 20.29,
    averageOrderValue: 6.76,
    ordersByStatus: { CREATED: 2, PAYMENT_PROCESSED: 1, CONFIRMED: 0, CANCELLED: 1 },
    generatedAt: '2026-11-30T02:00:01.318Z'
  }, '4 orders of 29 November UTC; the ones a millisecond either side belong to their own days')
  t.equal(result.key, 'reports/daily/2026-11-29.json')
  const stored = Buffer.from((await s3.reports.get('reports/daily/2026-11-29.json'))!).toString('utf8')
  t.same(JSON.parse(stored), result.report, 'written to the reports bucket')
  t.match(documents[0], { ReportsWritten: 1, OrdersReported: 4 }, 'counted in CloudWatch metrics')
  t.match(captured.lines.find((line) => line.msg === 'daily report written'), { date: '2026-11-29', total_orders: 4, aws_request_id: String })

  t.test('on demand, any day; the same orders give the same bytes but for generatedAt', async (t) => {
    const again = await handler({ date: '2026-11-29' }, lambdaContext('items-api-dev-dailyReport'))
    const rewritten = Buffer.from((await s3.reports.get('reports/daily/2026-11-29.json'))!).toString('utf8')
    t.equal(rewritten, stored, 'the same bytes (generatedAt is fixed in this test)')
    t.same(again.report, result.report)
    const before = await handler({ date: '2026-11-28' }, lambdaContext('items-api-dev-dailyReport'))
    t.match(before.report, { totalOrders: 1, totalRevenue: 1000 })
    const empty = await handler({ date: '2020-01-01' }, lambdaContext('items-api-dev-dailyReport'))
    t.match(empty.report, { totalOrders: 0, totalRevenue: 0, averageOrderValue: 0 }, 'a day with no orders still gets its report')
  })
})

t.test('many orders in one day: every one counted, to the cent, over 18 pages of the date index', async (t) => {
  const { orders, place, handler } = await setup(t)
  const amounts: number[] = []
  for (let index = 0; index < 120; index++) {
    const amount = Number(((index * 37) % 10_000 / 100 + 0.01).toFixed(2))
    amounts.push(amount)
    await place(`2026-11-15T${String(index % 24).padStart(2, '0')}:${String(index % 60).padStart(2, '0')}:00.000Z`, amount)
  }
  const cents = amounts.reduce((sum, amount) => sum + Math.round(amount * 100), 0)
  let pages = 0
  for await (const page of orders.placedOn('2026-11-15')) pages += page.length > 0 ? 1 : 0
  t.equal(pages, 18, '120 orders, 7 a page')
  const { report } = await handler({ date: '2026-11-15' }, lambdaContext('items-api-dev-dailyReport'))
  t.equal(report.totalOrders, 120)
  t.equal(report.totalRevenue, cents / 100)
  t.equal(report.ordersByStatus.CREATED, 120)
})

t.test('anything but the schedule\'s event or { date } is refused, thrown so the invocation fails visibly, and logged', async (t) => {
  const { handler, captured } = await setup(t)
  const refused: Array<[unknown, RegExp]> = [
    [{ date: '2026-02-30' }, /invalid on-demand report request: date must be a calendar day as YYYY-MM-DD/],
    [{ date: '29/11/2026' }, /date must be a calendar day/],
    [{ date: '2026-11-29', extra: true }, /invalid on-demand report request/],
    [{ ...SCHEDULED, 'detail-type': 'EC2 Instance State-change Notification', source: 'aws.ec2' }, /expected the schedule's EventBridge event/],
    [{ ...SCHEDULED, time: 'yesterday' }, /expected the schedule's EventBridge event/],
    [null, /expected the schedule's EventBridge event/],
    ['2026-11-29', /expected the schedule's EventBridge event/]
  ]
  for (const [event, message] of refused) {
    await t.rejects(handler(event, lambdaContext('items-api-dev-dailyReport')), { name: 'ReportRequestError', message }, JSON.stringify(event)?.slice(0, 80) ?? String(event))
  }
  t.equal(captured.lines.filter((line) => line.msg === 'report request refused' && line.level === 50).length, refused.length, 'each logged as an error')
  t.type(new ReportRequestError('x'), Error)
})

t.test('a store that cannot be reached fails the invocation: Lambda retries it, then the destination has it', async (t) => {
  const broken = dailyReportFunction(REPORT, {
    orders: { placedOn: async function * () { throw new StoreUnavailableError(1) } },
    reports: { put: async () => {} },
    log: capture().log
  })
  await t.rejects(broken({ date: '2026-11-29' }, lambdaContext('items-api-dev-dailyReport')), StoreUnavailableError)
})
