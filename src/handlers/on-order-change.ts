// The stream consumer: each record of the orders table's stream sends the queue messages its change starts and keeps
// the search projection in step. Records are handled one after another; once a record of an order fails, the
// batch's later records of that order fail too before reaching the projection, so that it never moves backwards.
// Lambda retries from the first failure, bisects a failing batch, and sends what still fails to the on-failure
// destination (serverless.yml).
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch'
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics'
import { unmarshall } from '@aws-sdk/util-dynamodb'
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda'
import type { Logger } from 'pino'
import { invocationFieldsFor, withinInvocation } from '../shared/invocation.ts'
import { messagesForChange } from '../orders/queue-messages.ts'
import type { Order } from '../orders/order.ts'
import { OrderRecordSchema } from '../orders/order-record.ts'
import type { OrderQueue } from '../orders/order-queue.ts'
import type { SearchIndex } from '../orders/order-search.ts'

export interface StreamConsumerDependencies {
  queue: OrderQueue
  /** The search projection; a stage without one only sends messages. */
  search: SearchIndex | undefined
  log: Logger
  metrics: Metrics
  /** Lambda's AWS_LAMBDA_INITIALIZATION_TYPE, which says whether the first invocation is a cold start. */
  initialization?: string
}

export class EarlierRecordFailedError extends Error {
  constructor (readonly orderId: string) {
    super(`an earlier record of order ${orderId} in this batch failed: its projection waits for the retry`)
    this.name = 'EarlierRecordFailedError'
  }
}

type Image = NonNullable<DynamoDBRecord['dynamodb']>['NewImage']

function orderOf (image: Image): Order | undefined {
  return image === undefined ? undefined : OrderRecordSchema.parse(unmarshall(image as Parameters<typeof unmarshall>[0]))
}

export type StreamHandler = (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse>

export function createStreamConsumer ({ queue, search, log, metrics, initialization }: StreamConsumerDependencies): StreamHandler {
  const fieldsOf = invocationFieldsFor(initialization)
  const processor = new BatchProcessor(EventType.DynamoDBStreams, { logger: log })

  /**
   * One record: its messages first, then the projection. The projection waits while an earlier record of the same
   * order in this batch has failed (so it never moves backwards); the messages do not, since the worker's conditional
   * writes hold their order and a repeat changes nothing, so an outage of search or a bad record never holds up an
   * order's payment or confirmation.
   */
  async function applyChange (record: DynamoDBRecord, earlierFailed: boolean): Promise<void> {
    const before = orderOf(record.dynamodb?.OldImage)
    const after = orderOf(record.dynamodb?.NewImage)
    if (after === undefined && record.eventName !== 'REMOVE') {
      throw new Error(`${record.eventName ?? 'a'} record without NewImage: the stream must be NEW_AND_OLD_IMAGES`)
    }
    const messages = messagesForChange(before, after)
    if (messages.length > 0) await queue.send(messages)
    metrics.addMetric('MessagesSent', MetricUnit.Count, messages.length)
    const orderId = (after ?? before)!.order_id
    if (earlierFailed) throw new EarlierRecordFailedError(orderId)
    if (after !== undefined) await search?.upsert(after)
    else await search?.remove(orderId)
  }

  return async (event, context) => await withinInvocation(
    fieldsOf(context),
    async () => {
      const failedOrders = new Set<string>()
      const handleRecord = async (record: DynamoDBRecord): Promise<void> => {
        const orderId = record.dynamodb?.Keys?.order_id?.S
        try {
          await applyChange(record, orderId !== undefined && failedOrders.has(orderId))
        } catch (error) {
          if (orderId !== undefined) failedOrders.add(orderId)
          throw error
        }
      }
      try {
        // When every record fails, this throws: the invocation fails, which is what makes Lambda bisect the batch.
        return await processPartialResponse(event, handleRecord, processor, { context, processInParallel: false })
      } finally {
        const failed = processor.failureMessages as DynamoDBRecord[]
        failed.forEach((record, index) => {
          log.error({ sequence_number: record.dynamodb?.SequenceNumber, order_id: record.dynamodb?.Keys?.order_id?.S, err: processor.errors[index] },
            'stream record failed: Lambda retries it, then sends it to the on-failure destination')
        })
        metrics.addMetric('RecordsProcessed', MetricUnit.Count, event.Records.length - failed.length)
        metrics.addMetric('RecordsFailed', MetricUnit.Count, failed.length)
        metrics.publishStoredMetrics()
      }
    })
}
