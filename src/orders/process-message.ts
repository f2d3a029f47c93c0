// What the queue worker does with one message: one conditional write through the OrderStore, or a log line.
import type { OrderStore } from '../store/order-store.ts'
import { ACTION_TRANSITIONS, type OrderMessage } from './messages.ts'
import type { OrderStatus } from './order.ts'

export interface WorkLog {
  info: (fields: object, message: string) => void
  warn: (fields: object, message: string) => void
}

/**
 * What became of a message: its transition `applied`, `done` already (a repeated or late message), the order `left
 * alone` (cancelled, or deleted since), or the inventory update `recorded`.
 */
export type MessageOutcome = 'applied' | 'done' | 'left alone' | 'recorded'

/** The order is not where the action can start: a confirmation before the payment. Retried, then dead-lettered. */
export class OrderNotReadyError extends Error {
  constructor (readonly orderId: string, readonly action: string, readonly status: OrderStatus) {
    super(`${action} cannot apply to order ${orderId} in status ${status}`)
    this.name = 'OrderNotReadyError'
  }
}

export async function processOrderMessage (message: OrderMessage, store: OrderStore, log: WorkLog): Promise<MessageOutcome> {
  const fields = { order_id: message.order_id, action: message.action }
  if (message.action === 'update_inventory') {
    // As in the reference architecture: the inventory service is out of scope; the update is logged and counted.
    log.info({ ...fields, item_count: message.data.items.length }, 'inventory updated')
    return 'recorded'
  }
  const result = await store.transition(message.order_id, ACTION_TRANSITIONS[message.action]!)
  if (result.kind === 'missing') {
    log.warn(fields, 'order no longer exists: nothing to do')
    return 'left alone'
  }
  if (result.kind === 'refused') {
    if (result.order.status === 'CANCELLED') {
      log.info(fields, 'order cancelled: left alone')
      return 'left alone'
    }
    throw new OrderNotReadyError(message.order_id, message.action, result.order.status)
  }
  if (result.kind === 'applied' && message.action === 'send_confirmation') {
    // Sending the e-mail itself is logged, as in the reference architecture.
    log.info({ ...fields, customer_id: result.order.customer_id }, 'confirmation e-mail sent')
  }
  return result.kind
}
