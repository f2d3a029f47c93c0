// Drives the queue worker the way the Functions host's queue trigger does, against Azurite: it receives up to
// batchSize messages at a time and invokes the function once per message, the Base64 text decoded (a JSON text
// parsed, as the worker hands it over) and `triggerMetadata.dequeueCount` set. A success deletes the message. A
// failure makes it visible again after the visibility timeout, or, on its maxDequeueCount-th dequeue, copies it to
// `<queue>-poison` and deletes it (host.json: 3, as the WebJobs QueueProcessor does).
import type { InvocationContext } from '@azure/functions'
import type { DequeuedMessageItem, QueueClient } from '@azure/storage-queue'
import type { Poller } from '../lambda-context.ts'
import { hostContext } from './host-context.ts'
import host from '../../src/platforms/azure/host.json' with { type: 'json' }

/** host.json's queue settings: what the host reads from it. */
export const HOST_QUEUES = { maxDequeueCount: host.extensions.queues.maxDequeueCount, batchSize: host.extensions.queues.batchSize } as const

export interface StorageQueueDriverOptions {
  queue: QueueClient
  poison: QueueClient
  handler: (message: unknown, context: InvocationContext) => Promise<void>
  functionName: string
  /** How long a failed message stays invisible (host.json: 10 s; shorter here). */
  visibilityTimeoutSeconds: number
  pollIntervalMs: number
  /** Told of each message moved to the poison queue. */
  onPoisoned?: (message: DequeuedMessageItem) => void
  onError: (error: unknown) => void
}

/** The message as the host hands it to a Node function: the decoded text, parsed when it is JSON. */
export function triggerInput (messageText: string): unknown {
  const text = Buffer.from(messageText, 'base64').toString()
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/** One message through the function, then deleted, made visible again, or moved to the poison queue. */
async function deliver (options: StorageQueueDriverOptions, message: DequeuedMessageItem): Promise<void> {
  const context = hostContext(options.functionName, {
    triggerMetadata: {
      id: message.messageId,
      dequeueCount: message.dequeueCount,
      insertionTime: message.insertedOn.toISOString(),
      expirationTime: message.expiresOn.toISOString(),
      nextVisibleTime: message.nextVisibleOn.toISOString(),
      popReceipt: message.popReceipt
    }
  })
  try {
    await options.handler(triggerInput(message.messageText), context)
  } catch (error) {
    options.onError(error)
    if (message.dequeueCount >= HOST_QUEUES.maxDequeueCount) {
      await options.poison.sendMessage(message.messageText)
      await options.queue.deleteMessage(message.messageId, message.popReceipt)
      options.onPoisoned?.(message)
    } else {
      await options.queue.updateMessage(message.messageId, message.popReceipt, undefined, options.visibilityTimeoutSeconds)
    }
    return
  }
  await options.queue.deleteMessage(message.messageId, message.popReceipt)
}

/** One poll: a batch received and delivered, each message on its own. Returns how many were received. */
export async function deliverMessages (options: StorageQueueDriverOptions): Promise<number> {
  // Received invisible for longer than any delivery takes; a failure sets its own timeout.
  const { receivedMessageItems: messages } = await options.queue.receiveMessages({ numberOfMessages: HOST_QUEUES.batchSize, visibilityTimeout: 60 })
  await Promise.all(messages.map(async (message) => await deliver(options, message).catch(options.onError)))
  return messages.length
}

export function startStorageQueueDriver (options: StorageQueueDriverOptions): Poller {
  const abort = new AbortController()
  const poll = async (): Promise<void> => {
    while (!abort.signal.aborted) {
      const received = await deliverMessages(options).catch((error: unknown) => {
        if (!abort.signal.aborted) options.onError(error)
        return 0
      })
      if (received === 0 && !abort.signal.aborted) await new Promise((resolve) => setTimeout(resolve, options.pollIntervalMs))
    }
  }
  const running = poll()
  return {
    stop: async () => {
      abort.abort()
      await running
    }
  }
}
