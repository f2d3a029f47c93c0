// One day's report: the day's orders read from the date index, added up, and written to the reports bucket.
import type { BlobStore } from '../shared/blob-store.ts'
import type { OrderStore } from '../orders/order-store.ts'
import { DailyTally, reportBytes, reportKey, type DailyReport } from '../reports/daily-tally.ts'

export async function generateReport (date: string, orders: Pick<OrderStore, 'placedOn'>, reports: Pick<BlobStore, 'put'>,
  now = new Date()): Promise<{ key: string, report: DailyReport }> {
  const tally = new DailyTally()
  for await (const page of orders.placedOn(date)) tally.add(page)
  const report = tally.report(date, now)
  const key = reportKey(date)
  await reports.put(key, reportBytes(report), { contentType: 'application/json', cacheControl: 'no-cache' })
  return { key, report }
}
