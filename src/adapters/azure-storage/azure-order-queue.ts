// OrderQueue on Azure Queue Storage: one Put Message per message, all at once (the service has no batch send); any
// message the service did not accept fails the whole send.
import type { QueueClient } from '@azure/storage-queue'
import type { OrderMessage } from '../../orders/queue-messages.ts'
import type { OrderQueue } from '../../orders/order-queue.ts'
import { callDeadline } from './storage-errors.ts'

/** Some messages of a send were not accepted: how many, of how many, and why (each reason once). */
export class QueueMessagesRefusedError extends Error {
  constructor (readonly refused: number, readonly total: number, readonly reasons: unknown[]) {
    const named = [...new Set(reasons.map(reasonOf))]
    super(`Queue Storage did not accept ${refused} of ${total} message(s): ${named.join('; ')}`, { cause: reasons[0] })
    this.name = 'QueueMessagesRefusedError'
  }
}

function reasonOf (error: unknown): string {
  const { code, statusCode, message } = error as { code?: unknown, statusCode?: unknown, message?: unknown }
  const status = typeof statusCode === 'number' ? ` (${statusCode})` : ''
  return typeof code === 'string' ? `${code}${status}` : String(message ?? error)
}

/**
 * A message's text: its JSON, Base64-encoded. The Functions host's queue trigger decodes Base64 by default
 * (host.json `extensions.queues.messageEncoding` is `base64`), and Queue Storage itself keeps the text as sent.
 */
export const queueMessageText = (message: OrderMessage): string => Buffer.from(JSON.stringify(message)).toString('base64')

export class AzureOrderQueue implements OrderQueue {
  constructor (private readonly client: QueueClient) {}

  async send (messages: OrderMessage[]): Promise<void> {
    const abortSignal = callDeadline()
    const results = await Promise.allSettled(messages.map(async (message) =>
      await this.client.sendMessage(queueMessageText(message), { abortSignal })))
    const reasons = results.filter((result) => result.status === 'rejected').map((result) => result.reason as unknown)
    if (reasons.length > 0) throw new QueueMessagesRefusedError(reasons.length, messages.length, reasons)
  }

  /** Sends one message of any text (a failure's description), Base64-encoded as every message of this queue. */
  async sendBody (body: string): Promise<void> {
    await this.client.sendMessage(Buffer.from(body).toString('base64'), { abortSignal: callDeadline() })
  }
}
