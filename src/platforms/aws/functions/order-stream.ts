// Lambda entry: the stream consumer on the orders table's stream (serverless.yml `orderStream`).
import { Metrics } from '@aws-lambda-powertools/metrics'
import { SQSClient } from '@aws-sdk/client-sqs'
import { pino } from 'pino'
import { ConfigError, loadConfig } from '../../../config.ts'
import { loggerOptions } from '../../../logger.ts'
import { createStreamConsumer } from '../../../handlers/on-order-change.ts'
import { SqsOrderQueue } from '../../../adapters/sqs/sqs-order-queue.ts'
import { openSearchIndex } from '../../../adapters/opensearch/lazy-open-search.ts'

const config = loadConfig()
if (config.orderQueueUrl === undefined) throw new ConfigError('ORDER_QUEUE_URL', '', 'the order queue\'s URL')

export const handler = createStreamConsumer({
  queue: new SqsOrderQueue(new SQSClient({ region: config.region, endpoint: config.sqsEndpoint }), config.orderQueueUrl),
  search: config.openSearch === undefined ? undefined : openSearchIndex(config.openSearch, config.region),
  log: pino(loggerOptions(config)),
  initialization: config.lambdaInitialization,
  metrics: new Metrics({ namespace: config.serviceName, serviceName: 'order-stream', defaultDimensions: { environment: config.environment } })
})
