// The whole system on a laptop: DynamoDB Local with the orders table's stream, an SQS server with the order queue and
// its dead-letter queue, the embedded search index, an S3-compatible server with the images and reports buckets, the API on its port,
// and each function driven by its own events as AWS drives it (the report's schedule included).
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb'
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams'
import type { FastifyInstance } from 'fastify'
import { pino, type Logger } from 'pino'
import { buildApp } from '../src/app.ts'
import { createDynamoDbClient } from '../src/adapters/dynamodb/dynamodb-client.ts'
import { liveDocs } from '../src/http/plugins/docs-plugin.ts'
import { UPLOADS_PREFIX } from '../src/images/image-keys.ts'
import { loggerOptions } from '../src/logger.ts'
import { awsApiPorts } from '../src/platforms/aws/api-dependencies.ts'
import { dailyReportFunction } from '../src/platforms/aws/daily-report-function.ts'
import { orderStreamFunction } from '../src/platforms/aws/order-stream-function.ts'
import { orderWorkerFunction } from '../src/platforms/aws/order-worker-function.ts'
import { orderWorkerSettings, reportSettings, thumbnailSettings } from '../src/platforms/aws/settings.ts'
import { thumbnailsFunction } from '../src/platforms/aws/thumbnails-function.ts'
import { devSettings, type DevSettings } from './dev-settings.ts'
import { EmbeddedSearchIndex } from './embedded-search-index.ts'
import { ensureTables } from './ensure-tables.ts'
import { AsyncInvoker } from './async-invoker.ts'
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local.ts'
import { requireFreePorts } from './port-check.ts'
import type { Poller } from './lambda-context.ts'
import { deployedSettings } from './deployed-settings.ts'
import { checkVisibilityTimeout, concurrentBatches, startQueueDriver } from './queue-driver.ts'
import { startSqsServer, type LocalSqsQueue, type SqsServer } from './sqs-server.ts'
import { startS3Server, type S3Server } from './s3-server.ts'
import { startDailySchedule } from './schedule.ts'
import { StreamDriver } from './stream-driver.ts'

/** The event source mappings and the redrive, as serverless.yml sets them on AWS (the local visibility timeout is shorter). */
const DEPLOYED = deployedSettings()
export const LOCAL_PIPELINE = { stream: DEPLOYED.stream, queue: DEPLOYED.queue, async: DEPLOYED.async }

/** Where `npm run local` serves DynamoDB Local, the S3 and the SQS server, unless LOCAL_DYNAMODB_PORT, LOCAL_S3_PORT or LOCAL_SQS_PORT say otherwise. */
export const LOCAL_PORTS = { dynamodb: 8001, s3: 8003, sqs: 8004 } as const

/** The buckets, named after serverless.yml's service for a stage called `local` (no account or region to add). */
export const LOCAL_BUCKETS = DEPLOYED.buckets

export interface LocalSystemOptions {
  /** The API's port; 0 for any free one. */
  port: number
  dynamodbPort: number
  s3Port: number
  sqsPort: number
  /** DynamoDB Local's and the S3 server's data folder; in memory and a temporary folder without one. */
  dataDir?: string
  /** How long a failed message stays invisible before its next receive (60 s on AWS; shorter here). */
  visibilityTimeoutSeconds: number
  pollIntervalMs: number
  /** How long a failed asynchronous invocation waits before its retry (Lambda: about a minute). */
  retryDelayMs: number
  env?: Record<string, string | undefined>
}

export interface LocalSystem {
  url: string
  config: DevSettings
  dynamodb: DynamoDbLocal
  sqs: SqsServer
  queue: LocalSqsQueue
  deadLetters: LocalSqsQueue
  streamFailures: LocalSqsQueue
  /** The on-failure destination of the thumbnail and report functions' asynchronous invocations. */
  functionFailures: LocalSqsQueue
  s3: S3Server
  /** The thumbnail function, invoked by the images bucket's notifications under uploads/. */
  thumbnails: AsyncInvoker<unknown>
  /** The daily report function, invoked by the schedule at 02:00 UTC and on demand. */
  report: AsyncInvoker<unknown>
  search: EmbeddedSearchIndex
  app: FastifyInstance
  log: Logger
  close: () => Promise<void>
}

export async function startLocalSystem (options: LocalSystemOptions): Promise<LocalSystem> {
  checkVisibilityTimeout(options.visibilityTimeoutSeconds, LOCAL_PIPELINE.queue.maximumBatchingWindow)
  const env = options.env ?? process.env
  await requireFreePorts([
    { port: options.port, host: env.HOST ?? '127.0.0.1', variable: 'PORT', server: 'the API' },
    { port: options.dynamodbPort, host: '0.0.0.0', variable: 'LOCAL_DYNAMODB_PORT', server: 'DynamoDB Local' },
    { port: options.s3Port, host: '127.0.0.1', variable: 'LOCAL_S3_PORT', server: 'the S3 server' },
    { port: options.sqsPort, host: '127.0.0.1', variable: 'LOCAL_SQS_PORT', server: 'the SQS server' }
  ])
  const pollers: Poller[] = []
  let dynamodb: DynamoDbLocal | undefined
  let app: FastifyInstance | undefined
  let s3: S3Server | undefined
  let sqs: SqsServer | undefined
  // What has started, stopped in the reverse order: on a failed start as on Ctrl-C.
  const closeAll = async (): Promise<void> => {
    await Promise.all(pollers.map(async (poller) => await poller.stop()))
    await app?.close()
    await sqs?.close()
    await s3?.close()
    await dynamodb?.close()
  }
  try {
    dynamodb = await startDynamoDbLocal({ port: options.dynamodbPort, path: options.dataDir === undefined ? undefined : `${options.dataDir}/dynamodb-local` })
    // The browser's presigned POST comes from the API's own pages (/docs) or whatever origins CORS_ORIGINS lists.
    const apiOrigins = [`http://localhost:${options.port}`, `http://127.0.0.1:${options.port}`]
    const corsOrigins = env.CORS_ORIGINS === undefined || env.CORS_ORIGINS.trim() === '*' ? ['*'] : [...apiOrigins, ...env.CORS_ORIGINS.split(',').map((origin) => origin.trim())]
    const thumbnailsRef: { invoker?: AsyncInvoker<unknown> } = {}
    s3 = await startS3Server({
      port: options.s3Port,
      directory: options.dataDir === undefined ? undefined : `${options.dataDir}/s3`,
      buckets: [{ name: LOCAL_BUCKETS.images, corsOrigins }, { name: LOCAL_BUCKETS.reports }],
      // The images bucket's notification: ObjectCreated under uploads/ invokes the thumbnail function.
      onEvent: (event) => {
        const records = event.Records.filter((record) => record.s3.bucket.name === LOCAL_BUCKETS.images &&
          record.eventName.startsWith('ObjectCreated:') && decodeURIComponent(record.s3.object.key).startsWith(UPLOADS_PREFIX))
        if (records.length > 0) thumbnailsRef.invoker?.invoke({ Records: records })
      }
    })
    // Every function's environment, as serverless.yml sets it for a stage, pointed at the local servers.
    const functionEnv = {
      ...env,
      DYNAMODB_ENDPOINT: dynamodb.endpoint,
      S3_ENDPOINT: s3.endpoint,
      IMAGES_BUCKET: LOCAL_BUCKETS.images,
      REPORTS_BUCKET: LOCAL_BUCKETS.reports,
      PORT: String(options.port)
    }
    const config = devSettings(functionEnv)
    const client = createDynamoDbClient(config, {})
    await ensureTables(client, config, { streams: true })
    const table = await client.send(new DescribeTableCommand({ TableName: config.ordersTableName }))
    const streamArn = table.Table?.LatestStreamArn
    if (streamArn === undefined) throw new Error(`the orders table ${config.ordersTableName} has no stream: delete it (or the data folder) and start again`)

    const log = pino(loggerOptions(config))
    const search = new EmbeddedSearchIndex()
    sqs = await startSqsServer({ port: options.sqsPort, queues: DEPLOYED.queues, visibilityTimeoutSeconds: options.visibilityTimeoutSeconds })
    const { OrderQueue: queue, OrderDeadLetters: deadLetters, OrderStreamFailures: streamFailures, FunctionFailures: functionFailures } = sqs.queues

    app = buildApp(config, { ...awsApiPorts(config, { search }), docs: liveDocs })
    await app.listen({ port: config.port, host: config.host })
    const address = app.server.address()
    const url = `http://${config.host}:${typeof address === 'object' && address !== null ? address.port : config.port}`

    const onError = (error: unknown): void => log.debug({ err: error }, 'a function invocation failed; its event source retries it')
    pollers.push(new StreamDriver({
      client: new DynamoDBStreamsClient({ region: config.region, endpoint: dynamodb.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
      streamArn,
      // The stream consumer sends through the SQS adapter, as on AWS, to the local server's order queue.
      handler: orderStreamFunction({ ...config, orderQueueUrl: queue.url, sqsEndpoint: sqs.endpoint }, { search }),
      functionName: 'items-api-local-orderStream',
      ...LOCAL_PIPELINE.stream,
      onFailure: streamFailures,
      onGiveUp: (description) => log.warn({ description }, 'a stream batch failed its retries: described to the on-failure destination'),
      onRenewed: ({ shardId, reason, from }) => log.debug({ shard_id: shardId, reason, from }, 'renewed a shard iterator of the orders stream'),
      onStalled: ({ shardId, failures, error }) => log.warn({ shard_id: shardId, failures, err: error },
        `the orders stream is stalled: ${failures} reads of its shard failed in a row; its poller keeps reading it every ` +
        `${options.pollIntervalMs} ms (renewing a trimmed or expired iterator after the last record delivered), and new orders stay CREATED until it reads again`),
      pollIntervalMs: options.pollIntervalMs,
      onError
    }))
    pollers.push(startQueueDriver({
      client: sqs.client,
      queue,
      handler: orderWorkerFunction(orderWorkerSettings(functionEnv)),
      functionName: 'items-api-local-orderWorker',
      batchSize: LOCAL_PIPELINE.queue.batchSize,
      batchingWindowSeconds: LOCAL_PIPELINE.queue.maximumBatchingWindow,
      maxReceiveCount: LOCAL_PIPELINE.queue.maxReceiveCount,
      concurrentBatches: concurrentBatches(LOCAL_PIPELINE.queue.maximumConcurrency),
      onExhausted: (message) => log.warn({ message_id: message.messageId, receive_count: message.attributes.ApproximateReceiveCount, body: message.body },
        `a message failed ${LOCAL_PIPELINE.queue.maxReceiveCount} receives: the SQS server moves it to the dead-letter queue`),
      pollIntervalMs: options.pollIntervalMs,
      onError
    }))
    const asyncInvoker = (functionName: string, handler: (event: never, context: never) => Promise<unknown>): AsyncInvoker<unknown> => new AsyncInvoker<unknown>({
      handler: handler as (event: unknown, context: unknown) => Promise<unknown>,
      functionName: `items-api-local-${functionName}`,
      maximumRetryAttempts: LOCAL_PIPELINE.async.maximumRetryAttempts,
      retryDelayMs: options.retryDelayMs,
      onFailure: functionFailures,
      onGiveUp: (record) => log.warn({ record }, `${functionName} failed its retries: the event went to the on-failure destination`),
      onError
    })
    const thumbnails = asyncInvoker('thumbnails', thumbnailsFunction(thumbnailSettings(functionEnv)))
    thumbnailsRef.invoker = thumbnails
    const report = asyncInvoker('dailyReport', dailyReportFunction(reportSettings(functionEnv)))
    pollers.push(thumbnails, report, startDailySchedule((event) => report.invoke(event), 'arn:aws:events:us-east-1:000000000000:rule/items-api-local-daily-report'))
    return { url, config, dynamodb, sqs, queue, deadLetters, streamFailures, functionFailures, s3, thumbnails, report, search, app, log, close: closeAll }
  } catch (error) {
    await closeAll()
    throw error
  }
}
