// npm run report:azure -- [YYYY-MM-DD]: the daily report function, invoked for a day (yesterday without one) with the
// timer the host would pass for the 02:00 UTC occurrence that reports it, against the running `npm run local:azure`
// (its Cosmos DB server and Azurite, at LOCAL_COSMOS_PORT and LOCAL_AZURITE_BLOB_PORT).
import { dailyReportHandler } from '../../src/platforms/azure/azure-event-functions.ts'
import { eventFunctionSettings } from '../../src/platforms/azure/azure-settings.ts'
import { dayBefore, isReportDate } from '../../src/reports/report-date.ts'
import { AZURITE_ACCOUNT } from '../azurite.ts'
import { commandLineOrExit, parseCommandLine, UsageError } from '../command-line.ts'
import { startupFailureLine } from '../startup-errors.ts'
import { LOCAL_AZURE_PORTS, localFunctionEnv } from './azure-system.ts'
import { timerContext, timerForDay } from './report-timer.ts'

const USAGE = `usage: npm run report:azure -- [YYYY-MM-DD]
  Writes the daily report of that UTC day (yesterday without one) to the running \`npm run local:azure\`'s reports
  container and prints it.`

const date = commandLineOrExit('npm run report:azure', USAGE, () => {
  const parsed = parseCommandLine(process.argv.slice(2), {}, 1)
  if (parsed === undefined) return undefined
  const [day] = parsed.positionals
  if (day === undefined) return dayBefore(new Date())
  if (!isReportDate(day)) throw new UsageError(`'${day}' is not a day: expected YYYY-MM-DD, a real calendar day`)
  return day
})
const blob = `http://127.0.0.1:${process.env.LOCAL_AZURITE_BLOB_PORT ?? LOCAL_AZURE_PORTS.blob}/${AZURITE_ACCOUNT.name}`
const env = localFunctionEnv({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
  `http://127.0.0.1:${process.env.LOCAL_COSMOS_PORT ?? LOCAL_AZURE_PORTS.cosmos}`,
  `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT.name};AccountKey=${AZURITE_ACCOUNT.key};BlobEndpoint=${blob};`)

try {
  const settings = eventFunctionSettings(env)
  const { key, report } = await dailyReportHandler(settings)(timerForDay(date), timerContext('dailyReport'))
  process.stdout.write(`${JSON.stringify(report, null, 2)}\nwritten to ${blob}/${settings.storage.reportsContainer}/${key}\n`)
} catch (error) {
  process.stderr.write(`${startupFailureLine(error)} (is \`npm run local:azure\` running?)\n`)
  process.exit(1)
}
