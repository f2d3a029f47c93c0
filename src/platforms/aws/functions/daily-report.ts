// Lambda entry: the daily report, on the 02:00 UTC schedule or invoked for a day (serverless.yml `dailyReport`).
import { dailyReportFunction } from '../daily-report-function.ts'
import { reportSettings } from '../settings.ts'

export const handler = dailyReportFunction(reportSettings(process.env))
