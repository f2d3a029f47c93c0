// The queue worker on AWS: each SQS message handed to the worker's handler through Powertools' batch processor;
// failures are answered as partial batch failures, so SQS delivers only them again and moves them to the dead-letter
// queue after the queue's maxReceiveCount.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch'
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda'
import type { Logger } from 'pino'
import { createDynamoDbClient } from '../../adapters/dynamodb/dynamodb-client.ts'
import { DynamoDbOrderStore } from '../../adapters/dynamodb/dynamodb-order-store.ts'
import { orderMessageHandler, type QueueMessage } from '../../handlers/on-order-message.ts'
import type { OrderStore } from '../../orders/order-store.ts'
import { lambdaFunction, type FunctionTools } from './lambda-function.ts'
import type { OrderWorkerSettings } from './settings.ts'

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>

const messageOf = (record: SQSRecord): QueueMessage =>
  ({ id: record.messageId, body: record.body, receiveCount: Number(record.attributes.ApproximateReceiveCount) })

/** A batch of SQS records through `handle`, each settled on its own and answered as partial batch failures. */
export function sqsBatches (handle: (message: QueueMessage) => Promise<unknown>, { log, counters }: FunctionTools): (event: SQSEvent) => Promise<SQSBatchResponse> {
  return async (event) => {
    const processor = new BatchProcessor(EventType.SQS, { logger: log })
    // A batch where all fail answers all of them as failures, like any other.
    const response = await processPartialResponse(event, async (record: SQSRecord) => await handle(messageOf(record)), processor, { throwOnFullBatchFailure: false })
    const failed = processor.failureMessages as SQSRecord[]
    failed.forEach((record, index) => {
      log.error({ message_id: record.messageId, receive_count: Number(record.attributes.ApproximateReceiveCount), err: processor.errors[index] },
        'message failed: SQS will deliver it again, then move it to the dead-letter queue')
    })
    counters.count('MessagesProcessed', event.Records.length - response.batchItemFailures.length)
    counters.count('MessagesFailed', response.batchItemFailures.length)
    return response
  }
}

/** The function serverless.yml deploys as `orderWorker`. */
export function orderWorkerFunction (settings: OrderWorkerSettings, ports: { store?: OrderStore, log?: Logger } = {}): SqsHandler {
  return lambdaFunction(settings, 'order-worker', (tools) => sqsBatches(orderMessageHandler({
    store: ports.store ?? new DynamoDbOrderStore(createDynamoDbClient(settings), settings.ordersTableName),
    log: tools.log,
    counters: tools.counters
  }), tools), ports.log)
}
