// The daily report's arithmetic and bytes: whole cents, so no total or average drifts; every status listed; the same
// orders give the same bytes but for generatedAt.
import fc from 'fast-check'
import t from 'tap'
import { ORDER_STATUSES, type OrderStatus } from '../../src/orders/order.ts'
import { DailyTally, reportBytes, reportKey } from '../../src/reports/daily-tally.ts'
import { averageCents, fromCents, toCents } from '../../src/reports/money.ts'
import { dayBefore, isReportDate } from '../../src/reports/report-date.ts'

const AT = new Date('2026-11-30T02:00:01.318Z')
const tally = (orders: Array<{ status: OrderStatus, total_amount: number }>, pages = 1): DailyTally => {
  const counted = new DailyTally()
  const size = Math.ceil(orders.length / pages)
  for (let start = 0; start < orders.length; start += size) counted.add(orders.slice(start, start + size))
  return counted
}

t.test('a day with no orders: zeros, every status listed', async (t) => {
  t.same(tally([]).report('2026-11-29', AT), {
    date: '2026-11-29',
    totalOrders: 0,
    totalRevenue: 0,
    averageOrderValue: 0,
    ordersByStatus: { CREATED: 0, PAYMENT_PROCESSED: 0, CONFIRMED: 0, CANCELLED: 0 },
    generatedAt: '2026-11-30T02:00:01.318Z'
  })
})

t.test('one order', async (t) => {
  t.match(tally([{ status: 'CONFIRMED', total_amount: 1319.99 }]).report('2026-11-29', AT),
    { totalOrders: 1, totalRevenue: 1319.99, averageOrderValue: 1319.99, ordersByStatus: { CONFIRMED: 1 } })
})

t.test('cancelled orders are counted, not earned', async (t) => {
  const report = tally([
    { status: 'CONFIRMED', total_amount: 10 },
    { status: 'CANCELLED', total_amount: 1000 },
    { status: 'CREATED', total_amount: 20 }
  ]).report('2026-11-29', AT)
  t.match(report, { totalOrders: 3, totalRevenue: 30, averageOrderValue: 15, ordersByStatus: { CREATED: 1, CONFIRMED: 1, CANCELLED: 1 } })
  t.match(tally([{ status: 'CANCELLED', total_amount: 5 }]).report('2026-11-29', AT), { totalOrders: 1, totalRevenue: 0, averageOrderValue: 0 })
})

t.test('no floating-point drift: sums that floats get wrong are exact', async (t) => {
  // 0.1 + 0.2 is 0.30000000000000004 in floating point; ten of 0.07 is 0.7000000000000001.
  t.equal(tally([{ status: 'CREATED', total_amount: 0.1 }, { status: 'CREATED', total_amount: 0.2 }]).report('d', AT).totalRevenue, 0.3)
  t.equal(tally(Array.from({ length: 10 }, () => ({ status: 'CONFIRMED' as const, total_amount: 0.07 }))).report('d', AT).totalRevenue, 0.7)
  // A million orders of 100,000.00 and one of 0.01: 100,000,000,000.01, beyond what a float sum of the amounts keeps.
  const big = new DailyTally()
  for (let page = 0; page < 1000; page++) big.add(Array.from({ length: 1000 }, () => ({ status: 'CONFIRMED' as const, total_amount: 100_000 })))
  big.add([{ status: 'CONFIRMED', total_amount: 0.01 }])
  t.match(big.report('d', AT), { totalOrders: 1_000_001, totalRevenue: 100_000_000_000.01, averageOrderValue: 99_999.9 })
})

t.test('the average is rounded half up to the cent', async (t) => {
  t.equal(averageCents(0, 0), 0)
  t.equal(averageCents(100, 3), 33, '1.00 / 3 = 0.333… → 0.33')
  t.equal(averageCents(200, 3), 67, '2.00 / 3 = 0.666… → 0.67')
  t.equal(averageCents(5, 2), 3, '0.05 / 2 = 0.025 → 0.03')
  t.equal(tally([{ status: 'CREATED', total_amount: 0.01 }, { status: 'CREATED', total_amount: 0.02 }]).report('d', AT).averageOrderValue, 0.02)
})

t.test('property: totals are the exact sum of the cents, whatever the amounts and however they are paged', async (t) => {
  const order = fc.record({
    status: fc.constantFrom(...ORDER_STATUSES),
    total_amount: fc.integer({ min: 1, max: 10_000_000 }).map((cents) => cents / 100)
  })
  fc.assert(fc.property(fc.array(order, { maxLength: 200 }), fc.integer({ min: 1, max: 7 }), (orders, pages) => {
    const report = tally(orders, pages).report('2026-11-29', AT)
    const paying = orders.filter((candidate) => candidate.status !== 'CANCELLED')
    const cents = paying.reduce((sum, candidate) => sum + Math.round(candidate.total_amount * 100), 0)
    if (report.totalOrders !== orders.length) return false
    if (report.totalRevenue !== cents / 100 || Math.round(report.totalRevenue * 100) !== cents) return false
    // Half up, worked out in exact integers: floor((2 × cents + n) / (2 × n)).
    const n = BigInt(paying.length)
    const average = n === 0n ? 0 : Number((2n * BigInt(cents) + n) / (2n * n)) / 100
    if (report.averageOrderValue !== average) return false
    return ORDER_STATUSES.every((status) => report.ordersByStatus[status] === orders.filter((candidate) => candidate.status === status).length)
  }), { numRuns: 500 })
})

t.test('the same orders give the same bytes, but for generatedAt', async (t) => {
  const orders = [{ status: 'CONFIRMED' as const, total_amount: 12.5 }, { status: 'CREATED' as const, total_amount: 0.07 }]
  const first = reportBytes(tally(orders).report('2026-11-29', AT))
  const again = reportBytes(tally([...orders].reverse(), 2).report('2026-11-29', new Date('2026-12-01T09:00:00.000Z')))
  t.not(first, again)
  t.equal(first.replace(/"generatedAt": "[^"]+"/, ''), again.replace(/"generatedAt": "[^"]+"/, ''))
  t.equal(first, `{
  "date": "2026-11-29",
  "totalOrders": 2,
  "totalRevenue": 12.57,
  "averageOrderValue": 6.29,
  "ordersByStatus": {
    "CREATED": 1,
    "PAYMENT_PROCESSED": 0,
    "CONFIRMED": 1,
    "CANCELLED": 0
  },
  "generatedAt": "2026-11-30T02:00:01.318Z"
}
`, 'the key order docs/images-and-reports.md gives, indented, with a final newline')
  t.equal(reportKey('2026-11-29'), 'reports/daily/2026-11-29.json')
})

t.test('money: cents in, cents out', async (t) => {
  t.equal(toCents(0.07), 7)
  t.equal(toCents(1.15), 115)
  t.equal(toCents(100_000), 10_000_000)
  t.equal(fromCents(1234567), 12345.67)
})

t.test('report dates: calendar days only; the day before, across months, years and leap days', async (t) => {
  for (const valid of ['2026-11-29', '2024-02-29', '2000-02-29', '1999-12-31']) t.ok(isReportDate(valid), valid)
  for (const invalid of ['2026-02-29', '1900-02-29', '2026-13-01', '2026-04-31', '2026-11-29T00:00:00Z', '26-11-29', '', '2026-1-01']) t.notOk(isReportDate(invalid), invalid)
  t.equal(dayBefore(new Date('2026-11-30T02:00:00Z')), '2026-11-29')
  t.equal(dayBefore(new Date('2027-01-01T02:00:00Z')), '2026-12-31')
  t.equal(dayBefore(new Date('2028-03-01T02:00:00Z')), '2028-02-29')
  t.equal(dayBefore(new Date('2026-11-30T00:00:00.000Z')), '2026-11-29')
})
