// Child processes for the benchmarks: each reports one `BENCH {json}` line on stdout.
import { spawn, type ChildProcess } from 'node:child_process'
import { readFile, rm } from 'node:fs/promises'

export interface Reported<T> { child: ChildProcess, report: T, elapsedMs: number }

export interface RunOptions {
  /** The Node binary; the one running the benchmarks by default. */
  node?: string
  /** Resolve once the report arrives and leave the child running (a server). */
  keepRunning?: boolean
  /**
   * Discard stdout and read the report from this file (the child writes it where BENCH_REPORT says) once the child
   * exits. For the warm runs: the handler's log lines go to /dev/null, so no reader competes with it for the CPU and
   * no disk write makes its timings wait.
   */
  reportFile?: string
}

const reportIn = <T>(line: string): T => JSON.parse(line.slice('BENCH '.length)) as T

/** Starts `node args…` and resolves with its BENCH report and the wall time from spawn to that report. */
export async function runReporting<T> (args: string[], env: Record<string, string | undefined>, options: RunOptions = {}): Promise<Reported<T>> {
  const { node = process.execPath, keepRunning = false, reportFile } = options
  const started = performance.now()
  if (reportFile !== undefined) await rm(reportFile, { force: true })
  const child = spawn(node, args, {
    env: { ...process.env, ...env, ...(reportFile === undefined ? {} : { BENCH_REPORT: reportFile }) },
    stdio: ['ignore', reportFile === undefined ? 'pipe' : 'ignore', 'pipe']
  })
  let stderr = ''
  child.stderr?.on('data', (chunk) => { stderr += chunk })
  const failed = (code: number | null): Error => new Error(`${args.join(' ')} exited ${code ?? ''} without a report:\n${stderr}`)
  if (reportFile !== undefined) {
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
    const elapsedMs = performance.now() - started
    const line = await readFile(reportFile, 'utf8').catch(() => '')
    if (!line.startsWith('BENCH ')) throw failed(code)
    return { child, report: reportIn<T>(line), elapsedMs }
  }
  return await new Promise((resolve, reject) => {
    let partial = ''
    let reported = false
    // The handler's own log lines stream past: each chunk is scanned once and dropped, so a fast reader never lets
    // the pipe fill (a full pipe would block the child's synchronous log writes and count as its time).
    child.stdout!.on('data', (chunk) => {
      const elapsedMs = performance.now() - started
      const lines = (partial + chunk).split('\n')
      partial = lines.pop() ?? ''
      const line = lines.find((candidate) => candidate.startsWith('BENCH '))
      if (line === undefined || reported) return
      reported = true
      const report = reportIn<T>(line)
      if (keepRunning) return resolve({ child, report, elapsedMs })
      child.once('exit', () => resolve({ child, report, elapsedMs }))
    })
    child.once('exit', (code) => {
      if (!reported) reject(failed(code))
    })
  })
}

/** Spawns a command with no report to wait for (node -e 0) and resolves with its wall time. */
export async function timeProcess (args: string[], node = process.execPath): Promise<number> {
  const started = performance.now()
  const child = spawn(node, args, { stdio: 'ignore' })
  await new Promise((resolve) => child.once('exit', resolve))
  return performance.now() - started
}
