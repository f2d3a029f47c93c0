// Lambda entry: the queue worker on the order queue (serverless.yml `orderWorker`).
import { orderWorkerFunction } from '../order-worker-function.ts'
import { orderWorkerSettings } from '../settings.ts'

export const handler = orderWorkerFunction(orderWorkerSettings(process.env))
