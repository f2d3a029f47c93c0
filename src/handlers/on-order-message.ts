// The queue worker's work on one message, whatever queue delivers it (SQS on AWS): its body parsed, then one
// conditional write through the OrderStore, or a log line. A side effect (the confirmation e-mail, the inventory
// update) follows the order's stored state, never a write's answer alone. A message that fails is thrown back to the
// platform, which delivers it again and, after the queue's receive limit, moves it to the dead-letter queue.
import type { Logger } from 'pino'
import type { Counters } from '../shared/counters.ts'
import type { OrderStore } from '../orders/order-store.ts'
import { ACTION_TRANSITIONS, OrderMessageSchema, type OrderMessage } from '../orders/queue-messages.ts'
import type { OrderStatus } from '../orders/order.ts'
import { outcomeOf } from '../orders/transitions.ts'

/** A message as a queue delivers it. */
export interface QueueMessage {
  id: string
  body: string
  /** How many times the queue has delivered it, this time included. */
  receiveCount: number
}

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

const OUTCOME_COUNTS: Record<MessageOutcome, string> = {
  applied: 'TransitionsApplied',
  done: 'DuplicateMessages',
  'left alone': 'OrdersLeftAlone',
  recorded: 'InventoryUpdates'
}

/** Handles one message: parsed (a malformed one or an unknown action throws), done, and its outcome counted. */
export function orderMessageHandler ({ store, log, counters }: { store: OrderStore, log: Logger, counters: Counters }):
(message: QueueMessage) => Promise<MessageOutcome> {
  return async (message) => {
    const parsed = OrderMessageSchema.parse(JSON.parse(message.body))
    const outcome = await processOrderMessage(parsed, store, log.child({ message_id: message.id, receive_count: message.receiveCount }))
    counters.count(OUTCOME_COUNTS[outcome])
    return outcome
  }
}

export async function processOrderMessage (message: OrderMessage, store: OrderStore, log: WorkLog): Promise<MessageOutcome> {
  const fields = { order_id: message.order_id, action: message.action }
  const leftAlone = (level: keyof WorkLog, why: string): MessageOutcome => {
    log[level](fields, why)
    return 'left alone'
  }
  if (message.action === 'update_inventory') {
    // Recorded once per order: a repeated message, or a batch retried for another message's sake, changes nothing.
    const result = await store.recordInventoryUpdate(message.order_id)
    if (result.kind === 'missing') return leftAlone('warn', 'order no longer exists: nothing to do')
    if (result.kind === 'done') return 'done'
    // As in the reference architecture: the inventory service is out of scope; the update is logged and counted.
    log.info({ ...fields, item_count: message.data.items.length }, 'inventory updated')
    return 'recorded'
  }
  if (message.action === 'send_confirmation') {
    // The e-mail goes while the stored order still waits for it, before the write that marks it sent: a worker that
    // stops between the two sends it again on the message's next delivery, rather than never.
    const order = await store.get(message.order_id)
    if (order === undefined) return leftAlone('warn', 'order no longer exists: nothing to do')
    if (order.status === 'CANCELLED') return leftAlone('info', 'order cancelled: left alone')
    const outcome = outcomeOf('confirm', order.status)
    if (outcome === 'done') return 'done'
    if (outcome === 'refused') throw new OrderNotReadyError(message.order_id, message.action, order.status)
    // Sending the e-mail itself is logged, as in the reference architecture.
    log.info({ ...fields, customer_id: order.customer_id }, 'confirmation e-mail sent')
  }
  const result = await store.transition(message.order_id, ACTION_TRANSITIONS[message.action]!)
  if (result.kind === 'missing') return leftAlone('warn', 'order no longer exists: nothing to do')
  if (result.kind === 'refused') {
    if (result.order.status === 'CANCELLED') return leftAlone('info', 'order cancelled: left alone')
    throw new OrderNotReadyError(message.order_id, message.action, result.order.status)
  }
  return result.kind
}
