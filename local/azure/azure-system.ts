// The system on Azure, on a laptop: a Cosmos-compatible server (local/azure/cosmos-feed-server.ts) with the items,
// orders and idempotency containers, Azurite with the queues and containers, the API through the Azure HTTP trigger's
// handler on its port, and each event-driven function driven as the Functions host drives it (change feed, queue,
// Event Grid's BlobCreated, timer), through the handlers the entries register (src/platforms/azure/azure-event-functions.ts).
import type { QueueClient } from '@azure/storage-queue'
import type { ContainerClient } from '@azure/storage-blob'
import { pino, type Logger } from 'pino'
import { createBlobContainerClient, createBlobServiceClient, createQueueClient } from '../../src/adapters/azure-storage/storage-clients.ts'
import { createCosmosClient } from '../../src/adapters/cosmos/cosmos-client.ts'
import { loggerOptions } from '../../src/logger.ts'
import { azureApiHandler } from '../../src/platforms/azure/azure-api.ts'
import { cosmosDbApiPorts } from '../../src/platforms/azure/azure-api-ports.ts'
import { dailyReportHandler, orderChangesHandler, orderWorkerHandler, thumbnailsHandler } from '../../src/platforms/azure/azure-event-functions.ts'
import { azureApiSettings, eventFunctionSettings, type AzureApiSettings } from '../../src/platforms/azure/azure-settings.ts'
import { ORDER_CHANGES_RETRY } from '../../src/platforms/azure/order-changes-function.ts'
import { AZURITE_ACCOUNT, startAzurite, type Azurite } from '../azurite.ts'
import { ensureCosmosContainers } from '../ensure-cosmos-containers.ts'
import type { Poller } from '../lambda-context.ts'
import { requireFreePorts } from '../port-check.ts'
import { startAzureHttpServer, type AzureHttpServer } from './azure-http-server.ts'
import { startBlobCreatedDriver } from './blob-created-driver.ts'
import { ChangeFeedDriver } from './change-feed-driver.ts'
import { LOCAL_COSMOS_KEY, startCosmosFeedServer, type CosmosFeedServer } from './cosmos-feed-server.ts'
import { startReportTimer } from './report-timer.ts'
import { startStorageQueueDriver } from './storage-queue-driver.ts'
import { localFunctionEnv } from './local-azure-env.ts'

export interface LocalAzureSystemOptions {
  /** The API's port; 0 for any free one. */
  port: number
  cosmosPort: number
  blobPort: number
  queuePort: number
  /** How long a failed queue message stays invisible (host.json: 10 s; shorter here). */
  visibilityTimeoutSeconds: number
  /** How often the drivers look for changes, messages and blobs once there are none. */
  pollIntervalMs: number
  /** Scales the change feed's retry intervals (1: ORDER_CHANGES_RETRY's 1 s to 30 s). */
  retryScale: number
  env?: Record<string, string | undefined>
}

export interface LocalAzureSystem {
  url: string
  settings: AzureApiSettings
  cosmos: CosmosFeedServer
  azurite: Azurite
  /** The function app's environment, pointed at these servers: what `npm run report:azure` reads too. */
  functionEnv: Record<string, string | undefined>
  queue: QueueClient
  poison: QueueClient
  failures: QueueClient
  images: ContainerClient
  reports: ContainerClient
  changeFeed: ChangeFeedDriver
  log: Logger
  close: () => Promise<void>
}

export async function startLocalAzureSystem (options: LocalAzureSystemOptions): Promise<LocalAzureSystem> {
  const env = options.env ?? process.env
  const host = env.HOST ?? '127.0.0.1'
  await requireFreePorts([
    { port: options.port, host, variable: 'PORT', server: 'the API' },
    { port: options.cosmosPort, host: '127.0.0.1', variable: 'LOCAL_COSMOS_PORT', server: 'the Cosmos DB server' },
    { port: options.blobPort, host: '127.0.0.1', variable: 'LOCAL_AZURITE_BLOB_PORT', server: 'Azurite\'s Blob service' },
    { port: options.queuePort, host: '127.0.0.1', variable: 'LOCAL_AZURITE_QUEUE_PORT', server: 'Azurite\'s Queue service' }
  ])
  const pollers: Poller[] = []
  let cosmos: CosmosFeedServer | undefined
  let azurite: Azurite | undefined
  let api: AzureHttpServer | undefined
  let closePorts: (() => Promise<void>) | undefined
  // What has started, stopped in the reverse order: on a failed start as on Ctrl-C.
  const closeAll = async (): Promise<void> => {
    await Promise.all(pollers.map(async (poller) => await poller.stop()))
    await api?.close()
    await closePorts?.()
    await azurite?.close()
    await cosmos?.close()
  }
  try {
    cosmos = await startCosmosFeedServer(options.cosmosPort)
    azurite = await startAzurite({ blobPort: options.blobPort, queuePort: options.queuePort })
    const functionEnv = localFunctionEnv({ ...env, PORT: String(options.port) }, cosmos.endpoint, azurite.connectionString)
    const settings = azureApiSettings(functionEnv)
    const functionSettings = eventFunctionSettings(functionEnv)
    const log = pino(loggerOptions(settings))

    const client = createCosmosClient({ endpoint: cosmos.endpoint, key: LOCAL_COSMOS_KEY })
    const database = await ensureCosmosContainers(client, settings.cosmos.databaseId, settings.cosmos.containers)
    client.dispose()
    const access = { connectionString: azurite.connectionString }
    const { storage } = functionSettings
    const [queue, poison, failures] = [storage.orderQueue, `${storage.orderQueue}-poison`, storage.failuresQueue].map((name) => createQueueClient(access, name))
    const [images, reports] = [storage.imagesContainer, storage.reportsContainer].map((name) => createBlobContainerClient(access, name))
    for (const created of [queue, poison, failures, images, reports]) await created.createIfNotExists()
    // A browser's PUT to the upload URL comes from the API's own pages (/docs) or whatever origins CORS_ORIGINS lists.
    const apiOrigins = [`http://localhost:${options.port}`, `http://127.0.0.1:${options.port}`]
    const allowedOrigins = env.CORS_ORIGINS === undefined || env.CORS_ORIGINS.trim() === '*' ? '*' : [...apiOrigins, ...env.CORS_ORIGINS.split(',').map((origin) => origin.trim())].join(',')
    await createBlobServiceClient(access).setProperties({
      cors: [{ allowedOrigins, allowedMethods: 'GET,HEAD,PUT', allowedHeaders: '*', exposedHeaders: '*', maxAgeInSeconds: 600 }]
    })

    const ports = cosmosDbApiPorts(settings)
    closePorts = ports.close
    api = await startAzureHttpServer(await azureApiHandler(settings, ports), { port: options.port, host })

    const onError = (error: unknown): void => log.debug({ err: error }, 'a function invocation failed; the host retries it')
    const changeFeed = new ChangeFeedDriver({
      container: database.container(settings.cosmos.containers.orders),
      handler: orderChangesHandler(functionSettings),
      functionName: 'orderChanges',
      // The containers are new at each start: from their beginning, the lease misses nothing the API wrote.
      startFrom: 'beginning',
      retry: {
        maxRetryCount: ORDER_CHANGES_RETRY.maxRetryCount,
        minimumInterval: ORDER_CHANGES_RETRY.minimumInterval * options.retryScale,
        maximumInterval: ORDER_CHANGES_RETRY.maximumInterval * options.retryScale
      },
      pollIntervalMs: options.pollIntervalMs,
      onError
    })
    pollers.push(changeFeed)
    pollers.push(startStorageQueueDriver({
      queue,
      poison,
      handler: orderWorkerHandler(functionSettings),
      functionName: 'orderWorker',
      visibilityTimeoutSeconds: options.visibilityTimeoutSeconds,
      pollIntervalMs: options.pollIntervalMs,
      onPoisoned: (message) => log.warn({ message_id: message.messageId, dequeue_count: message.dequeueCount }, `a message failed its deliveries: moved to ${poison.name}`),
      onError
    }))
    pollers.push(startBlobCreatedDriver({
      container: images,
      accountName: AZURITE_ACCOUNT.name,
      handler: thumbnailsHandler(functionSettings),
      functionName: 'thumbnails',
      maxAttempts: 3,
      pollIntervalMs: options.pollIntervalMs,
      onGiveUp: (event) => log.warn({ subject: event.subject }, 'a BlobCreated event failed its deliveries: given up'),
      onError
    }))
    pollers.push(startReportTimer(dailyReportHandler(functionSettings), 'dailyReport', onError))
    return { url: api.url, settings, cosmos, azurite, functionEnv, queue, poison, failures, images, reports, changeFeed, log, close: closeAll }
  } catch (error) {
    await closeAll()
    throw error
  }
}
