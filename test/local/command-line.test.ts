// The scripts' command lines: --help is the usage and exit 0; an unknown option, an argument too many or a malformed
// value is one line on stderr and exit 2, before the script starts, measures or writes anything.
import { execFile } from 'node:child_process'
import { readdir } from 'node:fs/promises'
import t from 'tap'
import { parseCommandLine, UsageError } from '../../local/command-line.ts'
import { temporaryDirectory } from '../helper.ts'

interface Ran { code: number | null, stdout: string, stderr: string }

/** `script` as a person runs it; `execArgv` is the test runner's loader (covered), or tsx alone (not covered). */
const run = async (script: string, args: string[], execArgv = process.execArgv, env: Record<string, string | undefined> = {}): Promise<Ran> =>
  await new Promise((resolve) => {
    execFile(process.execPath, [...execArgv, script, ...args], { env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : (error as { code?: number }).code ?? null, stdout, stderr })
    })
  })

t.test('parseCommandLine: options, positionals, --help', async (t) => {
  const options = { quick: 'boolean', out: 'string' } as const
  t.same(parseCommandLine(['--quick', '--out', 'dir'], options, 0), { values: { quick: true, out: 'dir' }, positionals: [] })
  t.same(parseCommandLine(['2024-01-10'], {}, 1)?.positionals, ['2024-01-10'])
  t.equal(parseCommandLine(['--help'], options, 0), undefined)
  t.equal(parseCommandLine(['-h'], options, 0), undefined)
  t.throws(() => parseCommandLine(['--quik'], options, 0), new UsageError('Unknown option \'--quik\''))
  t.throws(() => parseCommandLine(['--out'], options, 0), new UsageError('Option \'--out <value>\' argument missing'))
  t.throws(() => parseCommandLine(['a', 'b'], {}, 1), new UsageError('unexpected argument \'b\''))
})

t.test('npm run report: a usage line and exit 2 for what it does not take; --help exits 0', async (t) => {
  // No `npm run local` runs here: any of these reaching the function would fail on the unreachable store instead.
  const env = { LOCAL_DYNAMODB_PORT: '1', LOCAL_S3_PORT: '1' }
  for (const args of [['2026-02-30'], ['2026-1-1'], ['--date', '2026-01-01'], ['2026-01-01', '2026-01-02']]) {
    const { code, stdout, stderr } = await run('local/report.ts', args, process.execArgv, env)
    t.equal(code, 2, args.join(' '))
    t.equal(stdout, '', args.join(' '))
    t.match(stderr, /^npm run report: [^\n]+ \(see npm run report -- --help\)\n$/, `${args.join(' ')}: one line`)
  }
  t.match((await run('local/report.ts', ['2026-02-30'])).stderr, '\'2026-02-30\' is not a day: expected YYYY-MM-DD')
  const help = await run('local/report.ts', ['--help'], process.execArgv, env)
  t.equal(help.code, 0)
  t.match(help.stdout, /^usage: npm run report -- \[YYYY-MM-DD\]\n/)
  t.equal(help.stderr, '')
})

t.test('npm run bench: --help and a mistyped option run nothing and write nothing', async (t) => {
  const out = await temporaryDirectory(t)
  // Through tsx, as the smoke test runs it: a benchmark is not covered code.
  const tsx = ['--import', 'tsx']
  const env = { NODE_V8_COVERAGE: undefined, _TAPJS_PROCESSINFO_COVERAGE_: '0' }
  const help = await run('bench/run.ts', ['--out', out, '--help'], tsx, env)
  t.equal(help.code, 0)
  t.match(help.stdout, /^usage: npm run bench -- \[--quick\] \[--out DIR\] \[--node24 PATH\] \[--instructions \[--route OPERATION\]\]\n/)
  for (const args of [['--quik'], ['--out'], ['quick']]) {
    const { code, stdout, stderr } = await run('bench/run.ts', ['--out', out, ...args], tsx, env)
    t.equal(code, 2, args.join(' '))
    t.equal(stdout, '')
    t.match(stderr, /^npm run bench: [^\n]+ \(see npm run bench -- --help\)\n$/, `${args.join(' ')}: one line`)
  }
  t.same(await readdir(out), [], 'nothing built or written')
})
