// Azure Functions entry: the daily report, on a timer at 02:00 UTC, from the orders container to the reports
// container.
import functions from '@azure/functions'
import { dailyReportHandler } from '../azure-event-functions.ts'
import { eventFunctionSettings } from '../azure-settings.ts'
import { DAILY_REPORT_SCHEDULE } from '../daily-report-timer.ts'

functions.app.timer('dailyReport', { schedule: DAILY_REPORT_SCHEDULE, handler: dailyReportHandler(eventFunctionSettings(process.env)) })
