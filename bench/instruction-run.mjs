// One handler's warm invocations, for `npm run bench -- --instructions` (which runs this under callgrind): load the
// handler, answer one operation's event WARMUP times, then MEASURED times when RUN is 1 and not at all when it is 0.
// Both processes prepare the same MEASURED copies of the event, so that the difference of their counts is the
// invocations alone. With CPU_PROFILE=FILE, a V8 CPU profile of the measured invocations only is written to FILE.
// Plain JavaScript, so that no loader runs beside the handler.
// Usage: node bench/instruction-run.mjs MODULE EVENTS_FILE OPERATION WARMUP MEASURED RUN
import { readFileSync, writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

const [module, eventsFile, operation, warmup, measured, run] = process.argv.slice(2)
const { handler } = await import(pathToFileURL(module).href)
const event = JSON.parse(readFileSync(eventsFile, 'utf8'))[operation]
if (event === undefined) throw new Error(`no event for ${operation}`)
const context = { awsRequestId: 'instructions', functionName: 'items-api-bench' }

const invoke = async (copy) => {
  const response = await handler(copy, context)
  if (response.statusCode >= 300) throw new Error(`${operation}: status ${response.statusCode}`)
}
for (let i = 0; i < Number(warmup); i++) await invoke(structuredClone(event))
const copies = Array.from({ length: Number(measured) }, () => structuredClone(event))
const profile = process.env.CPU_PROFILE
let session
if (profile) {
  const { Session } = await import('node:inspector/promises')
  session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.setSamplingInterval', { interval: 100 })
  await session.post('Profiler.start')
}
if (run === '1') for (const copy of copies) await invoke(copy)
if (session) writeFileSync(profile, JSON.stringify((await session.post('Profiler.stop')).profile))
// Now, and not once the event loop drains: the SDK's idle sockets and the metrics' timers would add their own work.
process.exit(0)
