// npm run build: the artifact (an entry, the app's chunk, the recorded docs), what it leaves out of the function's
// init, and that it serves the API and the very docs the app generates from source.
import { execFile } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { deflateRawSync } from 'node:zlib'
import type { Metafile } from 'esbuild'
import t from 'tap'
import { buildLambda, type LambdaBuild } from '../../scripts/build.ts'
import { lambdaRuntimeNode } from '../../scripts/record-compile-cache.ts'
import { DOCS_VARIANT_ENV } from '../../scripts/record-docs.ts'
import { precompiledSchemasModule } from '../../scripts/precompile-schemas.ts'
import { buildApp } from '../../src/app.ts'
import { apiSettings } from '../../src/platforms/aws/settings.ts'
import { thumbnailKeys, uploadKey } from '../../src/images/image-keys.ts'
import { DailyTally, reportBytes, reportKey } from '../../src/reports/daily-tally.ts'
import { createDynamoDbClient } from '../../src/adapters/dynamodb/dynamodb-client.ts'
import { DynamoDbItemStore } from '../../src/adapters/dynamodb/dynamodb-item-store.ts'
import type { PrecompiledSchemas } from '../../src/http/plugins/schema-compilers.ts'
import { documentSecurityHeaders } from '../../src/http/plugins/security-headers.ts'
import type { DocsVariant } from '../../src/http/plugins/prebuilt-docs.ts'
import { build, temporaryDirectory, testConfig, testDependencies } from '../helper.ts'
import fp from 'fastify-plugin'
import { invokeInProcess } from '../platforms/aws/handler-process.ts'
import { testS3 } from '../s3.ts'
import { loadedAtInit } from './loaded-at-init.ts'
import { filesUnder, packageOf } from './artifact-files.ts'

const run = promisify(execFile)
const KIB = 1024
// The function's JavaScript, compressed (docs/performance.md): what its cold start reads and compiles.
const CODE_BUDGET = 250 * KIB
/** Packages that serve no request the function answers, or only some, and must not load with it. */
const NOT_AT_INIT = [
  'typebox', '@fastify/swagger', '@fastify/swagger-ui', '@fastify/static', '@fastify/helmet', '@aws-lambda-powertools',
  'ajv-formats', '@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler', 'yaml', 'glob', 'semver', 'safe-regex2', 'ret', 'jose',
  '@opensearch-project/opensearch', 'zod', '@aws-sdk/client-s3', '@aws-sdk/s3-presigned-post', '@aws-sdk/s3-request-presigner', 'sharp'
]

/** The packages an output was built from. */
function packagesOf (metafile: Metafile, dir: string, name: string): string[] {
  const output = metafile.outputs[Object.keys(metafile.outputs).find((file) => relative(dir, file) === name)!]
  return [...new Set(Object.keys(output.inputs).map(packageOf).filter((name) => name !== undefined))]
}

const dir = await temporaryDirectory(t)
const built: LambdaBuild = await buildLambda(dir)

t.test('the artifact: a small entry, the app in a chunk beside it, source maps, the recorded docs, no node_modules', async (t) => {
  t.same(built.warnings, [], 'esbuild has nothing to warn about')
  const files = await filesUnder(dir)
  for (const file of ['index.mjs', 'index.mjs.map', 'package.json']) t.ok(files.includes(file), file)
  const app = files.find((file) => /^api-app-\w+\.mjs$/.test(file))
  t.ok(app, 'the app\'s chunk')
  t.ok(files.includes(`${app}.map`), 'with its map')
  t.notOk(files.some((file) => file.includes('node_modules')), 'no node_modules')
  t.ok((await readFile(join(dir, 'index.mjs'))).length < 2 * KIB, 'the entry is a few lines')

  const code = await readFile(join(dir, app!))
  t.ok(code.length / code.toString().split('\n').length > 1000, 'minified: long lines')
  t.match(code.toString(), /\/\/# sourceMappingURL=api-app-\w+\.mjs\.map\s*$/)
  const map = JSON.parse(await readFile(join(dir, `${app}.map`), 'utf8')) as { sources: string[], sourcesContent?: unknown }
  t.notOk('sourcesContent' in map, 'the map carries paths, not sources')
  t.ok(map.sources.some((source) => source.endsWith('src/platforms/aws/api-app.ts')), 'the map leads back to src/')
  t.ok(map.sources.some((source) => source.includes('node_modules/@aws-sdk/client-dynamodb/')), 'the AWS SDK is bundled, its version pinned')
  t.notOk(map.sources.some((source) => /dynalite|embedded-dynamodb|start-server/.test(source)), 'no embedded store on Lambda')
  t.ok(files.some((file) => /^docs\/\w+-swagger-ui-bundle\.js$/.test(file)), 'Swagger UI')
  t.ok(files.some((file) => /^docs\/\w+-redoc\.standalone\.js$/.test(file)), 'ReDoc')
})

t.test('keep it fast: init loads none of what only the build, the docs or authentication need, within the budget', async (t) => {
  const atInit = loadedAtInit(built.metafile, dir)
  const packages = atInit.flatMap((name) => packagesOf(built.metafile, dir, name))
  for (const name of NOT_AT_INIT) t.notOk(packages.includes(name), `${name} is not loaded at init`)
  const sources = atInit.flatMap((name) => Object.keys(built.metafile.outputs[Object.keys(built.metafile.outputs).find((file) => relative(dir, file) === name)!].inputs))
  t.same(sources.filter((source) => source.includes('node_modules/ajv/')).map((source) => source.slice(source.indexOf('node_modules/ajv/'))),
    ['node_modules/ajv/dist/runtime/ucs2length.js'], 'of ajv, only the helper the generated validators call')
  t.same(sources.filter((source) => source.includes('node_modules/fast-json-stringify/')).map((source) => source.slice(source.indexOf('node_modules/fast-json-stringify/'))).sort(),
    ['node_modules/fast-json-stringify/lib/serializer.js', 'node_modules/fast-json-stringify/lib/v8.js'], 'of fast-json-stringify, only what the generated serializers call')
  const jose = Object.keys(built.metafile.outputs).map((file) => relative(dir, file)).filter((name) => name.endsWith('.mjs') && packagesOf(built.metafile, dir, name).includes('jose'))
  t.equal(jose.length, 1, 'the token verifier is a chunk of its own, loaded when authentication is on')
  const openSearch = Object.keys(built.metafile.outputs).map((file) => relative(dir, file))
    .filter((name) => name.endsWith('.mjs') && packagesOf(built.metafile, dir, name).includes('@opensearch-project/opensearch'))
  t.equal(openSearch.length, 1, 'the OpenSearch client is a chunk of its own, loaded by the first search')

  const compressedSize = async (file: string): Promise<number> => deflateRawSync(await readFile(join(dir, file)), { level: 9 }).length
  let atInitBytes = 0
  for (const file of atInit.filter((name) => name.endsWith('.mjs'))) atInitBytes += await compressedSize(file)
  let allBytes = 0
  for (const file of (await filesUnder(dir)).filter((name) => name.endsWith('.mjs'))) allBytes += await compressedSize(file)
  t.ok(atInitBytes <= CODE_BUDGET, `the code init loads compresses to ${atInitBytes} bytes, within ${CODE_BUDGET / KIB} KiB`)
  t.comment(`all code, the chunks loaded on first use included: ${allBytes} bytes compressed`)
})

t.test('ready() compiles no schema: the build generated every validator and serializer', async (t) => {
  // As the build writes it: a CommonJS module whose generated code requires the run-time helpers, in a folder inside
  // the project so that they resolve from its node_modules.
  const folder = await mkdtemp(join(process.cwd(), 'node_modules', '.precompiled-'))
  t.teardown(() => rm(folder, { recursive: true, force: true }))
  const module = join(folder, 'precompiled-schemas.cjs')
  await writeFile(module, await precompiledSchemasModule())
  const { precompiledSchemas } = await import(pathToFileURL(module).href) as { precompiledSchemas: PrecompiledSchemas }
  const compiled: string[] = []
  // The function's app: its docs are recorded files, whose routes have no schemas.
  const settings = apiSettings({ LOG_LEVEL: 'silent' })
  const app = buildApp(settings, {
    ...testDependencies(settings),
    docs: fp(async () => {}),
    schemas: { precompiled: precompiledSchemas, onCompile: ({ key }) => compiled.push(key) }
  })
  await app.ready()
  await app.close()
  t.same(compiled, [], 'nothing compiled at start-up')
})

t.test('the built handler serves the walk-through', async (t) => {
  const config = await testConfig()
  const json = { 'content-type': 'application/json' }
  const { lines, responses } = await invokeInProcess([
    { method: 'GET', path: '/health' },
    { method: 'POST', path: '/items', headers: json, body: '{"name":"Bundled","price":3}' },
    { method: 'GET', path: '/items' },
    { method: 'POST', path: '/items', headers: json, body: '{"name":' }
  ], { module: join(dir, 'index.mjs'), env: { DYNAMODB_ENDPOINT: config.dynamodbEndpoint, DYNAMODB_TABLE_NAME: config.tableName } })
  t.same(responses.map((response) => response.statusCode), [200, 201, 200, 400])
  t.equal(JSON.parse(responses[2].body).count, 1, 'the created item is listed')
  t.equal(JSON.parse(responses[3].body).error.code, 'VALIDATION_ERROR')
  t.ok(lines.some((line) => line.msg === 'request completed' && line.aws_request_id === 'invocation-0' && line._aws !== undefined), 'JSON logs with their metrics')
})

t.test('the built handler signs image uploads, shows thumbnails and serves reports, its S3 client loaded on first use', async (t) => {
  const config = await testConfig()
  const s3 = await testS3()
  const items = new DynamoDbItemStore(createDynamoDbClient(config, {}), config.tableName)
  t.teardown(() => items.close())
  const item = await items.create({ name: 'Bundled camera', price: 3 })
  const upload = uploadKey(item.id, randomUUID(), 'image/png')
  const other = await items.create({ name: 'Bundled lens', price: 4 })
  await items.startImage(other.id, { uploadKey: upload, contentType: 'image/png', expiresAt: Date.now() + 600_000 })
  await items.recordImage(other.id, upload, { status: 'ready', thumbnails: thumbnailKeys(upload) })
  const tally = new DailyTally()
  tally.add([{ status: 'CONFIRMED', total_amount: 7.5 }])
  await s3.reports.put(reportKey('2026-11-29'), reportBytes(tally.report('2026-11-29', new Date())), { contentType: 'application/json' })
  const { responses } = await invokeInProcess([
    { method: 'POST', path: `/items/${item.id}/image`, headers: { 'content-type': 'application/json' }, body: '{"content_type":"image/webp"}' },
    { method: 'GET', path: `/items/${other.id}` },
    { method: 'GET', path: '/reports/daily/2026-11-29' }
  ], { module: join(dir, 'index.mjs'), env: { DYNAMODB_ENDPOINT: config.dynamodbEndpoint!, DYNAMODB_TABLE_NAME: config.tableName, ...s3.env } })
  t.same(responses.map((response) => response.statusCode), [201, 200, 200])
  t.match(JSON.parse(responses[0].body).data, { key: /\.webp$/, upload: { url: `${s3.endpoint}/test-images`, fields: { 'Content-Type': 'image/webp', Policy: String } } })
  t.match(JSON.parse(responses[1].body).data.image, { status: 'ready', thumbnails: { '200x200': /X-Amz-Signature=/ } })
  t.match(JSON.parse(responses[2].body).data, { date: '2026-11-29', totalRevenue: 7.5 })
})

t.test('the built handler serves the docs exactly as they are generated from source, in each authentication mode', async (t) => {
  for (const [variant, env] of Object.entries(DOCS_VARIANT_ENV) as Array<[DocsVariant, Record<string, string>]>) {
    const paths = Object.keys(built.docs.variants[variant])
    t.ok(paths.includes('/openapi.json') && paths.includes('/docs/') && paths.includes('/redoc'), `${variant}: the pages and the document`)
    const live = await build(t, env)
    const config = await testConfig()
    const { responses } = await invokeInProcess([...paths.map((path) => ({ method: 'GET', path })), { method: 'GET', path: '/redoc/', query: { tag: 'items' } }], {
      module: join(dir, 'index.mjs'), env: { DYNAMODB_ENDPOINT: config.dynamodbEndpoint, DYNAMODB_TABLE_NAME: config.tableName, ...env }
    })
    for (const [index, path] of paths.entries()) {
      const expected = await live.inject({ url: path })
      const response = responses[index]
      const body = Buffer.from(response.body, response.isBase64Encoded === true ? 'base64' : 'utf8')
      t.equal(response.statusCode, expected.statusCode, `${variant} ${path}: status`)
      t.ok(body.equals(expected.rawPayload), `${variant} ${path}: the same ${body.length} bytes`)
      for (const header of ['content-type', 'content-security-policy', 'cache-control', 'etag', 'location', ...Object.keys(documentSecurityHeaders())]) {
        t.equal(response.headers?.[header], expected.headers[header], `${variant} ${path}: ${header}`)
      }
    }
    const slashed = responses[paths.length]
    t.equal(slashed.statusCode, 200, `${variant}: /redoc/ with a query is /redoc`)
    t.equal(slashed.body, (await live.inject({ url: '/redoc/?tag=items' })).body, `${variant}: /redoc/ as from source`)
  }
})

t.test('the recorded docs: a repeated request for an unchanged asset is a 304, an unknown path a 404', async (t) => {
  const config = await testConfig()
  const asset = Object.entries(built.docs.variants.open).find(([path]) => path.endsWith('swagger-ui.css'))!
  const etag = asset[1].headers.etag
  t.ok(etag, 'the asset has an entity tag')
  const { responses } = await invokeInProcess([
    { method: 'GET', path: asset[0], headers: { 'if-none-match': etag } },
    { method: 'GET', path: asset[0], headers: { 'if-none-match': '"other"' } },
    { method: 'GET', path: '/docs/static/nothing-here.js' }
  ], { module: join(dir, 'index.mjs'), env: { DYNAMODB_ENDPOINT: config.dynamodbEndpoint, DYNAMODB_TABLE_NAME: config.tableName } })
  t.same(responses.map((response) => response.statusCode), [304, 200, 404])
  t.equal(responses[0].body, '', 'no body with the 304')
  t.equal(JSON.parse(responses[2].body).error.code, 'NOT_FOUND', 'the contract\'s 404')
})

const lambdaNode = lambdaRuntimeNode()

t.test('the compile cache: made by the runtime\'s Node (linux-arm64), accepted by it, left off by any other Node', {
  skip: lambdaNode === undefined ? 'the runtime\'s Node cannot run here: .ci/run installs qemu-user, libc6-arm64-cross and libstdc++6-arm64-cross' : false
}, async (t) => {
  const cached = await temporaryDirectory(t)
  const { compileCache } = await buildLambda(cached, { compileCacheNode: lambdaNode })
  t.match(compileCache, /^v24\.\d+\.\d+ arm64$/, 'made by Node 24 for arm64')
  t.equal((await readFile(join(cached, 'compile-cache/built-for'), 'utf8')).trim(), compileCache)
  const before = await filesUnder(join(cached, 'compile-cache'))

  // The function's init on the runtime's Node, as Lambda runs it: every chunk's code comes from the cache.
  const [command, ...prefix] = lambdaNode!
  const entry = pathToFileURL(join(cached, 'index.mjs')).href
  const { stderr } = await run(command, [...prefix, '--input-type=module', '-e', `await import(${JSON.stringify(entry)})`], {
    env: { PATH: process.env.PATH, NODE_DEBUG_NATIVE: 'COMPILE_CACHE', AWS_LAMBDA_FUNCTION_NAME: 'items-api-dev-api', CURSOR_SECRET: 'the-test-function-s-cursor-secret', LOG_LEVEL: 'silent', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }
  })
  t.match(stderr, /V8 code cache for ESM file:\/\/\S+\/api-app-\w+\.mjs was accepted/, 'the app\'s code is read from the cache')
  t.notMatch(stderr, /rejected|writing cache/i, 'nothing rejected, nothing written')

  // Any other Node (this one) serves as well, with the cache left off and nothing written into its folder.
  const config = await testConfig()
  const { responses } = await invokeInProcess([{ method: 'GET', path: '/health' }], {
    module: join(cached, 'index.mjs'), env: { DYNAMODB_ENDPOINT: config.dynamodbEndpoint, DYNAMODB_TABLE_NAME: config.tableName }
  })
  t.equal(responses[0].statusCode, 200)
  t.same(await filesUnder(join(cached, 'compile-cache')), before, 'the cache folder is as the build left it')
})
