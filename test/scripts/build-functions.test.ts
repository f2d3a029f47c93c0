// Each event-driven function's artifact: built from its own entry, holding only what that entry uses, and working
// as built: the worker's bundle handles a real-shaped SQS event against the real embedded DynamoDB.
import { readdir } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Metafile } from 'esbuild'
import t from 'tap'
import { buildFunctions, type FunctionName } from '../../scripts/build.ts'
import { createDynamoDbClient } from '../../src/store/dynamodb-client.ts'
import { DynamoDbOrderStore } from '../../src/store/dynamodb-order-store.ts'
import { temporaryDirectory, testConfig } from '../helper.ts'
import { lambdaContext } from '../lambda/events.ts'
import { sqsEvent } from '../pipeline/events.ts'

const packageOf = (input: string): string | undefined => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)?.[1]

/** The packages in the outputs the entry loads at init: itself and its static imports, transitively. */
function packagesAtInit (metafile: Metafile, dir: string): Set<string> {
  const byName = new Map(Object.entries(metafile.outputs).map(([file, output]) => [relative(dir, file), output]))
  const seen = new Set<string>()
  const visit = (name: string): void => {
    if (seen.has(name)) return
    seen.add(name)
    for (const imported of byName.get(name)?.imports ?? []) if (!imported.external && imported.kind === 'import-statement') visit(relative(dir, imported.path))
  }
  visit('index.mjs')
  return new Set([...seen].flatMap((name) => Object.keys(byName.get(name)?.inputs ?? {}).map(packageOf).filter((name) => name !== undefined)))
}

const allPackages = (metafile: Metafile): Set<string> =>
  new Set(Object.values(metafile.outputs).flatMap((output) => Object.keys(output.inputs).map(packageOf).filter((name) => name !== undefined)))

const dir = await temporaryDirectory(t)
const built = await buildFunctions(dir)

const API_ONLY = ['fastify', '@fastify/aws-lambda', '@fastify/swagger', '@fastify/swagger-ui', '@fastify/cors', 'typebox', 'ajv', 'fast-json-stringify', 'jose', 'helmet', 'dynalite']
const NOT_IN: Record<FunctionName, string[]> = {
  'order-worker': [...API_ONLY, '@aws-sdk/client-sqs', '@opensearch-project/opensearch'],
  'order-stream': [...API_ONLY, '@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb', '@aws-lambda-powertools/parser']
}

t.test('each function is its own bundle, without what only the API or the other function uses', async (t) => {
  for (const [name, { warnings, metafile }] of Object.entries(built) as Array<[FunctionName, typeof built[FunctionName]]>) {
    t.same(warnings, [], `${name}: esbuild has nothing to warn about`)
    const files = await readdir(join(dir, name))
    t.ok(files.includes('index.mjs') && files.includes('package.json'), `${name}: its entry`)
    const packages = allPackages(metafile)
    for (const absent of NOT_IN[name]) t.notOk(packages.has(absent), `${name} does not carry ${absent}`)
    t.ok(packages.has('@aws-lambda-powertools/batch'), `${name}: Powertools' batch processor`)
  }
  const stream = built['order-stream']
  t.ok(allPackages(stream.metafile).has('@opensearch-project/opensearch'), 'the stream consumer carries the OpenSearch client…')
  t.notOk(packagesAtInit(stream.metafile, join(dir, 'order-stream')).has('@opensearch-project/opensearch'), '…loaded only where a stage has search, on first use')
})

t.test('the worker\'s bundle, as built, handles a real-shaped SQS event', async (t) => {
  const config = await testConfig()
  Object.assign(process.env, { DYNAMODB_ENDPOINT: config.dynamodbEndpoint, DYNAMODB_ORDERS_TABLE_NAME: config.ordersTableName, LOG_LEVEL: 'silent', POWERTOOLS_METRICS_DISABLED: 'true' })
  const store = new DynamoDbOrderStore(createDynamoDbClient(config, {}), config.ordersTableName)
  t.teardown(() => store.close())
  const order = await store.create({ customer_id: 'C-1', items: ['SKU-1'], total_amount: 5 })
  const { handler } = await import(pathToFileURL(join(dir, 'order-worker/index.mjs')).href)
  const event = sqsEvent([{ order_id: order.order_id, action: 'process_payment', data: { customer_id: 'C-1', total_amount: 5 } }, 'not json'])
  t.same(await handler(event, lambdaContext('items-api-dev-orderWorker')), { batchItemFailures: [{ itemIdentifier: event.Records[1].messageId }] })
  t.equal((await store.get(order.order_id))?.status, 'PAYMENT_PROCESSED')
})
