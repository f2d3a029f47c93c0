// Drives the queue worker the way Lambda's SQS event source mapping does: batches of received messages, the
// successes deleted, the partial batch failures left to come back after the visibility timeout (and, after
// maxReceiveCount receives, to move to the dead-letter queue).
import { createHash } from 'node:crypto'
import type { SQSEvent, SQSRecord } from 'aws-lambda'
import type { SqsHandler } from '../src/platforms/aws/order-worker-function.ts'
import { lambdaContext, type Poller } from './lambda-context.ts'
import type { LocalQueue, QueuedMessage } from './local-queue.ts'

export interface QueueDriverOptions {
  queue: LocalQueue
  handler: SqsHandler
  functionName: string
  batchSize: number
  pollIntervalMs: number
  onError: (error: unknown) => void
}

function sqsRecord (message: QueuedMessage & { receiptHandle: string }, queue: LocalQueue): SQSRecord {
  return {
    messageId: message.messageId,
    receiptHandle: message.receiptHandle,
    body: message.body,
    attributes: {
      ApproximateReceiveCount: String(message.receiveCount),
      SentTimestamp: String(message.sentAt),
      SenderId: 'AROAEXAMPLELOCAL',
      ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt ?? message.sentAt)
    },
    messageAttributes: {},
    md5OfBody: createHash('md5').update(message.body).digest('hex'),
    eventSource: 'aws:sqs',
    eventSourceARN: queue.arn,
    awsRegion: 'us-east-1'
  }
}

/** One poll: a batch received, handed to the worker, its successes deleted. Returns how many were delivered. */
export async function deliverBatch (options: QueueDriverOptions): Promise<number> {
  const messages = options.queue.receive(options.batchSize)
  if (messages.length === 0) return 0
  const event: SQSEvent = { Records: messages.map((message) => sqsRecord(message, options.queue)) }
  let failed: Set<string>
  try {
    const response = await options.handler(event, lambdaContext(options.functionName))
    failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier))
  } catch (error) {
    // A function error: nothing is deleted, the whole batch comes back.
    options.onError(error)
    failed = new Set(messages.map((message) => message.messageId))
  }
  for (const message of messages) if (!failed.has(message.messageId)) options.queue.delete(message.receiptHandle)
  return messages.length
}

export function startQueueDriver (options: QueueDriverOptions): Poller {
  const state = { stopped: false }
  const loop = (async () => {
    while (!state.stopped) {
      const delivered = await deliverBatch(options).catch((error: unknown) => { options.onError(error); return 0 })
      if (delivered === 0) await new Promise((resolve) => setTimeout(resolve, options.pollIntervalMs))
    }
  })()
  return {
    stop: async () => {
      state.stopped = true
      await loop
    }
  }
}
