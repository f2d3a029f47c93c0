// Run as a process of its own, as Lambda runs a handler module (the API's entry, src/platforms/aws/functions/api.ts, or
// the built bundle named by argv[4]):
// invokes it once per request given as JSON in argv[2] (HTTP API events). After each invocation it writes a short
// marker line to stdout, beside the handler's own lines, and at the end all responses to the file named by argv[3].
import { writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import type { LambdaHandler } from '../../../src/platforms/aws/http-events.ts'
import { lambdaContext, lambdaEvent, type HttpRequest } from '../../../local/lambda-events.ts'

const { handler } = await import(process.argv[4] === undefined ? '../../../src/platforms/aws/functions/api.ts' : pathToFileURL(process.argv[4]).href) as { handler: LambdaHandler }
const requests = JSON.parse(process.argv[2] ?? '[]') as HttpRequest[]
const responses = []
for (const [index, request] of requests.entries()) {
  const context = { ...lambdaContext(), awsRequestId: `invocation-${index}` }
  const response = await handler(lambdaEvent('http-api', request), context)
  responses.push(response)
  // Short enough to reach the pipe in one piece, between the handler's own lines.
  process.stdout.write(JSON.stringify({ invocation: index, status: response.statusCode }) + '\n')
}
writeFileSync(process.argv[3] as string, JSON.stringify(responses))
