// Turns one Node's raw runs into its results: summaries, ratios to the two baselines, the targets, the printed table.
import type { LoadResult } from './local-server.ts'
import type { Sizes } from './sizes.ts'
import { percentile, round, summarise, type Summary } from './stats.ts'

/** The three Lambda handlers measured side by side. */
export const VARIANTS = ['app', 'fastify', 'floor'] as const
export type Variant = typeof VARIANTS[number]
export const VARIANT_LABELS: Record<Variant, string> = { app: 'items-api', fastify: 'bare Fastify', floor: 'floor' }

export interface ColdRun { spawn_ms: number, load_ms: number, first_invocation_ms: number, max_rss_bytes: number }
export interface WarmRun { timings: Record<string, number[]>, cpu_us: Record<string, number>, max_rss_bytes: number }

/** The cold starts also time the app without its compile cache, where the Node has one to read. */
export type ColdVariant = Variant | 'app_without_cache'

export interface Runs {
  cold: Record<Variant, ColdRun[]> & { node: number[], app_without_cache?: ColdRun[] }
  warm: Record<Variant, WarmRun[]>
  local: Record<string, LoadResult[]>
}

export const OPERATIONS = ['GET /health', 'GET /items/{id}', 'POST /items', 'GET /items']
/** The operations whose warm CPU time has a target against bare Fastify. */
const TARGET_OPERATIONS = ['GET /health', 'GET /items/{id}', 'POST /items']
export const TARGETS = {
  coldStartRatio: 1.3,
  warmCpuOverFastifyUs: 50,
  healthRpsRatio: 0.85,
  peakRssRatio: 1.3,
  codeZipKib: 250,
  // The docs assets' compressed size when this target was set: they may not grow.
  docsZipBytes: 889_663
}

const MB = 1024 * 1024
const brief = (summary: Summary, digits = 1): { median: number, p90: number } => ({ median: round(summary.median, digits), p90: round(summary.p90, digits) })
const ratio = (value: number, baseline: number): number => round(value / baseline, 2)
const medianOf = (values: number[]): number => percentile(values, 50)

export function report (runs: Runs): Record<string, any> {
  const { cold, warm, local } = runs
  const coldOf = (runs: ColdRun[]): Record<string, any> => ({
    spawn_to_response_ms: brief(summarise(runs.map((run) => run.spawn_ms))),
    load_and_ready_ms: brief(summarise(runs.map((run) => run.load_ms))),
    first_invocation_ms: brief(summarise(runs.map((run) => run.first_invocation_ms))),
    peak_rss_mb: brief(summarise(runs.map((run) => run.max_rss_bytes / MB)))
  })
  const coldMedian = (variant: Variant): number => medianOf(cold[variant].map((run) => run.spawn_ms))
  const rssMedian = (variant: Variant): number => medianOf(cold[variant].map((run) => run.max_rss_bytes))

  const warmResults = Object.fromEntries(OPERATIONS.map((operation) => {
    const wall = (variant: Variant): Summary => summarise(warm[variant].flatMap((run) => run.timings[operation]))
    const cpu = (variant: Variant): number => round(medianOf(warm[variant].map((run) => run.cpu_us[operation])))
    // Differences are taken round by round, between processes that ran next to each other, and their median kept:
    // the machine's speed drifts between rounds far more than the differences being measured.
    const over = (variant: Variant, baseline: Variant): number =>
      round(medianOf(warm[variant].map((run, index) => run.cpu_us[operation] - warm[baseline][index].cpu_us[operation])))
    return [operation, {
      wall_us: Object.fromEntries(VARIANTS.map((variant) => [variant, brief(wall(variant))])),
      cpu_us: Object.fromEntries(VARIANTS.map((variant) => [variant, cpu(variant)])),
      cpu_over_floor_us: over('app', 'floor'),
      cpu_over_fastify_us: over('app', 'fastify'),
      fastify_over_floor_us: over('fastify', 'floor')
    }]
  }))

  const localResults = Object.fromEntries(Object.entries(local).map(([target, results]) => [target, {
    rps: brief(summarise(results.map((result) => result.rps)), 0),
    p50_ms: medianOf(results.map((result) => result.p50_ms)),
    p99_ms: medianOf(results.map((result) => result.p99_ms)),
    errors: results.reduce((sum, result) => sum + result.errors + result.non_2xx, 0)
  }]))
  const healthRatio = ratio(localResults['items-api /health'].rps.median, localResults['hello-world /health'].rps.median)

  const coldRatio = ratio(coldMedian('app'), coldMedian('floor'))
  const worstWarm = Math.max(...TARGET_OPERATIONS.map((operation) => warmResults[operation].cpu_over_fastify_us))
  const rssRatio = ratio(rssMedian('app'), rssMedian('floor'))
  return {
    cold_start: {
      ...Object.fromEntries(VARIANTS.map((variant) => [variant, coldOf(cold[variant])])),
      ...(cold.app_without_cache === undefined
        ? {}
        : {
            app_without_cache: coldOf(cold.app_without_cache),
            ratio_without_cache: ratio(medianOf(cold.app_without_cache.map((run) => run.spawn_ms)), coldMedian('floor'))
          }),
      node_e_0_ms: brief(summarise(cold.node)),
      ratio: coldRatio,
      fastify_ratio: ratio(coldMedian('fastify'), coldMedian('floor'))
    },
    warm: warmResults,
    local_server: { ...localResults, health_ratio: healthRatio },
    memory: {
      after_cold_start_mb: { ...Object.fromEntries(VARIANTS.map((variant) => [variant, coldOf(cold[variant]).peak_rss_mb])), ratio: rssRatio },
      after_warm_runs_mb: Object.fromEntries(VARIANTS.map((variant) => [variant, brief(summarise(warm[variant].map((run) => run.max_rss_bytes / MB)))]))
    },
    targets: {
      cold_start_ratio: { value: coldRatio, target: `<= ${TARGETS.coldStartRatio}, below bare Fastify's`, met: coldRatio <= TARGETS.coldStartRatio && coldMedian('app') < coldMedian('fastify') },
      warm_cpu_over_fastify_us: { value: worstWarm, target: `<= ${TARGETS.warmCpuOverFastifyUs} on each of ${TARGET_OPERATIONS.join(', ')}`, met: worstWarm <= TARGETS.warmCpuOverFastifyUs },
      health_rps_ratio: { value: healthRatio, target: `>= ${TARGETS.healthRpsRatio}`, met: healthRatio >= TARGETS.healthRpsRatio },
      peak_rss_ratio: { value: rssRatio, target: `<= ${TARGETS.peakRssRatio}`, met: rssRatio <= TARGETS.peakRssRatio }
    }
  }
}

export function sizeTargets (sizes: Sizes): Record<string, { value: number, target: string, met: boolean }> {
  const codeKib = round(sizes.zip_without_docs_bytes / 1024)
  const docs = sizes.docs_zip_bytes
  return {
    code_zip_kib: { value: codeKib, target: `<= ${TARGETS.codeZipKib}`, met: codeKib <= TARGETS.codeZipKib },
    docs_zip_bytes: { value: docs, target: `<= ${TARGETS.docsZipBytes}`, met: docs <= TARGETS.docsZipBytes }
  }
}

/** The printed table: one column per Node for every figure. */
export function table (byNode: Record<string, Record<string, any>>, sizes: Sizes): string {
  const lines: string[] = []
  const nodes = Object.keys(byNode)
  const row = (label: string, ...cells: Array<string | number>): number =>
    lines.push([label.padEnd(46), ...cells.map((cell) => `${cell}`.padEnd(28))].join(''))
  const each = (pick: (results: Record<string, any>) => string | number): Array<string | number> => nodes.map((node) => pick(byNode[node]))
  const pair = (value: { median: number, p90: number }): string => `${value.median} / ${value.p90}`
  row('', ...nodes.map((node) => `Node ${node}`))
  row('cold start, spawn to response, ms (median / p90)')
  for (const variant of VARIANTS) row(`  ${VARIANT_LABELS[variant]}`, ...each((r) => pair(r.cold_start[variant].spawn_to_response_ms)))
  row('  items-api without its compile cache', ...each((r) => r.cold_start.app_without_cache === undefined ? 'no cache on this Node' : pair(r.cold_start.app_without_cache.spawn_to_response_ms)))
  row('  items-api: load + ready / first call', ...each((r) => `${r.cold_start.app.load_and_ready_ms.median} / ${r.cold_start.app.first_invocation_ms.median}`))
  row('  items-api without the cache: load + ready', ...each((r) => r.cold_start.app_without_cache?.load_and_ready_ms.median ?? '-'))
  row('  bare Fastify: load + ready / first call', ...each((r) => `${r.cold_start.fastify.load_and_ready_ms.median} / ${r.cold_start.fastify.first_invocation_ms.median}`))
  row('  floor: load + ready / first call', ...each((r) => `${r.cold_start.floor.load_and_ready_ms.median} / ${r.cold_start.floor.first_invocation_ms.median}`))
  row('  node -e 0', ...each((r) => pair(r.cold_start.node_e_0_ms)))
  row('  items-api / floor, bare Fastify / floor', ...each((r) => `${r.cold_start.ratio}× / ${r.cold_start.fastify_ratio}×`))
  row('warm CPU per invocation, µs: items-api / bare Fastify / floor (items-api over Fastify, over floor)')
  for (const operation of OPERATIONS) {
    row(`  ${operation}`, ...each((r) => {
      const warm = r.warm[operation]
      return `${warm.cpu_us.app} / ${warm.cpu_us.fastify} / ${warm.cpu_us.floor} (${warm.cpu_over_fastify_us}, ${warm.cpu_over_floor_us})`
    }))
  }
  row('warm wall time, µs median: items-api / bare Fastify / floor')
  for (const operation of OPERATIONS) {
    row(`  ${operation}`, ...each((r) => VARIANTS.map((variant) => r.warm[operation].wall_us[variant].median).join(' / ')))
  }
  row('local server, req/s (p50 / p99 ms)')
  for (const target of ['hello-world /health', 'items-api /health', 'items-api GET /items/{id}']) {
    row(`  ${target}`, ...each((r) => `${r.local_server[target].rps.median} (${r.local_server[target].p50_ms} / ${r.local_server[target].p99_ms})`))
  }
  row('  items-api /health / hello-world', ...each((r) => `${r.local_server.health_ratio}×`))
  row('peak RSS after the cold start, MB: items-api / bare Fastify / floor', ...each((r) => VARIANTS.map((variant) => r.memory.after_cold_start_mb[variant].median).join(' / ')))
  row('peak RSS after the warm runs, MB', ...each((r) => VARIANTS.map((variant) => r.memory.after_warm_runs_mb[variant].median).join(' / ')))
  row(`size: code ${sizes.bundle_bytes} B; zip ${sizes.zip_bytes} B: code ${sizes.zip_without_docs_bytes} B, docs ${sizes.docs_zip_bytes} B, compile cache ${sizes.compile_cache_zip_bytes} B`)
  row('targets')
  for (const name of Object.keys(byNode[nodes[0]].targets)) {
    row(`  ${name} (${byNode[nodes[0]].targets[name].target})`, ...each((r) => `${r.targets[name].value} ${r.targets[name].met ? 'met' : 'MISSED'}`))
  }
  for (const [name, target] of Object.entries(sizeTargets(sizes))) row(`  ${name} (${target.target})`, `${target.value} ${target.met ? 'met' : 'MISSED'}`)
  return lines.join('\n')
}
