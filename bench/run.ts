// npm run bench: the built Lambda artifact and the local server, each measured beside its baseline and interleaved with
// it so that machine drift cancels. Prints a table, writes results/latest.json and results/chart.svg.
// `--quick`: one short iteration of everything, so that CI can check the script still runs. `--out DIR`: elsewhere.
// `--node PATH`: the Node binary that runs the measured processes (for instance Node 24, the Lambda runtime's).
import { execFileSync } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { bundle, buildLambda } from '../scripts/build.ts'
import { createDynamoDbClient } from '../src/store/dynamodb-client.ts'
import { DynamoDbItemStore } from '../src/store/dynamodb-item-store.ts'
import { ensureTable } from '../src/store/ensure-table.ts'
import { lambdaEvent } from '../test/lambda/events.ts'
import { chartSvg } from './chart.ts'
import { costModel, recommendMemory } from './cost.ts'
import { load, startHttpProcess, type LoadResult } from './local-server.ts'
import { runReporting, timeProcess } from './processes.ts'
import { artifactSizes } from './sizes.ts'
import { report } from './report.ts'
import { round, summarise } from './stats.ts'

// Node 20's notice that later AWS SDK releases need Node 22 says nothing about the figures.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
const quick = process.argv.includes('--quick')
const outIndex = process.argv.indexOf('--out')
const OUT = outIndex === -1 ? 'bench/results' : process.argv[outIndex + 1]
const nodeIndex = process.argv.indexOf('--node')
const NODE = nodeIndex === -1 ? process.execPath : process.argv[nodeIndex + 1]
const NODE_VERSION = execFileSync(NODE, ['--version'], { encoding: 'utf8' }).trim()
const PLAN = quick
  ? { coldRuns: 1, warmRounds: 1, warmIterations: 20, serverRounds: 1, serverSeconds: 1 }
  : { coldRuns: 15, warmRounds: 3, warmIterations: 1000, serverRounds: 3, serverSeconds: 5 }
// An assumption, not a measurement: a GetItem's round trip to DynamoDB inside one region.
const DYNAMODB_ROUND_TRIP_MS = 5
const TABLE = 'items-api-bench'

const work = join(OUT, '.build')
const appModule = join(work, 'app/index.mjs')
const floorModule = join(work, 'floor/index.mjs')
await buildLambda(join(work, 'app'))
await bundle('bench/floor-handler.ts', floorModule)

const store = await runReporting<{ endpoint: string }>(['--import', 'tsx', 'bench/store-process.ts'], {}, { keepRunning: true })
const endpoint = store.report.endpoint
try {
  const client = createDynamoDbClient({ region: 'us-east-1', dynamodbEndpoint: endpoint })
  await ensureTable(client, TABLE)
  const items = new DynamoDbItemStore(client, TABLE)
  const seeded = []
  for (let i = 0; i < 30; i++) seeded.push(await items.create({ name: `Item ${i}`, price: i + 0.5 }))
  const id = seeded[0].id

  const env = {
    AWS_LAMBDA_FUNCTION_NAME: 'items-api-bench',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_REGION: 'us-east-1',
    DYNAMODB_ENDPOINT: endpoint,
    DYNAMODB_TABLE_NAME: TABLE,
    LOG_LEVEL: 'info',
    ENVIRONMENT: 'bench',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true'
  }
  const json = { 'content-type': 'application/json' }
  const events = {
    'GET /items/{id}': lambdaEvent('http-api', { method: 'GET', path: `/items/${id}` }),
    'POST /items': lambdaEvent('http-api', { method: 'POST', path: '/items', headers: json, body: '{"name":"Bench","price":1.5}' }),
    'GET /items': lambdaEvent('http-api', { method: 'GET', path: '/items', query: { limit: '20' } })
  }
  const eventsFile = join(work, 'events.json')
  await writeFile(eventsFile, JSON.stringify(events))

  // 1. Cold start, interleaved: app, floor and a bare node start in turn, in a rotating order.
  interface Cold { load_ms: number, first_invocation_ms: number, max_rss_bytes: number, status: number }
  const cold = { app: [] as Array<Cold & { spawn_ms: number }>, floor: [] as Array<Cold & { spawn_ms: number }>, node: [] as number[] }
  for (let run = 0; run < PLAN.coldRuns; run++) {
    const steps = [
      async () => cold.node.push(await timeProcess(['-e', '0'], NODE)),
      async () => {
        const { report: measured, elapsedMs } = await runReporting<Cold>(['bench/cold-start.mjs', appModule, JSON.stringify(events['GET /items/{id}'])], env, { node: NODE })
        cold.app.push({ ...measured, spawn_ms: elapsedMs })
      },
      async () => {
        const { report: measured, elapsedMs } = await runReporting<Cold>(['bench/cold-start.mjs', floorModule, JSON.stringify(events['GET /items/{id}'])], env, { node: NODE })
        cold.floor.push({ ...measured, spawn_ms: elapsedMs })
      }
    ]
    for (let step = 0; step < steps.length; step++) await steps[(step + run) % steps.length]()
  }
  if ([...cold.app, ...cold.floor].some((run) => run.status !== 200)) throw new Error('a cold start did not answer 200')

  // 2. Warm invocations, each round in fresh processes, app and floor alternating.
  type Warm = { timings: Record<string, number[]>, cpu_us: Record<string, number>, max_rss_bytes: number }
  const warm = { app: [] as Warm[], floor: [] as Warm[] }
  for (let round = 0; round < PLAN.warmRounds; round++) {
    const order = round % 2 === 0 ? (['app', 'floor'] as const) : (['floor', 'app'] as const)
    for (const variant of order) {
      const module = variant === 'app' ? appModule : floorModule
      const args = ['bench/warm.mjs', module, eventsFile, `${PLAN.warmIterations}`]
      warm[variant].push((await runReporting<Warm>(args, env, { node: NODE, stdoutFile: join(work, `warm-${variant}.log`) })).report)
    }
  }
  const pooled = (variant: 'app' | 'floor', operation: string): number[] => warm[variant].flatMap((run) => run.timings[operation])

  // 3. The local server against a plain Fastify hello-world, interleaved round by round.
  const serverEnv = { ...env, AWS_LAMBDA_FUNCTION_NAME: '', AWS_LAMBDA_INITIALIZATION_TYPE: '', HOST: '127.0.0.1' }
  const app = await startHttpProcess(['--import', 'tsx', 'src/server.ts'], serverEnv, NODE)
  const hello = await startHttpProcess(['--import', 'tsx', 'bench/hello-fastify.ts'], {}, NODE)
  const local: Record<string, LoadResult[]> = { 'hello-world /health': [], 'items-api /health': [], 'items-api GET /items/{id}': [] }
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

  const sizes = await artifactSizes(join(work, 'app'))
  const results = report({ cold, pooled, warm, local, sizes, plan: PLAN, quick })
  const appGet = summarise(pooled('app', 'GET /items/{id}')).median / 1000
  const appInit = summarise(cold.app.map((run) => run.load_ms)).median
  const cost = costModel(appGet, DYNAMODB_ROUND_TRIP_MS, appInit)
  const recommendation = recommendMemory(cost, results.memory.after_cold_start_mb.app.median)
  const output = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: NODE_VERSION, platform: `${process.platform}-${process.arch}` },
    plan: PLAN,
    assumptions: { dynamodb_round_trip_ms: DYNAMODB_ROUND_TRIP_MS },
    ...results,
    cost,
    recommended_memory: recommendation
  }
  await mkdir(OUT, { recursive: true })
  await writeFile(join(OUT, 'latest.json'), JSON.stringify(output, null, 2) + '\n')
  await writeFile(join(OUT, 'chart.svg'), chartSvg({
    cold: [
      { label: 'node -e 0', runs: cold.node },
      { label: 'floor handler', runs: cold.floor.map((run) => run.spawn_ms) },
      { label: 'items-api handler', runs: cold.app.map((run) => run.spawn_ms) }
    ],
    warm: Object.keys(events).flatMap((operation) => (['floor', 'app'] as const).map((variant) => {
      const summary = summarise(pooled(variant, operation))
      return { label: `${variant === 'app' ? 'items-api' : 'floor'} ${operation}`, p50: round(summary.median), p90: round(summary.p90), p99: round(summary.p99) }
    }))
  }, `${output.machine.cpu}, ${output.machine.cpus} cores, Node ${NODE_VERSION}, ${output.date.slice(0, 10)}`))
  console.log(results.table)
  console.log(`\nrecommended memory size: ${recommendation.memory_mb} MB — ${recommendation.reason}`)
  console.log(`\nwrote ${join(OUT, 'latest.json')} and ${join(OUT, 'chart.svg')}`)
} finally {
  store.child.kill('SIGTERM')
}
