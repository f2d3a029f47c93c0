// npm run report -- [YYYY-MM-DD]: the daily report function, invoked on demand for a day (yesterday without one)
// against the running `npm run local` (its DynamoDB Local and S3 server, at LOCAL_DYNAMODB_PORT and LOCAL_S3_PORT).
import { dailyReportFunction, ReportRequestError } from '../src/platforms/aws/daily-report-function.ts'
import { reportSettings } from '../src/platforms/aws/settings.ts'
import { reportDayOrExit } from './command-line.ts'
import { startupFailureLine } from './startup-errors.ts'
import { lambdaContext } from './lambda-context.ts'
import { LOCAL_BUCKETS, LOCAL_PORTS } from './system.ts'

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true'

const USAGE = `usage: npm run report -- [YYYY-MM-DD]
  Writes the daily report of that UTC day (yesterday without one) to the running \`npm run local\`'s reports bucket
  and prints it.`

/** The day the command line names, yesterday without one; anything else is a UsageError. */
const date = reportDayOrExit('npm run report', USAGE)
const handler = dailyReportFunction(reportSettings({
  ...process.env,
  DYNAMODB_ENDPOINT: `http://127.0.0.1:${process.env.LOCAL_DYNAMODB_PORT ?? LOCAL_PORTS.dynamodb}`,
  S3_ENDPOINT: `http://127.0.0.1:${process.env.LOCAL_S3_PORT ?? LOCAL_PORTS.s3}`,
  REPORTS_BUCKET: LOCAL_BUCKETS.reports,
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn'
}))

try {
  const { key, report } = await handler({ date }, lambdaContext('items-api-local-dailyReport'))
  process.stdout.write(`${JSON.stringify(report, null, 2)}\nwritten to s3://${LOCAL_BUCKETS.reports}/${key}\n`)
} catch (error) {
  const hint = error instanceof ReportRequestError ? '' : ' (is `npm run local` running?)'
  process.stderr.write(`${startupFailureLine(error)}${hint}\n`)
  process.exit(1)
}
