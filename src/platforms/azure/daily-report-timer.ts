// The daily report on Azure: a timer trigger at 02:00 UTC reports the UTC day before the occurrence it runs for, to
// the reports container. The occurrence is the one a day before the schedule's next (the timer's own status), so that
// a run the host makes late (isPastDue, after a restart or a scale-in) still reports the day it was due for; without a
// schedule status, the invocation's own time stands for it.
import type { InvocationContext, Timer } from '@azure/functions'
import type { FunctionSettings } from '../../config.ts'
import { reportDayHandler } from '../../handlers/on-report-day.ts'
import type { OrderStore } from '../../orders/order-store.ts'
import type { DailyReport } from '../../reports/daily-tally.ts'
import { dayBefore } from '../../reports/report-date.ts'
import type { BlobStore } from '../../shared/blob-store.ts'
import { azureFunction, type AzureFunctionTools } from './azure-function.ts'

/** Every day at 02:00 UTC, in the timer trigger's six-field NCRONTAB (the function app runs in UTC unless told otherwise). */
export const DAILY_REPORT_SCHEDULE = '0 0 2 * * *'
const DAY_MS = 24 * 60 * 60 * 1000

/** The occurrence a timer invocation runs for: a day before the schedule's next, or now. */
export function occurrenceOf (timer: Partial<Timer>, now: Date): Date {
  const next = Date.parse(timer.scheduleStatus?.next ?? '')
  return Number.isNaN(next) ? now : new Date(next - DAY_MS)
}

/** The function the Azure entry registers as `dailyReport`. */
export function dailyReportTimer (settings: FunctionSettings,
  ports: { orders: Pick<OrderStore, 'placedOn'>, reports: Pick<BlobStore, 'put'>, now?: () => Date }, log?: AzureFunctionTools['log']):
  (timer: Timer, context: InvocationContext) => Promise<{ key: string, report: DailyReport }> {
  return azureFunction(settings, ({ log, counters }) => {
    const now = ports.now ?? (() => new Date())
    const report = reportDayHandler({ orders: ports.orders, reports: ports.reports, log, counters, now })
    return async (timer) => {
      const occurrence = occurrenceOf(timer, now())
      if (timer.isPastDue) log.warn({ occurrence: occurrence.toISOString() }, 'the daily report runs late: it reports the day its occurrence was due for')
      return await report(dayBefore(occurrence))
    }
  }, log)
}
