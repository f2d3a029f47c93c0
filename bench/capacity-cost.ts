// The capacity model: what the API costs a month at a steady request rate on demand, with provisioned concurrency
// sized for that rate, and on Lambda Managed Instances (docs/deployment.md), from us-east-1's published arm64 prices.
// Estimates: nothing was billed, and the utilisation targets are choices, stated below.
import { PRICES } from './cost.ts'

export const CAPACITY_PRICES = {
  /** Provisioned concurrency, arm64: the configured GB-s, and the duration of what runs on it. */
  provisionedGbSecond: 0.0000033334,
  provisionedDurationGbSecond: 0.0000077778,
  /** Managed Instances: c7g.large on demand (2 vCPU, 4 GiB), plus Lambda's 15% management fee. */
  instanceHourly: 0.0725,
  managementFee: 0.15
} as const

const SECONDS_A_MONTH = 730 * 3600
/** Provisioned concurrency sized so that the steady load uses 70% of it (what Application Auto Scaling aims for). */
export const PROVISIONED_UTILISATION = 0.7
/** Managed Instances: at least three instances (one per zone), one vCPU each left to the functions, run at half. */
const INSTANCE_FLOOR = 3
const FUNCTION_VCPUS_PER_INSTANCE = 1
const INSTANCE_UTILISATION = 0.5
/** The memory size on demand and with provisioned concurrency (serverless.yml's). */
const MEMORY_GB = 0.5

export const CAPACITY_RATES = [1, 10, 100, 1000, 5000] as const

export interface CapacityRow {
  rate_per_second: number
  /** Dollars a month, requests included, API Gateway not (the same on all three). */
  on_demand: number
  provisioned: number
  provisioned_concurrency: number
  managed_instances: number
  instances: number
  cheapest: 'on_demand' | 'provisioned' | 'managed_instances'
}

/**
 * `billedMs`: an invocation's billed time at 512 MB (cost.ts); `cpuMs`: its CPU time on one full vCPU (the warm
 * handler measured by the bench), which is what an instance's vCPU spends on it while the store's round trip waits.
 */
export function capacityCost (billedMs: number, cpuMs: number): CapacityRow[] {
  return CAPACITY_RATES.map((rate) => {
    const requests = rate * PRICES.requestsPerMillion / 1e6
    const onDemand = requests + rate * MEMORY_GB * (billedMs / 1000) * PRICES.gbSecond.arm64
    const concurrency = Math.max(1, Math.ceil(rate * (billedMs / 1000) / PROVISIONED_UTILISATION))
    const provisioned = requests + concurrency * MEMORY_GB * CAPACITY_PRICES.provisionedGbSecond +
      rate * MEMORY_GB * (billedMs / 1000) * CAPACITY_PRICES.provisionedDurationGbSecond
    const instances = Math.max(INSTANCE_FLOOR, Math.ceil(rate * (cpuMs / 1000) / (FUNCTION_VCPUS_PER_INSTANCE * INSTANCE_UTILISATION)))
    const managed = requests + instances * CAPACITY_PRICES.instanceHourly * (1 + CAPACITY_PRICES.managementFee) / 3600
    const monthly = { on_demand: onDemand * SECONDS_A_MONTH, provisioned: provisioned * SECONDS_A_MONTH, managed_instances: managed * SECONDS_A_MONTH }
    const cheapest = (Object.keys(monthly) as Array<keyof typeof monthly>).reduce((best, name) => monthly[name] < monthly[best] ? name : best)
    return { rate_per_second: rate, ...monthly, provisioned_concurrency: concurrency, instances, cheapest }
  })
}

const money = (value: number): string => value >= 100 ? `$${Math.round(value).toLocaleString('en-US')}` : `$${value.toFixed(2)}`

/** The bench's lines: a month at each steady rate, the three ways side by side. */
export function capacityLines (rows: CapacityRow[], billedMs: number): string[] {
  return [
    `\nthe API a month at a steady rate (512 MB arm64, ${billedMs} ms billed; no API Gateway, no free tier):`,
    ...rows.map((row) => `  ${row.rate_per_second}/s: on demand ${money(row.on_demand)}, provisioned ${row.provisioned_concurrency} ${money(row.provisioned)}, ` +
      `Managed Instances ${row.instances} × c7g.large ${money(row.managed_instances)}; cheapest: ${row.cheapest.replace('_', ' ')}`)
  ]
}
