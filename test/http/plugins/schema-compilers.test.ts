// Route schemas become validators and serializers once: compiled at start-up from source, or taken from the build.
import type { FastifyInstance } from 'fastify'
import t, { type Test } from 'tap'
import type { Compiled, PrecompiledSchemas } from '../../../src/http/plugins/schema-compilers.ts'
import { build, newItem } from '../../helper.ts'

type Validator = PrecompiledSchemas['validators'][string]

async function compiledAtStartup (t: Test, precompiled?: PrecompiledSchemas): Promise<{ compiled: Compiled[], app: FastifyInstance }> {
  const compiled: Compiled[] = []
  const app = await build(t, {}, { schemas: { precompiled, onCompile: (entry) => compiled.push(entry) } })
  return { compiled, app }
}

t.test('from source, each distinct schema is compiled once at start-up, under a key naming its content', async (t) => {
  const { compiled } = await compiledAtStartup(t)
  const keys = compiled.map((entry) => entry.key)
  t.equal(new Set(keys).size, keys.length, 'no schema compiled twice')
  t.ok(keys.some((key) => key.startsWith('body:')), 'bodies')
  t.ok(keys.some((key) => key.startsWith('url:')), 'query strings and path params')
  t.ok(keys.some((key) => key.startsWith('response:')), 'responses')
  t.ok(compiled.every((entry) => entry.kind === (entry.key.startsWith('response:') ? 'serializers' : 'validators')))
})

t.test('precompiled validators and serializers are used as they are, and nothing is compiled', async (t) => {
  const first = await compiledAtStartup(t)
  const validators: Record<string, Validator> = {}
  const serializers: PrecompiledSchemas['serializers'] = {}
  for (const entry of first.compiled) {
    if (entry.kind === 'validators') validators[entry.key] = entry.validate
    else serializers[entry.key] = () => '{"serialized":"by the precompiled function"}'
  }
  const { compiled, app } = await compiledAtStartup(t, { validators, serializers })
  t.same(compiled, [], 'nothing compiled at start-up')
  const health = await app.inject({ method: 'GET', url: '/health' })
  t.same(health.json(), { serialized: 'by the precompiled function' })
  const invalid = await app.inject({ method: 'POST', url: '/items', payload: newItem({ price: '12' }) })
  t.equal(invalid.statusCode, 400, 'the precompiled body validator still refuses a string price')
})

t.test('a schema that differs from the one precompiled is compiled afresh', async (t) => {
  const first = await compiledAtStartup(t)
  const stale = (key: string): string => `${key}-before-the-schema-changed`
  const validators: Record<string, Validator> = {}
  const serializers: PrecompiledSchemas['serializers'] = {}
  for (const entry of first.compiled) {
    if (entry.kind === 'validators') validators[stale(entry.key)] = entry.validate
    else serializers[stale(entry.key)] = () => '{}'
  }
  const { compiled, app } = await compiledAtStartup(t, { validators, serializers })
  t.equal(compiled.length, first.compiled.length, 'every schema compiled')
  t.equal((await app.inject({ method: 'GET', url: '/health' })).json().status, 'healthy')
})
