// Store faults through the real SDK: throttling, a store that does not answer, and one that stops and comes back.
// Each is a 503 SERVICE_UNAVAILABLE with Retry-After, answered within the client's limits, and the service goes on.
import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import t, { type Test } from 'tap'
import { buildApp } from '../../../src/app.ts'
import type { ApiSettings } from '../../../src/platforms/aws/settings.ts'
import { createDynamoDbClient } from '../../../src/adapters/dynamodb/dynamodb-client.ts'
import { STORE_LIMITS } from '../../../src/adapters/aws-sdk/sdk-limits.ts'
import { startEmbeddedDynamoDb } from '../../../local/embedded-dynamodb.ts'
import { ensureTable } from '../../../local/ensure-tables.ts'
import { newItem, temporaryDirectory, testConfig, testDependencies } from '../../helper.ts'
import { faultyDynamoDb, type Fault } from './faulty-dynamodb.ts'

async function appOn (t: Test, config: ApiSettings): Promise<FastifyInstance> {
  const app = buildApp(config, testDependencies(config))
  t.teardown(() => app.close())
  await app.ready()
  return app
}

/** An app whose store calls go through a proxy that fails them as `fault` says, with one item already stored. */
async function behindFaults (t: Test, fault: (request: number) => Fault): Promise<{ app: FastifyInstance, id: string, operations: string[] }> {
  const config = await testConfig({ LOG_LEVEL: 'silent' })
  const direct = await appOn(t, config)
  const { id } = (await direct.inject({ method: 'POST', url: '/items', payload: newItem() })).json().data
  const proxy = await faultyDynamoDb(config.dynamodbEndpoint!, fault)
  t.teardown(() => proxy.close())
  return { app: await appOn(t, { ...config, dynamodbEndpoint: proxy.endpoint }), id, operations: proxy.operations }
}

function assertUnavailable (t: Test, response: { statusCode: number, headers: Record<string, unknown>, json: () => any }): void {
  t.equal(response.statusCode, 503)
  t.equal(response.headers['retry-after'], '1')
  t.match(response.json(), { success: false, error: { code: 'SERVICE_UNAVAILABLE', message: String } })
  t.notMatch(JSON.stringify(response.json()), /Throttling|Timeout|ECONN|stack/i, 'no internals')
}

t.test('throttled on every try: 503 after exactly the bounded attempts, and the service still serves', async (t) => {
  const { app, id, operations } = await behindFaults(t, () => 'throttle')
  assertUnavailable(t, await app.inject({ url: `/items/${id}` }))
  t.same(operations, Array(STORE_LIMITS.maxAttempts).fill('GetItem'), `${STORE_LIMITS.maxAttempts} attempts, no more`)
  t.equal((await app.inject({ url: '/health' })).statusCode, 200)
})

t.test('throttled once: the retry absorbs it and the client never sees it', async (t) => {
  const { app, id, operations } = await behindFaults(t, (request) => request === 0 ? 'throttle' : 'pass')
  const response = await app.inject({ url: `/items/${id}` })
  t.equal(response.statusCode, 200)
  t.equal(response.json().data.id, id)
  t.same(operations, ['GetItem', 'GetItem'])
})

t.test('a store that never answers: 503 once every attempt has timed out, not a hung request', async (t) => {
  const { app, id, operations } = await behindFaults(t, () => 'hang')
  const started = performance.now()
  assertUnavailable(t, await app.inject({ url: `/items/${id}` }))
  const bound = STORE_LIMITS.maxAttempts * (STORE_LIMITS.requestTimeoutMs + 1_000)
  t.ok(performance.now() - started < bound, `answered within the client's limits (${bound} ms)`)
  t.same(operations, Array(STORE_LIMITS.maxAttempts).fill('GetItem'))
})

t.test('a slow first answer is retried and succeeds', async (t) => {
  const { app, id, operations } = await behindFaults(t, (request) => request === 0 ? 'hang' : 'pass')
  t.equal((await app.inject({ url: `/items/${id}` })).statusCode, 200)
  t.same(operations, ['GetItem', 'GetItem'])
})

t.test('the store stops under live requests and comes back: 503s meanwhile, then the same data again', async (t) => {
  const dataDir = await temporaryDirectory(t)
  let store = await startEmbeddedDynamoDb(dataDir)
  t.teardown(() => store.close())
  const port = Number(new URL(store.endpoint).port)
  const config = await testConfig({ LOG_LEVEL: 'silent', DYNAMODB_ENDPOINT: store.endpoint, DYNAMODB_TABLE_NAME: `faults-${randomUUID()}` })
  const client = createDynamoDbClient(config, {})
  await ensureTable(client, config.tableName).finally(() => client.destroy())
  const app = await appOn(t, config)
  const item = (await app.inject({ method: 'POST', url: '/items', payload: newItem() })).json().data

  // Live traffic: one read after another, for the whole outage.
  const statuses: number[] = []
  const stop = new AbortController()
  const traffic = (async () => {
    while (!stop.signal.aborted) {
      const response = await app.inject({ url: `/items/${item.id}` })
      statuses.push(response.statusCode)
      if (response.statusCode === 503) t.equal(response.headers['retry-after'], '1')
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  })()
  const until = async (status: number): Promise<void> => {
    while (!statuses.slice(-3).every((seen) => seen === status) || statuses.length < 3) await new Promise((resolve) => setTimeout(resolve, 20))
  }

  await until(200)
  await store.close()
  await until(503)
  t.equal((await app.inject({ url: '/health' })).statusCode, 200, 'the process keeps serving while the store is down')
  store = await startEmbeddedDynamoDb(dataDir, port)
  await until(200)
  stop.abort()
  await traffic

  t.same([...new Set(statuses)].sort(), [200, 503], 'only 200 and 503: no 500, nothing lost to a crash')
  const firstOutage = statuses.indexOf(503)
  t.ok(firstOutage > 0 && statuses.lastIndexOf(200) > statuses.lastIndexOf(503), '200s, then 503s, then 200s again')
  t.same((await app.inject({ url: `/items/${item.id}` })).json().data, item, 'the item survived the restart')
})
