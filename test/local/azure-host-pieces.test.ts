// The local Functions host's smaller pieces on their own (local/azure/): the change feed's backoff, the queue
// trigger's input, the timer, and the host's console.
import t from 'tap'
import { retryDelay } from '../../local/azure/change-feed-driver.ts'
import { hostContext } from '../../local/azure/host-context.ts'
import { startReportTimer, timerForDay } from '../../local/azure/report-timer.ts'
import { triggerInput } from '../../local/azure/storage-queue-driver.ts'

t.test('the change feed\'s retries back off exponentially, up to the maximum', async (t) => {
  const retry = { maxRetryCount: 5, minimumInterval: 1_000, maximumInterval: 30_000 }
  t.same([1, 2, 3, 4, 5, 6].map((count) => retryDelay(retry, count)), [1_000, 2_000, 4_000, 8_000, 16_000, 30_000])
})

t.test('a queue message as the trigger hands it over: JSON parsed, any other text as it is', async (t) => {
  t.same(triggerInput(Buffer.from('{"order_id":"O-1"}').toString('base64')), { order_id: 'O-1' })
  t.equal(triggerInput(Buffer.from('plain words').toString('base64')), 'plain words')
})

t.test('the timer: the occurrence after a day reports it, and the schedule fires at 02:00 UTC', async (t) => {
  t.same(timerForDay('2026-12-06').scheduleStatus, { last: '2026-12-06T02:00:00.000Z', next: '2026-12-08T02:00:00.000Z', lastUpdated: '2026-12-07T02:00:00.000Z' })
  const fired = await new Promise<unknown>((resolve) => {
    const timer = startReportTimer(async (fire) => { await timer.stop(); resolve(fire) }, 'dailyReport', () => {}, () => new Date('2026-12-08T01:59:59.950Z'))
  })
  t.match(fired, { isPastDue: false, scheduleStatus: { next: '2026-12-09T02:00:00.000Z' } })
})

t.test('an invocation\'s log lines are printed on stdout, one a line', async (t) => {
  const written: string[] = []
  const write = process.stdout.write.bind(process.stdout)
  process.stdout.write = ((chunk: string) => { written.push(chunk); return true }) as typeof process.stdout.write
  try {
    hostContext('orderWorker').info('{"level":"info","msg":"a line"}')
  } finally {
    process.stdout.write = write
  }
  t.same(written, ['{"level":"info","msg":"a line"}\n'])
})
