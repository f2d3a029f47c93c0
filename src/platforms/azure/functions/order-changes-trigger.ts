// Azure Functions entry: the change-feed consumer, on the orders container's change feed (its leases in the `leases`
// container). COSMOS names the account: COSMOS__accountEndpoint with the managed identity, or a connection string.
import functions from '@azure/functions'
import { AzureOrderQueue } from '../../../adapters/azure-storage/azure-order-queue.ts'
import { createQueueClient } from '../../../adapters/azure-storage/storage-clients.ts'
import { eventFunctionSettings } from '../azure-settings.ts'
import { storageAccess } from '../azure-storage-settings.ts'
import { ORDER_CHANGES_RETRY, orderChangesFunction } from '../order-changes-function.ts'

const settings = eventFunctionSettings(process.env)
const queue = (name: string): AzureOrderQueue => new AzureOrderQueue(createQueueClient(storageAccess(settings.storage, 'queue'), name))
functions.app.cosmosDB('orderChanges', {
  connection: 'COSMOS',
  databaseName: '%COSMOS_DATABASE%',
  containerName: '%COSMOS_ORDERS_CONTAINER%',
  leaseContainerName: 'leases',
  retry: ORDER_CHANGES_RETRY,
  handler: orderChangesFunction(settings, { queue: queue(settings.storage.orderQueue), search: undefined, failures: queue(settings.storage.failuresQueue) })
})
