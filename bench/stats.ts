// Percentiles and summaries for the benchmark tables.

export function percentile (values: number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = (p / 100) * (sorted.length - 1)
  const low = Math.floor(rank)
  const high = Math.ceil(rank)
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low)
}

export interface Summary { median: number, p90: number, p99: number, runs: number }

export function summarise (values: number[]): Summary {
  return { median: percentile(values, 50), p90: percentile(values, 90), p99: percentile(values, 99), runs: values.length }
}

export const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits
