// Bearer JWTs: a key pair and JWKS made here and served on loopback; every way a token can be wrong is a 401.
import type { FastifyInstance } from 'fastify'
import { generateKeyPair } from 'jose'
import t, { type Test } from 'tap'
import { build, newItem } from '../helper.ts'
import { AUDIENCE, authEnv, ISSUER, issuer, type Issuer } from '../token-issuer.ts'

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

t.test('writes need a valid token; reads stay open', async (t) => {
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

t.test('AUTH_READS=true protects reads too', async (t) => {
  const { app, tokens } = await protectedApp(t, { AUTH_READS: 'true' })
  assertUnauthorized(t, await app.inject({ url: '/items' }), 'list')
  assertUnauthorized(t, await app.inject({ url: '/items/00000000-0000-4000-8000-000000000000' }), 'get')
  t.equal((await app.inject({ url: '/items', headers: bearer(await tokens.sign()) })).statusCode, 200)
  t.equal((await app.inject({ url: '/health' })).statusCode, 200)
})

t.test('keys that cannot be fetched are a 503 with Retry-After, not a 401', async (t) => {
  const app = await build(t, { AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE, AUTH_JWKS_URL: 'http://127.0.0.1:9/jwks.json' })
  const tokens = await issuer(t)
  const response = await app.inject({ method: 'POST', url: '/items', headers: bearer(await tokens.sign()), payload: newItem() })
  t.equal(response.statusCode, 503)
  t.equal(response.headers['retry-after'], '1')
  t.equal(response.json().error.code, 'SERVICE_UNAVAILABLE')
})

t.test('the OpenAPI document declares the bearer scheme on exactly the protected operations', async (t) => {
  const { app } = await protectedApp(t)
  const document = (await app.inject({ url: '/openapi.json' })).json()
  t.same(document.components.securitySchemes.bearerAuth, { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
  t.same(document.paths['/items'].post.security, [{ bearerAuth: [] }])
  t.same(document.paths['/items/{id}'].put.security, [{ bearerAuth: [] }])
  t.same(document.paths['/items/{id}'].delete.security, [{ bearerAuth: [] }])
  t.same(document.paths['/items'].get.security, [], 'reads open, and say so')

  const open = await build(t)
  const plain = (await open.inject({ url: '/openapi.json' })).json()
  t.notOk(plain.components?.securitySchemes, 'no scheme when authentication is off')
  t.same(plain.paths['/items'].post.security, [], 'open, and says so')
  t.same(plain.security, [])
})
