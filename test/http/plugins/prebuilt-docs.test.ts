// The recorded docs served from files (the Lambda bundle's docs): routes, headers, redirects, conditional requests.
import { pathToFileURL } from 'node:url'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import Fastify from 'fastify'
import t, { type Test } from 'tap'
import { recordDocs } from '../../../scripts/record-docs.ts'
import type { AuthConfig } from '../../../src/config.ts'
import { recordedDocs, type DocsVariant } from '../../../src/http/plugins/prebuilt-docs.ts'
import { temporaryDirectory } from '../../helper.ts'

const dir = await temporaryDirectory(t)
const snapshot = await recordDocs(dir)

const AUTH: AuthConfig = { issuer: 'https://issuer.example/', audience: 'items-api', jwksUrl: 'https://issuer.example/jwks.json', reads: false }
/** The authentication each variant is served for. */
const AUTH_OF: Record<DocsVariant, AuthConfig | undefined> = { open: undefined, bearer: AUTH, 'bearer-all': { ...AUTH, reads: true } }

async function served (t: Test, variant: DocsVariant = 'open'): Promise<ReturnType<typeof Fastify>> {
  const app = Fastify()
  app.register(recordedDocs(snapshot, pathToFileURL(`${dir}/`).href), { version: '1.0.0', auth: AUTH_OF[variant] })
  t.teardown(() => app.close())
  await app.ready()
  return app
}

t.test('each recorded path answers its recorded status, headers and body', async (t) => {
  const app = await served(t)
  const page = await app.inject({ url: '/docs/' })
  t.equal(page.statusCode, 200)
  t.equal(page.headers['content-type'], snapshot.variants.open['/docs/'].headers['content-type'])
  t.match(page.headers['content-security-policy'], /script-src 'self'/)
  t.match(page.body, /swagger-ui-bundle\.js/)
  const head = await app.inject({ method: 'HEAD', url: '/openapi.json' })
  t.equal(head.statusCode, 200)
  t.equal(head.body, '', 'HEAD: no body')
  t.equal((await app.inject({ url: '/openapi.json' })).json().openapi, '3.1.0')
})

t.test('the variants differ only where authentication does', async (t) => {
  const open = (await (await served(t, 'open')).inject({ url: '/openapi.json' })).json()
  const bearer = (await (await served(t, 'bearer')).inject({ url: '/openapi.json' })).json()
  const all = (await (await served(t, 'bearer-all')).inject({ url: '/openapi.json' })).json()
  t.same(open.paths['/items'].post.security, [])
  t.same(open.paths['/orders/{order_id}'].get.security, [])
  t.same(bearer.paths['/items'].post.security, [{ bearerAuth: [] }])
  t.same(bearer.paths['/orders/{order_id}'].get.security, [{ bearerAuth: [] }], 'orders reads need the token')
  t.same(bearer.paths['/items'].get.security, [], 'item reads stay open')
  t.same(all.paths['/items'].get.security, [{ bearerAuth: [] }])
  t.same(all.paths['/orders/{order_id}'].get.security, [{ bearerAuth: [] }])
})

t.test('a trailing slash and a query do not matter; a recorded redirect is answered as recorded; an unchanged asset is a 304', async (t) => {
  const app = await served(t)
  const page = (await app.inject({ url: '/docs' })).body
  for (const url of ['/docs/', '/docs?tag=items', '/docs/?tag=items']) {
    const response = await app.inject({ url })
    t.equal(response.statusCode, 200, url)
    t.equal(response.body, page, `${url}: the same page`)
  }
  t.equal((await app.inject({ url: '/redoc/' })).body, (await app.inject({ url: '/redoc' })).body, '/redoc/ is /redoc')
  const absolute = await app.inject({ url: '/docs/static/index.html?x=1' })
  t.equal(absolute.statusCode, 302)
  t.equal(absolute.headers.location, '/docs/', 'the target as recorded')
  const css = snapshot.variants.open['/docs/static/swagger-ui.css']
  t.equal((await app.inject({ url: '/docs/static/swagger-ui.css', headers: { 'if-none-match': css.headers.etag } })).statusCode, 304)
  t.equal((await app.inject({ url: '/docs/static/swagger-ui.css', headers: { 'if-none-match': 'W/"other"' } })).statusCode, 200)
})

t.test('a body file that cannot be read fails that request only, and is read again on the next', async (t) => {
  const app = await served(t)
  const file = join(dir, 'docs', snapshot.variants.open['/redoc'].file)
  const content = await import('node:fs/promises').then(async ({ readFile }) => await readFile(file))
  await rm(file)
  t.equal((await app.inject({ url: '/redoc' })).statusCode, 500)
  await import('node:fs/promises').then(async ({ writeFile }) => await writeFile(file, content))
  t.equal((await app.inject({ url: '/redoc' })).statusCode, 200)
})
