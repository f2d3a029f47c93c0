// The Azure trigger's bridge to the app: the request id, the contract's errors, the docs pages and their binary
// assets, bodies streamed both ways, multi-value headers and repeated query keys, and never a stack to the client.
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { Readable } from 'node:stream'
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../../src/app.ts'
import { AZURE_HTTP_METHODS, azureHttpHandler } from '../../../src/platforms/azure/azure-http.ts'
import { loggedLines, testConfig, testDependencies } from '../../helper.ts'
import { azureRequest, invocation, read, viaAzure } from './azure-requests.ts'

const json = { 'content-type': 'application/json' }

/** The app with the test's ports, and routes of the test's own added before it is ready. */
async function bridged (t: { teardown: (fn: () => unknown) => void }, env: Record<string, string> = {}, routes: (app: FastifyInstance) => void = () => {}) {
  const config = await testConfig(env)
  const app = buildApp(config, testDependencies(config, { invocations: {} }))
  routes(app)
  t.teardown(() => app.close())
  const lines = env.LOG_LEVEL === undefined ? [] : loggedLines(app)
  return { app, handler: await azureHttpHandler(app), lines }
}

t.test('the invocation id is the request id, whatever the client sent', async (t) => {
  const { handler } = await bridged(t)
  const invocationId = '5c8a1c54-3bd0-4b0b-9a51-7b6a1b1f0a11'
  for (const spelling of ['x-request-id', 'X-Request-ID']) {
    const answer = await viaAzure(handler, { method: 'GET', path: '/nope', headers: { [spelling]: 'client-chosen-id' } }, invocationId)
    t.equal(answer.headers['x-request-id'], invocationId, `${spelling}: the header`)
    t.equal(JSON.parse(answer.body.toString()).request_id, invocationId, `${spelling}: the error's request_id`)
  }
})

t.test('the contract\'s errors, in its shape', async (t) => {
  const { handler } = await bridged(t)
  const cases: Array<[string, Parameters<typeof viaAzure>[1], number, string]> = [
    ['invalid JSON', { method: 'POST', path: '/items', headers: json, body: '{"name": "Laptop",' }, 400, 'VALIDATION_ERROR'],
    ['unknown route', { method: 'GET', path: '/nope' }, 404, 'NOT_FOUND'],
    ['wrong method', { method: 'PATCH', path: '/items' }, 405, 'METHOD_NOT_ALLOWED'],
    ['wrong media type', { method: 'POST', path: '/items', headers: { 'content-type': 'text/plain' }, body: 'hello' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['body over 64 KiB, streamed in', { method: 'POST', path: '/items', headers: json, body: JSON.stringify({ name: 'x'.repeat(70_000), price: 1 }) }, 413, 'PAYLOAD_TOO_LARGE']
  ]
  for (const [name, request, status, code] of cases) {
    const answer = await viaAzure(handler, request)
    t.equal(answer.status, status, `${name}: status`)
    t.match(JSON.parse(answer.body.toString()), { success: false, error: { code } }, `${name}: body`)
    t.match(answer.headers['content-type'], /^application\/json/, `${name}: content-type`)
  }
  const invalid = await viaAzure(handler, cases[0][1])
  t.equal(JSON.parse(invalid.body.toString()).error.message, 'Request body is not valid JSON')
  const wrongMethod = await viaAzure(handler, cases[2][1])
  t.match(wrongMethod.headers.allow, /GET/, 'the 405 says what is allowed')
})

t.test('the trigger takes every method a request can arrive with', async (t) => {
  const { handler } = await bridged(t)
  t.same(AZURE_HTTP_METHODS.toSorted(), ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'])
  for (const method of ['TRACE', 'CONNECT']) {
    t.throws(() => azureRequest({ method, path: '/items' }), /unsupported/, `${method}: the library cannot make such a request`)
  }
  const wrongMethod = await viaAzure(handler, { method: 'PUT', path: '/health' })
  t.equal(wrongMethod.status, 405, 'a method no route has: the app\'s 405')
  const head = await viaAzure(handler, { method: 'HEAD', path: '/health' })
  t.equal(head.status, 200)
  t.equal(head.body.length, 0, 'HEAD: no body')
})

t.test('a JSON body arrives intact, as a string or as bytes', async (t) => {
  const { handler } = await bridged(t)
  const name = 'Café ☕ — naïve 🚀'
  for (const base64 of [false, true]) {
    const answer = await viaAzure(handler, { method: 'POST', path: '/items', headers: json, body: JSON.stringify({ name, price: 9.99 }), base64 })
    t.equal(answer.status, 201)
    t.equal(JSON.parse(answer.body.toString()).data.name, name, base64 ? 'bytes' : 'string')
  }
})

t.test('the docs pages, and a binary asset byte for byte', async (t) => {
  const { handler } = await bridged(t)
  for (const path of ['/docs', '/docs/', '/redoc']) {
    const page = await viaAzure(handler, { method: 'GET', path })
    t.equal(page.status, 200, `${path}: status`)
    t.match(page.headers['content-type'], /^text\/html/, `${path}: an HTML page`)
    t.match(page.body.toString(), /<html/i, `${path}: its HTML`)
  }
  const document = await viaAzure(handler, { method: 'GET', path: '/openapi.json' })
  t.match(JSON.parse(document.body.toString()), { openapi: /^3\.1\./, paths: { '/items': {} } })
  const icon = await viaAzure(handler, { method: 'GET', path: '/docs/static/favicon-32x32.png' })
  t.equal(icon.headers['content-type'], 'image/png')
  const onDisk = await readFile(createRequire(import.meta.url).resolve('@fastify/swagger-ui/static/favicon-32x32.png'))
  t.ok(icon.body.equals(onDisk), 'the PNG is the file served, byte for byte')
})

t.test('the body streams out of the app, and is read whole', async (t) => {
  const { app, handler } = await bridged(t)
  const { init, body } = await viaAzure(handler, { method: 'GET', path: '/docs/static/swagger-ui-bundle.js' })
  t.ok(init.body instanceof Readable, 'a stream, not a buffer')
  const expected = await app.inject({ method: 'GET', url: '/docs/static/swagger-ui-bundle.js' })
  t.ok(body.length > 1_000_000, `${body.length} bytes`)
  t.ok(body.equals(expected.rawPayload), 'the whole script')
  const headers = init.headers as Record<string, string>
  t.equal(headers['content-type'], expected.headers['content-type'])
  t.notOk('connection' in headers || 'transfer-encoding' in headers, 'no hop-by-hop header: the runtime sets its own')
})

t.test('multi-value headers and repeated query keys', async (t) => {
  const { handler } = await bridged(t, {}, (app) => {
    app.get('/echo', async (request, reply) => {
      reply.header('vary', ['Origin', 'Accept-Encoding'])
      reply.header('set-cookie', ['session=a%20b; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age=60', 'theme=dark; Domain=example.com; Expires=Wed, 21 Oct 2037 07:28:00 GMT; SameSite=strict; Partitioned'])
      return { query: request.query, cookie: request.headers.cookie ?? null }
    })
  })
  const request = azureRequest({ method: 'GET', path: '/echo', query: { tag: ['a', 'b'], limit: '5' }, headers: { cookie: 'session=abc; theme=dark' } })
  t.same(Object.fromEntries(request.query), { tag: 'b', limit: '5' }, 'the runtime\'s query keeps one value of a key')
  const init = await handler(request, invocation().context) as Awaited<ReturnType<typeof read>> & Record<string, any>
  const answer = await read(init)
  t.same(JSON.parse(answer.body.toString()), { query: { tag: ['a', 'b'], limit: '5' }, cookie: 'session=abc; theme=dark' }, 'the app sees every value')
  t.equal(answer.headers.vary, 'Origin, Accept-Encoding')
  t.notOk('set-cookie' in init.headers, 'cookies are not a header the runtime would keep one of')
  t.same(init.cookies, [
    { name: 'session', value: 'a%20b', path: '/', httpOnly: true, secure: true, sameSite: 'Lax', maxAge: 60 },
    { name: 'theme', value: 'dark', domain: 'example.com', expires: new Date('2037-10-21T07:28:00Z'), sameSite: 'Strict' }
  ])
})

t.test('a route that throws answers the contract\'s 500, without a stack', async (t) => {
  const { handler } = await bridged(t, {}, (app) => {
    app.get('/explode', async () => { throw new Error('secret detail at /srv/app/store.ts:42') })
  })
  const answer = await viaAzure(handler, { method: 'GET', path: '/explode' }, '0f4d7a2e-3b6c-4d5e-8f90-a1b2c3d4e5f6')
  t.equal(answer.status, 500)
  t.same(JSON.parse(answer.body.toString()), {
    success: false, error: { code: 'INTERNAL_ERROR', message: 'An unexpected error occurred' }, request_id: '0f4d7a2e-3b6c-4d5e-8f90-a1b2c3d4e5f6'
  })
  t.notMatch(answer.body.toString(), /secret|store\.ts|at /)
})

t.test('an app that cannot answer at all: the contract\'s 500, the error in the invocation\'s log only', async (t) => {
  const broken = { ready: async () => {}, inject: async () => { throw new Error('secret detail at /srv/app/light-my-request.js:9') } }
  const handler = await azureHttpHandler(broken as unknown as FastifyInstance)
  const { context, logs } = invocation('9e1f2a3b-4c5d-4e6f-8a7b-0c1d2e3f4a5b')
  const answer = await read(await handler(azureRequest({ method: 'GET', path: '/health' }), context) as Parameters<typeof read>[0])
  t.equal(answer.status, 500)
  t.equal(answer.headers['x-request-id'], '9e1f2a3b-4c5d-4e6f-8a7b-0c1d2e3f4a5b')
  t.same(JSON.parse(answer.body.toString()), {
    success: false, error: { code: 'INTERNAL_ERROR', message: 'An unexpected error occurred' }, request_id: '9e1f2a3b-4c5d-4e6f-8a7b-0c1d2e3f4a5b'
  })
  t.match(logs, [['error', 'The app could not answer the request', { message: /secret detail/ }]])
})

t.test('each invocation\'s log line names it; only the first is a cold start', async (t) => {
  const { handler, lines } = await bridged(t, { LOG_LEVEL: 'info' })
  await viaAzure(handler, { method: 'GET', path: '/health' }, '11111111-1111-4111-8111-111111111111')
  await Promise.all([
    viaAzure(handler, { method: 'GET', path: '/health' }, '22222222-2222-4222-8222-222222222222'),
    viaAzure(handler, { method: 'GET', path: '/items' }, '33333333-3333-4333-8333-333333333333')
  ])
  const requests = lines.filter((line) => line.msg === 'request completed')
  t.equal(requests.length, 3, 'one line a request')
  for (const line of requests) {
    t.equal(line.invocation_id, line.request_id, `${line.request_id as string}: the line names its own invocation`)
    t.equal(line.function_name, 'api')
    t.equal(line.cold_start, line.request_id === '11111111-1111-4111-8111-111111111111', 'only the first is a cold start')
  }
})
