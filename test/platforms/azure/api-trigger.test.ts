// The Azure entry as the worker loads it: its settings from the environment, the one HTTP trigger it registers for
// every path and method, serving the app once ready on Cosmos DB (a real Cosmos-compatible server); and the host.json
// it ships with.
import { readFile } from 'node:fs/promises'
import t, { type Test } from 'tap'
import type { HttpFunctionOptions, SetupOptions } from '@azure/functions'
import { ConfigError } from '../../../src/config.ts'
import { cosmosDbApiPorts } from '../../../src/platforms/azure/azure-api-ports.ts'
import { azureApiSettings } from '../../../src/platforms/azure/azure-settings.ts'
import { freshCosmos } from '../../adapters/cosmos/cosmos-server.ts'
import { testConfig, testDependencies } from '../../helper.ts'
import { viaAzure } from './azure-requests.ts'

const ENTRY = '../../../src/platforms/azure/functions/api-trigger.ts'
const CURSOR_SECRET = 'the-azure-workers-shared-cursor-secret'

t.test('the entry registers one anonymous trigger for every path and method, streaming, on a ready app', async (t) => {
  const ports = testDependencies(await testConfig())
  t.teardown(async () => await ports.close?.())
  const registered: Array<{ name: string, options: HttpFunctionOptions }> = []
  const setups: SetupOptions[] = []
  const app = { setup: (options: SetupOptions) => setups.push(options), http: (name: string, options: HttpFunctionOptions) => registered.push({ name, options }) }
  process.env.CURSOR_SECRET = CURSOR_SECRET
  process.env.COSMOS_ENDPOINT = 'https://items-api.documents.azure.com'
  process.env.LOG_LEVEL = 'silent'
  // The library's registration, which needs the Functions host, and the ports, which are the tests' (on DynamoDB).
  await t.mockImport(ENTRY, {
    '@azure/functions': { default: { app } },
    '../../../src/platforms/azure/azure-api-ports.ts': { cosmosDbApiPorts: () => ports }
  })
  t.same(setups, [{ enableHttpStream: true }])
  t.equal(registered.length, 1)
  const [{ name, options }] = registered
  t.equal(name, 'api')
  t.match(options, { route: '{*path}', authLevel: 'anonymous', methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] })
  const health = await viaAzure(options.handler, { method: 'GET', path: '/health' })
  t.equal(health.status, 200)
  t.match(JSON.parse(health.body.toString()), { status: 'healthy' })
})

/** Loads the entry as the worker does, with the library's registration stood in for; resolves with its one handler. */
async function loadEntry (t: Test): Promise<HttpFunctionOptions['handler']> {
  const registered: HttpFunctionOptions[] = []
  await t.mockImport(ENTRY, { '@azure/functions': { default: { app: { setup: () => {}, http: (_name: string, options: HttpFunctionOptions) => registered.push(options) } } } })
  return registered[0].handler
}

t.test('on Azure the API stores in Cosmos DB: created, read back, listed and refused as on DynamoDB', async (t) => {
  const { location, databaseId } = await freshCosmos(t)
  Object.assign(process.env, { CURSOR_SECRET, LOG_LEVEL: 'silent', COSMOS_ENDPOINT: location.endpoint, COSMOS_KEY: 'key' in location ? location.key : '', COSMOS_DATABASE: databaseId })
  const handler = await loadEntry(t)
  const json = { 'content-type': 'application/json' }
  const created = await viaAzure(handler, { method: 'POST', path: '/items', headers: json, body: '{"name":"Laptop","price":1299.99}' })
  t.equal(created.status, 201)
  const item = JSON.parse(created.body.toString()).data
  t.match(JSON.parse((await viaAzure(handler, { method: 'GET', path: `/items/${item.id as string}` })).body.toString()).data, { name: 'Laptop', version: 1 })
  const stale = await viaAzure(handler, { method: 'PUT', path: `/items/${item.id as string}`, headers: { ...json, 'if-match': '"7"' }, body: '{"price":1}' })
  t.equal(stale.status, 412, 'a stale If-Match is refused through the ETag check')
  const order = await viaAzure(handler, { method: 'POST', path: '/orders', headers: json, body: '{"customer_id":"C-1","items":["SKU-1"],"total_amount":5}' })
  t.equal(order.status, 201)
  const listed = JSON.parse((await viaAzure(handler, { method: 'GET', path: '/customers/C-1/orders' })).body.toString())
  t.equal(listed.data.length, 1)
  t.match(JSON.parse((await viaAzure(handler, { method: 'GET', path: '/health' })).body.toString()), { storage: 'cosmosdb', table: `${databaseId}/items` })
  t.equal((await viaAzure(handler, { method: 'GET', path: '/orders/search', query: { q: 'x' } })).status, 503, 'no search on Azure yet: 503, as on a stage without one')
})

t.test('without COSMOS_ENDPOINT the entry refuses to start, naming it', async (t) => {
  Object.assign(process.env, { CURSOR_SECRET })
  delete process.env.COSMOS_ENDPOINT
  await t.rejects(loadEntry(t), new ConfigError('COSMOS_ENDPOINT', '', 'the Cosmos DB account\'s endpoint, such as https://<account>.documents.azure.com'))
})

t.test('without a key, the managed identity signs in; where there is none, the store is unavailable: 503, never a 500', async (t) => {
  // No Entra ID here: no identity endpoint, no environment credentials, no signed-in CLI. Nothing listens on the port.
  const settings = azureApiSettings({ CURSOR_SECRET, LOG_LEVEL: 'silent', COSMOS_ENDPOINT: 'https://127.0.0.1:9' })
  t.equal(settings.cosmos.key, undefined)
  const ports = cosmosDbApiPorts(settings)
  t.teardown(async () => await ports.close?.())
  await t.rejects(ports.items.get('00000000-0000-4000-8000-000000000000'), { name: 'StoreUnavailableError' })
  t.throws(() => azureApiSettings({ CURSOR_SECRET, COSMOS_ENDPOINT: 'http://127.0.0.1:8081' }),
    new ConfigError('COSMOS_KEY', '', 'the account key of the local server at http://127.0.0.1:8081 (managed identity needs https)'), 'a token is never sent over plain HTTP')
})

t.test('settings: the app\'s, the cursor secret every worker shares, and where Cosmos DB is', async (t) => {
  const cosmos = { COSMOS_ENDPOINT: 'https://items-api.documents.azure.com:443/' }
  t.throws(() => azureApiSettings(cosmos), new ConfigError('CURSOR_SECRET', '', 'a secret of 32 characters or more, the same for every worker'))
  t.match(azureApiSettings({ ...cosmos, CURSOR_SECRET, ENVIRONMENT: 'prod', CORS_ORIGINS: 'https://app.example.com' }), {
    cursorSecret: CURSOR_SECRET,
    environment: 'prod',
    corsOrigins: ['https://app.example.com'],
    auth: undefined,
    cosmos: { endpoint: 'https://items-api.documents.azure.com', key: undefined, databaseId: 'items-api', containers: { items: 'items', orders: 'orders', idempotency: 'idempotency' } }
  })
  t.match(azureApiSettings({ ...cosmos, CURSOR_SECRET, COSMOS_KEY: 'a2V5', COSMOS_DATABASE: 'shop', COSMOS_ORDERS_CONTAINER: 'orders-v2' }).cosmos,
    { key: 'a2V5', databaseId: 'shop', containers: { orders: 'orders-v2' } })
  t.throws(() => azureApiSettings({ ...cosmos, CURSOR_SECRET, COSMOS_ITEMS_CONTAINER: 'items/v2' }),
    new ConfigError('COSMOS_ITEMS_CONTAINER', 'items/v2', 'letters, digits, - and _ (a Cosmos DB id)'))
  t.throws(() => azureApiSettings({ CURSOR_SECRET, COSMOS_ENDPOINT: 'items-api.documents.azure.com' }), { name: 'ConfigError', message: /^Invalid COSMOS_ENDPOINT=/ })
})

t.test('host.json: the Functions 2.0 schema, and paths without the /api prefix', async (t) => {
  const host = JSON.parse(await readFile(new URL('../../../src/platforms/azure/host.json', import.meta.url), 'utf8'))
  t.equal(host.version, '2.0')
  t.equal(host.extensions.http.routePrefix, '')
})
