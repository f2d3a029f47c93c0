// Each event-driven function's artifact: built from its own entry, holding only what that entry uses, and working
// as built: the worker's bundle handles a real-shaped SQS event against the real embedded DynamoDB, the report's
// writes a report to a real S3-compatible server, and the thumbnail function's, with sharp's linux-arm64 build beside
// it, makes thumbnails under the Lambda runtime's Node (linux-arm64, under qemu-user here).
import { execFile } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdir, readdir, writeFile } from 'node:fs/promises'
import { promisify } from 'node:util'
import { join, relative } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Metafile } from 'esbuild'
import t from 'tap'
import { buildFunction, buildFunctions, type FunctionName } from '../../scripts/build.ts'
import { lambdaRuntimeNode } from '../../scripts/record-compile-cache.ts'
import { thumbnailKeys, uploadKey } from '../../src/images/image-keys.ts'
import { createDynamoDbClient } from '../../src/adapters/dynamodb/dynamodb-client.ts'
import { DynamoDbItemStore } from '../../src/adapters/dynamodb/dynamodb-item-store.ts'
import { DynamoDbOrderStore } from '../../src/adapters/dynamodb/dynamodb-order-store.ts'
import { temporaryDirectory, testConfig } from '../helper.ts'
import { lambdaContext } from '../../local/lambda-events.ts'
import { jpeg } from '../../bench/image-samples.ts'
import { s3Event } from '../platforms/aws/s3-events.ts'
import { sqsEvent } from '../platforms/aws/pipeline-events.ts'
import { TEST_BUCKETS, testS3 } from '../s3.ts'
import { elfMachine, packageOf } from './artifact-files.ts'

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
const PRESIGNERS = ['@aws-sdk/s3-presigned-post', '@aws-sdk/s3-request-presigner']
const NOT_IN: Record<FunctionName, string[]> = {
  'order-worker': [...API_ONLY, '@aws-sdk/client-sqs', '@aws-sdk/client-s3', '@opensearch-project/opensearch', 'sharp'],
  'order-stream': [...API_ONLY, '@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb', '@aws-lambda-powertools/parser', '@aws-sdk/client-s3', 'sharp'],
  'daily-report': [...API_ONLY, ...PRESIGNERS, '@aws-sdk/client-sqs', '@opensearch-project/opensearch', '@aws-lambda-powertools/batch', 'sharp'],
  thumbnails: [...API_ONLY, ...PRESIGNERS, '@aws-sdk/client-sqs', '@opensearch-project/opensearch', '@aws-lambda-powertools/batch', 'sharp']
}
const BATCHES: FunctionName[] = ['order-worker', 'order-stream']

t.test('each function is its own bundle, without what only the API or the other function uses', async (t) => {
  for (const [name, { warnings, metafile }] of Object.entries(built) as Array<[FunctionName, typeof built[FunctionName]]>) {
    t.same(warnings, [], `${name}: esbuild has nothing to warn about`)
    const files = await readdir(join(dir, name))
    t.ok(files.includes('index.mjs') && files.includes('package.json'), `${name}: its entry`)
    const packages = allPackages(metafile)
    for (const absent of NOT_IN[name]) t.notOk(packages.has(absent), `${name} does not carry ${absent}`)
    if (BATCHES.includes(name)) t.ok(packages.has('@aws-lambda-powertools/batch'), `${name}: Powertools' batch processor`)
    t.equal(files.includes('node_modules'), name === 'thumbnails', `${name}: ${name === 'thumbnails' ? 'sharp' : 'no node_modules'} beside it`)
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

t.test('the thumbnail function carries sharp as npm installs it for Lambda: linux-arm64, glibc, and no other build', async (t) => {
  const modules = join(dir, 'thumbnails/node_modules')
  t.same((await readdir(join(modules, '@img'))).sort(), ['colour', 'sharp-libvips-linux-arm64', 'sharp-linux-arm64'], 'only the linux-arm64 packages')
  const addon = (await readdir(join(modules, '@img/sharp-linux-arm64/lib'))).find((file) => file.endsWith('.node'))
  t.equal(await elfMachine(join(modules, '@img/sharp-linux-arm64/lib', addon!)), 183, `${addon}: AArch64`)
  const libvips = (await readdir(join(modules, '@img/sharp-libvips-linux-arm64/lib'))).find((file) => file.startsWith('libvips-cpp.so'))
  t.equal(await elfMachine(join(modules, '@img/sharp-libvips-linux-arm64/lib', libvips!)), 183, `${libvips}: AArch64`)
  t.notOk((await readdir(join(modules, 'sharp'))).includes('src'), 'no C++ sources')
})

t.test('the build stops when sharp was not installed for Lambda, or is another version than the tests ran', async (t) => {
  const deps = await temporaryDirectory(t)
  await t.rejects(buildFunction('thumbnails', join(deps, 'out'), { depsDir: deps }),
    { message: 'lambda-deps/thumbnails/node_modules lacks sharp: run npm install (its postinstall installs it for linux-arm64)' })
  await mkdir(join(deps, 'thumbnails/node_modules/sharp'), { recursive: true })
  await writeFile(join(deps, 'thumbnails/node_modules/sharp/package.json'), '{ "version": "0.0.1" }')
  await t.rejects(buildFunction('thumbnails', join(deps, 'out'), { depsDir: deps }), { message: /^sharp 0\.0\.1 in lambda-deps\/thumbnails is not the 0\.\d+\.\d+ the tests use/ })
})

t.test('the report\'s bundle, as built, writes a report to the reports bucket', async (t) => {
  const config = await testConfig()
  const s3 = await testS3()
  Object.assign(process.env, {
    DYNAMODB_ENDPOINT: config.dynamodbEndpoint, DYNAMODB_ORDERS_TABLE_NAME: config.ordersTableName, LOG_LEVEL: 'silent', POWERTOOLS_METRICS_DISABLED: 'true', ...s3.env
  })
  const store = new DynamoDbOrderStore(createDynamoDbClient(config, {}), config.ordersTableName, { now: () => new Date('2026-11-29T10:00:00.000Z') })
  t.teardown(() => store.close())
  await store.create({ customer_id: 'C-1', items: ['SKU-1'], total_amount: 5.25 })
  const { handler } = await import(pathToFileURL(join(dir, 'daily-report/index.mjs')).href)
  const { report } = await handler({ date: '2026-11-29' }, lambdaContext('items-api-dev-dailyReport'))
  t.match(report, { date: '2026-11-29', totalOrders: 1, totalRevenue: 5.25 })
  t.match(JSON.parse(Buffer.from((await s3.reports.get('reports/daily/2026-11-29.json'))!).toString()), { totalRevenue: 5.25 })
})

const runtimeNode = lambdaRuntimeNode()
t.test('the thumbnail bundle makes thumbnails under the Lambda runtime\'s Node, linux-arm64', {
  skip: runtimeNode === undefined && process.env.CI !== 'true' ? 'the runtime\'s Node (linux-arm64) cannot run here: no qemu-user' : false,
  timeout: 240_000
}, async (t) => {
  const config = await testConfig()
  const s3 = await testS3()
  const items = new DynamoDbItemStore(createDynamoDbClient(config, {}), config.tableName)
  t.teardown(() => items.close())
  const item = await items.create({ name: 'Camera', price: 499 })
  const key = uploadKey(item.id, randomUUID(), 'image/jpeg')
  await items.startImage(item.id, { uploadKey: key, contentType: 'image/jpeg', expiresAt: Date.now() + 600_000 })
  const image = await jpeg(1600, 1200)
  await s3.images.put(key, image, { contentType: 'image/jpeg' })
  const [command, ...prefix] = runtimeNode!
  const entry = pathToFileURL(join(dir, 'thumbnails/index.mjs')).href
  const script = `const { handler } = await import(${JSON.stringify(entry)}); const started = performance.now();
    const result = await handler(JSON.parse(process.env.EVENT), { awsRequestId: 'r', functionName: 'items-api-dev-thumbnails' });
    console.log(JSON.stringify({ result, arch: process.arch, ms: Math.round(performance.now() - started) }))`
  const { stdout } = await promisify(execFile)(command, [...prefix, '--input-type=module', '-e', script], {
    env: {
      PATH: process.env.PATH,
      EVENT: JSON.stringify(s3Event(key, image.length)),
      DYNAMODB_ENDPOINT: config.dynamodbEndpoint!,
      DYNAMODB_TABLE_NAME: config.tableName,
      ...s3.env,
      LOG_LEVEL: 'silent',
      POWERTOOLS_METRICS_DISABLED: 'true',
      AWS_LAMBDA_FUNCTION_NAME: 'items-api-dev-thumbnails',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true'
    }
  })
  const ran = JSON.parse(stdout.trim().split('\n').at(-1)!)
  t.equal(ran.arch, 'arm64', 'ran on arm64')
  t.same(ran.result, { results: [{ kind: 'ready', itemId: item.id }] })
  t.comment(`one 1600 × 1200 JPEG under qemu-user: ${ran.ms} ms (emulated; not Lambda's speed)`)
  t.match(await items.get(item.id), { image: { status: 'ready', thumbnails: thumbnailKeys(key) } })
  t.ok(await s3.images.get(thumbnailKeys(key)['800x800']), 'the thumbnails are in the bucket')
  t.equal(TEST_BUCKETS.images, s3.env.IMAGES_BUCKET)
})
