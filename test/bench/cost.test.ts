// The benchmark's memory recommendation: the smallest size that starts in time and leaves room above the peak RSS.
import t from 'tap'
import { costModel, recommendMemory, uploadCost } from '../../bench/cost.ts'

t.test('the smallest size whose init estimate and memory headroom both fit', async (t) => {
  // 2 ms of handler time and 120 ms of init on a full core: 128 MB stretches the init to 1658 ms, 256 MB to 829 ms.
  const rows = costModel(2, 5, 120)
  t.same(rows.map((row) => row.init_ms_estimate), [1658, 829, 415, 207])
  t.equal(recommendMemory(rows, 100).memory_mb, 256, '256 MB: init under a second, twice the 100 MB peak RSS')
  t.equal(recommendMemory(rows, 150).memory_mb, 512, '150 MB of peak RSS needs 300 MB')
  t.match(recommendMemory(rows, 150).reason, /init estimate under 1000 ms \(415 ms\).*\$0\.\d\d per million above the cheapest/)
})

t.test('when no size fits, the largest modelled, saying so', async (t) => {
  const recommendation = recommendMemory(costModel(2, 5, 120), 600)
  t.equal(recommendation.memory_mb, 1024)
  t.match(recommendation.reason, /no size modelled keeps the init estimate under 1000 ms with 2× the peak RSS \(600 MB\)/)
})

t.test('an upload\'s cost per thousand: S3\'s writes dominate; the function\'s time is stretched by its CPU share', async (t) => {
  const cost = uploadCost(300)
  // 300 ms on a full core is 518 ms at 1024 MB (1769 / 1024 of a core), plus 80 ms of S3 and DynamoDB round trips.
  t.equal(cost.billed_ms, 599)
  t.equal(cost.per_thousand.s3_requests, 0.0204, 'four writes and a read')
  t.ok(Math.abs(cost.per_thousand.thumbnail_function - (0.0002 + 0.599 * 0.0000133334 * 1000)) < 1e-9, 'a request and 0.599 GB-s per upload')
  t.ok(Math.abs(cost.per_thousand.total - Object.entries(cost.per_thousand).filter(([part]) => part !== 'total').reduce((sum, [, value]) => sum + value, 0)) < 1e-12)
  t.equal(uploadCost(300, 2048).billed_ms, 380, 'above a full core, no stretch')
})
