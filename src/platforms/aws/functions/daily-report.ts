// Lambda entry: the daily report, on the 02:00 UTC schedule or invoked for a day (serverless.yml `dailyReport`).
import { Metrics } from '@aws-lambda-powertools/metrics'
import { pino } from 'pino'
import { createS3Client } from '../../../adapters/s3/s3-client.ts'
import { S3BlobStore } from '../../../adapters/s3/s3-blob-store.ts'
import { ConfigError, loadConfig } from '../../../config.ts'
import { loggerOptions } from '../../../logger.ts'
import { createReportHandler } from '../report-events.ts'
import { createDynamoDbClient } from '../../../adapters/dynamodb/dynamodb-client.ts'
import { DynamoDbOrderStore } from '../../../adapters/dynamodb/dynamodb-order-store.ts'

const config = loadConfig()
if (config.reportsBucket === undefined) throw new ConfigError('REPORTS_BUCKET', '', 'the reports bucket\'s name')

export const handler = createReportHandler({
  orders: new DynamoDbOrderStore(createDynamoDbClient(config), config.ordersTableName),
  reports: new S3BlobStore(createS3Client(config), config.reportsBucket),
  log: pino(loggerOptions(config)),
  initialization: config.lambdaInitialization,
  metrics: new Metrics({ namespace: config.serviceName, serviceName: 'daily-report', defaultDimensions: { environment: config.environment } })
})
