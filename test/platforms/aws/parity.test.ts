// One table of contract cases, answered through inject and through the Lambda handler for every event source:
// status, body and contract headers must be identical.
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../../src/app.ts'
import type { LambdaHandler } from '../../../src/platforms/aws/http-events.ts'
import { lambdaHandlerFor, testConfig, testDependencies } from '../../helper.ts'
import { EVENT_SOURCES, lambdaContext, lambdaEvent, type EventSource, type HttpRequest } from '../../../local/lambda-events.ts'
import { WALK_THROUGH } from './walk-through.ts'

interface Answer { status: number, headers: Record<string, string>, body: Buffer }

const CONTRACT_HEADERS = ['content-type', 'location', 'allow', 'retry-after', 'access-control-allow-origin',
  'access-control-allow-methods', 'access-control-expose-headers', 'content-encoding']

async function viaInject (app: FastifyInstance, request: HttpRequest): Promise<Answer> {
  const response = await app.inject({
    method: request.method as 'GET', url: request.path, query: request.query, headers: request.headers, payload: request.body
  })
  return { status: response.statusCode, headers: response.headers as Record<string, string>, body: response.rawPayload }
}

async function viaLambda (handler: LambdaHandler, source: EventSource, request: HttpRequest): Promise<Answer & { event: any }> {
  const event = lambdaEvent(source, request)
  const response = await handler(event, lambdaContext()) as any
  const headers: Record<string, string> = response.headers ?? Object.fromEntries(
    Object.entries<string[]>(response.multiValueHeaders).map(([name, values]) => [name, values.join(',')]))
  const body = Buffer.from(response.body, response.isBase64Encoded === true ? 'base64' : 'utf8')
  return { status: response.statusCode, headers, body, event }
}

/** Ids, timestamps and request ids differ between two runs by design; everything else must not. */
function normalise (body: Buffer, contentType = ''): unknown {
  if (!contentType.startsWith('application/json')) return body.toString('base64')
  return JSON.parse(body.toString('utf8'), (key, value) => {
    if (['id', 'created_at', 'updated_at', 'request_id', 'next_cursor'].includes(key) && value !== null) return `<${key}>`
    return typeof value === 'string' ? value.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>') : value
  })
}

const contractHeaders = (headers: Record<string, string>): Record<string, string> =>
  Object.fromEntries(CONTRACT_HEADERS.filter((name) => headers[name] !== undefined)
    .map((name) => [name, name === 'location' ? headers[name].replace(/[0-9a-f-]{36}$/, '<id>') : headers[name]]))

/** An ALB without multi-value headers forwards only the last value of a repeated parameter (AWS's behaviour). */
function lastValues (query: HttpRequest['query']): HttpRequest['query'] {
  return query === undefined ? undefined : Object.fromEntries(Object.entries(query).map(([name, values]) => [name, [values].flat().at(-1)!]))
}

const json = { 'content-type': 'application/json' }

const CASES: Array<[string, HttpRequest]> = [
  ['validation error', { method: 'POST', path: '/items', headers: json, body: '{"name": "", "price": -1, "extra": 1}' }],
  ['base64-encoded body', { method: 'POST', path: '/items', headers: json, body: '{"name": "Encoded", "price": 5}', base64: true }],
  ['repeated query parameter', { method: 'GET', path: '/items', query: { limit: ['5', '6'] } }],
  ['URL-encoded path parameter', { method: 'GET', path: '/items/not%20a%20uuid' }],
  ['unknown route', { method: 'GET', path: '/nope' }],
  ['wrong method', { method: 'PATCH', path: '/items' }],
  ['wrong media type', { method: 'POST', path: '/items', headers: { 'content-type': 'text/plain' }, body: 'hello' }],
  ['CORS preflight', { method: 'OPTIONS', path: '/items', headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' } }],
  ['openapi document', { method: 'GET', path: '/openapi.json' }],
  ['swagger ui redirect', { method: 'GET', path: '/docs' }],
  ['swagger ui page', { method: 'GET', path: '/docs/' }],
  ['swagger ui script', { method: 'GET', path: '/docs/static/swagger-ui-bundle.js' }],
  ['swagger ui icon (binary)', { method: 'GET', path: '/docs/static/favicon-32x32.png' }],
  ['compression asked for', { method: 'GET', path: '/docs/static/swagger-ui.css', headers: { 'accept-encoding': 'gzip, br' } }],
  ['cookies sent', { method: 'GET', path: '/health', headers: { cookie: 'session=abc; theme=dark' } }],
  ['redoc page', { method: 'GET', path: '/redoc' }],
  ['metrics', { method: 'GET', path: '/metrics' }]
]

t.test('parity between inject and the Lambda handler', async (t) => {
  const config = await testConfig()
  const app = buildApp(config, testDependencies(config))
  t.teardown(() => app.close())
  const handler = await lambdaHandlerFor(config)

  for (const source of EVENT_SOURCES) {
    t.test(source, async (t) => {
      const previous = { inject: {} as Record<string, any>, lambda: {} as Record<string, any> }
      for (const [name, step] of WALK_THROUGH) {
        const expected = await viaInject(app, step(previous.inject))
        const actual = await viaLambda(handler, source, step(previous.lambda))
        if (name === 'create') {
          previous.inject.id = JSON.parse(expected.body.toString()).data.id
          previous.lambda.id = JSON.parse(actual.body.toString()).data.id
        }
        t.equal(actual.status, expected.status, `${name}: status`)
        t.same(contractHeaders(actual.headers), contractHeaders(expected.headers), `${name}: headers`)
        t.same(normalise(actual.body, actual.headers['content-type']), normalise(expected.body, expected.headers['content-type']), `${name}: body`)
      }
      for (const [name, request] of CASES) {
        const expected = await viaInject(app, { ...request, query: source === 'alb' ? lastValues(request.query) : request.query })
        const actual = await viaLambda(handler, source, request)
        t.equal(actual.status, expected.status, `${name}: status`)
        t.same(contractHeaders(actual.headers), contractHeaders(expected.headers), `${name}: headers`)
        if (name !== 'metrics') {
          t.same(normalise(actual.body, actual.headers['content-type']), normalise(expected.body, expected.headers['content-type']), `${name}: body`)
        }
        const gatewayId = actual.event.requestContext?.requestId
        if (gatewayId !== undefined) t.equal(actual.headers['x-request-id'], gatewayId, `${name}: the gateway's request id`)
        else t.ok(actual.headers['x-request-id'], `${name}: a request id`)
      }
    })
  }
})
