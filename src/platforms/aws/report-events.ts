// The daily report function: on the 02:00 UTC schedule it reports yesterday; invoked with { "date": "YYYY-MM-DD" }
// it reports that day. Anything else is refused with a reason, thrown so that the invocation fails visibly.
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics'
import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/eventbridge'
import type { Context } from 'aws-lambda'
import type { Logger } from 'pino'
import { z } from 'zod'
import type { BlobStore } from '../../shared/blob-store.ts'
import { invocationFieldsFor, withinInvocation } from '../../shared/invocation.ts'
import type { OrderStore } from '../../orders/order-store.ts'
import type { DailyReport } from '../../reports/daily-tally.ts'
import { generateReport } from '../../handlers/on-report-day.ts'
import { dayBefore, isReportDate } from '../../reports/report-date.ts'

export interface ReportDependencies {
  orders: Pick<OrderStore, 'placedOn'>
  reports: Pick<BlobStore, 'put'>
  log: Logger
  metrics: Metrics
  initialization?: string
  now?: () => Date
}

const OnDemand = z.object({ date: z.string().refine(isReportDate, 'date must be a calendar day as YYYY-MM-DD') }).strict()
const Scheduled = EventBridgeSchema.extend({ 'detail-type': z.literal('Scheduled Event'), source: z.literal('aws.events') })

/** The invocation's event is neither the schedule's nor `{ "date": "YYYY-MM-DD" }`. */
export class ReportRequestError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'ReportRequestError'
  }
}

/** The day an event asks for: the schedule's run reports the day before its time, in UTC. */
export function reportDateOf (event: unknown): string {
  const onDemand = OnDemand.safeParse(event)
  if (onDemand.success) return onDemand.data.date
  const scheduled = Scheduled.safeParse(event)
  if (scheduled.success) return dayBefore(new Date(scheduled.data.time))
  const isOnDemand = typeof event === 'object' && event !== null && 'date' in event
  throw new ReportRequestError(isOnDemand
    ? `invalid on-demand report request: ${onDemand.error.issues.map((issue) => issue.message).join('; ')}`
    : 'expected the schedule\'s EventBridge event or { "date": "YYYY-MM-DD" }')
}

export function createReportHandler ({ orders, reports, log, metrics, initialization, now = () => new Date() }: ReportDependencies):
(event: unknown, context: Context) => Promise<{ key: string, report: DailyReport }> {
  const fieldsOf = invocationFieldsFor(initialization)
  return async (event, context) => await withinInvocation(fieldsOf(context), async () => {
    try {
      let date: string
      try {
        date = reportDateOf(event)
      } catch (error) {
        log.error({ err: error, event }, 'report request refused')
        throw error
      }
      const started = performance.now()
      const result = await generateReport(date, orders, reports, now())
      metrics.addMetric('ReportsWritten', MetricUnit.Count, 1)
      metrics.addMetric('OrdersReported', MetricUnit.Count, result.report.totalOrders)
      log.info({ date, key: result.key, total_orders: result.report.totalOrders, ms: Math.round(performance.now() - started) }, 'daily report written')
      return result
    } finally {
      metrics.publishStoredMetrics()
    }
  })
}
