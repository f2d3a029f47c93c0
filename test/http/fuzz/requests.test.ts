// Hostile input, generated: every route and header with random and malicious values (fast-check). Whatever arrives,
// the answer is never a 5xx, always the contract's shape, and a rejected request leaves the store as it was.
import { ScanCommand } from '@aws-sdk/client-dynamodb'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import fc from 'fast-check'
import t, { type Test } from 'tap'
import { buildApp } from '../../../src/app.ts'
import { createDynamoDbClient } from '../../../src/adapters/dynamodb/dynamodb-client.ts'
import { newItem, testConfig, testDependencies } from '../../helper.ts'

/** Generated requests per property; together at least 10,000, as the suite promises. */
const RUNS = { anyRoute: 4000, bodies: 4000, urls: 2000 }
const SEED = Number(process.env.FUZZ_SEED ?? 20261123)

interface Fuzzed {
  app: FastifyInstance
  ids: string[]
  sent: number
  fiveHundreds: number
  /** Every item, by id with its version: what a rejected request must not change. */
  snapshot: () => Promise<string>
}

async function fuzzed (t: Test): Promise<Fuzzed> {
  const config = await testConfig({ LOG_LEVEL: 'silent' })
  const app = buildApp(config, testDependencies(config))
  t.teardown(() => app.close())
  await app.ready()
  const client = createDynamoDbClient(config, {})
  t.teardown(() => client.destroy())
  const ids: string[] = []
  for (let i = 0; i < 3; i++) ids.push((await app.inject({ method: 'POST', url: '/items', payload: newItem({ name: `Seed ${i}` }) })).json().data.id)
  const snapshot = async (): Promise<string> => {
    const items: string[] = []
    let start: Record<string, any> | undefined
    do {
      const page = await client.send(new ScanCommand({ TableName: config.tableName, ExclusiveStartKey: start }))
      for (const item of page.Items ?? []) items.push(`${item.id.S}:${item.version.N}:${item.name.S}`)
      start = page.LastEvaluatedKey
    } while (start !== undefined)
    return items.sort().join('\n')
  }
  return { app, ids, sent: 0, fiveHundreds: 0, snapshot }
}

const WRITES = new Set(['POST', 'PUT', 'DELETE', 'PATCH'])
const hasControlCharacter = (value: string): boolean => [...value].some((character) => character.charCodeAt(0) < 0x20 || character === '\u007f')

/** Sends one request and checks what holds for every answer; a rejected write must leave the store unchanged. */
async function send (t: Test, fuzz: Fuzzed, request: InjectOptions): Promise<LightMyRequestResponse> {
  const writes = WRITES.has(String(request.method ?? 'GET').toUpperCase())
  const before = writes ? await fuzz.snapshot() : ''
  const response = await fuzz.app.inject(request)
  fuzz.sent += 1
  const where = `${String(request.method)} ${String(request.url).slice(0, 80)}`
  if (response.statusCode >= 500) {
    fuzz.fiveHundreds += 1
    t.fail(`${where}: ${response.statusCode} ${response.body.slice(0, 200)} for ${String(request.payload).slice(0, 400)}`)
  }
  const requestId = response.headers['x-request-id']
  if (typeof requestId !== 'string' || hasControlCharacter(requestId) || requestId.length > 128) t.fail(`${where}: X-Request-Id ${JSON.stringify(requestId)}`)
  if (response.statusCode >= 400 && request.method !== 'HEAD') {
    const body = response.json()
    if (body.success !== false || typeof body.error?.code !== 'string' || body.request_id !== requestId) t.fail(`${where}: not the error shape: ${response.body.slice(0, 200)}`)
    if (/at .+\.(ts|js|mjs):\d+/.test(response.body)) t.fail(`${where}: a stack trace`)
  }
  if (writes && response.statusCode >= 400 && await fuzz.snapshot() !== before) t.fail(`${where}: ${response.statusCode}, yet the store changed`)
  return response
}

// Values a hostile client reaches for: wrong types, huge and deeply nested values, prototype keys, odd strings.
const nasty = fc.oneof(
  fc.jsonValue(),
  fc.string({ maxLength: 2000 }),
  fc.constantFrom('', ' ', '\u0000', '\uffff', '💥'.repeat(300), 'x'.repeat(70_000), '-1', '1e309', 'NaN', 'null', 'true', '[]', '{}'),
  fc.integer(), fc.double(), fc.constant(null), fc.boolean(),
  fc.array(fc.jsonValue(), { maxLength: 50 }),
  fc.integer({ min: 1, max: 300 }).map((depth) => JSON.parse('['.repeat(depth) + ']'.repeat(depth)) as unknown)
)
const field = fc.constantFrom('name', 'description', 'price', 'id', 'version', 'created_at', '__proto__', 'constructor', 'prototype', 'toString', '')
const objectBody = fc.dictionary(fc.oneof(field, fc.string({ maxLength: 20 })), nasty, { maxKeys: 6 })
const plausibleBody = fc.record({
  name: fc.oneof(fc.string({ maxLength: 120 }), nasty),
  description: fc.oneof(fc.string({ maxLength: 1100 }), fc.constant(null), nasty),
  price: fc.oneof(fc.double(), fc.integer(), nasty)
}, { requiredKeys: [] })

/** A body as bytes: JSON of a value, JSON with duplicate or prototype keys, broken JSON, or invalid UTF-8. */
const rawBody = fc.oneof(
  fc.oneof(objectBody, plausibleBody, nasty).map((value) => JSON.stringify(value) ?? ''),
  fc.tuple(plausibleBody, plausibleBody).map(([a, b]) => `${JSON.stringify(a).slice(0, -1)}${Object.keys(b).length > 0 && Object.keys(a).length > 0 ? ',' : ''}${JSON.stringify(b).slice(1)}`),
  fc.constantFrom('{"__proto__":{"admin":true},"name":"x","price":1}', '{"constructor":{"prototype":{"x":1}},"name":"x","price":1}',
    '{"name":"x","price":1,"name":"y"}', '{"name": "x", "price": ', '', ' ', 'null', '\u0000', '{"name":"\ud800","price":1}'),
  fc.string({ maxLength: 300 }),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
  // Nesting far deeper than any value here should be: written as text, as a client would send it.
  fc.nat({ max: 20_000 }).map((depth) => `{"name":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)},"price":1}`),
  fc.nat({ max: 20_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth))
)
const contentType = fc.option(fc.constantFrom(
  'application/json', 'application/json; charset=utf-8', 'application/json; charset=utf-16', 'APPLICATION/JSON',
  'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', 'json', '*/*', ''
), { nil: undefined })
const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS')
const oddId = fc.oneof(fc.uuid(), fc.string({ maxLength: 60 }).map(encodeURIComponent), fc.constantFrom(
  '00000000-0000-4000-8000-000000000000', '%', '%zz', '%00', '..%2f..%2fetc', 'x'.repeat(1000), '%F0%9F%92%A5', '__proto__', ' '))
// What HTTP can carry in a header: visible ASCII, spaces and Latin-1, no control characters.
const headerValue = fc.oneof(fc.string({ maxLength: 300 }).filter((value) => /^[\x20-\x7e\x80-\xff]*$/.test(value)), fc.constantFrom(
  'abc', '"1"', 'W/"1"', '*', '"1", "2"', 'x'.repeat(400), 'id\u00e9', '\u00ff\u00fe'))
const headers = fc.record({
  'content-type': contentType,
  'x-request-id': fc.option(headerValue, { nil: undefined }),
  'if-match': fc.option(headerValue, { nil: undefined }),
  'idempotency-key': fc.option(headerValue, { nil: undefined }),
  origin: fc.option(fc.constantFrom('https://evil.example', 'null', 'http://localhost:8000'), { nil: undefined })
}, { requiredKeys: [] }).map((record) => Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Record<string, string>)

t.test('generated requests: never a 5xx, always the contract shape, rejected writes change nothing', async (t) => {
  const fuzz = await fuzzed(t)
  const knownId = fc.constantFrom(...fuzz.ids)
  const path = fc.oneof(
    fc.constantFrom('/items', '/items/', '/health', '/metrics', '/openapi.json', '/docs', '/redoc', '/', '/items//x', '/ITEMS'),
    fc.oneof(knownId, oddId).map((id) => `/items/${id}`),
    fc.array(fc.string({ maxLength: 10 }).map(encodeURIComponent), { maxLength: 5 }).map((segments) => `/${segments.join('/')}`)
  )
  const query = fc.option(fc.array(fc.tuple(fc.constantFrom('limit', 'cursor', 'x', '__proto__'), fc.oneof(fc.string({ maxLength: 40 }), fc.integer().map(String))), { maxLength: 4 })
    .map((pairs) => pairs.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&')), { nil: undefined })

  await fc.assert(fc.asyncProperty(method, path, query, headers, fc.option(rawBody, { nil: undefined }), async (verb, url, search, sent, body) => {
    await send(t, fuzz, { method: verb as InjectOptions['method'], url: search === undefined ? url : `${url}?${search}`, headers: sent, payload: body })
  }), { numRuns: RUNS.anyRoute, seed: SEED })

  await fc.assert(fc.asyncProperty(fc.constantFrom('POST', 'PUT'), knownId, headers, rawBody, async (verb, id, sent, body) => {
    await send(t, fuzz, { method: verb as 'POST' | 'PUT', url: verb === 'POST' ? '/items' : `/items/${id}`, headers: { 'content-type': 'application/json', ...sent }, payload: body })
  }), { numRuns: RUNS.bodies, seed: SEED + 1 })

  const cursor = fc.oneof(fc.string({ maxLength: 200 }), fc.base64String({ maxLength: 200 }), fc.base64String({ maxLength: 60 }).map((text) => `v1.${text}`),
    fc.jsonValue().map((value) => `v1.${Buffer.from(JSON.stringify(value) ?? '').toString('base64url')}`))
  await fc.assert(fc.asyncProperty(fc.oneof(oddId, knownId), cursor, fc.oneof(fc.integer().map(String), fc.string({ maxLength: 10 })), async (id, after, limit) => {
    await send(t, fuzz, { method: 'GET', url: `/items?limit=${encodeURIComponent(limit)}&cursor=${encodeURIComponent(after)}` })
    await send(t, fuzz, { method: 'GET', url: `/items/${id}` })
    await send(t, fuzz, { method: 'DELETE', url: `/items/${id}`, headers: { 'if-match': '"999"' } })
  }), { numRuns: Math.ceil(RUNS.urls / 3), seed: SEED + 2 })

  t.ok(fuzz.sent >= 10_000, `${fuzz.sent} generated requests`)
  t.equal(fuzz.fiveHundreds, 0, 'zero 5xx')
  t.comment(`fuzz: ${fuzz.sent} requests, ${fuzz.fiveHundreds} 5xx, seed ${SEED}`)
})
