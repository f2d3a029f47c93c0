// Azure Functions entry: the queue worker, one message of the order queue per invocation (host.json: maxDequeueCount
// 3, then the poison queue): ORDER_QUEUE_NAME on the function app's storage account (AzureWebJobsStorage).
import functions from '@azure/functions'
import { orderWorkerHandler } from '../azure-event-functions.ts'
import { eventFunctionSettings } from '../azure-settings.ts'

const settings = eventFunctionSettings(process.env)
functions.app.storageQueue('orderWorker', { queueName: settings.storage.orderQueue, connection: 'AzureWebJobsStorage', handler: orderWorkerHandler(settings) })
