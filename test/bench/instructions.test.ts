// npm run bench -- --instructions --quick: the instruction counts under callgrind, on one operation with a handful of
// invocations, so that the mode cannot rot. Nothing here asserts a count: the figures come from the bench itself.
import { execFile, spawnSync } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { temporaryDirectory } from '../helper.ts'

// CI installs valgrind, so there a missing valgrind is a failure; elsewhere the test says so and skips. The counts are
// of Node 24, the Lambda runtime's: the test runs on Node 24 (in CI, its second pass), and on another Node says so.
const hasValgrind = spawnSync('valgrind', ['--version']).status === 0
const onNode24 = process.versions.node.split('.')[0] === '24'
const skip = !onNode24
  ? `the counts are of Node 24, and this is Node ${process.versions.node}: the suite's run on Node 24 checks the mode`
  : !hasValgrind && process.env.CI !== 'true' ? 'no valgrind on the PATH: sudo apt-get install -y valgrind' : false
// A hang guard, not a speed check: six Node processes under callgrind take two minutes alone on two cores, and ten
// beside other heavy work: more than the suite's guard per file.
t.setTimeout(600_000)

t.test('--instructions --quick counts the three handlers on one operation and writes its results', { skip }, async (t) => {
  const out = await temporaryDirectory(t)
  // Through tsx, as `npm run bench` runs it; --node24 with this Node, so that no second Node is installed.
  const { stdout } = await promisify(execFile)(process.execPath,
    ['--import', 'tsx', 'bench/run.ts', '--instructions', '--quick', '--route', 'POST /items', '--out', out, '--node24', process.execPath], {
      env: { ...process.env, NODE_V8_COVERAGE: undefined, _TAPJS_PROCESSINFO_COVERAGE_: '0' },
      maxBuffer: 16 * 1024 * 1024
    })
  const results = JSON.parse(await readFile(join(out, 'instructions.json'), 'utf8'))
  t.match(results, { node: process.version, plan: { warmup: Number, measured: Number }, node_flags: Array })
  t.same(Object.keys(results.operations), ['POST /items'], 'the operation asked for, and no other')
  const row = results.operations['POST /items']
  t.match(row, { app: Number, fastify: Number, floor: Number, over_fastify: Number, over_fastify_percent: Number })
  for (const variant of ['app', 'fastify', 'floor']) t.ok(row[variant] > 0, `${variant}: a positive count per invocation`)
  t.equal(row.over_fastify, row.app - row.fastify)
  t.equal(results.excess_by_function.operation, 'POST /items')
  t.ok(results.excess_by_function.rows.length > 0, 'functions behind the excess')
  t.match(results.excess_by_function.rows[0], { function: String, app: Number, fastify: Number, over_fastify: Number })
  t.match(stdout, /instructions per warm invocation/)
  t.match(stdout, /^POST \/items\s+[\d,]+\s+[\d,]+\s+[\d,]+\s+[+-]/m, 'the table has the operation\'s row')
  t.match(stdout, /self time by function/, 'the JavaScript CPU profile\'s summary')
})

t.test('--route without --instructions, or naming no operation of the bench, is refused before anything runs', async (t) => {
  for (const args of [['--route', 'POST /items'], ['--instructions', '--route', 'DELETE /items']]) {
    // Without coverage, as the run above: tsx's transform of the same files would not line up with the suite's.
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', ...args], {
      encoding: 'utf8', env: { ...process.env, NODE_V8_COVERAGE: undefined, _TAPJS_PROCESSINFO_COVERAGE_: '0' }
    })
    t.equal(result.status, 2, args.join(' '))
    t.match(result.stderr, /^npm run bench: --route/)
  }
})
