// Builds real-shaped Lambda events (from local/aws-events) for one HTTP request, per event source.
import { readFileSync } from 'node:fs'
import type { HttpEvent } from '../src/platforms/aws/http-events.ts'

export interface HttpRequest {
  method: string
  path: string
  query?: Record<string, string | string[]>
  headers?: Record<string, string>
  body?: string
  /** Send the body base64-encoded, as gateways do for binary payloads. */
  base64?: boolean
}

export type EventSource = 'http-api' | 'rest-api' | 'alb' | 'alb-multi-value' | 'function-url'
export const EVENT_SOURCES: EventSource[] = ['http-api', 'rest-api', 'alb', 'alb-multi-value', 'function-url']
export const REST_STAGE = 'prod'

function fixture (name: string): Record<string, any> {
  return JSON.parse(readFileSync(new URL(`./aws-events/${name}.json`, import.meta.url), 'utf8'))
}

const lowerCase = (headers: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]))

function queryPairs (query: HttpRequest['query'] = {}): Array<[string, string]> {
  return Object.entries(query).flatMap(([name, values]) => [values].flat().map((value): [string, string] => [name, value]))
}

function body (request: HttpRequest): { body: string | null, isBase64Encoded: boolean } {
  if (request.body === undefined) return { body: null, isBase64Encoded: false }
  return request.base64 === true
    ? { body: Buffer.from(request.body).toString('base64'), isBase64Encoded: true }
    : { body: request.body, isBase64Encoded: false }
}

// The templates' content-length describes their own bodies; the adapter sets one for ours.
function withoutContentLength (headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name !== 'content-length'))
}

let requestCounter = 0
const nextRequestId = (): string => `gw-${++requestCounter}-${Date.now().toString(36)}`

/** Payload format 2.0: HTTP APIs and function URLs. */
function version2 (template: string, request: HttpRequest): HttpEvent {
  const event = fixture(template)
  const pairs = queryPairs(request.query)
  const headers = lowerCase(request.headers ?? {})
  const cookies = headers.cookie?.split(/;\s*/)
  delete headers.cookie
  const queryStringParameters: Record<string, string> = {}
  for (const [name, value] of pairs) queryStringParameters[name] = name in queryStringParameters ? `${queryStringParameters[name]},${value}` : value
  return {
    ...event,
    routeKey: '$default',
    rawPath: request.path,
    rawQueryString: new URLSearchParams(pairs).toString(),
    ...(pairs.length > 0 ? { queryStringParameters } : {}),
    ...(cookies !== undefined ? { cookies } : {}),
    headers: { ...withoutContentLength(event.headers), ...headers },
    requestContext: {
      ...event.requestContext,
      requestId: nextRequestId(),
      http: { ...event.requestContext.http, method: request.method, path: decodeURIComponent(request.path) }
    },
    ...body(request)
  }
}

/** Payload format 1.0 through a REST API stage: the path arrives without the stage. */
function restApi (request: HttpRequest): HttpEvent {
  const event = fixture('apigw-rest-no-auth')
  const pairs = queryPairs(request.query)
  const headers: Record<string, string> = { ...event.headers, ...request.headers }
  const multiValueQuery: Record<string, string[]> = {}
  for (const [name, value] of pairs) (multiValueQuery[name] ??= []).push(value)
  return {
    ...event,
    resource: '/{proxy+}',
    path: decodeURIComponent(request.path),
    httpMethod: request.method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
    queryStringParameters: pairs.length > 0 ? Object.fromEntries(pairs) : null,
    multiValueQueryStringParameters: pairs.length > 0 ? multiValueQuery : null,
    pathParameters: { proxy: decodeURIComponent(request.path).slice(1) },
    requestContext: {
      ...event.requestContext,
      requestId: nextRequestId(),
      httpMethod: request.method,
      resourcePath: '/{proxy+}',
      path: `/${REST_STAGE}${request.path}`,
      stage: REST_STAGE
    },
    ...body(request)
  }
}

/** ALB passes query strings still URL-encoded; with multi-value headers on, only the multiValue fields. */
function alb (request: HttpRequest, multiValue: boolean): HttpEvent {
  const event = fixture('alb-base')
  const pairs = queryPairs(request.query).map(([name, value]): [string, string] => [encodeURIComponent(name), encodeURIComponent(value)])
  const headers = lowerCase({ ...event.headers, ...request.headers })
  const { headers: _headers, queryStringParameters: _query, ...rest } = event
  const common = { ...rest, httpMethod: request.method, path: request.path, ...body(request) }
  if (!multiValue) {
    return { ...common, headers, queryStringParameters: Object.fromEntries(pairs) }
  }
  const multiValueQuery: Record<string, string[]> = {}
  for (const [name, value] of pairs) (multiValueQuery[name] ??= []).push(value)
  return {
    ...common,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
    multiValueQueryStringParameters: multiValueQuery
  }
}

export function lambdaEvent (source: EventSource, request: HttpRequest): HttpEvent {
  switch (source) {
    case 'http-api': return version2('apigw-http-no-auth', request)
    case 'function-url': return version2('lambda-get-request', request)
    case 'rest-api': return restApi(request)
    case 'alb': return alb(request, false)
    case 'alb-multi-value': return alb(request, true)
  }
}

/** The Lambda context a handler is invoked with: the local system's, for the API function unless named. */
export { lambdaContext } from './lambda-context.ts'
