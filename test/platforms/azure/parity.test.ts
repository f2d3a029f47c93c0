// The AWS parity test's contract cases and the README's walk-through, answered through inject and through the Azure
// trigger's handler: status, body and contract headers must be identical, and the request id is the invocation's.
import t from 'tap'
import { buildApp } from '../../../src/app.ts'
import { azureApiHandler } from '../../../src/platforms/azure/azure-api.ts'
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
