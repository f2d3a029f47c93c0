// Drives the queue worker the way Lambda's SQS event source mapping does, against the local SQS server: a long-polled
// ReceiveMessage of up to batchSize messages within the batching window, the batch handed to the worker as an SQS
// event, the successes deleted with DeleteMessageBatch, the partial batch failures left to come back after the
// visibility timeout (and, after maxReceiveCount receives, moved to the dead-letter queue by the server). Several
// batches at a time, as Lambda reads a queue with messages five batches at a time (fewer under maximumConcurrency).
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs'
import type { SQSEvent, SQSRecord, SQSRecordAttributes } from 'aws-lambda'
import type { SqsHandler } from '../src/platforms/aws/order-worker-function.ts'
import { lambdaContext, type Poller } from './lambda-context.ts'

export interface QueueDriverOptions {
  client: SQSClient
  queue: { url: string, arn: string }
  handler: SqsHandler
  functionName: string
  batchSize: number
  /** maximumBatchingWindow: how long (seconds) a receive waits to fill its batch. */
  batchingWindowSeconds: number
  /** The queue's redrive: a message that fails its maxReceiveCount-th receive moves to the dead-letter queue next. */
  maxReceiveCount: number
  /** Told of each message that failed its last receive before the dead-letter queue. */
  onExhausted?: (message: SQSRecord) => void
  /** How many batches are read and handled at a time, each by its own poller. */
  concurrentBatches: number
  /** How long to wait after a receive that found nothing. */
  pollIntervalMs: number
  onError: (error: unknown) => void
}

/**
 * A receive waits for the batching window; a message that came back within it would be received twice in one batch.
 * So the visibility timeout must be longer than the window.
 */
export function checkVisibilityTimeout (visibilityTimeoutSeconds: number, batchingWindowSeconds: number): void {
  if (!(visibilityTimeoutSeconds > batchingWindowSeconds)) {
    throw new Error(`LOCAL_VISIBILITY_TIMEOUT=${visibilityTimeoutSeconds} must be longer than the order worker's batching window (${batchingWindowSeconds} s)`)
  }
}

/** A received message as Lambda hands it to the function. */
function sqsRecord (message: Message, queueArn: string): SQSRecord {
  return {
    messageId: message.MessageId!,
    receiptHandle: message.ReceiptHandle!,
    body: message.Body!,
    attributes: message.Attributes as unknown as SQSRecordAttributes,
    // The service sends String attributes only.
    messageAttributes: Object.fromEntries(Object.entries(message.MessageAttributes ?? {}).map(([name, value]) =>
      [name, { dataType: value.DataType!, stringValue: value.StringValue, stringListValues: [], binaryListValues: [] }])),
    md5OfBody: message.MD5OfBody!,
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: queueArn.split(':')[3]
  }
}

/** One poll: a batch received, handed to the worker, its successes deleted. Returns how many were delivered. */
export async function deliverBatch (options: QueueDriverOptions, abortSignal?: AbortSignal): Promise<number> {
  const { Messages: messages = [] } = await options.client.send(new ReceiveMessageCommand({
    QueueUrl: options.queue.url,
    MaxNumberOfMessages: options.batchSize,
    WaitTimeSeconds: options.batchingWindowSeconds,
    AttributeNames: ['All'],
    MessageAttributeNames: ['All']
  }), { abortSignal })
  if (messages.length === 0) return 0
  const event: SQSEvent = { Records: messages.map((message) => sqsRecord(message, options.queue.arn)) }
  let failed: Set<string>
  try {
    const response = await options.handler(event, lambdaContext(options.functionName))
    failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier))
  } catch (error) {
    // A function error: nothing is deleted, the whole batch comes back.
    options.onError(error)
    failed = new Set(messages.map((message) => message.MessageId!))
  }
  for (const record of event.Records) {
    if (failed.has(record.messageId) && Number(record.attributes.ApproximateReceiveCount) >= options.maxReceiveCount) options.onExhausted?.(record)
  }
  const done = event.Records.filter((record) => !failed.has(record.messageId))
  if (done.length === 0) return messages.length
  const deleted = await options.client.send(new DeleteMessageBatchCommand({
    QueueUrl: options.queue.url,
    Entries: done.map((record, index) => ({ Id: String(index), ReceiptHandle: record.receiptHandle }))
  }))
  // Lambda logs a failed delete; the message comes back and the worker, being idempotent, succeeds again.
  for (const entry of deleted.Failed ?? []) options.onError(new Error(`DeleteMessage of ${done[Number(entry.Id)].messageId} failed: ${entry.Code}`))
  return messages.length
}

/** What Lambda's SQS event source mapping reads at a time once a queue has messages: five batches, each its own invocation. */
export const LAMBDA_CONCURRENT_BATCHES = 5

/** The batches at a time for an event source mapping with `maximumConcurrency` (or none): Lambda's five, or fewer. */
export function concurrentBatches (maximumConcurrency: number | undefined): number {
  return Math.min(LAMBDA_CONCURRENT_BATCHES, maximumConcurrency ?? LAMBDA_CONCURRENT_BATCHES)
}

export function startQueueDriver (options: QueueDriverOptions): Poller {
  const abort = new AbortController()
  const poll = async (): Promise<void> => {
    while (!abort.signal.aborted) {
      const delivered = await deliverBatch(options, abort.signal).catch((error: unknown) => {
        if (!abort.signal.aborted) options.onError(error)
        return 0
      })
      if (delivered === 0 && !abort.signal.aborted) await new Promise((resolve) => setTimeout(resolve, options.pollIntervalMs))
    }
  }
  const pollers = Promise.all(Array.from({ length: options.concurrentBatches }, poll))
  return {
    stop: async () => {
      abort.abort()
      await pollers
    }
  }
}
