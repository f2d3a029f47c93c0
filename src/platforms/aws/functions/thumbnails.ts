// Lambda entry: the thumbnail function, on the images bucket's ObjectCreated under uploads/ (serverless.yml `thumbnails`).
import { Metrics } from '@aws-lambda-powertools/metrics'
import { pino } from 'pino'
import { createS3Client } from '../../../adapters/s3/s3-client.ts'
import { S3BlobStore } from '../../../adapters/s3/s3-blob-store.ts'
import { ConfigError, loadConfig } from '../../../config.ts'
import { createThumbnailHandler } from '../s3-uploads.ts'
import { loggerOptions } from '../../../logger.ts'
import { createDynamoDbClient } from '../../../adapters/dynamodb/dynamodb-client.ts'
import { DynamoDbItemStore } from '../../../adapters/dynamodb/dynamodb-item-store.ts'

const config = loadConfig()
if (config.imagesBucket === undefined) throw new ConfigError('IMAGES_BUCKET', '', 'the images bucket\'s name')

export const handler = createThumbnailHandler({
  images: new S3BlobStore(createS3Client(config), config.imagesBucket),
  items: new DynamoDbItemStore(createDynamoDbClient(config), config.tableName),
  log: pino(loggerOptions(config)),
  initialization: config.lambdaInitialization,
  metrics: new Metrics({ namespace: config.serviceName, serviceName: 'thumbnails', defaultDimensions: { environment: config.environment } })
})
