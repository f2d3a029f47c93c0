// Bearer JWTs: a key pair and JWKS made here and served on loopback; every way a token can be wrong is a 401, every way
// the issuer's key set can fail is a 503 with Retry-After, and a failed fetch is not repeated at each request.
import type { FastifyInstance } from 'fastify'
import { generateKeyPair } from 'jose'
import t, { type Test } from 'tap'
import { build, newItem } from '../../helper.ts'
import { AUDIENCE, authEnv, ISSUER, issuer, type Issuer, type KeySetAnswer } from '../../token-issuer.ts'

async function protectedApp (t: Test, env: Record<string, string> = {}): Promise<{ app: FastifyInstance, tokens: Issuer }> {
  const tokens = await issuer(t)
  const app = await build(t, { ...authEnv(tokens), ...env })
  return { app, tokens }
}

const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` })

function assertUnauthorized (t: Test, response: { statusCode: number, headers: Record<string, unknown>, json: () => any }, what: string): void {
  t.equal(response.statusCode, 401, what)
  t.match(response.json(), { success: false, error: { code: 'UNAUTHORIZED' } }, what)
  t.match(response.headers['www-authenticate'], /^Bearer realm="items-api"/, what)
}

t.test('item writes need a valid token; item reads stay open', async (t) => {
  const { app, tokens } = await protectedApp(t)
  assertUnauthorized(t, await app.inject({ method: 'POST', url: '/items', payload: newItem() }), 'no token')
  const created = await app.inject({ method: 'POST', url: '/items', headers: bearer(await tokens.sign()), payload: newItem() })
  t.equal(created.statusCode, 201, 'a valid token')
  const { id } = created.json().data
  t.equal((await app.inject({ url: `/items/${id}` })).statusCode, 200, 'reads are open')
  t.equal((await app.inject({ url: '/items' })).statusCode, 200)
  assertUnauthorized(t, await app.inject({ method: 'PUT', url: `/items/${id}`, payload: { price: 2 } }), 'PUT without a token')
  assertUnauthorized(t, await app.inject({ method: 'DELETE', url: `/items/${id}` }), 'DELETE without a token')
  t.equal((await app.inject({ method: 'DELETE', url: `/items/${id}`, headers: bearer(await tokens.sign()) })).statusCode, 200)
  t.equal((await app.inject({ url: '/health' })).statusCode, 200, 'the service routes need none')
  t.equal(tokens.fetches(), 1, 'the key set was fetched once, and kept')
})

t.test('orders, customers and reports need the token, reads included, while item reads stay open', async (t) => {
  const { app, tokens } = await protectedApp(t)
  const reads = ['/orders/ORD-20240110-0a1b2c3d', '/orders/search?q=laptop', '/customers/C-1/orders', '/reports/daily/2024-01-10']
  for (const url of reads) assertUnauthorized(t, await app.inject({ url }), `GET ${url} without a token`)
  const token = bearer(await tokens.sign())
  const placed = await app.inject({ method: 'POST', url: '/orders', headers: token, payload: { customer_id: 'C-1', items: ['SKU-1'], total_amount: 10 } })
  t.equal(placed.statusCode, 201, 'an order placed with the token')
  const history = await app.inject({ url: '/customers/C-1/orders', headers: token })
  t.equal(history.statusCode, 200, 'and the customer\'s history read with it')
  t.equal(history.json().count, 1)
  t.equal((await app.inject({ url: `/orders/${placed.json().data.order_id}`, headers: token })).statusCode, 200)
  // No search index and no reports bucket here: past the token check, the routes' own 503.
  for (const url of ['/orders/search?q=laptop', '/reports/daily/2024-01-10']) t.equal((await app.inject({ url, headers: token })).statusCode, 503, url)
  t.equal((await app.inject({ url: '/items' })).statusCode, 200, 'item reads stay open (AUTH_READS=false)')
})

t.test('a token must carry exp, and cannot be issued in the future', async (t) => {
  const { app, tokens } = await protectedApp(t)
  const now = Math.floor(Date.now() / 1000)
  const create = async (token: string): Promise<Awaited<ReturnType<FastifyInstance['inject']>>> =>
    await app.inject({ method: 'POST', url: '/items', headers: bearer(token), payload: newItem() })
  for (const [what, token] of [
    ['no exp', await tokens.sign({}, { expiresIn: null })],
    ['issued in an hour', await tokens.sign({}, { issuedAt: now + 3600, expiresIn: now + 7200 })],
    ['issued 10 s ahead, beyond the 5 s of tolerance', await tokens.sign({}, { issuedAt: now + 10 })]
  ] as const) {
    const response = await create(token)
    assertUnauthorized(t, response, what)
    t.equal(response.headers['www-authenticate'], 'Bearer realm="items-api", error="invalid_token"', what)
  }
  t.equal((await create(await tokens.sign({}, { issuedAt: now + 2 }))).statusCode, 201, 'a clock 2 s ahead is within the tolerance')
  t.equal((await create(await tokens.sign({}, { issuedAt: now - 3600 }))).statusCode, 201, 'an hour-old iat with a later exp is fine')
})

t.test('every way a token can be wrong is a 401 that changes nothing', async (t) => {
  const { app, tokens } = await protectedApp(t)
  const stranger = await generateKeyPair('RS256')
  const [header, payload] = (await tokens.sign()).split('.')
  const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`
  const cases: Array<[string, string]> = [
    ['expired', await tokens.sign({}, { expiresIn: Math.floor(Date.now() / 1000) - 60 })],
    ['wrong audience', await tokens.sign({ aud: 'another-api' })],
    ['wrong issuer', await tokens.sign({ iss: 'https://evil.example.com/' })],
    ['signed by another key', await tokens.sign({}, { key: stranger.privateKey })],
    ['unknown key id', await tokens.sign({}, { kid: 'other-key' })],
    ['alg: none', unsigned],
    ['a tampered payload', `${header}.${Buffer.from(JSON.stringify({ sub: 'admin', iss: ISSUER, aud: AUDIENCE })).toString('base64url')}.${(await tokens.sign()).split('.')[2]}`],
    ['not a JWT', 'abc.def.ghi']
  ]
  for (const [what, token] of cases) {
    const response = await app.inject({ method: 'POST', url: '/items', headers: bearer(token), payload: newItem() })
    assertUnauthorized(t, response, what)
    t.equal(response.headers['www-authenticate'], 'Bearer realm="items-api", error="invalid_token"', what)
  }
  for (const authorization of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer a b', await tokens.sign()]) {
    assertUnauthorized(t, await app.inject({ method: 'POST', url: '/items', headers: { authorization }, payload: newItem() }), `Authorization: ${authorization.slice(0, 12)}`)
  }
  t.equal((await app.inject({ url: '/items' })).json().count, 0, 'nothing was created')
})

t.test('AUTH_READS=true protects item reads too', async (t) => {
  const { app, tokens } = await protectedApp(t, { AUTH_READS: 'true' })
  assertUnauthorized(t, await app.inject({ url: '/items' }), 'list')
  assertUnauthorized(t, await app.inject({ url: '/items/00000000-0000-4000-8000-000000000000' }), 'get')
  t.equal((await app.inject({ url: '/items', headers: bearer(await tokens.sign()) })).statusCode, 200)
  t.equal((await app.inject({ url: '/health' })).statusCode, 200)
})

/** A 503 SERVICE_UNAVAILABLE in the contract's shape, telling the client when to retry. */
function assertUnavailable (t: Test, response: Awaited<ReturnType<FastifyInstance['inject']>>, retryAfter: string[], what: string): void {
  t.equal(response.statusCode, 503, what)
  t.match(response.json(), { success: false, error: { code: 'SERVICE_UNAVAILABLE', message: 'Tokens cannot be verified right now' }, request_id: String }, what)
  t.ok(retryAfter.includes(String(response.headers['retry-after'])), `${what}: Retry-After ${String(response.headers['retry-after'])}`)
}

t.test('keys that cannot be fetched are a 503 with Retry-After, not a 401', async (t) => {
  const app = await build(t, { AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE, AUTH_JWKS_URL: 'http://127.0.0.1:9/jwks.json' })
  const tokens = await issuer(t)
  const response = await app.inject({ method: 'POST', url: '/items', headers: bearer(await tokens.sign()), payload: newItem() })
  assertUnavailable(t, response, ['5'], 'connection refused')
})

t.test('a key set that answers 500, not JSON, not a key set, or nothing: a 503, and no fetch again until the wait is over', async (t) => {
  const answers: KeySetAnswer[] = ['error', 'not json', 'not a key set', 'hang']
  for (const answer of answers) {
    const { app, tokens } = await protectedApp(t)
    tokens.answer(answer)
    const token = bearer(await tokens.sign())
    const started = Date.now()
    assertUnavailable(t, await app.inject({ method: 'POST', url: '/items', headers: token, payload: newItem() }), ['5'], answer)
    if (answer === 'hang') t.ok(Date.now() - started < 3_000, 'a key set that does not answer is given up after 2 s')
    t.equal(tokens.fetches(), 1, `${answer}: fetched once`)
    // The issuer is fine again, but the wait is not over: no fetch, and the time left as Retry-After.
    tokens.answer('keys')
    for (const url of ['/items', '/orders/ORD-20240110-0a1b2c3d']) {
      assertUnavailable(t, await app.inject({ method: url === '/items' ? 'POST' : 'GET', url, headers: token, payload: newItem() }), ['5', '4', '3'], `${answer}, again at once`)
    }
    t.equal(tokens.fetches(), 1, `${answer}: not fetched again during the wait`)
    assertUnauthorized(t, await app.inject({ method: 'POST', url: '/items', payload: newItem() }), `${answer}: no token is still a 401`)
  }
})

t.test('once the wait is over the key set is fetched again, and a good one is kept', async (t) => {
  const { app, tokens } = await protectedApp(t)
  tokens.answer('error')
  const token = bearer(await tokens.sign())
  assertUnavailable(t, await app.inject({ method: 'POST', url: '/items', headers: token, payload: newItem() }), ['5'], 'the first fetch fails')
  tokens.answer('keys')
  await new Promise((resolve) => setTimeout(resolve, 5_100))
  t.equal((await app.inject({ method: 'POST', url: '/items', headers: token, payload: newItem() })).statusCode, 201, 'after 5 s, fetched again')
  t.equal((await app.inject({ method: 'POST', url: '/items', headers: token, payload: newItem() })).statusCode, 201)
  t.equal(tokens.fetches(), 2, 'and kept')
})

/** The operations a document marks as needing the token, as "METHOD /path". */
function protectedOperations (document: any): string[] {
  return Object.entries(document.paths as Record<string, Record<string, { security: unknown[] }>>)
    .flatMap(([path, operations]) => Object.entries(operations).filter(([, operation]) => operation.security.length > 0)
      .map(([method]) => `${method.toUpperCase()} ${path}`))
    .sort()
}

t.test('the OpenAPI document declares the bearer scheme on exactly the protected operations', async (t) => {
  const { app, tokens } = await protectedApp(t)
  const document = (await app.inject({ url: '/openapi.json' })).json()
  t.same(document.components.securitySchemes.bearerAuth, { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
  const always = [
    'DELETE /items/{id}', 'DELETE /orders/{order_id}', 'GET /customers/{customer_id}/orders', 'GET /orders/search', 'GET /orders/{order_id}',
    'GET /reports/daily/{date}', 'HEAD /customers/{customer_id}/orders', 'HEAD /orders/search', 'HEAD /orders/{order_id}', 'HEAD /reports/daily/{date}',
    'POST /items', 'POST /items/{id}/image', 'POST /orders', 'POST /orders/{order_id}/cancel', 'PUT /items/{id}'
  ]
  t.same(protectedOperations(document), always, 'every write, and every orders, customers and reports read')
  t.same(document.paths['/items/{id}'].put.security, [{ bearerAuth: [] }])
  t.same(document.paths['/orders/search'].get.security, [{ bearerAuth: [] }])
  t.same(document.paths['/items'].get.security, [], 'item reads open, and say so')
  t.same(document.paths['/health'].get.security, [], '/health open, and says so')
  t.notOk(document.paths['/items'].get.responses['401'], 'no 401 where no token is needed')
  t.ok(document.paths['/reports/daily/{date}'].get.responses['401'], 'a 401 where one is')

  const readsToo = await build(t, { ...authEnv(tokens), AUTH_READS: 'true' })
  const guarded = (await readsToo.inject({ url: '/openapi.json' })).json()
  t.same(protectedOperations(guarded), [...always, 'GET /items', 'GET /items/{id}', 'HEAD /items', 'HEAD /items/{id}'].sort(), 'AUTH_READS=true: item reads too')

  const open = await build(t)
  const plain = (await open.inject({ url: '/openapi.json' })).json()
  t.notOk(plain.components?.securitySchemes, 'no scheme when authentication is off')
  t.same(protectedOperations(plain), [], 'nothing protected')
  t.same(plain.paths['/items'].post.security, [], 'open, and says so')
  t.same(plain.security, [])
})
