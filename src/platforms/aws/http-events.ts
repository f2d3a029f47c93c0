// The app behind @fastify/aws-lambda, for every HTTP event source: API Gateway HTTP and REST APIs, ALB, function URLs.
import awsLambdaFastify, { type LambdaResponse } from '@fastify/aws-lambda'
import type { Context } from 'aws-lambda'
import type { FastifyInstance } from 'fastify'
import { REQUEST_ID_HEADER } from '../../http/plugins/request-id.ts'
import { lambdaInvocations } from './lambda-function.ts'

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

/**
 * Makes the gateway's request id the request id, whatever the client sent: it is the id AWS logs carry. The event is
 * Lambda's own parsed copy, so its headers are edited in place rather than copied per invocation.
 */
function useGatewayRequestId (event: HttpEvent): void {
  const requestId = event.requestContext?.requestId
  if (requestId === undefined) return
  const headers = event.headers ?? (event.headers = {})
  dropRequestId(headers)
  if (event.multiValueHeaders != null) dropRequestId(event.multiValueHeaders)
  headers['x-request-id'] = requestId
}

// REST APIs and ALBs keep the client's spelling of header names; HTTP APIs send them in lower case.
function dropRequestId (headers: Record<string, unknown>): void {
  for (const name in headers) {
    if (name.length === REQUEST_ID_HEADER.length && name.toLowerCase() === REQUEST_ID_HEADER) delete headers[name]
  }
}

/**
 * The handler of `app`, once it is ready (during the Lambda init phase). `initialization`: Lambda's
 * AWS_LAMBDA_INITIALIZATION_TYPE, which says whether the first invocation waited for the init (a cold start).
 */
export async function lambdaHttpHandler (app: FastifyInstance, initialization: string | undefined): Promise<LambdaHandler> {
  // decorateRequest off: nothing reads request.awsLambda, and it costs a randomBytes() call per invocation.
  const proxy = awsLambdaFastify<HttpEvent>(app, { binaryMimeTypes: BINARY_MIME_TYPES, decorateRequest: false })
  // An ALB target group with multi-value headers on sends and expects multiValueHeaders only.
  const albMultiValueProxy = awsLambdaFastify<HttpEvent>(app, {
    binaryMimeTypes: BINARY_MIME_TYPES, decorateRequest: false, albMultiValueHeaders: true
  })
  await app.ready()

  async function handle (event: HttpEvent, context: Context): Promise<LambdaResponse> {
    const multiValueAlb = event.requestContext?.elb !== undefined && event.multiValueHeaders != null
    if (!multiValueAlb) {
      useGatewayRequestId(event)
      return await proxy(event, context)
    }
    // Such an ALB reads multiValueHeaders only; a second, single-value copy would just be ignored.
    const { headers: _singleValue, ...response } = await albMultiValueProxy(event, context)
    return response as LambdaResponse
  }

  const invocation = lambdaInvocations(initialization)
  return async (event, context) => {
    // The request's log line, with its metrics, is written as the response finishes, before the adapter resolves:
    // nothing of this invocation is left to run once it returns and Lambda may freeze the process.
    return await invocation(context, async () => await handle(event, context))
  }
}
