// The daily report function's work, whatever asks for a day (the 02:00 UTC schedule, or someone on demand): that
// day's orders read from the date index, added up, and written to the reports bucket.
import type { Logger } from 'pino'
import type { BlobStore } from '../shared/blob-store.ts'
import type { Counters } from '../shared/counters.ts'
import type { OrderStore } from '../orders/order-store.ts'
import { DailyTally, reportBytes, reportKey, type DailyReport } from '../reports/daily-tally.ts'

export interface ReportDependencies {
  orders: Pick<OrderStore, 'placedOn'>
  reports: Pick<BlobStore, 'put'>
  log: Logger
  counters: Counters
  now?: () => Date
}

/** One day's report (a UTC day, YYYY-MM-DD), made and stored. */
export async function generateReport (date: string, orders: Pick<OrderStore, 'placedOn'>, reports: Pick<BlobStore, 'put'>,
  now = new Date()): Promise<{ key: string, report: DailyReport }> {
  const tally = new DailyTally()
  for await (const page of orders.placedOn(date)) tally.add(page)
  const report = tally.report(date, now)
  const key = reportKey(date)
  await reports.put(key, reportBytes(report), { contentType: 'application/json', cacheControl: 'no-cache' })
  return { key, report }
}

/** Reports the day asked for, logged and counted. */
export function reportDayHandler ({ orders, reports, log, counters, now = () => new Date() }: ReportDependencies):
(date: string) => Promise<{ key: string, report: DailyReport }> {
  return async (date) => {
    const started = performance.now()
    const result = await generateReport(date, orders, reports, now())
    counters.count('ReportsWritten')
    counters.count('OrdersReported', result.report.totalOrders)
    log.info({ date, key: result.key, total_orders: result.report.totalOrders, ms: Math.round(performance.now() - started) }, 'daily report written')
    return result
  }
}
