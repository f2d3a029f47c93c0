// Test helpers: the app built exactly as the local server builds it (the AWS ports, the generated docs), against the
// real embedded DynamoDB or DynamoDB Local.
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { pino } from 'pino'
import { buildApp, type AppDependencies } from '../src/app.ts'
import { createDynamoDbClient } from '../src/adapters/dynamodb/dynamodb-client.ts'
import { liveDocs } from '../src/http/plugins/docs-plugin.ts'
import { awsApiPorts } from '../src/platforms/aws/api-dependencies.ts'
import { lambdaHttpHandler, type LambdaHandler } from '../src/platforms/aws/http-events.ts'
import { apiSettings, type ApiSettings } from '../src/platforms/aws/settings.ts'
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../local/embedded-dynamodb.ts'
import { ensureTables } from '../local/ensure-tables.ts'
import { startDynamoDbLocal } from '../local/dynamodb-local.ts'
import { freePort } from '../local/free-port.ts'

type Test = { teardown: (fn: () => unknown) => void }

let embedded: Promise<EmbeddedDynamoDb> | undefined
let store: Promise<{ endpoint: string }> | undefined
let backend: 'dynalite' | 'DynamoDB Local' = 'dynalite'

/** One in-memory embedded DynamoDB per test file (tap runs each file in its own process). */
export function embeddedDynamoDb (): Promise<EmbeddedDynamoDb> {
  if (embedded === undefined) {
    embedded = startEmbeddedDynamoDb()
    t.teardown(async () => await (await embedded!).close())
  }
  return embedded
}

/**
 * Makes this file's tests run on DynamoDB Local (Java), in memory, in place of dynalite, which accepts some requests
 * DynamoDB refuses (an IN of more than 100 operands) and answers no item with a failed condition. Call it before
 * the first testConfig; the files under test/adapters/dynamodb/on-dynamodb-local/ run whole store test files again this way.
 */
export function onDynamoDbLocal (): void {
  backend = 'DynamoDB Local'
}

/** The DynamoDB-compatible server this file's tests use, started on first use: dynalite unless onDynamoDbLocal was called. */
export function testDynamoDb (): Promise<{ endpoint: string }> {
  if (backend === 'dynalite') return embeddedDynamoDb()
  if (store === undefined) {
    const started = freePort().then(async (port) => await startDynamoDbLocal({ port }))
    store = started
    t.teardown(async () => await (await started).close())
  }
  return store
}

/** The API's settings with fresh, empty tables of its own on the test DynamoDB (testDynamoDb). */
export async function testConfig (env: Record<string, string> = {}): Promise<ApiSettings> {
  const { endpoint } = await testDynamoDb()
  const config = apiSettings({
    DYNAMODB_ENDPOINT: endpoint,
    DYNAMODB_TABLE_NAME: `test-${randomUUID()}`,
    LOG_LEVEL: 'silent',
    ...env
  })
  const client = createDynamoDbClient(config, {})
  await ensureTables(client, config).finally(() => client.destroy())
  return config
}

/** The app's dependencies as the local server makes them from `settings`, with `overrides` in their place. */
export function testDependencies (settings: ApiSettings, overrides: Partial<AppDependencies> = {}): AppDependencies {
  return { ...awsApiPorts(settings, { search: overrides.search }), docs: liveDocs, ...overrides }
}

/** Builds the app with buildApp, as the server and the Lambda handler do, and closes it after the test. */
export async function build (test: Test, env: Record<string, string> = {}, overrides: Partial<AppDependencies> = {}): Promise<FastifyInstance> {
  const settings = await testConfig(env)
  const app = buildApp(settings, testDependencies(settings, overrides))
  test.teardown(() => app.close())
  await app.ready()
  return app
}

/** The app behind the Lambda HTTP adapter, as the API function serves it (`initialization`: its cold-start type). */
export async function lambdaHandlerFor (settings: ApiSettings, overrides: Partial<AppDependencies> = {}, initialization?: string): Promise<LambdaHandler> {
  return await lambdaHttpHandler(buildApp(settings, testDependencies(settings, overrides)), initialization)
}

/** A fresh directory under the system's temporary folder, removed after the test. */
export async function temporaryDirectory (test: Test): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'items-api-'))
  test.teardown(() => rm(dir, { recursive: true, force: true }))
  return dir
}

/** A valid create body; override any field. */
export function newItem (overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'Laptop', description: 'High-performance development laptop', price: 1299.99, ...overrides }
}

export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

/** The JSON lines the app logs from now on, caught at its pino destination (build it with a LOG_LEVEL that is not silent). */
export function loggedLines (app: FastifyInstance): Array<Record<string, any>> {
  const lines: Array<Record<string, any>> = []
  const stream = (app.log as unknown as Record<symbol, { write: (chunk: string) => boolean }>)[pino.symbols.streamSym]
  stream.write = (chunk: string) => {
    for (const line of chunk.split('\n').filter(Boolean)) lines.push(JSON.parse(line))
    return true
  }
  return lines
}
