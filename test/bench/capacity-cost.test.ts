// The capacity model: on demand, provisioned concurrency sized for the rate, and Managed Instances' floor of three
// instances, a month at steady rates; which is cheapest where.
import t from 'tap'
import { CAPACITY_PRICES, capacityCost, capacityLines, PROVISIONED_UTILISATION } from '../../bench/capacity-cost.ts'

const rows = capacityCost(11, 1.5)

t.test('a quiet API: on demand, since provisioned concurrency and the instances cost whether used or not', async (t) => {
  t.match(rows[0], { rate_per_second: 1, provisioned_concurrency: 1, instances: 3, cheapest: 'on_demand' })
  const floor = 3 * CAPACITY_PRICES.instanceHourly * 1.15 * 730
  t.ok(Math.abs(rows[0].managed_instances - (floor + 1 * 0.2e-6 * 730 * 3600)) < 0.01, 'three instances and the fee, plus the requests')
})

t.test('provisioned concurrency carries the rate at its target utilisation, and pays off under a steady load', async (t) => {
  const thousand = rows.find((row) => row.rate_per_second === 1000)!
  t.equal(thousand.provisioned_concurrency, Math.ceil(1000 * 0.011 / PROVISIONED_UTILISATION))
  t.equal(thousand.cheapest, 'provisioned')
  t.ok(thousand.provisioned < thousand.on_demand)
})

t.test('Managed Instances add instances as the CPU the requests take needs them', async (t) => {
  const busiest = rows.at(-1)!
  t.equal(busiest.instances, Math.ceil(5000 * 0.0015 / 0.5))
  t.ok(rows.every((row, index) => index === 0 || row.instances >= rows[index - 1].instances))
})

t.test('the bench\'s lines name each way\'s cost and the cheapest', async (t) => {
  const lines = capacityLines(rows, 11)
  t.equal(lines.length, rows.length + 1)
  t.match(lines[1], /^ {2}1\/s: on demand \$\d+\.\d\d, provisioned 1 \$\d+\.\d\d, Managed Instances 3 × c7g\.large \$\d+; cheapest: on demand$/)
})
