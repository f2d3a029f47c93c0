// OrderQueue on SQS: SendMessageBatch, ten at a time; any entry SQS did not accept fails the whole send.
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs'
import type { OrderMessage } from '../../orders/queue-messages.ts'
import type { OrderQueue } from '../../orders/order-queue.ts'

const BATCH = 10

export class MessagesNotSentError extends Error {
  constructor (readonly failed: Array<{ Id?: string, Code?: string, Message?: string }>) {
    super(`SQS did not accept ${failed.length} message(s): ${failed.map((entry) => `${entry.Code ?? '?'} ${entry.Message ?? ''}`.trim()).join('; ')}`)
    this.name = 'MessagesNotSentError'
  }
}

export class SqsOrderQueue implements OrderQueue {
  constructor (private readonly client: SQSClient, private readonly queueUrl: string) {}

  async send (messages: OrderMessage[]): Promise<void> {
    for (let start = 0; start < messages.length; start += BATCH) {
      const entries = messages.slice(start, start + BATCH).map((message, index) => ({
        Id: String(start + index),
        MessageBody: JSON.stringify(message),
        MessageAttributes: { action: { DataType: 'String', StringValue: message.action } }
      }))
      const result = await this.client.send(new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries }))
      if ((result.Failed ?? []).length > 0) throw new MessagesNotSentError(result.Failed!)
    }
  }
}
