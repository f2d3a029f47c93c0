// GET /reports/daily/{date} against a real S3-compatible server: a written report served as the function wrote it,
// a day without one a 404 REPORT_NOT_FOUND, a date that is no calendar day a 400, no bucket or S3 failing a 503.
import t from 'tap'
import { DailyTally, reportBytes, reportKey } from '../../../src/reports/daily-tally.ts'
import { StoreUnavailableError } from '../../../src/shared/store-errors.ts'
import { build } from '../../helper.ts'
import { testS3 } from '../../s3.ts'

t.test('a report the function wrote is served as it is', async (t) => {
  const s3 = await testS3()
  const app = await build(t, s3.env)
  const tally = new DailyTally()
  tally.add([{ status: 'CONFIRMED', total_amount: 1319.99 }, { status: 'CANCELLED', total_amount: 5 }])
  const report = tally.report('2026-11-29', new Date('2026-11-30T02:00:01.318Z'))
  await s3.reports.put(reportKey('2026-11-29'), reportBytes(report), { contentType: 'application/json' })
  const response = await app.inject('/reports/daily/2026-11-29')
  t.equal(response.statusCode, 200)
  t.same(response.json(), { success: true, data: report })
  t.equal((await app.inject({ method: 'HEAD', url: '/reports/daily/2026-11-29' })).statusCode, 200)

  t.test('a day with no report yet is a 404 REPORT_NOT_FOUND', async (t) => {
    const missing = await app.inject('/reports/daily/2026-11-28')
    t.equal(missing.statusCode, 404)
    t.match(missing.json(), { success: false, error: { code: 'REPORT_NOT_FOUND', message: 'No report for 2026-11-28 yet' }, request_id: String })
  })

  t.test('a date that is not a calendar day is a 400 naming date', async (t) => {
    for (const date of ['2026-02-30', '2026-13-01', '29-11-2026', '2026-11-29T00:00:00Z', 'yesterday', '2026-11-9']) {
      const invalid = await app.inject(`/reports/daily/${date}`)
      t.equal(invalid.statusCode, 400, date)
      t.match(invalid.json(), { error: { code: 'VALIDATION_ERROR', details: [{ field: 'date' }] } }, date)
    }
  })
})

t.test('without a reports bucket (npm run dev): 503', async (t) => {
  const app = await build(t)
  const response = await app.inject('/reports/daily/2026-11-29')
  t.equal(response.statusCode, 503)
  t.match(response.json(), { error: { code: 'SERVICE_UNAVAILABLE', message: 'Reports are unavailable: no reports bucket is configured' } })
})

t.test('S3 unavailable: 503 with Retry-After; any other fault: 500 that reveals nothing', async (t) => {
  for (const [status, error] of [[503, new StoreUnavailableError(1)], [500, new Error('AccessDenied on reports/daily')]] as const) {
    const app = await build(t, {}, { reports: { get: async () => { throw error } } })
    const response = await app.inject('/reports/daily/2026-11-29')
    t.equal(response.statusCode, status)
    t.notMatch(response.body, /AccessDenied/)
  }
})

t.test('the API reaches S3 only when a request needs it: its client is loaded on first use', async (t) => {
  const s3 = await testS3()
  const app = await build(t, { ...s3.env, S3_ENDPOINT: 'http://127.0.0.1:9' })
  t.equal((await app.inject('/items')).statusCode, 200, 'items without images never touch S3')
  const response = await app.inject('/reports/daily/2026-11-29')
  t.equal(response.statusCode, 503, 'an S3 that cannot be reached is a 503')
})
