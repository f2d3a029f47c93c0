// Run as a process of its own, as Lambda runs a handler module (the API's entry, src/platforms/aws/functions/api.ts, or
// the built bundle named by argv[4]):
// invokes it once per request given as JSON in argv[2] (HTTP API events). After each invocation it writes a short
// marker line to stdout, beside the handler's own lines, and at the end all responses to the file named by argv[3].
// With INVOKE_AT_ONCE=true every invocation starts before any ends, as Lambda Managed Instances run them in one
// process, and there are no markers; each event carries the gateway request id gw-<index>.
import { writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import type { LambdaHandler } from '../../../src/platforms/aws/http-events.ts'
import { lambdaContext, lambdaEvent, type HttpRequest } from '../../../local/lambda-events.ts'

const { handler } = await import(process.argv[4] === undefined ? '../../../src/platforms/aws/functions/api.ts' : pathToFileURL(process.argv[4]).href) as { handler: LambdaHandler }
const requests = JSON.parse(process.argv[2] ?? '[]') as HttpRequest[]
const invoke = async (request: HttpRequest, index: number): Promise<unknown> => {
  const event = lambdaEvent('http-api', request) as { requestContext: { requestId: string } }
  event.requestContext.requestId = `gw-${index}`
  return await handler(event as Parameters<LambdaHandler>[0], { ...lambdaContext(), awsRequestId: `invocation-${index}` })
}
if (process.env.INVOKE_AT_ONCE === 'true') {
  writeFileSync(process.argv[3] as string, JSON.stringify(await Promise.all(requests.map(invoke))))
} else {
  const responses = []
  for (const [index, request] of requests.entries()) {
    const response = await invoke(request, index) as { statusCode: number }
    responses.push(response)
    // Short enough to reach the pipe in one piece, between the handler's own lines.
    process.stdout.write(JSON.stringify({ invocation: index, status: response.statusCode }) + '\n')
  }
  writeFileSync(process.argv[3] as string, JSON.stringify(responses))
}
