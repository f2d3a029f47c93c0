import t from 'tap'
import { build } from '../../helper.ts'

t.test('development allows any origin and exposes the contract headers', async (t) => {
  const app = await build(t)
  const response = await app.inject({ url: '/health', headers: { origin: 'http://localhost:3000' } })
  t.equal(response.headers['access-control-allow-origin'], '*')
  t.equal(response.headers['access-control-expose-headers'], 'X-Request-Id, Location, Retry-After, ETag, WWW-Authenticate, Idempotent-Replayed', 'what a browser script may read')
  const preflight = await app.inject({
    method: 'OPTIONS',
    url: '/items',
    headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' }
  })
  t.equal(preflight.statusCode, 204)
  t.match(preflight.headers['access-control-allow-methods'], /POST/)
  t.ok(preflight.headers['x-request-id'])
})

t.test('an allowlist lets listed origins in and keeps others out', async (t) => {
  const app = await build(t, { ENVIRONMENT: 'prod', CORS_ORIGINS: 'https://app.example.com' })
  const allowed = await app.inject({ url: '/health', headers: { origin: 'https://app.example.com' } })
  t.equal(allowed.headers['access-control-allow-origin'], 'https://app.example.com')
  const refused = await app.inject({ url: '/health', headers: { origin: 'https://evil.example.com' } })
  t.equal(refused.headers['access-control-allow-origin'], undefined)
})

t.test('outside development without CORS_ORIGINS, no origin is allowed', async (t) => {
  const app = await build(t, { ENVIRONMENT: 'prod' })
  const response = await app.inject({ url: '/health', headers: { origin: 'http://localhost:3000' } })
  t.equal(response.headers['access-control-allow-origin'], undefined)
})
