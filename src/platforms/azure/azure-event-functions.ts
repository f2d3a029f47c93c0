// The event-driven functions as their entries register them, built from the function app's settings: the change-feed
// consumer, the queue worker, the thumbnail function and the daily report, each on the stores, queues and containers
// its settings name. The entries (functions/) and the local Azure system (local/azure/) build them here, alike.
import type { InvocationContext } from '@azure/functions'
import { AzureBlobStore } from '../../adapters/azure-storage/azure-blob-store.ts'
import { AzureOrderQueue } from '../../adapters/azure-storage/azure-order-queue.ts'
import { createBlobContainerClient, createQueueClient } from '../../adapters/azure-storage/storage-clients.ts'
import { CosmosItemStore } from '../../adapters/cosmos/cosmos-item-store.ts'
import { CosmosOrderStore } from '../../adapters/cosmos/cosmos-order-store.ts'
import { cosmosClientOf } from './azure-cosmos.ts'
import type { EventFunctionSettings } from './azure-settings.ts'
import { storageAccess } from './azure-storage-settings.ts'
import { dailyReportTimer } from './daily-report-timer.ts'
import { orderChangesFunction } from './order-changes-function.ts'
import { orderWorkerTrigger } from './order-worker-trigger.ts'
import { thumbnailsEvent } from './thumbnails-event.ts'

/** `orderChanges`: each batch of the orders container's change feed; messages to the order queue, failures to theirs. */
export function orderChangesHandler (settings: EventFunctionSettings): (documents: unknown[], context: InvocationContext) => Promise<void> {
  const queue = (name: string): AzureOrderQueue => new AzureOrderQueue(createQueueClient(storageAccess(settings.storage, 'queue'), name))
  return orderChangesFunction(settings, { queue: queue(settings.storage.orderQueue), search: undefined, failures: queue(settings.storage.failuresQueue) })
}

/** `orderWorker`: one message of the order queue, on the orders container. */
export function orderWorkerHandler (settings: EventFunctionSettings): ReturnType<typeof orderWorkerTrigger> {
  const store = new CosmosOrderStore(cosmosClientOf(settings.cosmos), settings.cosmos.databaseId, settings.cosmos.containers.orders)
  return orderWorkerTrigger(settings, { store })
}

/** `thumbnails`: a BlobCreated event of the images container, on the items container. */
export function thumbnailsHandler ({ cosmos, storage, ...settings }: EventFunctionSettings): ReturnType<typeof thumbnailsEvent> {
  const images = new AzureBlobStore(createBlobContainerClient(storageAccess(storage, 'blob'), storage.imagesContainer))
  const items = new CosmosItemStore(cosmosClientOf(cosmos), cosmos.databaseId, cosmos.containers.items)
  return thumbnailsEvent(settings, { images, items, container: storage.imagesContainer })
}

/** `dailyReport`: the timer's day, from the orders container to the reports container. */
export function dailyReportHandler ({ cosmos, storage, ...settings }: EventFunctionSettings): ReturnType<typeof dailyReportTimer> {
  const orders = new CosmosOrderStore(cosmosClientOf(cosmos), cosmos.databaseId, cosmos.containers.orders)
  const reports = new AzureBlobStore(createBlobContainerClient(storageAccess(storage, 'blob'), storage.reportsContainer))
  return dailyReportTimer(settings, { orders, reports })
}
