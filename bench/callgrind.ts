// A command under valgrind's callgrind, and what it counted: the main thread's instructions in all, and by function
// through callgrind_annotate. Each thread is counted in a file of its own (--separate-threads=yes); the main thread's
// is `<file>-01`.
import { execFile, spawn, spawnSync } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { promisify } from 'node:util'

export const VALGRIND_INSTALL = 'sudo apt-get install -y valgrind'

export const hasValgrind = (): boolean => spawnSync('valgrind', ['--version']).status === 0

export const valgrindVersion = (): string => spawnSync('valgrind', ['--version'], { encoding: 'utf8' }).stdout.trim()

/**
 * Runs `command` under callgrind, its stdout discarded, counting into `file` (thread by thread); resolves with the main
 * thread's file. --smc-check=all: V8 writes and rewrites the machine code it runs.
 */
export async function underCallgrind (command: string[], file: string, env: Record<string, string>): Promise<string> {
  const args = ['--tool=callgrind', '--smc-check=all', '--separate-threads=yes', `--callgrind-out-file=${file}`, ...command]
  const child = spawn('valgrind', args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (chunk) => { stderr = (stderr + chunk).slice(-4000) })
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  if (code !== 0) throw new Error(`valgrind … ${command.slice(-6).join(' ')} exited ${code ?? ''}:\n${stderr}`)
  return `${file}-01`
}

/** The instructions a callgrind file counted: its `summary:` line (`totals:` in older versions). */
export async function countedIn (file: string): Promise<number> {
  const match = /^(?:summary|totals): (\d+)/m.exec(await readFile(file, 'utf8'))
  if (match === null) throw new Error(`${file}: no summary line`)
  return Number(match[1])
}

/**
 * Instructions by function, from callgrind_annotate: inclusive (with what the function calls) or self. A function's
 * deeper levels of recursion (`name'2`…) are left out: callgrind counts them again inside the first level. Code that
 * V8 compiled at run time has no symbol and shows as an address: its self counts are summed as one row, and its
 * inclusive counts, which overlap one another, are left out.
 */
export async function byFunction (file: string, inclusive: boolean): Promise<Map<string, number>> {
  const { stdout } = await promisify(execFile)('callgrind_annotate', [`--inclusive=${inclusive ? 'yes' : 'no'}`, '--threshold=100', file], { maxBuffer: 256 * 1024 * 1024 })
  const counts = new Map<string, number>()
  for (const line of stdout.split('\n')) {
    const match = /^\s*([\d,]+) \([^)]*\)\s+(.+?)(?: \[(.*)\])?$/.exec(line)
    if (match === null || match[2] === 'PROGRAM TOTALS') continue
    const [, count, where, object] = match
    const name = where.replace(/^\?\?\?:/, '')
    if (/'\d+$/.test(name)) continue
    const instructions = Number(count.replaceAll(',', ''))
    if (!/^0x[\da-f]+$/.test(name)) counts.set(name, instructions)
    else if (!inclusive) {
      const key = `${JIT_CODE} (in ${object === undefined ? '???' : basename(object)})`
      counts.set(key, (counts.get(key) ?? 0) + instructions)
    }
  }
  return counts
}

/** The row that sums the self counts of code without a symbol. */
export const JIT_CODE = 'code without a symbol'
