// The queue worker: each SQS message parsed by Powertools' batch parser and handed to processOrderMessage; failures
// are reported as partial batch failures, so SQS retries only them and moves them to the dead-letter queue after
// the queue's maxReceiveCount. Processed and failed messages are counted as EMF metrics.
import { BatchProcessor, EventType, processPartialResponse, type ParsedRecord } from '@aws-lambda-powertools/batch'
import { parser } from '@aws-lambda-powertools/batch/parser'
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics'
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda'
import type { Logger } from 'pino'
import { invocationFieldsFor, withinInvocation } from '../../shared/invocation.ts'
import { OrderMessageSchema, type OrderMessage } from '../../orders/queue-messages.ts'
import { processOrderMessage, type MessageOutcome } from '../../handlers/on-order-message.ts'
import type { OrderStore } from '../../orders/order-store.ts'

export interface OrderWorkerDependencies {
  store: OrderStore
  log: Logger
  metrics: Metrics
  /** Lambda's AWS_LAMBDA_INITIALIZATION_TYPE, which says whether the first invocation is a cold start. */
  initialization?: string
}

const OUTCOME_METRICS: Record<MessageOutcome, string> = {
  applied: 'TransitionsApplied',
  done: 'DuplicateMessages',
  'left alone': 'OrdersLeftAlone',
  recorded: 'InventoryUpdates'
}

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>

export function createOrderWorker ({ store, log, metrics, initialization }: OrderWorkerDependencies): SqsHandler {
  const fieldsOf = invocationFieldsFor(initialization)
  const processor = new BatchProcessor(EventType.SQS, { parser, innerSchema: OrderMessageSchema, transformer: 'json', logger: log })

  const handleRecord = async (record: ParsedRecord<SQSRecord, OrderMessage>): Promise<void> => {
    const outcome = await processOrderMessage(record.body, store, log.child({
      message_id: record.messageId,
      receive_count: Number(record.attributes.ApproximateReceiveCount)
    }))
    metrics.addMetric(OUTCOME_METRICS[outcome], MetricUnit.Count, 1)
  }

  return async (event, context) => await withinInvocation(
    fieldsOf(context),
    async () => {
      try {
        // Every message is settled on its own: a batch where all fail answers all of them as failures, like any other.
        const response = await processPartialResponse(event, handleRecord, processor, { context, throwOnFullBatchFailure: false })
        const failed = processor.failureMessages as SQSRecord[]
        failed.forEach((record, index) => {
          log.error({ message_id: record.messageId, receive_count: Number(record.attributes.ApproximateReceiveCount), err: processor.errors[index] },
            'message failed: SQS will deliver it again, then move it to the dead-letter queue')
        })
        metrics.addMetric('MessagesProcessed', MetricUnit.Count, event.Records.length - response.batchItemFailures.length)
        metrics.addMetric('MessagesFailed', MetricUnit.Count, response.batchItemFailures.length)
        return response
      } finally {
        metrics.publishStoredMetrics()
      }
    })
}
