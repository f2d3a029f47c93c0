// The order queue as a stream consumer sees it, on any platform: what it was sent; `refuse` makes a send fail for the
// orders it names.
import type { OrderQueue } from '../../src/orders/order-queue.ts'
import type { OrderMessage } from '../../src/orders/queue-messages.ts'

export class RecordingQueue implements OrderQueue {
  readonly sent: OrderMessage[] = []
  readonly refuse = new Set<string>()
  async send (messages: OrderMessage[]): Promise<void> {
    if (messages.some((message) => this.refuse.has(message.order_id))) throw new Error('the queue did not accept the message')
    this.sent.push(...messages)
  }
}
