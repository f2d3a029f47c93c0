// Warm invocations, in a process of its own: load the handler, then answer each operation's events many times,
// timing every invocation. Plain JavaScript, so that no loader runs beside the handler.
import { readFileSync, writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

const { handler } = await import(pathToFileURL(process.argv[2]).href)
/** @type {Record<string, object>} */
const events = JSON.parse(readFileSync(process.argv[3], 'utf8'))
const iterations = Number(process.argv[4])
const context = { awsRequestId: 'warm', functionName: 'items-api-bench' }

const timings = {}
/** CPU time (user + system) per invocation: the handler's own work, whatever the store process does meanwhile. */
const cpuMicros = {}
for (const [operation, event] of Object.entries(events)) {
  // Warm-up: the first calls of each path compile and fill caches.
  for (let i = 0; i < Math.min(50, iterations); i++) await handler(structuredClone(event), context)
  const micros = new Float64Array(iterations)
  const cpuBefore = process.cpuUsage()
  for (let i = 0; i < iterations; i++) {
    const copy = structuredClone(event)
    const start = process.hrtime.bigint()
    const response = await handler(copy, context)
    micros[i] = Number(process.hrtime.bigint() - start) / 1000
    if (response.statusCode >= 300) throw new Error(`${operation}: status ${response.statusCode}`)
  }
  const cpu = process.cpuUsage(cpuBefore)
  cpuMicros[operation] = (cpu.user + cpu.system) / iterations
  timings[operation] = Array.from(micros)
}
const report = `BENCH ${JSON.stringify({ timings, cpu_us: cpuMicros, max_rss_bytes: process.resourceUsage().maxRSS * 1024 })}\n`
// Beside the handler's log lines on stdout, or in a file of its own when stdout is discarded.
if (process.env.BENCH_REPORT) writeFileSync(process.env.BENCH_REPORT, report)
else process.stdout.write(report)
