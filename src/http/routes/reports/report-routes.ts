// GET /reports/daily/{date}: a report the daily report function wrote, read from the reports bucket.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { BlobStore } from '../../../shared/blob-store.ts'
import { reportNotFound, serviceUnavailable } from '../../api-errors.ts'
import { TAGS } from '../../schemas/tags.ts'
import { reportKey } from '../../../reports/daily-tally.ts'
import { DailyReportResponse, ReportParams, type DailyReportJson } from '../../schemas/report-schemas.ts'
import { RETRY_AFTER_SECONDS } from '../../../shared/store-errors.ts'
import { described, errorResponsesOf } from '../../schemas/describe-responses.ts'
import { isReportDate } from '../../../reports/report-date.ts'
import { notACalendarDay, REPORTS_UNAVAILABLE } from './report-messages.ts'

const errors = errorResponsesOf({
  404: 'No report has been made for this day yet (REPORT_NOT_FOUND): the schedule makes yesterday\'s at 02:00 UTC.',
  503: 'No reports bucket is configured, or S3 or the token issuer\'s keys cannot be reached (SERVICE_UNAVAILABLE); retry after ' +
    'Retry-After seconds.'
})

export const reportRoutes: FastifyPluginAsyncTypebox<{ reports: Pick<BlobStore, 'get'> | undefined }> = async (app, { reports }) => {
  /** Serves one day's report as the function wrote it. */
  app.get('/reports/daily/:date', {
    config: { access: 'private' },
    schema: {
      operationId: 'getDailyReport',
      tags: [TAGS.reports],
      summary: 'Get a daily report',
      description: 'One UTC day\'s orders added up: count, revenue and average of the orders not cancelled (exact to the ' +
        'cent), and the count in each status. Written every day at 02:00 UTC for the day before, and on demand for any day.',
      params: ReportParams,
      response: { 200: described(DailyReportResponse, 'The report.'), ...errors(400, 401, 404, 500, 503) }
    }
  }, async (request) => {
    const { date } = request.params
    if (!isReportDate(date)) throw notACalendarDay()
    if (reports === undefined) throw serviceUnavailable(REPORTS_UNAVAILABLE, RETRY_AFTER_SECONDS)
    const bytes = await reports.get(reportKey(date))
    if (bytes === undefined) throw reportNotFound(date)
    return { success: true as const, data: JSON.parse(Buffer.from(bytes).toString('utf8')) as DailyReportJson }
  })
}
