// The documentation pages and their assets, all served by the service itself.
import t from 'tap'
import { build } from '../helper.ts'

t.test('Swagger UI at /docs loads only local assets', async (t) => {
  const app = await build(t)
  const page = await app.inject({ url: '/docs' })
  t.equal(page.statusCode, 200)
  t.match(page.headers['content-type'], /^text\/html/)
  t.notMatch(page.body, /https?:\/\//, 'no asset from another host')
  const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1])
  t.ok(assets.length >= 4)
  for (const asset of assets) {
    const response = await app.inject({ url: asset })
    t.equal(response.statusCode, 200, asset)
    t.ok(response.rawPayload.length > 0, `${asset} has content`)
  }
  const spec = await app.inject({ url: '/docs/json' })
  t.equal(spec.json().openapi, '3.1.0')
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
