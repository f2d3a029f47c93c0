// The app behind @fastify/aws-lambda, for every HTTP event source: API Gateway HTTP and REST APIs, ALB, function URLs.
import { setImmediate as nextTurn } from 'node:timers/promises'
import awsLambdaFastify, { type LambdaResponse } from '@fastify/aws-lambda'
import type { Context } from 'aws-lambda'
import { buildApp } from './app.ts'
import type { Config } from './config.ts'
import { withinInvocation } from './lambda-invocation.ts'

/** The fields of an HTTP event this module looks at; the adapter reads the rest. */
export interface HttpEvent {
  headers?: Record<string, string | undefined> | null
  multiValueHeaders?: Record<string, string[] | undefined> | null
  requestContext?: { requestId?: string, elb?: unknown }
  [field: string]: unknown
}

export type LambdaHandler = (event: HttpEvent, context: Context) => Promise<LambdaResponse>

// Docs assets that are not text: answered base64-encoded, as Lambda requires.
const BINARY_MIME_TYPES = ['image/png', 'image/x-icon', 'image/vnd.microsoft.icon', 'application/octet-stream', 'font/woff2']

function withoutRequestId<Value> (headers: Record<string, Value>): Record<string, Value> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'x-request-id'))
}

/** Makes the gateway's request id the request id, whatever the client sent: it is the id AWS logs carry. */
function withGatewayRequestId (event: HttpEvent): HttpEvent {
  const requestId = event.requestContext?.requestId
  if (requestId === undefined) return event
  return {
    ...event,
    headers: { ...withoutRequestId(event.headers ?? {}), 'x-request-id': requestId },
    multiValueHeaders: event.multiValueHeaders == null ? event.multiValueHeaders : withoutRequestId(event.multiValueHeaders)
  }
}

/** Builds the app, waits for it to be ready (during the Lambda init phase), and returns the handler. */
export async function createLambdaHandler (config: Config): Promise<LambdaHandler> {
  const app = buildApp(config)
  // decorateRequest off: nothing reads request.awsLambda, and it costs a randomBytes() call per invocation.
  const proxy = awsLambdaFastify<HttpEvent>(app, { binaryMimeTypes: BINARY_MIME_TYPES, decorateRequest: false })
  // An ALB target group with multi-value headers on sends and expects multiValueHeaders only.
  const albMultiValueProxy = awsLambdaFastify<HttpEvent>(app, {
    binaryMimeTypes: BINARY_MIME_TYPES, decorateRequest: false, albMultiValueHeaders: true
  })
  await app.ready()

  async function handle (event: HttpEvent, context: Context): Promise<LambdaResponse> {
    const multiValueAlb = event.requestContext?.elb !== undefined && event.multiValueHeaders != null
    if (!multiValueAlb) return await proxy(withGatewayRequestId(event), context)
    // Such an ALB reads multiValueHeaders only; a second, single-value copy would just be ignored.
    const { headers: _singleValue, ...response } = await albMultiValueProxy(event, context)
    return response as LambdaResponse
  }

  let coldStart = config.lambdaInitialization === 'on-demand'
  return async (event, context) => {
    const fields = { aws_request_id: context.awsRequestId, function_name: context.functionName, cold_start: coldStart }
    coldStart = false
    return await withinInvocation(fields, async () => {
      const response = await handle(event, context)
      // The adapter resolves as the response ends, a few microtasks before the onResponse hooks and the request's log
      // line have run. They do no I/O, so one turn of the event loop lets them finish inside this invocation:
      // after it returns, Lambda may freeze the process, and their lines would be late or lost.
      await nextTurn()
      return response
    })
  }
}
