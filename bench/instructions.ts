// npm run bench -- --instructions: instructions per warm invocation, counted by valgrind's callgrind on Node 24, for
// items-api, bare Fastify and the floor, by operation. Counts, unlike CPU times, hardly move with what else the machine
// runs. Each handler runs twice per operation: a warm-up, then the same warm-up and MEASURED invocations; the
// difference of the main thread's counts, divided by MEASURED, is one invocation. Then the functions behind items-api's
// excess over bare Fastify on one operation, and a V8 CPU profile of its measured invocations for JavaScript names.
import { execFile } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { buildHandlers, startBenchStore } from './bench-setup.ts'
import { VARIANT_LABELS, VARIANTS, type Variant } from './bench-results.ts'
import { byFunction, countedIn, hasValgrind, JIT_CODE, underCallgrind, VALGRIND_INSTALL, valgrindVersion } from './callgrind.ts'

export interface InstructionOptions {
  /** The Node 24 binary. */
  node: string
  out: string
  quick: boolean
  /** The operations to count, of the bench's events. */
  operations: string[]
}

// V8's compilers and garbage collector work on the main thread too, and what they do there depends on when their
// background tasks finish and on the heap's timing heuristics. --single-threaded keeps their work on the main thread;
// --predictable-gc-schedule fixes when the heap grows and is collected; fixed seeds make hashing and Math.random the
// same in every run. Repeated counts of one invocation then agree within about 1% (docs/performance.md).
const NODE_FLAGS = ['--single-threaded', '--predictable-gc-schedule', '--hash-seed=1', '--random-seed=1']
const PLAN = { warmup: 100, measured: 300 }
const QUICK_PLAN = { warmup: 3, measured: 5 }
// The operation whose excess is broken down by function: the one with the most of the app's own work.
const BROKEN_DOWN = 'POST /items'
const TOP_FUNCTIONS = 15

const run = promisify(execFile)
const slug = (operation: string): string => operation.replace(/[^a-z]+/gi, '-').replace(/-$/, '').toLowerCase()
const format = (count: number): string => Math.round(count).toLocaleString('en-US')

/** Runs the tasks `limit` at a time, resolving with their results in order. */
async function inParallel<T> (tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const index = next++
      results[index] = await tasks[index]()
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker))
  return results
}

interface Counted { file: string, total: number }

export async function countInstructions (options: InstructionOptions): Promise<void> {
  if (!hasValgrind()) {
    process.stderr.write(`npm run bench: --instructions needs valgrind, which is not installed: ${VALGRIND_INSTALL}\n`)
    process.exit(2)
  }
  const { node, out, operations } = options
  const plan = options.quick ? QUICK_PLAN : PLAN
  const work = join(out, '.build')
  const modules = await buildHandlers(work)
  const store = await startBenchStore()
  try {
    const eventsFile = join(work, 'events.json')
    await writeFile(eventsFile, JSON.stringify(store.events))
    const counts = join(work, 'callgrind')
    await mkdir(counts, { recursive: true })
    const nodeVersion = (await run(node, ['--version'])).stdout.trim()
    console.error(`counting instructions on Node ${nodeVersion} under callgrind: ${operations.length} operation(s) × 3 handlers × 2 runs ` +
      `(${plan.warmup} warm-up, then 0 or ${plan.measured} invocations)`)

    // Variant by variant for each operation, both runs of a pair side by side: the machine's load changes no count.
    const jobs = operations.flatMap((operation) => VARIANTS.flatMap((variant) => [0, 1].map((measured) => ({ operation, variant, measured }))))
    const counted = await inParallel(jobs.map(({ operation, variant, measured }) => async (): Promise<Counted> => {
      const command = [node, ...NODE_FLAGS, 'bench/instruction-run.mjs', modules[variant], eventsFile, operation, `${plan.warmup}`, `${plan.measured}`, `${measured}`]
      const file = await underCallgrind(command, join(counts, `${variant}-${slug(operation)}-${measured}`), store.env)
      return { file, total: await countedIn(file) }
    }), Math.max(1, cpus().length))
    const runOf = (operation: string, variant: Variant, measured: number): Counted =>
      counted[jobs.findIndex((job) => job.operation === operation && job.variant === variant && job.measured === measured)]
    const perInvocation = (operation: string, variant: Variant): number =>
      Math.round((runOf(operation, variant, 1).total - runOf(operation, variant, 0).total) / plan.measured)

    const results = Object.fromEntries(operations.map((operation) => {
      const [app, fastify, floor] = VARIANTS.map((variant) => perInvocation(operation, variant))
      return [operation, { app, fastify, floor, over_fastify: app - fastify, over_fastify_percent: Math.round(1000 * (app - fastify) / fastify) / 10 }]
    }))
    console.log(`instructions per warm invocation, main thread, Node ${nodeVersion} ${NODE_FLAGS.join(' ')}`)
    console.log(['operation'.padEnd(18), ...VARIANTS.map((variant) => VARIANT_LABELS[variant].padStart(14)), 'items-api over bare Fastify'.padStart(30)].join(''))
    for (const [operation, row] of Object.entries(results)) {
      const over = `${row.over_fastify >= 0 ? '+' : ''}${format(row.over_fastify)} (${row.over_fastify >= 0 ? '+' : ''}${row.over_fastify_percent}%)`
      console.log([operation.padEnd(18), ...VARIANTS.map((variant) => format(row[variant]).padStart(14)), over.padStart(30)].join(''))
    }

    const brokenDown = operations.includes(BROKEN_DOWN) ? BROKEN_DOWN : operations[0]
    const functions = await excessByFunction(brokenDown, runOf, plan.measured)
    console.log(`\nitems-api over bare Fastify on ${brokenDown}, by function, per invocation (inclusive; V8's compiled JavaScript has no names here)`)
    for (const row of functions) console.log(`${format(row.over_fastify).padStart(12)}  ${row.function}`)

    const profileFile = join(counts, `app-${slug(brokenDown)}.cpuprofile`)
    await run(node, ['bench/instruction-run.mjs', modules.app, eventsFile, brokenDown, `${plan.warmup}`, `${plan.measured}`, '1'],
      { env: { ...process.env, ...store.env, CPU_PROFILE: profileFile }, maxBuffer: 256 * 1024 * 1024 })
    const summary = (await run(process.execPath, ['bench/profile-summary.mjs', profileFile, `${TOP_FUNCTIONS}`])).stdout
    console.log(`\nitems-api's JavaScript on ${brokenDown}: self time in a V8 CPU profile of the measured invocations (not under valgrind)`)
    console.log(summary.split('-- self time by package')[0].trimEnd())

    const output = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', platform: `${process.platform}-${process.arch}` },
      node: nodeVersion,
      node_flags: NODE_FLAGS,
      valgrind: valgrindVersion(),
      counted: 'instructions of the main thread, per invocation: (warm-up + measured) − (warm-up alone), ÷ measured',
      plan,
      operations: results,
      excess_by_function: { operation: brokenDown, inclusive: true, rows: functions },
      cpu_profile: profileFile
    }
    await mkdir(out, { recursive: true })
    await writeFile(join(out, 'instructions.json'), JSON.stringify(output, null, 2) + '\n')
    console.log(`\nwrote ${join(out, 'instructions.json')}; callgrind's files are in ${counts}`)
  } finally {
    store.child.kill('SIGTERM')
  }
}

interface FunctionRow { function: string, app: number, fastify: number, over_fastify: number }

/**
 * The functions whose inclusive counts per invocation differ most between items-api and bare Fastify, and the self
 * count of the code without a symbol (V8's compiled JavaScript) as one row.
 */
async function excessByFunction (operation: string, runOf: (operation: string, variant: Variant, measured: number) => Counted, measured: number): Promise<FunctionRow[]> {
  const perInvocation = async (variant: Variant, inclusive: boolean): Promise<Map<string, number>> => {
    const [before, after] = await Promise.all([0, 1].map(async (run) => await byFunction(runOf(operation, variant, run).file, inclusive)))
    return new Map([...new Set([...before.keys(), ...after.keys()])].map((name) => [name, ((after.get(name) ?? 0) - (before.get(name) ?? 0)) / measured]))
  }
  const rows = async (inclusive: boolean): Promise<FunctionRow[]> => {
    const [app, fastify] = await Promise.all([perInvocation('app', inclusive), perInvocation('fastify', inclusive)])
    return [...new Set([...app.keys(), ...fastify.keys()])].map((name) => {
      const [ofApp, ofFastify] = [Math.round(app.get(name) ?? 0), Math.round(fastify.get(name) ?? 0)]
      return { function: name, app: ofApp, fastify: ofFastify, over_fastify: ofApp - ofFastify }
    })
  }
  const byDifference = (a: FunctionRow, b: FunctionRow): number => Math.abs(b.over_fastify) - Math.abs(a.over_fastify)
  const unnamed = (await rows(false)).filter((row) => row.function.startsWith(JIT_CODE) && (row.app !== 0 || row.fastify !== 0)).map((row) => ({ ...row, function: `${row.function}, self` }))
  return [...(await rows(true)).sort(byDifference).slice(0, TOP_FUNCTIONS), ...unnamed]
}
