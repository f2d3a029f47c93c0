// Who may call what with authentication on (docs/api.md, "Authentication"): every route of the app walked without a token,
// so that a route added later under /orders, /customers or /reports cannot answer without one unnoticed.
import type { FastifyInstance, RouteOptions } from 'fastify'
import t, { type Test } from 'tap'
import { buildApp } from '../../../src/app.ts'
import { lambdaHandlerFor, testConfig, testDependencies } from '../../helper.ts'
import { lambdaContext, lambdaEvent } from '../../../local/lambda-events.ts'
import { authEnv, issuer } from '../../token-issuer.ts'

/** Paths whose every route needs the token whenever authentication is on: order histories and revenue are not public. */
const PRIVATE = /^\/(orders|customers|reports)(\/|$)/
/** Paths that stay open whatever the settings: the service's own routes, the docs, and CORS preflights. */
const OPEN = /^(\*|\/health|\/metrics|\/openapi\.json|\/docs(\/.*)?|\/redoc(\/.*)?)$/
const ITEMS = /^\/items(\/|$)/

interface Walked { method: string, url: string, config: RouteOptions['config'], status: number, code: string | undefined }

/** Every route the app registers, each method of each answered once without a token. */
async function walk (t: Test, env: Record<string, string>): Promise<{ app: FastifyInstance, walked: Walked[] }> {
  const settings = await testConfig(env)
  const app = buildApp(settings, testDependencies(settings))
  t.teardown(() => app.close())
  const routes: RouteOptions[] = []
  // Before ready: the app's plugins, and so every route, are registered then.
  app.addHook('onRoute', (route) => { routes.push(route) })
  await app.ready()
  const walked: Walked[] = []
  for (const route of routes) {
    // The token is checked before validation: any value stands for a parameter. `*` (CORS preflights) on an order.
    const url = route.url === '*' ? '/orders/x' : route.url.replace(/:\w+/g, 'x').replace(/\*$/, 'x')
    for (const method of [route.method].flat()) {
      const response = await app.inject({ method: method as 'GET', url })
      const code = method !== 'HEAD' && String(response.headers['content-type']).startsWith('application/json')
        ? response.json().error?.code as string | undefined
        : undefined
      walked.push({ method, url: route.url, config: route.config, status: response.statusCode, code })
    }
  }
  return { app, walked }
}

const described = ({ method, url, status }: Walked): string => `${method} ${url}: ${status}`

t.test('without a token, every orders, customers and reports route is a 401, whatever AUTH_READS says', async (t) => {
  const tokens = await issuer(t)
  for (const reads of ['false', 'true']) {
    const { walked } = await walk(t, { ...authEnv(tokens), AUTH_READS: reads })
    const unclassified = walked.filter(({ url }) => !PRIVATE.test(url) && !OPEN.test(url) && !ITEMS.test(url))
    t.same(unclassified.map(described), [], `AUTH_READS=${reads}: each route is private, open or an item's (a new kind of path needs a decision here)`)

    const privateRoutes = walked.filter(({ url }) => PRIVATE.test(url))
    t.ok(privateRoutes.length >= 20, `AUTH_READS=${reads}: ${privateRoutes.length} method and path pairs under /orders, /customers and /reports`)
    t.same(privateRoutes.filter(({ status }) => status !== 401).map(described), [], `AUTH_READS=${reads}: each a 401`)
    t.same(privateRoutes.filter(({ method, code }) => method !== 'HEAD' && code !== 'UNAUTHORIZED').map(described), [], 'in the contract\'s shape')
    const reads401 = ['GET /orders/search', 'HEAD /orders/search', 'GET /orders/:order_id', 'HEAD /orders/:order_id',
      'GET /customers/:customer_id/orders', 'HEAD /customers/:customer_id/orders', 'GET /reports/daily/:date', 'HEAD /reports/daily/:date']
    t.same(reads401.filter((read) => !privateRoutes.some(({ method, url }) => `${method} ${url}` === read)), [], 'the reads among them')
    t.same(privateRoutes.filter(({ config }) => config?.methodNotAllowed !== true && config?.access === undefined).map(described), [],
      'each declares its access')

    t.same(walked.filter(({ url, status }) => OPEN.test(url) && status === 401).map(described), [],
      `AUTH_READS=${reads}: /health, /metrics, the docs and preflights stay open`)
    const items = walked.filter(({ url }) => ITEMS.test(url))
    t.same(items.filter(({ config, status }) => config?.access === 'write' && status !== 401).map(described), [], 'item writes need the token')
    const itemReads = items.filter(({ config }) => config?.access === 'public-read' && config.methodNotAllowed !== true)
    t.equal(itemReads.length, 4, 'GET and HEAD of /items and /items/:id')
    t.same(itemReads.filter(({ status }) => (status === 401) !== (reads === 'true')).map(described), [],
      `AUTH_READS=${reads}: item reads ${reads === 'true' ? 'need' : 'do not need'} it`)
  }
})

t.test('the OpenAPI document marks exactly the operations that answered 401 without a token', async (t) => {
  const tokens = await issuer(t)
  for (const reads of ['false', 'true']) {
    const { app, walked } = await walk(t, { ...authEnv(tokens), AUTH_READS: reads })
    const document = (await app.inject('/openapi.json')).json()
    const documented = Object.entries(document.paths as Record<string, Record<string, { security: unknown[] }>>)
      .flatMap(([path, operations]) => Object.entries(operations).filter(([method]) => method !== 'options').map(([method, operation]) =>
        [`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`, operation.security.length > 0] as const))
    t.ok(documented.length > 20, `${documented.length} operations`)
    for (const [operation, secured] of documented) {
      const answered = walked.find(({ method, url }) => `${method} ${url}` === operation)
      t.equal(answered?.status === 401, secured, `AUTH_READS=${reads} ${operation}: ${secured ? 'bearerAuth, and a 401' : 'no security, and no 401'}`)
    }
  }
})

t.test('a spelling of a protected path that the router takes for it is refused as well, through the Lambda handler', async (t) => {
  // API Gateway's authorizer matches its route keys as written; Fastify also routes a trailing slash and
  // percent-encoded letters to the same handler, so that the function's own check is what holds.
  const tokens = await issuer(t)
  const handler = await lambdaHandlerFor(await testConfig(authEnv(tokens)))
  const ORDER = 'ORD-20240110-0a1b2c3d'
  const variants: Array<[string, string]> = [
    ['GET', `/orders/${ORDER}/`],
    ['GET', `/ord%65rs/${ORDER}`],
    ['GET', '/customers/C-1/orders/'],
    ['GET', '/customers/C-1/%6Frders'],
    ['GET', '/reports/daily/2024-01-10/'],
    ['GET', '/orders/search/'],
    ['POST', `/orders/${ORDER}/canc%65l`],
    ['DELETE', `/orders/${ORDER}/`],
    ['POST', '/it%65ms'],
    ['POST', '/items/'],
    ['PUT', '/items/0b9c7a52-3c4d-4e5f-8a6b-7c8d9e0f1a2b/']
  ]
  for (const [method, path] of variants) {
    const request = { method, path, query: { q: 'laptop' }, headers: { 'content-type': 'application/json' }, body: '{}' }
    const response = await handler(lambdaEvent('http-api', request), lambdaContext())
    t.equal(response.statusCode, 401, `${method} ${path}`)
    t.equal(JSON.parse(response.body).error.code, 'UNAUTHORIZED', `${method} ${path}: the contract's error`)
  }
  // Spellings the router does not take for a route reach no handler: a 404, with no data either.
  for (const path of ['/ORDERS/' + ORDER, '//orders/' + ORDER]) {
    t.equal((await handler(lambdaEvent('http-api', { method: 'GET', path }), lambdaContext())).statusCode, 404, path)
  }
})
