// npm run local:azure: the system on Azure, on this machine (local/azure/azure-system.ts), until Ctrl-C. PORT and HOST
// for the API; LOCAL_COSMOS_PORT, LOCAL_AZURITE_BLOB_PORT and LOCAL_AZURITE_QUEUE_PORT for the servers;
// LOCAL_VISIBILITY_TIMEOUT (seconds) for how soon a failed message comes back.
import { runUntilSignal } from '../startup-errors.ts'
import { startLocalAzureSystem } from './azure-system.ts'
import { LOCAL_AZURE_PORTS } from './local-azure-env.ts'

// Ctrl-C or SIGTERM, during the start as after it, stops everything started (runUntilSignal).
const system = await runUntilSignal(async () => await startLocalAzureSystem({
  port: Number(process.env.PORT ?? 8000),
  cosmosPort: Number(process.env.LOCAL_COSMOS_PORT ?? LOCAL_AZURE_PORTS.cosmos),
  blobPort: Number(process.env.LOCAL_AZURITE_BLOB_PORT ?? LOCAL_AZURE_PORTS.blob),
  queuePort: Number(process.env.LOCAL_AZURITE_QUEUE_PORT ?? LOCAL_AZURE_PORTS.queue),
  visibilityTimeoutSeconds: Number(process.env.LOCAL_VISIBILITY_TIMEOUT ?? 2),
  pollIntervalMs: 200,
  retryScale: 1
}))

if (system !== undefined) {
  const { storage, cosmos } = system.settings
  system.log.info({
    api: system.url,
    docs: `${system.url}/docs`,
    cosmos: system.cosmos.endpoint,
    database: cosmos.databaseId,
    containers: Object.values(cosmos.containers),
    azurite_blob: system.azurite.blobEndpoint,
    azurite_queue: system.azurite.queueEndpoint,
    queues: [system.queue.name, system.poison.name, system.failures.name],
    blob_containers: storage === undefined ? [] : [storage.imagesContainer, storage.reportsContainer],
    daily_report: 'every day at 02:00 UTC; any day with npm run report:azure -- YYYY-MM-DD'
  }, 'the system on Azure is running: place an order with POST /orders and watch it reach CONFIRMED')
}
