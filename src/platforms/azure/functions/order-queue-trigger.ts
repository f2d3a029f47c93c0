// Azure Functions entry: the queue worker, one message of the order queue per invocation (host.json: maxDequeueCount
// 3, then the poison queue). ORDER_QUEUE_NAME names the queue on the function app's storage account (AzureWebJobsStorage).
import functions from '@azure/functions'
import { CosmosOrderStore } from '../../../adapters/cosmos/cosmos-order-store.ts'
import { cosmosClientOf } from '../azure-cosmos.ts'
import { orderWorkerTrigger } from '../order-worker-trigger.ts'
import { orderWorkerAzureSettings } from '../azure-settings.ts'

const settings = orderWorkerAzureSettings(process.env)
const store = new CosmosOrderStore(cosmosClientOf(settings.cosmos), settings.cosmos.databaseId, settings.cosmos.containers.orders)
functions.app.storageQueue('orderWorker', { queueName: '%ORDER_QUEUE_NAME%', connection: 'AzureWebJobsStorage', handler: orderWorkerTrigger(settings, { store }) })
