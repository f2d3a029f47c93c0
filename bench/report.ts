// Turns the raw runs into the results: summaries, ratios to the baselines, the four targets, and the printed table.
import type { LoadResult } from './local-server.ts'
import type { Sizes } from './sizes.ts'
import { percentile, round, summarise, type Summary } from './stats.ts'

interface ColdRun { spawn_ms: number, load_ms: number, first_invocation_ms: number, max_rss_bytes: number }

export interface Runs {
  cold: { app: ColdRun[], floor: ColdRun[], node: number[] }
  warm: { app: WarmRun[], floor: WarmRun[] }
  pooled: (variant: 'app' | 'floor', operation: string) => number[]
  local: Record<string, LoadResult[]>
  sizes: Sizes
  plan: Record<string, number>
  quick: boolean
}

interface WarmRun { max_rss_bytes: number, cpu_us: Record<string, number> }

const OPERATIONS = ['GET /items/{id}', 'POST /items', 'GET /items']
const MB = 1024 * 1024
const brief = (summary: Summary, digits = 1): { median: number, p90: number } => ({ median: round(summary.median, digits), p90: round(summary.p90, digits) })
const ratio = (value: number, baseline: number): number => round(value / baseline, 2)
const medianOf = (values: number[]): number => percentile(values, 50)

export function report (runs: Runs): Record<string, any> & { table: string } {
  const { cold, pooled, local, sizes, warm } = runs
  const coldOf = (variant: 'app' | 'floor'): Record<string, unknown> => ({
    spawn_to_response_ms: brief(summarise(cold[variant].map((run) => run.spawn_ms))),
    load_and_ready_ms: brief(summarise(cold[variant].map((run) => run.load_ms))),
    first_invocation_ms: brief(summarise(cold[variant].map((run) => run.first_invocation_ms))),
    peak_rss_mb: brief(summarise(cold[variant].map((run) => run.max_rss_bytes / MB)))
  })
  const coldRatio = ratio(medianOf(cold.app.map((run) => run.spawn_ms)), medianOf(cold.floor.map((run) => run.spawn_ms)))
  const rssRatio = ratio(medianOf(cold.app.map((run) => run.max_rss_bytes)), medianOf(cold.floor.map((run) => run.max_rss_bytes)))

  const warmResults = Object.fromEntries(OPERATIONS.map((operation) => {
    const app = summarise(pooled('app', operation))
    const floor = summarise(pooled('floor', operation))
    const cpu = (variant: 'app' | 'floor'): number => medianOf(warm[variant].map((run) => run.cpu_us[operation]))
    return [operation, {
      app_us: brief(app),
      floor_us: brief(floor),
      overhead_us: round(app.median - floor.median),
      ratio: ratio(app.median, floor.median),
      cpu_us: { app: round(cpu('app')), floor: round(cpu('floor')), overhead: round(cpu('app') - cpu('floor')) }
    }]
  }))
  const overhead = warmResults['GET /items/{id}'].overhead_us as number

  const localResults = Object.fromEntries(Object.entries(local).map(([target, results]) => [target, {
    rps: brief(summarise(results.map((result) => result.rps)), 0),
    p50_ms: medianOf(results.map((result) => result.p50_ms)),
    p99_ms: medianOf(results.map((result) => result.p99_ms)),
    errors: results.reduce((sum, result) => sum + result.errors + result.non_2xx, 0)
  }]))
  const healthRatio = ratio(localResults['items-api /health'].rps.median, localResults['hello-world /health'].rps.median)

  const targets = {
    cold_start_ratio: { value: coldRatio, target: '<= 1.3', met: coldRatio <= 1.3 },
    warm_overhead_us: { value: overhead, target: '<= 30', met: overhead <= 30 },
    health_rps_ratio: { value: healthRatio, target: '>= 0.85', met: healthRatio >= 0.85 },
    peak_rss_ratio: { value: rssRatio, target: '<= 1.3', met: rssRatio <= 1.3 }
  }
  const memory = {
    after_cold_start_mb: { app: coldOf('app').peak_rss_mb, floor: coldOf('floor').peak_rss_mb, ratio: rssRatio },
    after_warm_runs_mb: {
      app: brief(summarise(warm.app.map((run) => run.max_rss_bytes / MB))),
      floor: brief(summarise(warm.floor.map((run) => run.max_rss_bytes / MB)))
    }
  }
  const results = {
    cold_start: { app: coldOf('app'), floor: coldOf('floor'), node_e_0_ms: brief(summarise(cold.node)), ratio: coldRatio },
    warm: warmResults,
    local_server: { ...localResults, health_ratio: healthRatio },
    size: sizes,
    memory,
    targets
  }
  return { ...results, table: table(results) }
}

function table (results: Record<string, any>): string {
  const lines: string[] = []
  const row = (...cells: Array<string | number>): number => lines.push(cells.map((cell, index) => `${cell}`.padEnd(index === 0 ? 34 : 16)).join(''))
  const pair = (value: { median: number, p90: number }): string => `${value.median} / ${value.p90}`
  const { cold_start: cold, warm, local_server: local, size, memory, targets } = results
  row('cold start (median / p90)', 'items-api', 'floor', 'ratio')
  row('  spawn to first response, ms', pair(cold.app.spawn_to_response_ms), pair(cold.floor.spawn_to_response_ms), cold.ratio)
  row('  load + ready, ms', pair(cold.app.load_and_ready_ms), pair(cold.floor.load_and_ready_ms))
  row('  first invocation, ms', pair(cold.app.first_invocation_ms), pair(cold.floor.first_invocation_ms))
  row('  node -e 0, ms', pair(cold.node_e_0_ms))
  row('warm invocation, µs (median / p90)', 'items-api', 'floor', 'overhead µs')
  for (const [operation, value] of Object.entries<any>(warm)) row(`  ${operation}`, pair(value.app_us), pair(value.floor_us), value.overhead_us)
  row('  its CPU time, µs per invocation', 'items-api', 'floor', 'overhead µs')
  for (const [operation, value] of Object.entries<any>(warm)) row(`  ${operation}`, value.cpu_us.app, value.cpu_us.floor, value.cpu_us.overhead)
  row('local server (loopback, 10 conns)', 'req/s median', 'p50 / p99 ms', 'errors')
  for (const [target, value] of Object.entries<any>(local)) {
    if (target !== 'health_ratio') row(`  ${target}`, value.rps.median, `${value.p50_ms} / ${value.p99_ms}`, value.errors)
  }
  row('  /health vs hello-world', local.health_ratio)
  row('size, bytes', 'bundle', 'zip', 'zip w/o docs')
  row('', size.bundle_bytes, size.zip_bytes, size.zip_without_docs_bytes)
  row('peak RSS, MB (median)', 'items-api', 'floor', 'ratio')
  row('  after cold start', memory.after_cold_start_mb.app.median, memory.after_cold_start_mb.floor.median, memory.after_cold_start_mb.ratio)
  row('  after warm runs', memory.after_warm_runs_mb.app.median, memory.after_warm_runs_mb.floor.median)
  row('targets', 'value', 'target', 'met')
  for (const [name, target] of Object.entries<any>(targets)) row(`  ${name}`, target.value, target.target, target.met ? 'yes' : 'NO')
  return lines.join('\n')
}
