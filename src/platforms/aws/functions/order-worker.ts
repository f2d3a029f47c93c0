// Lambda entry: the queue worker on the order queue (serverless.yml `orderWorker`).
import { Metrics } from '@aws-lambda-powertools/metrics'
import { pino } from 'pino'
import { loadConfig } from '../../../config.ts'
import { loggerOptions } from '../../../logger.ts'
import { createOrderWorker } from '../sqs-messages.ts'
import { createDynamoDbClient } from '../../../adapters/dynamodb/dynamodb-client.ts'
import { DynamoDbOrderStore } from '../../../adapters/dynamodb/dynamodb-order-store.ts'

const config = loadConfig()

export const handler = createOrderWorker({
  store: new DynamoDbOrderStore(createDynamoDbClient(config), config.ordersTableName),
  log: pino(loggerOptions(config)),
  initialization: config.lambdaInitialization,
  metrics: new Metrics({ namespace: config.serviceName, serviceName: 'order-worker', defaultDimensions: { environment: config.environment } })
})
