// Run as a process of its own, as Lambda runs src/lambda.ts: invokes the handler once per request given as JSON in
// argv[2] (HTTP API events), and after each invocation writes one marker line to stdout, beside the handler's own lines.
import { lambdaContext, lambdaEvent, type HttpRequest } from './events.ts'

const { handler } = await import('../../src/lambda.ts')
const requests = JSON.parse(process.argv[2] ?? '[]') as HttpRequest[]
for (const [index, request] of requests.entries()) {
  const context = { ...lambdaContext(), awsRequestId: `invocation-${index}` }
  const response = await handler(lambdaEvent('http-api', request), context)
  process.stdout.write(JSON.stringify({ invocation: index, status: response.statusCode, body: response.body }) + '\n')
}
