// Child processes for the benchmarks: each reports one `BENCH {json}` line on stdout.
import { spawn, type ChildProcess } from 'node:child_process'

export interface Reported<T> { child: ChildProcess, report: T, elapsedMs: number }

/** Starts `node args…` and resolves with its BENCH report and the wall time from spawn to that report. */
export async function runReporting<T> (args: string[], env: Record<string, string | undefined>, keepRunning = false): Promise<Reported<T>> {
  const started = performance.now()
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  return await new Promise((resolve, reject) => {
    let partial = ''
    let reported = false
    let stderr = ''
    child.stderr.on('data', (chunk) => { stderr += chunk })
    // The handler's own log lines stream past: each chunk is scanned once and dropped, so a fast reader never lets
    // the pipe fill (a full pipe would block the child's synchronous log writes and count as its time).
    child.stdout.on('data', (chunk) => {
      const elapsedMs = performance.now() - started
      const lines = (partial + chunk).split('\n')
      partial = lines.pop() ?? ''
      const line = lines.find((candidate) => candidate.startsWith('BENCH '))
      if (line === undefined || reported) return
      reported = true
      const report = JSON.parse(line.slice('BENCH '.length)) as T
      if (keepRunning) return resolve({ child, report, elapsedMs })
      child.once('exit', () => resolve({ child, report, elapsedMs }))
    })
    child.once('exit', (code) => {
      if (!reported) reject(new Error(`${args.join(' ')} exited ${code ?? ''} without a report:\n${stderr}`))
    })
  })
}

/** Spawns a command with no report to wait for (node -e 0) and resolves with its wall time. */
export async function timeProcess (args: string[]): Promise<number> {
  const started = performance.now()
  const child = spawn(process.execPath, args, { stdio: 'ignore' })
  await new Promise((resolve) => child.once('exit', resolve))
  return performance.now() - started
}
