// The documentation pages and their assets, all served by the service itself.
import t from 'tap'
import { build } from '../helper.ts'

t.test('/docs redirects relatively to docs/, so that a path prefix in front of the service is kept', async (t) => {
  const app = await build(t)
  for (const [url, location] of [['/docs', 'docs/'], ['/docs?tag=items', 'docs/?tag=items']]) {
    const response = await app.inject({ url })
    t.equal(response.statusCode, 301, url)
    t.equal(response.headers.location, location, url)
    t.match(response.headers['x-request-id'], /^[0-9a-f-]{36}$/, `${url}: the request id header`)
  }
})

t.test('Swagger UI at /docs/ loads only local assets, by relative URLs', async (t) => {
  const app = await build(t)
  const page = await app.inject({ url: '/docs/' })
  t.equal(page.statusCode, 200)
  t.match(page.headers['content-type'], /^text\/html/)
  t.notMatch(page.body, /https?:\/\//, 'no asset from another host')
  const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1])
  t.ok(assets.length >= 4)
  for (const asset of assets) {
    t.match(asset, /^\.\//, `${asset} is relative`)
    const response = await app.inject({ url: new URL(asset, 'http://localhost/docs/').pathname })
    t.equal(response.statusCode, 200, asset)
    t.ok(response.rawPayload.length > 0, `${asset} has content`)
  }
  const logo = await app.inject({ url: '/docs/static/swagger-initializer.js' })
  t.match(logo.body, /data:image\/svg\+xml;base64,/, 'the logo is inlined')
})

t.test('the documents name their server relatively', async (t) => {
  const app = await build(t)
  const forSwaggerUi = (await app.inject({ url: '/docs/json' })).json()
  t.equal(forSwaggerUi.openapi, '3.1.0')
  t.same(forSwaggerUi.servers, [{ url: '..', description: 'This deployment' }], '/docs/json → /')
  const published = (await app.inject({ url: '/openapi.json' })).json()
  t.same(published.servers, [{ url: '.', description: 'This deployment' }], '/openapi.json → /')
  t.same(Object.keys(forSwaggerUi.paths), Object.keys(published.paths), 'the same operations')
})

t.test('ReDoc at /redoc loads its bundle from the service', async (t) => {
  const app = await build(t)
  const page = await app.inject({ url: '/redoc' })
  t.equal(page.statusCode, 200)
  t.match(page.headers['content-type'], /^text\/html/)
  t.match(page.body, /<redoc spec-url="\.\/openapi\.json">/)
  t.notMatch(page.body, /https?:\/\//, 'no asset from another host')
  for (let i = 0; i < 2; i++) {
    const bundle = await app.inject({ url: '/redoc/redoc.standalone.js' })
    t.equal(bundle.statusCode, 200)
    t.match(bundle.headers['content-type'], /^application\/javascript/)
    t.ok(bundle.rawPayload.length > 500_000, 'the whole standalone bundle')
  }
})

t.test('docs routes stay out of the OpenAPI document', async (t) => {
  const app = await build(t)
  const paths = Object.keys((await app.inject({ url: '/openapi.json' })).json().paths)
  t.same(paths.filter((path) => /docs|redoc|openapi/.test(path)), [])
})
