// The benchmark's memory recommendation: the smallest size that starts in time and leaves room above the peak RSS.
import t from 'tap'
import { costModel, recommendMemory } from '../../bench/cost.ts'

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
