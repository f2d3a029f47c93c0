// The AWS parity test's contract cases and the README's walk-through, answered through inject and through the Azure
// trigger's handler: status, body and contract headers must be identical, and the request id is the invocation's.
// Then the same on Azure's own stores: the trigger on Cosmos DB against inject on DynamoDB.
import t from 'tap'
import { buildApp } from '../../../src/app.ts'
import { azureApiHandler } from '../../../src/platforms/azure/azure-api.ts'
import { cosmosDbApiPorts } from '../../../src/platforms/azure/azure-api-ports.ts'
import { azureApiSettings } from '../../../src/platforms/azure/azure-settings.ts'
import { freshCosmos } from '../../adapters/cosmos/cosmos-server.ts'
import { testConfig, testDependencies } from '../../helper.ts'
import { CONTRACT_CASES, sameAnswer, sameWalkThrough, viaInject } from '../contract-cases.ts'
import { viaAzure } from './azure-requests.ts'

t.test('parity between inject and the Azure trigger', async (t) => {
  const config = await testConfig()
  const app = buildApp(config, testDependencies(config))
  t.teardown(() => app.close())
  const ports = testDependencies(config)
  t.teardown(async () => await ports.close?.())
  const handler = await azureApiHandler(config, ports)

  await sameWalkThrough(t, app, async (request) => await viaAzure(handler, request))
  for (const [index, [name, request]] of CONTRACT_CASES.entries()) {
    const expected = await viaInject(app, request)
    const invocationId = `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`
    const actual = await viaAzure(handler, request, invocationId)
    sameAnswer(t, name, actual, expected, { body: name !== 'metrics' })
    t.equal(actual.headers['x-request-id'], invocationId, `${name}: the invocation's id is the request id`)
  }
})

t.test('parity between DynamoDB through inject and Cosmos DB through the Azure trigger', async (t) => {
  const config = await testConfig()
  const { location, databaseId } = await freshCosmos(t)
  const settings = azureApiSettings({ LOG_LEVEL: 'silent', CURSOR_SECRET: 'the-parity-test-s-shared-cursor-secret', COSMOS_ENDPOINT: location.endpoint, COSMOS_KEY: 'key' in location ? location.key : '', COSMOS_DATABASE: databaseId })
  const ports = cosmosDbApiPorts(settings)
  t.teardown(async () => await ports.close?.())
  const handler = await azureApiHandler(settings, ports)
  // /health names the store it runs on (cosmosdb, and the database and container): the one answer that says which.
  const app = buildApp(config, { ...testDependencies(config), storage: ports.storage })
  t.teardown(() => app.close())

  await sameWalkThrough(t, app, async (request) => await viaAzure(handler, request))
  for (const [name, request] of CONTRACT_CASES) {
    sameAnswer(t, name, await viaAzure(handler, request), await viaInject(app, request), { body: name !== 'metrics' })
  }
})
