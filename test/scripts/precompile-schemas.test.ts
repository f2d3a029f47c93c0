// The build's generated validators and serializers, and the small modules that stand in for packages in the bundle.
import { createRequire } from 'node:module'
import t from 'tap'
import { parse } from 'yaml'
import { precompiledSchemasModule, standaloneSource } from '../../scripts/precompile-schemas.ts'

const require = createRequire(import.meta.url)

t.test('the generated module: one function per distinct schema, needing only the small run-time helpers', async (t) => {
  const source = await precompiledSchemasModule()
  t.match(source, /^export const precompiledSchemas = \{$/m)
  const keys = [...source.matchAll(/^ {2}"((?:body|url|response):[\w-]+)": load\(/gm)].map((match) => match[1])
  t.ok(keys.some((key) => key.startsWith('body:')) && keys.some((key) => key.startsWith('url:')) && keys.some((key) => key.startsWith('response:')))
  t.equal(new Set(keys).size, keys.length, 'each schema once')
  const required = new Set([...source.matchAll(/require\(["']([^"']+)["']\)/g)].map((match) => match[1]))
  t.same([...required].sort(), ['ajv/dist/runtime/ucs2length', 'fast-json-stringify/lib/serializer'],
    'neither ajv nor fast-json-stringify itself: nothing is compiled when the function starts')
})

t.test('a response schema that would need ajv to serialize fails the build, naming it', async (t) => {
  const schema = { type: 'object', properties: { note: { anyOf: [{ type: 'string' }, { type: 'null' }] } } }
  t.throws(() => standaloneSource({ kind: 'serializers', key: 'response:x', schema }), /response schema response:x needs ajv to serialize/)
  t.match(standaloneSource({ kind: 'serializers', key: 'response:y', schema: { type: 'object', properties: { note: { type: ['string', 'null'] } } } }),
    /module\.exports = /, 'type: [string, null] needs no ajv')
})

t.test('the packages replaced in the bundle say what they stand for', async (t) => {
  const yaml = require('../../scripts/bundle/yaml-as-json.cjs') as { stringify: (value: unknown) => string, parse: () => unknown }
  const document = { openapi: '3.1.0', info: { title: 'Items API', version: '1.0.0' }, paths: { '/items': { get: { summary: 'List: "all"\n' } } } }
  t.same(parse(yaml.stringify(document)), document, 'JSON is YAML: a YAML parser reads the same document')
  t.throws(() => yaml.parse(), /never read from YAML/)

  const compiledAtBuild = require('../../scripts/bundle/compiled-at-build.cjs') as { (): never, Ajv: new () => unknown }
  t.throws(() => compiledAtBuild(), /compiled at build time/)
  t.throws(() => new compiledAtBuild.Ajv(), /run npm run build again/)

  const { glob } = require('../../scripts/bundle/no-glob.cjs') as { glob: () => Promise<string[]> }
  await t.rejects(glob(), /must keep its wildcard route/)
})
