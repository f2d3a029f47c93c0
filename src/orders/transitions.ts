// The order state machine, written once: CREATED → PAYMENT_PROCESSED → CONFIRMED, and CREATED → CANCELLED.
// The routes, the queue worker and the store (as one conditional write) all take their rules from here.
import type { Order, OrderStatus } from './order.ts'

export interface Transition {
  from: OrderStatus
  to: OrderStatus
  /** The timestamp the transition sets, once. */
  stamps?: 'payment_processed_at' | 'confirmation_sent_at'
}

export const TRANSITIONS = {
  pay: { from: 'CREATED', to: 'PAYMENT_PROCESSED', stamps: 'payment_processed_at' },
  confirm: { from: 'PAYMENT_PROCESSED', to: 'CONFIRMED', stamps: 'confirmation_sent_at' },
  cancel: { from: 'CREATED', to: 'CANCELLED' }
} as const satisfies Record<string, Transition>
export type TransitionName = keyof typeof TRANSITIONS

// The path a paid order walks; CANCELLED is off it, and nothing leaves CANCELLED or CONFIRMED.
const PATH: readonly OrderStatus[] = ['CREATED', 'PAYMENT_PROCESSED', 'CONFIRMED']

/** The order has reached `status`, or gone past it on the same path. */
function reached (current: OrderStatus, status: OrderStatus): boolean {
  if (current === status) return true
  const at = PATH.indexOf(current)
  const target = PATH.indexOf(status)
  return at !== -1 && target !== -1 && at > target
}

/**
 * What applying a transition to an order in `status` does: `apply` it (the order is where it starts), nothing
 * because it is `done` already (a repeated or late request), or nothing because it is `refused` from this status.
 */
export type Outcome = 'apply' | 'done' | 'refused'

export function outcomeOf (name: TransitionName, status: OrderStatus): Outcome {
  const transition: Transition = TRANSITIONS[name]
  if (status === transition.from) return 'apply'
  return reached(status, transition.to) ? 'done' : 'refused'
}

/** The order after the transition, at `now`: new status, its timestamp, version + 1. */
export function applied (order: Order, name: TransitionName, now: Date): Order {
  const transition: Transition = TRANSITIONS[name]
  const at = now.toISOString()
  return {
    ...order,
    status: transition.to,
    updated_at: at,
    ...(transition.stamps === undefined ? {} : { [transition.stamps]: at }),
    version: order.version + 1
  }
}
