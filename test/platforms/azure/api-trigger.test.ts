// The Azure entry as the worker loads it: its settings from the environment, the one HTTP trigger it registers for
// every path and method, serving the app once ready; the ports it cannot have yet; and the host.json it ships with.
import { readFile } from 'node:fs/promises'
import t from 'tap'
import type { HttpFunctionOptions, SetupOptions } from '@azure/functions'
import { ConfigError } from '../../../src/config.ts'
import { cosmosDbApiPorts } from '../../../src/platforms/azure/azure-api-ports.ts'
import { azureApiSettings } from '../../../src/platforms/azure/azure-settings.ts'
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

t.test('the ports on Azure are not written yet: the entry refuses to start, saying so', async (t) => {
  process.env.CURSOR_SECRET = CURSOR_SECRET
  t.throws(() => cosmosDbApiPorts(), /no stores yet: its Cosmos DB adapters are not written/)
  await t.rejects(t.mockImport(ENTRY, { '@azure/functions': { default: { app: { setup: () => {}, http: () => {} } } } }), /Cosmos DB/)
})

t.test('settings: the app\'s, with the cursor secret every worker shares required', async (t) => {
  t.throws(() => azureApiSettings({}), new ConfigError('CURSOR_SECRET', '', 'a secret of 32 characters or more, the same for every worker'))
  t.match(azureApiSettings({ CURSOR_SECRET, ENVIRONMENT: 'prod', CORS_ORIGINS: 'https://app.example.com' }), {
    cursorSecret: CURSOR_SECRET, environment: 'prod', corsOrigins: ['https://app.example.com'], auth: undefined
  })
})

t.test('host.json: the Functions 2.0 schema, and paths without the /api prefix', async (t) => {
  const host = JSON.parse(await readFile(new URL('../../../src/platforms/azure/host.json', import.meta.url), 'utf8'))
  t.equal(host.version, '2.0')
  t.equal(host.extensions.http.routePrefix, '')
})
