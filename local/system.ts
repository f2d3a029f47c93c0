// The whole system on a laptop: DynamoDB Local with the orders table's stream, the order queue and its dead-letter
// queue, the embedded search index, the API on its port, and each function driven by its own events as AWS drives it.
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb'
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams'
import { Metrics } from '@aws-lambda-powertools/metrics'
import type { FastifyInstance } from 'fastify'
import { pino, type Logger } from 'pino'
import { buildApp } from '../src/app.ts'
import { loadConfig, type Config } from '../src/config.ts'
import { loggerOptions } from '../src/logger.ts'
import { createOrderWorker } from '../src/pipeline/order-worker.ts'
import { createStreamConsumer } from '../src/pipeline/stream-consumer.ts'
import { EmbeddedSearchIndex } from '../src/search/embedded-index.ts'
import { createDynamoDbClient } from '../src/store/dynamodb-client.ts'
import { DynamoDbOrderStore } from '../src/store/dynamodb-order-store.ts'
import { ensureTables } from '../src/store/ensure-table.ts'
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local.ts'
import type { Poller } from './lambda-context.ts'
import { LocalQueue } from './local-queue.ts'
import { startQueueDriver } from './queue-driver.ts'
import { StreamDriver } from './stream-driver.ts'

/** The event source mappings, as serverless.yml sets them on AWS (the local visibility timeout is shorter). */
export const LOCAL_PIPELINE = {
  stream: { batchSize: 100, maximumRetryAttempts: 3, bisectBatchOnFunctionError: true },
  queue: { batchSize: 10, maxReceiveCount: 3 }
} as const

export interface LocalSystemOptions {
  /** The API's port; 0 for any free one. */
  port: number
  dynamodbPort: number
  /** DynamoDB Local's data folder; in memory without one. */
  dataDir?: string
  /** How long a failed message stays invisible before its next receive (SQS default 30 s; shorter here). */
  visibilityTimeoutSeconds: number
  pollIntervalMs: number
  env?: Record<string, string | undefined>
}

export interface LocalSystem {
  url: string
  config: Config
  dynamodb: DynamoDbLocal
  queue: LocalQueue
  deadLetters: LocalQueue
  streamFailures: LocalQueue
  search: EmbeddedSearchIndex
  app: FastifyInstance
  log: Logger
  close: () => Promise<void>
}

export async function startLocalSystem (options: LocalSystemOptions): Promise<LocalSystem> {
  const dynamodb = await startDynamoDbLocal({ port: options.dynamodbPort, path: options.dataDir })
  const pollers: Poller[] = []
  let app: FastifyInstance | undefined
  const closeAll = async (): Promise<void> => {
    await Promise.all(pollers.map(async (poller) => await poller.stop()))
    await app?.close()
    await dynamodb.close()
  }
  try {
    const config = loadConfig({ ...(options.env ?? process.env), DYNAMODB_ENDPOINT: dynamodb.endpoint, PORT: String(options.port) })
    const client = createDynamoDbClient(config, {})
    await ensureTables(client, config, { streams: true })
    const table = await client.send(new DescribeTableCommand({ TableName: config.ordersTableName }))
    const streamArn = table.Table?.LatestStreamArn
    if (streamArn === undefined) throw new Error(`the orders table ${config.ordersTableName} has no stream: delete it (or the data folder) and start again`)

    const log = pino(loggerOptions(config))
    const metrics = (serviceName: string): Metrics => new Metrics({ namespace: config.serviceName, serviceName, defaultDimensions: { environment: config.environment } })
    const search = new EmbeddedSearchIndex()
    const deadLetters = new LocalQueue({ name: 'items-api-local-orders-dlq', visibilityTimeoutSeconds: options.visibilityTimeoutSeconds })
    const queue = new LocalQueue({
      name: 'items-api-local-orders',
      visibilityTimeoutSeconds: options.visibilityTimeoutSeconds,
      redrive: {
        deadLetterQueue: deadLetters,
        maxReceiveCount: LOCAL_PIPELINE.queue.maxReceiveCount,
        onMoved: (message) => log.warn({ message_id: message.messageId, receive_count: message.receiveCount, body: message.body },
          'a message failed 3 receives and moved to the dead-letter queue')
      }
    })
    const streamFailures = new LocalQueue({ name: 'items-api-local-orders-stream-failures', visibilityTimeoutSeconds: options.visibilityTimeoutSeconds })

    app = buildApp(config, { search })
    await app.listen({ port: config.port, host: config.host })
    const address = app.server.address()
    const url = `http://${config.host}:${typeof address === 'object' && address !== null ? address.port : config.port}`

    const onError = (error: unknown): void => log.debug({ err: error }, 'a function invocation failed; its event source retries it')
    pollers.push(new StreamDriver({
      client: new DynamoDBStreamsClient({ region: config.region, endpoint: dynamodb.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
      streamArn,
      handler: createStreamConsumer({ queue, search, log: log.child({ function: 'orderStream' }), metrics: metrics('order-stream') }),
      functionName: 'items-api-local-orderStream',
      ...LOCAL_PIPELINE.stream,
      onFailure: streamFailures,
      onGiveUp: (description) => log.warn({ description }, 'a stream batch failed its retries: described to the on-failure destination'),
      pollIntervalMs: options.pollIntervalMs,
      onError
    }))
    pollers.push(startQueueDriver({
      queue,
      handler: createOrderWorker({
        store: new DynamoDbOrderStore(client, config.ordersTableName),
        log: log.child({ function: 'orderWorker' }),
        metrics: metrics('order-worker')
      }),
      functionName: 'items-api-local-orderWorker',
      batchSize: LOCAL_PIPELINE.queue.batchSize,
      pollIntervalMs: options.pollIntervalMs,
      onError
    }))
    return { url, config, dynamodb, queue, deadLetters, streamFailures, search, app, log, close: closeAll }
  } catch (error) {
    await closeAll()
    throw error
  }
}
