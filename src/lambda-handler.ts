// The app behind @fastify/aws-lambda, for every HTTP event source: API Gateway HTTP and REST APIs, ALB, function URLs.
import awsLambdaFastify, { type LambdaResponse } from '@fastify/aws-lambda'
import type { Context } from 'aws-lambda'
import { buildApp } from './app.ts'
import type { Config } from './config.ts'

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

/** Makes the gateway's request id the request id, whatever the client sent: it is the id AWS logs carry. */
function withGatewayRequestId (event: HttpEvent): HttpEvent {
  const requestId = event.requestContext?.requestId
  if (requestId === undefined) return event
  const headers = Object.fromEntries(Object.entries(event.headers ?? {}).filter(([name]) => name.toLowerCase() !== 'x-request-id'))
  const multiValueHeaders = event.multiValueHeaders === undefined || event.multiValueHeaders === null
    ? event.multiValueHeaders
    : Object.fromEntries(Object.entries(event.multiValueHeaders).filter(([name]) => name.toLowerCase() !== 'x-request-id'))
  return { ...event, headers: { ...headers, 'x-request-id': requestId }, multiValueHeaders }
}

/** Builds the app, waits for it to be ready (during the Lambda init phase), and returns the handler. */
export async function createLambdaHandler (config: Config): Promise<LambdaHandler> {
  const app = buildApp(config)
  const proxy = awsLambdaFastify<HttpEvent>(app, { binaryMimeTypes: BINARY_MIME_TYPES })
  // An ALB target group with multi-value headers on sends and expects multiValueHeaders only.
  const albMultiValueProxy = awsLambdaFastify<HttpEvent>(app, {
    binaryMimeTypes: BINARY_MIME_TYPES, decorateRequest: false, albMultiValueHeaders: true
  })
  await app.ready()
  return async (event, context) => {
    const multiValueAlb = event.requestContext?.elb !== undefined && event.multiValueHeaders !== undefined && event.multiValueHeaders !== null
    const response = await (multiValueAlb ? albMultiValueProxy : proxy)(withGatewayRequestId(event), context)
    if (multiValueAlb) return { ...response, headers: undefined } as unknown as LambdaResponse
    return response
  }
}
