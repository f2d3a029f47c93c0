// npm run soak, briefly: the mixed load and its verification run, and nothing acknowledged is lost.
// The figures come from `npm run soak` itself; nothing here asserts a speed.
import t from 'tap'
import { soak } from '../../bench/soak.ts'

t.test('two seconds of mixed CRUD: every acknowledged write verified, nothing lost, no 5xx', async (t) => {
  const result = await soak(2, 4)
  t.ok(result.requests > 0, `${result.requests} requests`)
  t.same(result.lost, [], 'lost: 0')
  t.equal(result.byClass['5xx'] ?? 0, 0, 'no 5xx')
  t.ok((result.byClass['2xx'] ?? 0) > 0)
  t.ok(result.p99Ms >= result.p50Ms)
})
