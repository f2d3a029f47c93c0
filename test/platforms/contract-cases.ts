// The contract cases every platform's HTTP entry must answer as inject does: the requests, and what is compared of
// the answers (status, the contract's headers, the body but for what differs between two runs by design).
import type { FastifyInstance } from 'fastify'
import type { Test } from 'tap'
import type { HttpRequest } from '../../local/lambda-events.ts'
import { WALK_THROUGH } from './walk-through.ts'

export interface Answer { status: number, headers: Record<string, string>, body: Buffer }

const CONTRACT_HEADERS = ['content-type', 'location', 'allow', 'retry-after', 'access-control-allow-origin',
  'access-control-allow-methods', 'access-control-expose-headers', 'content-encoding']

export async function viaInject (app: FastifyInstance, request: HttpRequest): Promise<Answer> {
  const response = await app.inject({
    method: request.method as 'GET', url: request.path, query: request.query, headers: request.headers, payload: request.body
  })
  return { status: response.statusCode, headers: response.headers as Record<string, string>, body: response.rawPayload }
}

/** Ids, timestamps and request ids differ between two runs by design; everything else must not. */
export function normalise (body: Buffer, contentType = ''): unknown {
  if (!contentType.startsWith('application/json')) return body.toString('base64')
  return JSON.parse(body.toString('utf8'), (key, value) => {
    if (['id', 'created_at', 'updated_at', 'request_id', 'next_cursor'].includes(key) && value !== null) return `<${key}>`
    return typeof value === 'string' ? value.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>') : value
  })
}

export const contractHeaders = (headers: Record<string, string>): Record<string, string> =>
  Object.fromEntries(CONTRACT_HEADERS.filter((name) => headers[name] !== undefined)
    .map((name) => [name, name === 'location' ? headers[name].replace(/[0-9a-f-]{36}$/, '<id>') : headers[name]]))

/** What a platform answered, held against inject's answer: status, contract headers and (unless `body` is false) body. */
export function sameAnswer (t: Test, name: string, actual: Answer, expected: Answer, { body = true } = {}): void {
  t.equal(actual.status, expected.status, `${name}: status`)
  t.same(contractHeaders(actual.headers), contractHeaders(expected.headers), `${name}: headers`)
  if (body) t.same(normalise(actual.body, actual.headers['content-type']), normalise(expected.body, expected.headers['content-type']), `${name}: body`)
}

/** The walk-through through inject and through a platform, each on the id its own create answered, step by step. */
export async function sameWalkThrough (t: Test, app: FastifyInstance, platform: (request: HttpRequest) => Promise<Answer>): Promise<void> {
  const previous = { inject: {} as Record<string, any>, platform: {} as Record<string, any> }
  for (const [name, step] of WALK_THROUGH) {
    const expected = await viaInject(app, step(previous.inject))
    const actual = await platform(step(previous.platform))
    if (name === 'create') {
      previous.inject.id = JSON.parse(expected.body.toString()).data.id
      previous.platform.id = JSON.parse(actual.body.toString()).data.id
    }
    sameAnswer(t, name, actual, expected)
  }
}

const json = { 'content-type': 'application/json' }

export const CONTRACT_CASES: Array<[string, HttpRequest]> = [
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
