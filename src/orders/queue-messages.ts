// What the order queue carries: `{ order_id, action, data }`. The stream consumer makes them, the worker parses them.
import { z } from 'zod'
import { ORDER_ID_PATTERN, type Order } from './order.ts'
import type { TransitionName } from './transitions.ts'

export const ORDER_ACTIONS = ['process_payment', 'send_confirmation', 'update_inventory'] as const
export type OrderAction = typeof ORDER_ACTIONS[number]

const orderId = z.string().regex(new RegExp(ORDER_ID_PATTERN))
const payment = z.object({ customer_id: z.string(), total_amount: z.number() })

/** A message the worker accepts; anything else fails (and after 3 receives lands in the dead-letter queue). */
export const OrderMessageSchema = z.discriminatedUnion('action', [
  z.object({ order_id: orderId, action: z.literal('process_payment'), data: payment }),
  z.object({ order_id: orderId, action: z.literal('send_confirmation'), data: payment }),
  z.object({ order_id: orderId, action: z.literal('update_inventory'), data: z.object({ items: z.array(z.string()).min(1) }) })
])
export type OrderMessage = z.infer<typeof OrderMessageSchema>

/** The transition an action makes, if it makes one (update_inventory only records). */
export const ACTION_TRANSITIONS: Record<OrderAction, TransitionName | undefined> = {
  process_payment: 'pay',
  send_confirmation: 'confirm',
  update_inventory: undefined
}

/** The message of an action for an order. */
export function messageFor (action: OrderAction, order: Order): OrderMessage {
  return action === 'update_inventory'
    ? { order_id: order.order_id, action, data: { items: order.items } }
    : { order_id: order.order_id, action, data: { customer_id: order.customer_id, total_amount: order.total_amount } }
}

/**
 * The messages a change of an order starts: placing it (no old image) asks for its payment; reaching
 * PAYMENT_PROCESSED asks for the confirmation and the inventory update. Anything else starts nothing.
 */
export function messagesForChange (before: Order | undefined, after: Order | undefined): OrderMessage[] {
  if (after === undefined) return []
  if (before === undefined) return after.status === 'CREATED' ? [messageFor('process_payment', after)] : []
  if (before.status !== 'PAYMENT_PROCESSED' && after.status === 'PAYMENT_PROCESSED') {
    return [messageFor('send_confirmation', after), messageFor('update_inventory', after)]
  }
  return []
}

/**
 * The messages an order's latest state starts, for a platform that gives no earlier image (Cosmos DB's change feed in
 * its latest-version mode): CREATED asks for its payment, PAYMENT_PROCESSED for the confirmation and the inventory
 * update. The same state delivered again starts them again; the worker's writes make a repeat change nothing.
 */
export function messagesForState (order: Order): OrderMessage[] {
  if (order.status === 'CREATED') return [messageFor('process_payment', order)]
  if (order.status === 'PAYMENT_PROCESSED') return [messageFor('send_confirmation', order), messageFor('update_inventory', order)]
  return []
}
