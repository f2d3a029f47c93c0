// The order queue's port: the stream consumer sends the messages an order's change starts.
import type { OrderMessage } from './queue-messages.ts'

export interface OrderQueue {
  /** Sends every message, or throws: a message that was not accepted must fail the stream record that made it. */
  send: (messages: OrderMessage[]) => Promise<void>
}
