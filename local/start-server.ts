// Starts the local HTTP server: configuration from the environment, the embedded DynamoDB when no endpoint is set.
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../src/app.ts'
import { createDynamoDbClient } from '../src/adapters/dynamodb/dynamodb-client.ts'
import { liveDocs } from '../src/http/plugins/docs-plugin.ts'
import { awsApiPorts } from '../src/platforms/aws/api-dependencies.ts'
import type { TableNames } from '../src/platforms/aws/settings.ts'
import { devSettings, type DevSettings } from './dev-settings.ts'
import { startEmbeddedDynamoDb } from './embedded-dynamodb.ts'
import { ensureTables } from './ensure-tables.ts'
import { listenFailure, storeFailure } from './startup-errors.ts'

export interface RunningServer {
  app: FastifyInstance
  config: DevSettings
  /** The address it listens on, such as http://127.0.0.1:8000. */
  url: string
}

/** The store to use and how to describe it in the startup log. */
export interface StoreChoice {
  config: DevSettings
  describe: Record<string, unknown>
  close?: () => Promise<void>
}

/** The configured endpoint; otherwise the embedded DynamoDB, started here. */
export async function chooseStore (config: DevSettings): Promise<StoreChoice> {
  if (config.dynamodbEndpoint !== undefined) {
    return { config, describe: { store: 'dynamodb', endpoint: config.dynamodbEndpoint ?? 'aws', region: config.region } }
  }
  const embedded = await startEmbeddedDynamoDb(config.dataDir)
  return {
    config: { ...config, dynamodbEndpoint: embedded.endpoint },
    describe: { store: 'embedded dynalite', endpoint: embedded.endpoint, data_dir: config.dataDir },
    close: embedded.close
  }
}

/** The tables a store needs: items, the idempotency keys, orders. */
export type StoreTables = TableNames

/**
 * chooseStore, then its tables made. On failure the embedded store is closed again, and a configured endpoint that
 * does not answer is explained (the embedded store's own endpoint is not the user's to fix).
 */
export async function prepareStore (config: DevSettings, tables: StoreTables, env: Record<string, string | undefined> = process.env):
Promise<{ store: StoreChoice, created: boolean }> {
  const store = await chooseStore(config)
  try {
    const client = createDynamoDbClient(store.config, env)
    const created = await ensureTables(client, tables).finally(() => client.destroy())
    return { store, created }
  } catch (error) {
    await store.close?.()
    throw storeFailure(error, store.close === undefined ? store.config.dynamodbEndpoint : undefined)
  }
}

/**
 * app.listen without Fastify's own "Server listening at …" line, so that the first line is the start-up line
 * docs/local-system.md describes (store, endpoint, data folder, table, URL). Fastify logs that line at info as the
 * server starts listening and has no option to leave it out: the level is raised for that moment alone.
 */
async function listenQuietly (app: FastifyInstance, where: { port: number, host: string }): Promise<string> {
  const level = app.log.level
  if (['trace', 'debug', 'info'].includes(level)) app.log.level = 'warn'
  try {
    return await app.listen({ port: where.port, host: where.host })
  } finally {
    app.log.level = level
  }
}

export async function startServer (env: Record<string, string | undefined> = process.env): Promise<RunningServer> {
  const loaded = devSettings(env)
  const { store, created } = await prepareStore(loaded, loaded, env)
  const { config } = store
  const app = buildApp(config, { ...awsApiPorts(config), docs: liveDocs })
  // Registered after buildApp's own onClose hooks, so the store's client is gone before the database closes.
  if (store.close !== undefined) app.addHook('onClose', store.close)
  try {
    const url = await listenQuietly(app, config)
    app.log.info({ ...store.describe, table: config.tableName, table_created: created }, `items-api listening on ${url}; docs at ${url}/docs`)
    return { app, config, url }
  } catch (error) {
    await app.close()
    throw listenFailure(error, config)
  }
}
