// Daily report schemas: the report the scheduled function writes, as GET /reports/daily/{date} serves it.
import { Type, type Static } from 'typebox'
import { ORDER_STATUSES } from '../../orders/order.ts'
import { REPORT_DATE_PATTERN } from '../../reports/report-date.ts'

const EXAMPLE_DATE = '2026-11-29'

export const DailyReportJson = Type.Object({
  date: Type.String({ format: 'date', description: 'The UTC day reported.', examples: [EXAMPLE_DATE] }),
  totalOrders: Type.Integer({ minimum: 0, description: 'Orders placed that day, cancelled ones included.', examples: [3] }),
  totalRevenue: Type.Number({ minimum: 0, description: 'The sum of total_amount of the orders not cancelled, exact to the cent.', examples: [259.97] }),
  averageOrderValue: Type.Number({
    minimum: 0,
    description: 'totalRevenue over the orders not cancelled, rounded half up to the cent; 0 when there are none.',
    examples: [129.99]
  }),
  ordersByStatus: Type.Object(Object.fromEntries(ORDER_STATUSES.map((status) => [status, Type.Integer({ minimum: 0 })])), {
    description: 'How many of the day\'s orders are in each status now (when the report was made).',
    examples: [{ CREATED: 0, PAYMENT_PROCESSED: 0, CONFIRMED: 2, CANCELLED: 1 }]
  }),
  generatedAt: Type.String({ format: 'date-time', description: 'When the report was made; the only field that differs between runs over the same orders.' })
}, { title: 'DailyReport' })
export type DailyReportJson = Static<typeof DailyReportJson>

export const DailyReportResponse = Type.Object({
  success: Type.Literal(true),
  data: DailyReportJson
}, { title: 'DailyReportResponse' })

export const ReportParams = Type.Object({
  // A pattern, not format: 'date': the route checks the calendar (src/reports/report-date.ts) without loading ajv-formats at init.
  date: Type.String({ pattern: REPORT_DATE_PATTERN, description: 'A UTC day, YYYY-MM-DD.', examples: [EXAMPLE_DATE] })
})
export type ReportParams = Static<typeof ReportParams>
