// The daily report on AWS: on the EventBridge schedule (02:00 UTC) it reports the UTC day before the event's time;
// invoked with { "date": "YYYY-MM-DD" } it reports that day. Anything else is refused with a reason, thrown so that
// the invocation fails visibly (and, invoked asynchronously, reaches the on-failure destination).
import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/eventbridge'
import type { Context } from 'aws-lambda'
import type { Logger } from 'pino'
import { z } from 'zod'
import { createDynamoDbClient } from '../../adapters/dynamodb/dynamodb-client.ts'
import { DynamoDbOrderStore } from '../../adapters/dynamodb/dynamodb-order-store.ts'
import { S3BlobStore } from '../../adapters/s3/s3-blob-store.ts'
import { createS3Client } from '../../adapters/s3/s3-client.ts'
import { reportDayHandler } from '../../handlers/on-report-day.ts'
import type { OrderStore } from '../../orders/order-store.ts'
import type { DailyReport } from '../../reports/daily-tally.ts'
import { dayBefore, isReportDate } from '../../reports/report-date.ts'
import type { BlobStore } from '../../shared/blob-store.ts'
import { lambdaFunction } from './lambda-function.ts'
import type { ReportSettings } from './settings.ts'

export type ReportHandler = (event: unknown, context: Context) => Promise<{ key: string, report: DailyReport }>

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

/** The function serverless.yml deploys as `dailyReport`; `now` lets a test fix the report's generatedAt. */
export function dailyReportFunction (settings: ReportSettings,
  ports: { orders?: Pick<OrderStore, 'placedOn'>, reports?: Pick<BlobStore, 'put'>, now?: () => Date, log?: Logger } = {}): ReportHandler {
  return lambdaFunction(settings, 'daily-report', ({ log, counters }) => {
    const report = reportDayHandler({
      orders: ports.orders ?? new DynamoDbOrderStore(createDynamoDbClient(settings), settings.ordersTableName),
      reports: ports.reports ?? new S3BlobStore(createS3Client(settings), settings.reportsBucket),
      log,
      counters,
      now: ports.now
    })
    return async (event: unknown) => {
      let date: string
      try {
        date = reportDateOf(event)
      } catch (error) {
        log.error({ err: error, event }, 'report request refused')
        throw error
      }
      return await report(date)
    }
  }, ports.log)
}
