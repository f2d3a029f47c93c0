// The daily report's timer on this machine: the `Timer` the Functions host hands the timer trigger, for the occurrence
// that reports a given day (02:00 UTC the day after), the schedule itself, firing at 02:00 UTC every day, and the
// report of one day on demand.
import type { InvocationContext, Timer } from '@azure/functions'
import { dailyReportHandler } from '../../src/platforms/azure/azure-event-functions.ts'
import { eventFunctionSettings } from '../../src/platforms/azure/azure-settings.ts'
import type { DailyReport } from '../../src/reports/daily-tally.ts'
import { AZURITE_ACCOUNT } from '../azurite.ts'
import { REPORT_HOUR_UTC, startDailyRuns } from '../schedule.ts'
import type { Poller } from '../lambda-context.ts'
import { LOCAL_AZURE_PORTS, localFunctionEnv } from './local-azure-env.ts'
import { hostContext } from './host-context.ts'

const DAY_MS = 24 * 60 * 60 * 1000

/**
 * What the host passes for the occurrence at `occurrence`: its schedule status names the next occurrence, a day
 * later, from which the function finds the occurrence it runs for.
 */
export function timerAt (occurrence: Date, isPastDue = false): Timer {
  return {
    isPastDue,
    schedule: { adjustForDST: false },
    scheduleStatus: {
      last: new Date(occurrence.getTime() - DAY_MS).toISOString(),
      next: new Date(occurrence.getTime() + DAY_MS).toISOString(),
      lastUpdated: occurrence.toISOString()
    }
  }
}

/** The timer of the occurrence that reports `day` (YYYY-MM-DD): 02:00 UTC the day after. */
export const timerForDay = (day: string): Timer =>
  timerAt(new Date(Date.parse(`${day}T0${REPORT_HOUR_UTC}:00:00.000Z`) + DAY_MS))

/** Invokes `handler` at every 02:00 UTC until stopped, as the host fires the schedule `0 0 2 * * *`. */
export function startReportTimer (handler: (timer: Timer, context: InvocationContext) => Promise<unknown>, functionName: string,
  onError: (error: unknown) => void, now = () => new Date()): Poller {
  return startDailyRuns((run) => { handler(timerAt(run), hostContext(functionName)).catch(onError) }, now)
}

/**
 * `npm run report:azure`: the function invoked once with the timer that reports `day`, against the running system's
 * Cosmos DB server and Azurite (at LOCAL_COSMOS_PORT and LOCAL_AZURITE_BLOB_PORT in `env`). The report, and its blob's URL.
 */
export async function reportDay (day: string, env: Record<string, string | undefined>): Promise<{ report: DailyReport, url: string }> {
  const blob = `http://127.0.0.1:${env.LOCAL_AZURITE_BLOB_PORT ?? LOCAL_AZURE_PORTS.blob}/${AZURITE_ACCOUNT.name}`
  const settings = eventFunctionSettings(localFunctionEnv(env, `http://127.0.0.1:${env.LOCAL_COSMOS_PORT ?? LOCAL_AZURE_PORTS.cosmos}`,
    `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT.name};AccountKey=${AZURITE_ACCOUNT.key};BlobEndpoint=${blob};`))
  const { key, report } = await dailyReportHandler(settings)(timerForDay(day), hostContext('dailyReport'))
  return { report, url: `${blob}/${settings.storage.reportsContainer}/${key}` }
}
