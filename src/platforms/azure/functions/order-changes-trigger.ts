// Azure Functions entry: the change-feed consumer, on the orders container's change feed (its leases in the `leases`
// container). COSMOS names the account: COSMOS__accountEndpoint with the managed identity, or a connection string.
// From the feed's beginning when no lease exists yet: the function may first start after orders were placed (it scales
// from zero on instances of its own), and a replayed change changes nothing.
import functions from '@azure/functions'
import { orderChangesHandler } from '../azure-event-functions.ts'
import { eventFunctionSettings } from '../azure-settings.ts'
import { ORDER_CHANGES_RETRY } from '../order-changes-function.ts'

functions.app.cosmosDB('orderChanges', {
  connection: 'COSMOS',
  databaseName: '%COSMOS_DATABASE%',
  containerName: '%COSMOS_ORDERS_CONTAINER%',
  leaseContainerName: 'leases',
  startFromBeginning: true,
  retry: ORDER_CHANGES_RETRY,
  handler: orderChangesHandler(eventFunctionSettings(process.env))
})
