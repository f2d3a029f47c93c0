// The queue worker on Azure: one message of the order queue (Azure Queue Storage) per invocation, as the queue
// trigger delivers it, through the platform-neutral worker. A message that fails is thrown back: the host makes it
// visible again and, once it has been dequeued maxDequeueCount times (host.json: 3), moves it to `<queue>-poison`.
// The worker's conditional writes make a repeated delivery change nothing.
import type { InvocationContext } from '@azure/functions'
import type { FunctionSettings } from '../../config.ts'
import { orderMessageHandler, type QueueMessage } from '../../handlers/on-order-message.ts'
import type { OrderStore } from '../../orders/order-store.ts'
import { azureFunction, type AzureFunctionTools } from './azure-function.ts'

/**
 * The message as the worker reads it. The host hands over a JSON message parsed already (and any other text as it
 * is); the worker parses and checks the text itself, so the parsed value is written back as JSON.
 */
export function queueMessageOf (message: unknown, context: InvocationContext): QueueMessage {
  const metadata = context.triggerMetadata ?? {}
  return {
    id: String(metadata.id ?? context.invocationId),
    body: typeof message === 'string' ? message : JSON.stringify(message),
    receiveCount: Number(metadata.dequeueCount ?? 1)
  }
}

/** The function the Azure entry registers as `orderWorker`. */
export function orderWorkerTrigger (settings: FunctionSettings, ports: { store: OrderStore }, log?: AzureFunctionTools['log']):
(message: unknown, context: InvocationContext) => Promise<void> {
  return azureFunction(settings, ({ log, counters }) => {
    const handle = orderMessageHandler({ store: ports.store, log, counters })
    return async (message, context) => {
      const received = queueMessageOf(message, context)
      try {
        await handle(received)
      } catch (error) {
        counters.count('MessagesFailed')
        log.error({ message_id: received.id, dequeue_count: received.receiveCount, err: error },
          'message failed: the queue delivers it again, then moves it to the poison queue')
        throw error
      }
      counters.count('MessagesProcessed')
    }
  }, log)
}
