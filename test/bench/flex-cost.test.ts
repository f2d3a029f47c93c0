// The Flex Consumption cost model: the plan's 1,000 ms minimum busy spell, instances added as the load needs them,
// and the per-order sum beside AWS's.
import t from 'tap'
import { FLEX_PRICES, flexComputePerSecond, flexRequestCost, orderCost, costLines } from '../../bench/flex-cost.ts'
import { costModel } from '../../bench/cost.ts'

t.test('one request a second keeps a 512 MB instance busy all the time: the minimum spell, not the request, is billed', async (t) => {
  const [small] = flexRequestCost(12)
  t.equal(small.memory_mb, 512)
  t.equal(small.per_million['1/s'], 0.5 * 1 * FLEX_PRICES.gbSecond * 1e6 + FLEX_PRICES.executionsPerMillion)
  t.equal(flexComputePerSecond(0.5, 12, 512, 4), 0.5 * 0.5 * FLEX_PRICES.gbSecond, 'one request every two seconds: busy half the time')
})

t.test('at a thousand a second, as many instances as the concurrency needs, each busy all the time', async (t) => {
  t.equal(flexComputePerSecond(1000, 12, 512, 4), 3 * 0.5 * FLEX_PRICES.gbSecond, '12 requests in flight, 4 an instance')
  t.equal(flexComputePerSecond(10, 2500, 512, 4), 7 * 0.5 * FLEX_PRICES.gbSecond, 'a spell longer than the minimum, in 100 ms steps')
})

t.test('per request, never cheaper as the rate falls, and never below the executions\' price', async (t) => {
  for (const row of flexRequestCost(12)) {
    const values = Object.values(row.per_million)
    t.same([...values].sort((a, b) => b - a), values, `${row.memory_mb} MB: falls with the rate`)
    t.ok(values.every((value) => value > FLEX_PRICES.executionsPerMillion))
  }
})

t.test('per order: AWS\'s cost does not depend on the rate, Flex Consumption\'s falls with it', async (t) => {
  const rows = orderCost()
  t.equal(new Set(rows.map((row) => row.aws_per_thousand)).size, 1)
  const flex = rows.map((row) => row.azure_per_thousand['512 MB'])
  t.same([...flex].sort((a, b) => b - a), flex)
  t.ok(flex.every((value) => value > rows[0].aws_per_thousand), 'above AWS at every rate modelled')
  const lines = costLines(costModel(3, 5, 120), { requests: flexRequestCost(8), orders: rows })
  t.match(lines.join('\n'), /AWS Lambda 512 MB arm64 \+ HTTP API \$1\.\d\d at any rate[^]*Flex 512 MB: 1\/s \$13\.40/)
})
