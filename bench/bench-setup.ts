// What every Lambda measurement of the bench starts from: the three handlers built, and the store (dynalite, in a
// process of its own so that its work is not counted) with its table, 30 items, the handlers' environment and one
// HTTP API event per operation.
import { join } from 'node:path'
import type { ChildProcess } from 'node:child_process'
import { buildLambda } from '../scripts/build.ts'
import { bundle } from '../scripts/bundle-entries.ts'
import { createDynamoDbClient } from '../src/adapters/dynamodb/dynamodb-client.ts'
import { DynamoDbItemStore } from '../src/adapters/dynamodb/dynamodb-item-store.ts'
import { ensureTable } from '../local/ensure-tables.ts'
import { lambdaEvent } from '../local/lambda-events.ts'
import type { Variant } from './bench-results.ts'
import { runReporting } from './processes.ts'

const TABLE = 'items-api-bench'

/** Builds the app's artifact and the two baselines, bundled the same way, under `work`; their entry modules. */
export async function buildHandlers (work: string): Promise<Record<Variant, string>> {
  await buildLambda(join(work, 'app'))
  await bundle('bench/fastify-handler.ts', join(work, 'fastify'))
  await bundle('bench/floor-handler.ts', join(work, 'floor'))
  return { app: join(work, 'app/index.mjs'), fastify: join(work, 'fastify/index.mjs'), floor: join(work, 'floor/index.mjs') }
}

export interface BenchStore {
  /** The store's process: kill it when done. */
  child: ChildProcess
  /** The handlers' environment: the store's endpoint and table, logging and metrics on, as deployed. */
  env: Record<string, string>
  /** One HTTP API event per operation, by operation. */
  events: Record<string, Record<string, any>>
  /** A stored item's id. */
  id: string
}

/** Starts the store and fills it; the store is stopped again if that fails. */
export async function startBenchStore (): Promise<BenchStore> {
  const store = await runReporting<{ endpoint: string }>(['--import', 'tsx', 'bench/store-process.ts'], {}, { keepRunning: true })
  const endpoint = store.report.endpoint
  try {
    const client = createDynamoDbClient({ region: 'us-east-1', dynamodbEndpoint: endpoint })
    await ensureTable(client, TABLE)
    const items = new DynamoDbItemStore(client, TABLE)
    const seeded = []
    for (let i = 0; i < 30; i++) seeded.push(await items.create({ name: `Item ${i}`, price: i + 0.5 }))
    const id = seeded[0].id

    const env = {
      AWS_LAMBDA_FUNCTION_NAME: 'items-api-bench',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      CURSOR_SECRET: 'the-bench-function-s-cursor-secret',
      AWS_REGION: 'us-east-1',
      DYNAMODB_ENDPOINT: endpoint,
      DYNAMODB_TABLE_NAME: TABLE,
      // Logging and metrics on, as deployed: users keep them on.
      LOG_LEVEL: 'info',
      ENVIRONMENT: 'bench',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true'
    }
    const json = { 'content-type': 'application/json' }
    const events = {
      'GET /health': lambdaEvent('http-api', { method: 'GET', path: '/health' }),
      'GET /items/{id}': lambdaEvent('http-api', { method: 'GET', path: `/items/${id}` }),
      'POST /items': lambdaEvent('http-api', { method: 'POST', path: '/items', headers: json, body: '{"name":"Bench","price":1.5}' }),
      'GET /items': lambdaEvent('http-api', { method: 'GET', path: '/items', query: { limit: '20' } })
    }
    return { child: store.child, env, events, id }
  } catch (error) {
    store.child.kill('SIGTERM')
    throw error
  }
}
