// The command lines of the laptop's and the bench's scripts: `--help` prints the usage and exits 0; an option the
// script does not take, one argument too many or a malformed value is one line on stderr and exit 2, before the
// script starts anything or writes anything.
import { parseArgs } from 'node:util'
import { dayBefore, isReportDate } from '../src/reports/report-date.ts'

export type OptionTypes = Record<string, 'string' | 'boolean'>

export interface Arguments {
  values: Record<string, string | boolean | undefined>
  positionals: string[]
}

/** What the command line asks for is not something the script takes. */
export class UsageError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

/** `argv` against the script's options and at most `positionals` arguments; `--help` answers undefined. */
export function parseCommandLine (argv: string[], options: OptionTypes, positionals: number): Arguments | undefined {
  let parsed: Arguments & { values: { help?: string | boolean } }
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...Object.fromEntries(Object.entries(options).map(([name, type]) => [name, { type }])), help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true
    })
  } catch (error) {
    // Node's own message, whose first sentence says what was refused ("Unknown option '--x'", "Option '--out <value>'
    // argument missing").
    throw new UsageError((error as Error).message.split(/\.\s/)[0].replace(/\.$/, ''))
  }
  if (parsed.values.help === true) return undefined
  if (parsed.positionals.length > positionals) {
    throw new UsageError(`unexpected argument '${parsed.positionals[positionals]}'`)
  }
  return parsed
}

/**
 * The parsed command line, or the process ends: with the usage on stdout and 0 for `--help`, with one line on stderr
 * and 2 for a UsageError that `parse` throws.
 */
export function commandLineOrExit<T> (name: string, usage: string, parse: () => T | undefined): T {
  let parsed: T | undefined
  try {
    parsed = parse()
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    process.stderr.write(`${name}: ${error.message} (see ${name} -- --help)\n`)
    process.exit(2)
  }
  if (parsed === undefined) {
    process.stdout.write(`${usage}\n`)
    process.exit(0)
  }
  return parsed
}

/** The day `npm run report` and `npm run report:azure` name (yesterday, UTC, without one), or their usage, or exit 2. */
export function reportDayOrExit (name: string, usage: string, argv: string[] = process.argv.slice(2)): string {
  return commandLineOrExit(name, usage, () => {
    const parsed = parseCommandLine(argv, {}, 1)
    if (parsed === undefined) return undefined
    const [day] = parsed.positionals
    if (day === undefined) return dayBefore(new Date())
    if (!isReportDate(day)) throw new UsageError(`'${day}' is not a day: expected YYYY-MM-DD, a real calendar day`)
    return day
  })
}
