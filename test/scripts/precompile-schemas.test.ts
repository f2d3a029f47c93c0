// The build's generated validators and serializers, and the small modules that stand in for packages in the bundle.
import { createRequire } from 'node:module'
import t from 'tap'
import { precompiledSchemasModule, standaloneSource } from '../../scripts/precompile-schemas.ts'

const require = createRequire(import.meta.url)

t.test('the generated module: one function per distinct schema, needing only the small run-time helpers', async (t) => {
  const source = await precompiledSchemasModule()
  t.match(source, /^exports\.precompiledSchemas = \{$/m)
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

t.test('the modules replaced in the bundle say what they stand for', async (t) => {
  const compiledAtBuild = require('../../scripts/bundle/compiled-at-build.cjs') as { (): never, Ajv: new () => unknown }
  t.throws(() => compiledAtBuild(), /compiled at build time/)
  t.throws(() => new compiledAtBuild.Ajv(), /run npm run build again/)

  // Fastify's one use of semver: plugin version ranges, checked for real when the build registers every plugin.
  const semver = require('../../scripts/bundle/checked-at-build.cjs') as { satisfies: () => boolean, gt: () => boolean, coerce: (version: string) => string }
  t.equal(semver.satisfies(), true)
  t.equal(semver.gt(), false)
  t.equal(semver.coerce('5.x'), '5.x')

  // find-my-way's one use of safe-regex2: its own constant regexes and routes' regex parameters, checked by the build.
  const isRegexSafe = require('../../scripts/bundle/regex-checked-at-build.cjs') as () => boolean
  t.equal(isRegexSafe(), true)
})

t.test('what the function never needs on Lambda throws, naming itself, should it ever be reached', async (t) => {
  const notOnLambda = require('../../scripts/bundle/not-on-lambda.cjs') as Record<string, () => never>
  t.throws(() => notOnLambda.fromSSO(), /fromSSO is not in the Lambda bundle .*credentials come from the environment/)
  t.throws(() => notOnLambda.fromInstanceMetadata(), /fromInstanceMetadata is not in the Lambda bundle/)
})
