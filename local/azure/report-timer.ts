// The daily report's timer on this machine: the `Timer` the Functions host hands the timer trigger, for the occurrence
// that reports a given day (02:00 UTC the day after), and the schedule itself, firing at 02:00 UTC every day.
import { randomUUID } from 'node:crypto'
import functions, { type InvocationContext, type Timer } from '@azure/functions'
import { nextRun, REPORT_HOUR_UTC } from '../schedule.ts'
import type { Poller } from '../lambda-context.ts'

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

export const timerContext = (functionName: string): InvocationContext =>
  new functions.InvocationContext({ invocationId: randomUUID(), functionName, logHandler: () => {} })

/** Invokes `handler` at every 02:00 UTC until stopped, as the host fires the schedule `0 0 2 * * *`. */
export function startReportTimer (handler: (timer: Timer, context: InvocationContext) => Promise<unknown>, functionName: string,
  onError: (error: unknown) => void, now = () => new Date()): Poller {
  let timeout: NodeJS.Timeout | undefined
  const arm = (): void => {
    const run = nextRun(now())
    timeout = setTimeout(() => {
      handler(timerAt(run), timerContext(functionName)).catch(onError)
      arm()
    }, run.getTime() - now().getTime())
  }
  arm()
  return { stop: async () => clearTimeout(timeout) }
}
