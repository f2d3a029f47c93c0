// npm run build: the artifact is one bundle with its map and the docs assets, and it serves the API as src/lambda.ts does.
import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { deflateRawSync } from 'node:zlib'
import t from 'tap'
import { parse } from 'yaml'
import { buildLambda } from '../../scripts/build.ts'
import { temporaryDirectory, testConfig } from '../helper.ts'
import { invokeInProcess } from '../lambda/handler-process.ts'

const MB = 1024 * 1024

async function filesUnder (dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries.filter((entry) => entry.isFile()).map((entry) => relative(dir, join(entry.parentPath, entry.name))).sort()
}

t.test('the artifact: one minified ES module, its source map, the docs assets, no node_modules', async (t) => {
  const dir = await temporaryDirectory(t)
  const { warnings } = await buildLambda(dir)
  t.same(warnings, [], 'esbuild has nothing to warn about')
  const files = await filesUnder(dir)
  t.same(files.filter((file) => !file.startsWith('docs/')), ['index.mjs', 'index.mjs.LEGAL.txt', 'index.mjs.map', 'package.json'])
  t.ok(files.includes('docs/redoc.standalone.js'))
  t.ok(files.includes('docs/swagger-ui/swagger-ui-bundle.js'))
  t.notOk(files.some((file) => file.includes('node_modules')), 'no node_modules')

  const code = await readFile(join(dir, 'index.mjs'))
  t.ok(code.length / code.toString().split('\n').length > 1000, 'minified: long lines')
  t.match(code.toString(), /\/\/# sourceMappingURL=index\.mjs\.map\s*$/)
  const map = JSON.parse(await readFile(join(dir, 'index.mjs.map'), 'utf8')) as { sources: string[], sourcesContent?: unknown }
  t.notOk('sourcesContent' in map, 'the map carries paths, not sources')
  t.ok(map.sources.some((source) => source.endsWith('src/lambda.ts')), 'the map leads back to src/')
  t.ok(map.sources.some((source) => source.includes('node_modules/@aws-sdk/client-dynamodb/')), 'the AWS SDK is bundled, its version pinned')
  t.notOk(map.sources.some((source) => /dynalite|embedded-dynamodb|start-server/.test(source)), 'no embedded store on Lambda')
  const bundled = (name: string): string[] => map.sources.filter((source) => source.includes(`node_modules/${name}/`))
    .map((source) => source.slice(source.lastIndexOf(`node_modules/${name}/`) + `node_modules/${name}/`.length))
  t.same(bundled('ajv'), ['lib/runtime/ucs2length.ts'], 'of ajv, only the helper the generated validators call')
  t.same(bundled('fast-json-stringify').sort(), ['lib/serializer.js', 'lib/v8.js'], 'of fast-json-stringify, only what the generated serializers call')
  for (const name of ['ajv-formats', '@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler', 'yaml', 'glob']) {
    t.same(bundled(name), [], `${name}: replaced in the bundle`)
  }
  t.ok(deflateRawSync(code).length < MB, `the code alone compresses under 1 MB (${deflateRawSync(code).length} bytes)`)
})

t.test('the built handler serves the walk-through, the docs and their assets', async (t) => {
  const dir = await temporaryDirectory(t)
  await buildLambda(dir)
  const config = await testConfig()
  const json = { 'content-type': 'application/json' }
  const { lines, responses } = await invokeInProcess([
    { method: 'GET', path: '/health' },
    { method: 'POST', path: '/items', headers: json, body: '{"name":"Bundled","price":3}' },
    { method: 'GET', path: '/items' },
    { method: 'GET', path: '/docs' },
    { method: 'GET', path: '/docs/' },
    { method: 'GET', path: '/docs/static/swagger-ui-bundle.js' },
    { method: 'GET', path: '/docs/static/favicon-32x32.png' },
    { method: 'GET', path: '/redoc/redoc.standalone.js' },
    { method: 'POST', path: '/items', headers: json, body: '{"name":' },
    { method: 'GET', path: '/docs/yaml' },
    { method: 'GET', path: '/docs/json' }
  ], { module: join(dir, 'index.mjs'), env: { DYNAMODB_ENDPOINT: config.dynamodbEndpoint, DYNAMODB_TABLE_NAME: config.tableName } })
  t.same(responses.map((response) => response.statusCode), [200, 201, 200, 301, 200, 200, 200, 200, 400, 200, 200])
  t.equal(JSON.parse(responses[2].body).count, 1, 'the created item is listed')
  t.equal(responses[3].headers?.location, 'docs/')
  t.match(responses[4].body, /swagger-ui-bundle\.js/)
  const body = (index: number): Buffer => Buffer.from(responses[index].body, responses[index].isBase64Encoded === true ? 'base64' : 'utf8')
  t.same(body(5), await readFile(join(dir, 'docs/swagger-ui/swagger-ui-bundle.js')), 'Swagger UI script from the artifact')
  t.same(body(6), await readFile(join(dir, 'docs/swagger-ui/favicon-32x32.png')), 'binary icon, base64 through Lambda')
  t.same(body(7), await readFile(join(dir, 'docs/redoc.standalone.js')), 'ReDoc from the artifact')
  t.equal(JSON.parse(responses[8].body).error.code, 'VALIDATION_ERROR')
  t.match(responses[9].headers?.['content-type'], /^application\/x-yaml/)
  t.same(parse(responses[9].body), JSON.parse(responses[10].body), 'the YAML document, read by a YAML parser, is the JSON one')
  t.ok(lines.some((line) => line.msg === 'request completed' && line.aws_request_id === 'invocation-0'), 'JSON logs')
  t.ok(lines.some((line) => line._aws?.CloudWatchMetrics !== undefined), 'EMF metrics')
})
