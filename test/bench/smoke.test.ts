// npm run bench -- --quick: one short iteration of every measurement, so that the benchmark script cannot rot.
// Nothing here asserts a speed: the figures come from `npm run bench`, on purpose, not from the test suite.
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { temporaryDirectory } from '../helper.ts'

const run = promisify(execFile)

t.test('one quick iteration measures everything and writes its results', async (t) => {
  const out = await temporaryDirectory(t)
  // Through tsx, as `npm run bench` runs it: a benchmark is not covered code, and the suite's coverage leaves it out.
  // --node24 with this Node: both passes of the run (Node 24's and the machine's) without installing a second Node.
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick', '--out', out, '--node24', process.execPath], {
    env: { ...process.env, NODE_V8_COVERAGE: undefined, _TAPJS_PROCESSINFO_COVERAGE_: '0' },
    maxBuffer: 16 * 1024 * 1024
  })
  for (const heading of ['cold start', 'warm CPU per invocation', 'local server', 'size:', 'peak RSS', 'targets']) {
    t.match(stdout, heading, `the table has "${heading}"`)
  }
  const results = JSON.parse(await readFile(join(out, 'latest.json'), 'utf8'))
  t.same(results.machine.nodes, [process.version], 'one pass per distinct Node version')
  const variants = { app: { spawn_to_response_ms: { median: Number } }, fastify: { spawn_to_response_ms: { median: Number } }, floor: { spawn_to_response_ms: { median: Number } } }
  const warm = { cpu_us: { app: Number, fastify: Number, floor: Number }, cpu_over_fastify_us: Number, cpu_over_floor_us: Number }
  t.match(results.nodes[process.version], {
    cold_start: { ...variants, ratio: Number, fastify_ratio: Number },
    warm: { 'GET /health': warm, 'GET /items/{id}': warm, 'POST /items': warm, 'GET /items': warm },
    local_server: { health_ratio: Number },
    memory: { after_cold_start_mb: { ratio: Number } },
    targets: {
      cold_start_ratio: { met: Boolean }, warm_cpu_over_fastify_us: { met: Boolean }, health_rps_ratio: { met: Boolean }, peak_rss_ratio: { met: Boolean }
    }
  })
  t.match(results.size, {
    bundle_bytes: Number, zip_bytes: Number, zip_without_docs_bytes: Number, targets: { code_zip_kib: { met: Boolean }, docs_zip_bytes: { met: Boolean } }
  })
  t.same(results.cost.map((row: { memory_mb: number }) => row.memory_mb), [128, 256, 512, 1024])
  t.match(results.recommended_memory, { memory_mb: Number, reason: String })
  t.match(stdout, new RegExp(`recommended memory size: ${results.recommended_memory.memory_mb} MB`))
  for (const target of ['hello-world /health', 'items-api /health', 'items-api GET /items/{id}']) {
    t.equal(results.nodes[process.version].local_server[target].errors, 0, `${target}: no errors under load`)
  }
  t.match(results.thumbnails, {
    images: { 'JPEG 1000×750 (0.8 MP, a phone photo)': { median_ms: Number, p90_ms: Number } },
    peak_rss_mb: Number,
    upload_cost_12mp: { memory_mb: 1024, per_thousand: { total: Number } }
  }, 'the thumbnail function\'s time per image and an upload\'s cost')
  t.match(stdout, /thumbnails \(makeThumbnails/)
  // CI has Java; a laptop without it is told the pipeline was not measured.
  if (results.pipeline !== 'not measured: no Java for DynamoDB Local') {
    t.match(results.pipeline, { target_ms: 4000, first: { orders: 5, all_confirmed_ms: Number }, bursts: [{ orders: 10, at_a_time: 5, orders_per_s: Number, post_to_confirmed_ms: { p50: Number, p99: Number } }] })
    t.match(stdout, /burst 1: 10 orders, 5 at a time: all CONFIRMED [\d.]+ s after the first POST/)
  }
  t.ok(existsSync(join(out, 'chart.svg')), 'the chart')
  t.match(await readFile(join(out, 'chart.svg'), 'utf8'), /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/)
})
