// Security headers: a policy under which an API response loads, runs and frames nothing; the docs pages' own policies.
import t from 'tap'
import { build } from '../../helper.ts'

const API_POLICY = "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'"
const DOCUMENT_ONLY = ['cross-origin-opener-policy', 'origin-agent-cluster', 'x-dns-prefetch-control', 'x-download-options',
  'x-permitted-cross-domain-policies', 'x-xss-protection']

t.test('API responses: no content allowed, no framing, no sniffing, no fingerprint', async (t) => {
  const app = await build(t)
  for (const request of [{ url: '/health' }, { url: '/items' }, { url: '/openapi.json' }, { url: '/nope' }, { method: 'POST' as const, url: '/items', payload: {} }]) {
    const response = await app.inject(request)
    t.equal(response.headers['content-security-policy'], API_POLICY, `${request.url}: ${response.statusCode}`)
    t.equal(response.headers['x-content-type-options'], 'nosniff')
    t.equal(response.headers['referrer-policy'], 'no-referrer')
    t.match(response.headers['strict-transport-security'], /^max-age=\d+; includeSubDomains$/)
    t.equal(response.headers['cross-origin-resource-policy'], 'same-site')
    t.notOk('x-powered-by' in response.headers || 'server' in response.headers, 'no framework or server fingerprint')
    for (const name of DOCUMENT_ONLY) t.notOk(name in response.headers, `${request.url}: no ${name}, which only documents use`)
  }
})

t.test('the docs pages, which are documents, also carry helmet\'s document headers', async (t) => {
  const app = await build(t)
  for (const url of ['/docs/', '/redoc', '/docs/static/swagger-ui.css']) {
    const response = await app.inject({ url })
    t.equal(response.headers['x-content-type-options'], 'nosniff', url)
    t.equal(response.headers['cross-origin-opener-policy'], 'same-origin', url)
    t.equal(response.headers['x-frame-options'], 'SAMEORIGIN', url)
    for (const name of DOCUMENT_ONLY) t.ok(name in response.headers, `${url}: ${name}`)
  }
})

t.test('the docs pages carry policies of their own, limited to the service itself', async (t) => {
  const app = await build(t)
  const swaggerUi = (await app.inject({ url: '/docs/' })).headers['content-security-policy'] as string
  // Scripts from the service, and the page's own inline scripts by their hashes: never any inline script at all.
  t.match(swaggerUi, /default-src 'self'; script-src 'self'( 'sha256-[A-Za-z0-9+/]+=*'){2};/)
  t.notMatch(swaggerUi, /unsafe-eval|https:|\*/, 'no eval, no remote origins')
  const redoc = (await app.inject({ url: '/redoc' })).headers['content-security-policy'] as string
  t.match(redoc, /script-src 'self'( 'sha256-[A-Za-z0-9+/]+=*'){2}; worker-src 'self' blob:/)
  t.notMatch(redoc, /unsafe-eval|https:|\*/)
})
