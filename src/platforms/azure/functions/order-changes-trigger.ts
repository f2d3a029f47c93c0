// Azure Functions entry: the change-feed consumer, on the orders container's change feed (its leases in the `leases`
// container). COSMOS names the account: COSMOS__accountEndpoint with the managed identity, or a connection string.
import functions from '@azure/functions'
import { orderChangesHandler } from '../azure-event-functions.ts'
import { eventFunctionSettings } from '../azure-settings.ts'
import { ORDER_CHANGES_RETRY } from '../order-changes-function.ts'

functions.app.cosmosDB('orderChanges', {
  connection: 'COSMOS',
  databaseName: '%COSMOS_DATABASE%',
  containerName: '%COSMOS_ORDERS_CONTAINER%',
  leaseContainerName: 'leases',
  retry: ORDER_CHANGES_RETRY,
  handler: orderChangesHandler(eventFunctionSettings(process.env))
})
