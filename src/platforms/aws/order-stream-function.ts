// The stream consumer on AWS: the orders table's DynamoDB stream records become order changes (their images
// unmarshalled), handed all at once to Powertools' batch processor; the handler applies each order's changes one
// after another and different orders' side by side, so that a batch of a hundred orders takes about as long as one
// order's, not a hundred queue round trips end to end. Failures are answered as partial batch failures: Lambda
// retries from the first one, bisects a batch that fails whole, and sends what still fails to the on-failure
// destination (serverless.yml).
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch'
import { unmarshall } from '@aws-sdk/util-dynamodb'
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda'
import type { Logger } from 'pino'
import { openSearchIndex } from '../../adapters/opensearch/lazy-open-search.ts'
import { createSqsClient } from '../../adapters/sqs/sqs-client.ts'
import { SqsOrderQueue } from '../../adapters/sqs/sqs-order-queue.ts'
import { orderChangeHandler, type OrderChange, type OrderChangeHandler } from '../../handlers/on-order-change.ts'
import type { OrderQueue } from '../../orders/order-queue.ts'
import type { SearchIndex } from '../../orders/order-search.ts'
import { lambdaFunction, type FunctionTools } from './lambda-function.ts'
import type { OrderStreamSettings } from './settings.ts'

export type StreamHandler = (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse>

type Image = NonNullable<DynamoDBRecord['dynamodb']>['NewImage']

const plain = (image: Image): unknown => image === undefined ? undefined : unmarshall(image as Parameters<typeof unmarshall>[0])

/** A stream record as the change it describes. */
export function changeOf (record: DynamoDBRecord): OrderChange {
  return {
    orderId: record.dynamodb?.Keys?.order_id?.S,
    removed: record.eventName === 'REMOVE',
    before: plain(record.dynamodb?.OldImage),
    after: plain(record.dynamodb?.NewImage)
  }
}

/** A batch of stream records through the handler, each order's in sequence, answered as partial batch failures. */
export function streamBatches (handler: OrderChangeHandler, { log, counters }: FunctionTools): (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse> {
  return async (event) => {
    // One processor per batch: overlapping invocations (Managed Instances) keep their records apart.
    const processor = new BatchProcessor(EventType.DynamoDBStreams, { logger: log })
    const apply = handler.batch()
    try {
      // When every record fails, this throws: the invocation fails, which is what makes Lambda bisect the batch.
      return await processPartialResponse(event, async (record: DynamoDBRecord) => await apply(changeOf(record)), processor, { processInParallel: true })
    } finally {
      const failed = processor.failureMessages as DynamoDBRecord[]
      failed.forEach((record, index) => {
        log.error({ sequence_number: record.dynamodb?.SequenceNumber, order_id: record.dynamodb?.Keys?.order_id?.S, err: processor.errors[index] },
          'stream record failed: Lambda retries it, then sends it to the on-failure destination')
      })
      counters.count('RecordsProcessed', event.Records.length - failed.length)
      counters.count('RecordsFailed', failed.length)
    }
  }
}

/** The function serverless.yml deploys as `orderStream`; the local system passes its own queue and search index. */
export function orderStreamFunction (settings: OrderStreamSettings, ports: { queue?: OrderQueue, search?: SearchIndex, log?: Logger } = {}): StreamHandler {
  return lambdaFunction(settings, 'order-stream', (tools) => streamBatches(orderChangeHandler({
    queue: ports.queue ?? new SqsOrderQueue(createSqsClient(settings), settings.orderQueueUrl),
    search: ports.search ?? (settings.openSearch === undefined ? undefined : openSearchIndex(settings.openSearch, settings.region)),
    counters: tools.counters
  }), tools), ports.log)
}
