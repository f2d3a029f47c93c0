// The documentation pages and their assets, all served by the service itself.
import { createHash } from 'node:crypto'
import t from 'tap'
import { absoluteServers, downloadUrl } from '../../../src/http/plugins/swagger-ui-servers.ts'
import { build } from '../../helper.ts'

/** The inline scripts of a page, and the links they write, as the browser resolves them from `address`. */
function writtenLinks (html: string, address: string): { scripts: string[], links: string[] } {
  const scripts = [...html.matchAll(/<script>(.*?)<\/script>/gs)].map((match) => match[1])
  const folder = address.endsWith('/') ? '' : `${address.slice(address.lastIndexOf('/') + 1)}/`
  const links = scripts.flatMap((script) => [...script.matchAll(/(?:src|href|spec-url)=\\"\{folder\}([^"\\]+)\\"/g)])
    .map((match) => new URL(folder + match[1], `http://localhost${address}`).pathname)
  return { scripts, links }
}

t.test('/docs and /docs/ answer the same page, with no redirect to loop on behind a proxy that strips the slash', async (t) => {
  const app = await build(t)
  const pages = []
  for (const url of ['/docs', '/docs/', '/docs?tag=items', '/docs/?tag=items']) {
    const response = await app.inject({ url })
    t.equal(response.statusCode, 200, url)
    t.match(response.headers['content-type'], /^text\/html/, url)
    t.match(response.headers['x-request-id'], /^[0-9a-f-]{36}$/, `${url}: the request id header`)
    pages.push(response.body)
  }
  t.equal(new Set(pages).size, 1, 'one page')
})

t.test('Swagger UI\'s page writes its links relative to its folder, from either address, all local', async (t) => {
  const app = await build(t)
  const page = await app.inject({ url: '/docs' })
  t.notMatch(page.body, /https?:\/\//, 'no asset from another host')
  t.notMatch(page.body.replace(/<script>.*?<\/script>/gs, ''), /(src|href)=/, 'no link in the markup for the preload scanner to fetch from the wrong address')
  for (const address of ['/docs', '/docs/']) {
    const { scripts, links } = writtenLinks(page.body, address)
    t.ok(links.length >= 5, `${address}: the page writes its links`)
    for (const link of links) {
      t.match(link, /^\/docs\/static\//, `${address}: ${link} is in the docs folder`)
      const response = await app.inject({ url: link })
      t.equal(response.statusCode, 200, link)
      t.ok(response.rawPayload.length > 0, `${link} has content`)
    }
    const csp = String(page.headers['content-security-policy'])
    for (const script of scripts) {
      t.ok(csp.includes(`'sha256-${createHash('sha256').update(script).digest('base64')}'`), 'the policy allows the inline script by its hash')
    }
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

t.test('Swagger UI lists the server by the absolute URL the document\'s relative one resolves to', async (t) => {
  const app = await build(t)
  const initializer = (await app.inject({ url: '/docs/static/swagger-initializer.js' })).body
  t.match(initializer, `"plugins":[${downloadUrl.toString()},${absoluteServers.toString()}]`, 'both plugins in the page\'s script')
  const wrap = absoluteServers().statePlugins!.spec.wrapActions!.updateJsonSpec
  const loaded: unknown[] = []
  const update = wrap((spec: unknown) => loaded.push(spec), { specSelectors: { url: () => 'https://api.example/dev/docs/json' } }) as (spec: unknown) => void
  update({ openapi: '3.1.0', servers: [{ url: '..', description: 'This deployment' }] })
  update({ openapi: '3.1.0' })
  update('not parsed')
  t.same(loaded, [{ openapi: '3.1.0', servers: [{ url: 'https://api.example/dev', description: 'This deployment' }] }, { openapi: '3.1.0' }, 'not parsed'],
    'the label Swagger UI shows: "https://api.example/dev - This deployment"; anything else passes through')
  const bundle = { plugins: { DownloadUrl: (system: unknown) => ({ statePlugins: { system } }) } }
  Object.assign(globalThis, { SwaggerUIBundle: bundle })
  t.teardown(() => { delete (globalThis as { SwaggerUIBundle?: unknown }).SwaggerUIBundle })
  t.same(downloadUrl('the system'), { statePlugins: { system: 'the system' } }, 'Swagger UI\'s own loader is kept')
})

t.test('ReDoc at /redoc and /redoc/ loads its bundle and the document from the service', async (t) => {
  const app = await build(t)
  for (const address of ['/redoc', '/redoc/']) {
    const page = await app.inject({ url: address })
    t.equal(page.statusCode, 200)
    t.match(page.headers['content-type'], /^text\/html/)
    t.notMatch(page.body, /https?:\/\//, 'no asset from another host')
    t.same(writtenLinks(page.body, address).links, ['/openapi.json', '/redoc/redoc.standalone.js'], `${address}: the document and the bundle`)
  }
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
