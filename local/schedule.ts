// The daily report's schedule on this machine: EventBridge's `cron(0 2 * * ? *)`, as the event it sends at 02:00 UTC.
import { randomUUID } from 'node:crypto'
import type { Poller } from './lambda-context.ts'

export const REPORT_HOUR_UTC = 2

/** The event EventBridge Scheduler's rule sends the function at `time` (to the second, as EventBridge writes it). */
export function scheduledEvent (time: Date, ruleArn: string): Record<string, unknown> {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    time: `${time.toISOString().slice(0, 19)}Z`,
    region: 'us-east-1',
    resources: [ruleArn],
    detail: {}
  }
}

/** The next 02:00 UTC strictly after `now`. */
export function nextRun (now: Date): Date {
  const run = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), REPORT_HOUR_UTC))
  if (run.getTime() <= now.getTime()) run.setUTCDate(run.getUTCDate() + 1)
  return run
}

/** Calls `fire` with each run's time every day at 02:00 UTC until stopped: the AWS schedule's and Azure's timer's clock. */
export function startDailyRuns (fire: (run: Date) => void, now = () => new Date()): Poller {
  let timer: NodeJS.Timeout | undefined
  let stopped = false
  const arm = (): void => {
    if (stopped) return
    const run = nextRun(now())
    timer = setTimeout(() => {
      fire(run)
      arm()
    }, run.getTime() - now().getTime())
  }
  arm()
  return {
    stop: async () => {
      stopped = true
      clearTimeout(timer)
    }
  }
}

/** Calls `fire` with the schedule's event every day at 02:00 UTC until stopped. */
export const startDailySchedule = (fire: (event: Record<string, unknown>) => void, ruleArn: string, now = () => new Date()): Poller =>
  startDailyRuns((run) => { fire(scheduledEvent(run, ruleArn)) }, now)
