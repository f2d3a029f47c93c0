// npm run report:azure -- [YYYY-MM-DD]: the daily report function, invoked for a day (yesterday without one) with the
// timer the host would pass for the 02:00 UTC occurrence that reports it, against the running `npm run local:azure`
// (its Cosmos DB server and Azurite, at LOCAL_COSMOS_PORT and LOCAL_AZURITE_BLOB_PORT).
import { reportDayOrExit } from '../command-line.ts'
import { startupFailureLine } from '../startup-errors.ts'
import { reportDay } from './report-timer.ts'

const USAGE = `usage: npm run report:azure -- [YYYY-MM-DD]
  Writes the daily report of that UTC day (yesterday without one) to the running \`npm run local:azure\`'s reports
  container and prints it.`

const date = reportDayOrExit('npm run report:azure', USAGE)
try {
  const { report, url } = await reportDay(date, { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' })
  process.stdout.write(`${JSON.stringify(report, null, 2)}\nwritten to ${url}\n`)
} catch (error) {
  process.stderr.write(`${startupFailureLine(error)} (is \`npm run local:azure\` running?)\n`)
  process.exit(1)
}
