// Every error code the service answers, in the contract's shape (docs/api.md), with X-Request-Id; no 5xx for bad input.
import t from 'tap'
import type { InjectOptions } from 'fastify'
import { buildApp } from '../../../src/app.ts'
import { apiSettings } from '../../../src/platforms/aws/settings.ts'
import { build, loggedLines, newItem, testDependencies } from '../../helper.ts'
import type { ItemStore } from '../../../src/items/item-store.ts'
import { StoreUnavailableError } from '../../../src/shared/store-errors.ts'
import { EmbeddedSearchIndex } from '../../../local/embedded-search-index.ts'
import { assertError } from '../assert-error.ts'

const ID = '6f1d2c3b-4a59-4e7f-8a9b-0c1d2e3f4a5b'

t.test('body validation: each rule of docs/api.md is a 400 naming the field', async (t) => {
  const app = await build(t)
  const cases: Array<[string, unknown, string, string | RegExp]> = [
    ['missing name', { price: 1 }, 'name', 'is required'],
    ['missing price', { name: 'x' }, 'price', 'is required'],
    ['empty name', newItem({ name: '' }), 'name', /fewer than 1/],
    ['blank name', newItem({ name: '   \t' }), 'name', 'must not be blank'],
    ['name over 100 characters', newItem({ name: 'x'.repeat(101) }), 'name', /more than 100/],
    ['description over 1000', newItem({ description: 'd'.repeat(1001) }), 'description', /more than 1000/],
    ['zero price', newItem({ price: 0 }), 'price', 'must be > 0 (and at least 1e-130)'],
    ['negative price', newItem({ price: -5 }), 'price', 'must be > 0 (and at least 1e-130)'],
    ['a price too small for DynamoDB', newItem({ price: 2e-323 }), 'price', 'must be > 0 (and at least 1e-130)'],
    ['price over a billion', newItem({ price: 1_000_000_000.01 }), 'price', /<= 1000000000/],
    ['price as a string', newItem({ price: '12' }), 'price', 'must be number'],
    ['name as a number', newItem({ name: 12 }), 'name', 'must be string'],
    ['description as a number', newItem({ description: 5 }), 'description', /string|null/],
    ['an unknown property', newItem({ colour: 'red' }), 'colour', 'is not an accepted property'],
    ['a server-owned property', newItem({ id: ID }), 'id', 'is not an accepted property'],
    ['an array body', [newItem()], 'body', 'must be object'],
    ['a JSON string body', 'Laptop', 'body', 'must be object'],
    ['null body', null, 'body', 'must be object']
  ]
  for (const [what, payload, field, message] of cases) {
    const response = await app.inject({ method: 'POST', url: '/items', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(payload) })
    const body = assertError(t, response, 400, 'VALIDATION_ERROR')
    t.equal(body.error.message, 'Request body is invalid', what)
    t.ok(body.error.details.some((detail: { field: string, message: string }) =>
      detail.field === field && (typeof message === 'string' ? detail.message === message : message.test(detail.message))),
    `${what}: ${JSON.stringify(body.error.details)}`)
  }
  t.equal((await app.inject({ url: '/items' })).json().count, 0, 'nothing was stored')
})

t.test('all invalid fields are reported at once', async (t) => {
  const app = await build(t)
  const response = await app.inject({ method: 'POST', url: '/items', payload: { name: '', price: -1, extra: true } })
  const fields = assertError(t, response, 400, 'VALIDATION_ERROR').error.details.map((detail: { field: string }) => detail.field)
  t.same(new Set(fields), new Set(['name', 'price', 'extra']))
})

t.test('update validation: empty, unknown and wrong-typed bodies are 400', async (t) => {
  const app = await build(t)
  const { data } = (await app.inject({ method: 'POST', url: '/items', payload: newItem() })).json()
  for (const payload of [{}, { version: 5 }, { price: '1' }, { name: ' ' }]) {
    const response = await app.inject({ method: 'PUT', url: `/items/${data.id}`, payload })
    assertError(t, response, 400, 'VALIDATION_ERROR')
  }
  t.equal((await app.inject({ url: `/items/${data.id}` })).json().data.version, 1, 'the item is unchanged')
})

t.test('path and query validation', async (t) => {
  const app = await build(t)
  const badId = assertError(t, await app.inject({ url: '/items/not-a-uuid' }), 400, 'VALIDATION_ERROR')
  t.equal(badId.error.message, 'Path parameter is invalid')
  t.same(badId.error.details.map((detail: { field: string }) => detail.field), ['id'])
  assertError(t, await app.inject({ method: 'DELETE', url: '/items/123' }), 400, 'VALIDATION_ERROR')
  assertError(t, await app.inject({ method: 'PUT', url: '/items/123', payload: { name: 'x' } }), 400, 'VALIDATION_ERROR')

  for (const query of ['limit=0', 'limit=101', 'limit=abc', 'limit=2.5', 'cursor=']) {
    const body = assertError(t, await app.inject({ url: `/items?${query}` }), 400, 'VALIDATION_ERROR')
    t.equal(body.error.message, 'Query string is invalid', query)
  }
  const handMade = [
    'garbage', 'v1.eyJpZCI6ImFiYyJ9', 'v1.' + Buffer.from('{"id":{"S":"x"}}').toString('base64url'),
    // Well-formed positions made by hand, as the service once accepted them.
    'v1.' + Buffer.from(JSON.stringify({ id: ID })).toString('base64url'),
    'c1.' + Buffer.from(JSON.stringify([ID])).toString('base64url')
  ]
  for (const cursor of handMade) {
    const body = assertError(t, await app.inject({ url: `/items?cursor=${encodeURIComponent(cursor)}` }), 400, 'VALIDATION_ERROR')
    t.same(body.error.details, [{ field: 'cursor', message: 'cursor is not one this service issued' }])
  }
  const ownCustomer = 'o1.' + Buffer.from(JSON.stringify(['ORD-20240110-00000000', 'C-1', '2024-01-10T09:00:00.000Z'])).toString('base64url')
  assertError(t, await app.inject({ url: `/customers/C-1/orders?cursor=${ownCustomer}` }), 400, 'VALIDATION_ERROR')
})

t.test('cursors are signed with CURSOR_SECRET: good on every instance that shares it, refused by any other', async (t) => {
  // Each build has tables of its own: the cursor's position need not be there to be accepted.
  const secret = { CURSOR_SECRET: 'the-deployment-s-cursor-secret-32+' }
  const first = await build(t, secret)
  for (let n = 0; n < 3; n++) await first.inject({ method: 'POST', url: '/items', payload: newItem() })
  const cursor = (await first.inject({ url: '/items?limit=1' })).json().next_cursor
  const sameSecret = await build(t, secret)
  const otherSecret = await build(t, { CURSOR_SECRET: 'another-deployment-s-secret-32+++' })
  t.equal((await sameSecret.inject({ url: `/items?limit=1&cursor=${cursor}` })).statusCode, 200, 'another instance, the same secret')
  assertError(t, await otherSecret.inject({ url: `/items?limit=1&cursor=${cursor}` }), 400, 'VALIDATION_ERROR')
})

t.test('numbers that are no finite numbers are 400 on every listing and body, never a 500 or an unbounded page', async (t) => {
  const app = await build(t, {}, { search: new EmbeddedSearchIndex() })
  for (const limit of ['1e309', 'Infinity', '-1e309', '-Infinity', 'NaN']) {
    for (const url of [`/items?limit=${limit}`, `/customers/C-1/orders?limit=${limit}`, `/orders/search?q=sku&limit=${limit}`]) {
      const body = assertError(t, await app.inject({ url }), 400, 'VALIDATION_ERROR')
      t.match(body.error.details, [{ field: 'limit' }], url)
    }
  }
  for (const [url, field] of [['/items', 'price'], ['/orders', 'total_amount']]) {
    const payload = url === '/items' ? '{"name":"x","price":1e309}' : '{"customer_id":"C","items":["A"],"total_amount":1e309}'
    const body = assertError(t, await app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload }), 400, 'VALIDATION_ERROR')
    t.match(body.error.details, [{ field }], `${url}: 1e309 parses to Infinity`)
  }
})

t.test('unknown routes are 404 NOT_FOUND; known paths with other methods are 405 with Allow', async (t) => {
  const app = await build(t)
  const missing = assertError(t, await app.inject({ url: '/nope?x=1' }), 404, 'NOT_FOUND')
  t.equal(missing.error.message, 'No route for GET /nope')
  assertError(t, await app.inject({ method: 'POST', url: '/items/x/y' }), 404, 'NOT_FOUND')

  const cases: Array<[InjectOptions['method'], string, string]> = [
    ['PATCH', '/items', 'GET, HEAD, POST'],
    ['DELETE', '/items', 'GET, HEAD, POST'],
    ['POST', `/items/${ID}`, 'DELETE, GET, HEAD, PUT'],
    ['PATCH', `/items/${ID}`, 'DELETE, GET, HEAD, PUT'],
    ['POST', '/health', 'GET, HEAD'],
    ['DELETE', '/metrics', 'GET, HEAD']
  ]
  for (const [method, url, allow] of cases) {
    const response = await app.inject({ method, url })
    assertError(t, response, 405, 'METHOD_NOT_ALLOWED')
    t.equal(response.headers.allow, allow, `${method} ${url}`)
  }
})

t.test('X-Request-Id: a sane one is echoed, anything else replaced', async (t) => {
  const app = await build(t)
  const echoed = await app.inject({ url: '/health', headers: { 'x-request-id': 'client-abc_123.4:5' } })
  t.equal(echoed.headers['x-request-id'], 'client-abc_123.4:5')
  for (const bad of ['has space', 'x'.repeat(129), 'semi;colon', '<script>']) {
    const response = await app.inject({ url: '/nope', headers: { 'x-request-id': bad } })
    t.not(response.headers['x-request-id'], bad)
    t.match(response.headers['x-request-id'], /^[0-9a-f-]{36}$/)
    t.equal(response.json().request_id, response.headers['x-request-id'])
  }
})

/** A store whose every call fails with the given error: the one fake this suite allows itself. */
function failingStore (error: () => Error): ItemStore {
  const fail = async (): Promise<never> => { throw error() }
  return { create: fail, createOnce: fail, get: fail, list: fail, update: fail, delete: fail, startImage: fail, startProcessing: fail, recordImage: fail, close: async () => {} }
}

t.test('a store that is unavailable gives 503 with Retry-After on every item route', async (t) => {
  const app = await build(t, {}, { items: failingStore(() => new StoreUnavailableError(1)) })
  for (const request of [
    { method: 'POST' as const, url: '/items', payload: newItem() },
    { method: 'GET' as const, url: '/items' },
    { method: 'GET' as const, url: `/items/${ID}` },
    { method: 'PUT' as const, url: `/items/${ID}`, payload: { name: 'x' } },
    { method: 'DELETE' as const, url: `/items/${ID}` }
  ]) {
    const response = await app.inject(request)
    const body = assertError(t, response, 503, 'SERVICE_UNAVAILABLE')
    t.equal(response.headers['retry-after'], '1')
    t.equal(body.error.message, 'The service is temporarily unavailable, retry later')
  }
  t.equal((await app.inject({ url: '/health' })).statusCode, 200, 'health does not depend on the store')
})

t.test('an unexpected fault is 500 INTERNAL_ERROR and reveals nothing', async (t) => {
  const app = await build(t, { LOG_LEVEL: 'info' }, { items: failingStore(() => new Error('ValidationException: secret table layout at /srv/db')) })
  const lines = loggedLines(app)
  const response = await app.inject({ url: `/items/${ID}` })
  const body = assertError(t, response, 500, 'INTERNAL_ERROR')
  t.equal(body.error.message, 'An unexpected error occurred')
  t.notMatch(response.body, /secret|\/srv/)
  t.match(lines.find((line) => line.level === 'error'), { msg: 'request failed', err: { message: /secret table layout/ } }, 'but the log has the cause')
})

t.test('a store unreachable through the real SDK is a 503 too', async (t) => {
  const settings = apiSettings({ DYNAMODB_ENDPOINT: 'http://127.0.0.1:9', LOG_LEVEL: 'silent' })
  const app = buildApp(settings, testDependencies(settings))
  t.teardown(() => app.close())
  const response = await app.inject({ url: `/items/${ID}` })
  assertError(t, response, 503, 'SERVICE_UNAVAILABLE')
})

t.test('malformed URLs and odd requests are 4xx in the contract shape', async (t) => {
  const app = await build(t)
  assertError(t, await app.inject({ url: '/items/%E0%A4%A' }), 400, 'VALIDATION_ERROR')
  const long = assertError(t, await app.inject({ url: `/items/${'a'.repeat(200)}` }), 400, 'VALIDATION_ERROR')
  t.equal(long.error.message, 'A path segment is too long')
  const echoed = await app.inject({ url: '/items/%E0%A4%A', headers: { 'x-request-id': 'bad-url-1' } })
  t.equal(echoed.headers['x-request-id'], 'bad-url-1', 'router errors carry the request id too')
})
