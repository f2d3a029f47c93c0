// Azure Functions entry: the queue worker, one message of the order queue per invocation (host.json: maxDequeueCount
// 3, then the poison queue): ORDER_QUEUE_NAME on the function app's storage account (AzureWebJobsStorage).
import functions from '@azure/functions'
import { CosmosOrderStore } from '../../../adapters/cosmos/cosmos-order-store.ts'
import { cosmosClientOf } from '../azure-cosmos.ts'
import { orderWorkerTrigger } from '../order-worker-trigger.ts'
import { eventFunctionSettings } from '../azure-settings.ts'

const settings = eventFunctionSettings(process.env)
const store = new CosmosOrderStore(cosmosClientOf(settings.cosmos), settings.cosmos.databaseId, settings.cosmos.containers.orders)
functions.app.storageQueue('orderWorker', { queueName: settings.storage.orderQueue, connection: 'AzureWebJobsStorage', handler: orderWorkerTrigger(settings, { store }) })
