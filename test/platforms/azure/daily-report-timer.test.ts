// The daily report on Azure, fed timer invocations as the host makes them, over Cosmos DB's order store (a real
// Cosmos-compatible server) and a blob store that keeps what it is given: the day before the occurrence reported,
// on time or late.
import functions, { type Timer } from '@azure/functions'
import t from 'tap'
import { createCosmosClient } from '../../../src/adapters/cosmos/cosmos-client.ts'
import { CosmosOrderStore } from '../../../src/adapters/cosmos/cosmos-order-store.ts'
import { DAILY_REPORT_SCHEDULE, dailyReportTimer, occurrenceOf } from '../../../src/platforms/azure/daily-report-timer.ts'
import type { BlobStore } from '../../../src/shared/blob-store.ts'
import { freshCosmos } from '../../adapters/cosmos/cosmos-server.ts'
import { capture } from '../aws/capture.ts'

const SETTINGS = { environment: 'test', serviceName: 'items-api', logLevel: 'debug' } as const

const timer = (next: string | undefined, isPastDue = false): Timer => ({
  isPastDue,
  schedule: { adjustForDST: false },
  scheduleStatus: next === undefined ? undefined as unknown as Timer['scheduleStatus'] : { last: '', next, lastUpdated: '' }
})

t.test('at 02:00 UTC, the day before; a late run still the day it was due for', async (t) => {
  const { location, databaseId, names } = await freshCosmos(t)
  const placed = new Date('2026-12-06T15:00:00.000Z')
  const orders = new CosmosOrderStore(createCosmosClient(location), databaseId, names.orders, { now: () => placed })
  t.teardown(() => orders.close())
  await orders.create({ customer_id: 'C-1', items: ['SKU-1'], total_amount: 10 })
  await orders.create({ customer_id: 'C-2', items: ['SKU-2'], total_amount: 5.5 })
  const written = new Map<string, string>()
  const reports: Pick<BlobStore, 'put'> = { put: async (key, body) => { written.set(key, String(body)) } }
  const captured = capture()
  const handler = dailyReportTimer(SETTINGS, { orders, reports, now: () => new Date('2026-12-08T09:30:00.000Z') }, captured.log)
  const context = new functions.InvocationContext({ invocationId: 'i-1', functionName: 'dailyReport' })

  // The run due at 2026-12-07 02:00, made late (at 09:30 the next day): the schedule's next is 2026-12-08 02:00.
  const late = await handler(timer('2026-12-08T02:00:00.000Z', true), context)
  t.equal(late.key, 'reports/daily/2026-12-06.json')
  t.match(JSON.parse(written.get(late.key)!), { date: '2026-12-06', totalOrders: 2 })
  t.match(captured.lines.find((line) => line.level === 40), { msg: /runs late/, occurrence: '2026-12-07T02:00:00.000Z' })
  t.match(captured.lines.find((line) => line.msg === 'daily report written'), { date: '2026-12-06', total_orders: 2, invocation_id: 'i-1' })

  const untracked = await handler(timer(undefined), context)
  t.equal(untracked.key, 'reports/daily/2026-12-07.json', 'without a schedule status, the day before the invocation\'s time')
})

t.test('the schedule: every day at 02:00:00', async (t) => {
  t.equal(DAILY_REPORT_SCHEDULE, '0 0 2 * * *')
  t.same(occurrenceOf({ scheduleStatus: { last: '', next: 'not a date', lastUpdated: '' } }, new Date(0)), new Date(0))
})
