// One cold start, in a process of its own: load the handler module (its init included), answer one event, report.
// Plain JavaScript, so that no loader adds to what is measured.
import { pathToFileURL } from 'node:url'

const started = performance.now()
const { handler } = await import(pathToFileURL(process.argv[2]).href)
const loaded = performance.now()
const response = await handler(JSON.parse(process.argv[3]), { awsRequestId: 'cold-1', functionName: 'items-api-bench' })
const answered = performance.now()
process.stdout.write(`BENCH ${JSON.stringify({
  node_start_ms: started,
  load_ms: loaded - started,
  first_invocation_ms: answered - loaded,
  status: response.statusCode,
  max_rss_bytes: process.resourceUsage().maxRSS * 1024
})}\n`)
