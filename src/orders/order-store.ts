// The orders storage port the routes and the queue worker depend on; adapters never leak their types.
import type { NewOrder, Order, OrderStatus } from './order.ts'
import type { TransitionName } from './transitions.ts'
import type { Created, VersionCondition } from '../shared/writes.ts'

export interface OrderPage {
  orders: Order[]
  /** Opaque cursor for the next page, or null when the listing is complete. */
  nextCursor: string | null
}

/**
 * What a transition did: `applied` (the order moved), `done` (it had already made that move), `refused` (its status
 * does not allow it) or `missing` (no such order). `order` is the order afterwards, as stored.
 */
export type TransitionResult =
  | { kind: 'applied' | 'done' | 'refused', order: Order }
  | { kind: 'missing' }

/** What recording an order's inventory update did: `recorded` now, `done` already (once per order), or `missing`. */
export type InventoryResult =
  | { kind: 'recorded' | 'done', order: Order }
  | { kind: 'missing' }

/** What a daily report needs of an order. */
export type OrderAmount = Pick<Order, 'status' | 'total_amount'>

export interface OrderStore {
  /** Places an order (CREATED, version 1). */
  create: (input: NewOrder) => Promise<Order>
  /** Places an order once per idempotency key, as ItemStore.createOnce. */
  createOnce: (idempotencyKey: string, input: NewOrder) => Promise<Created<Order>>
  /** The order, read strongly consistent. */
  get: (orderId: string) => Promise<Order | undefined>
  /** One customer's orders, newest first, from the customer index; optionally only those in `status`. */
  listByCustomer: (customerId: string, options: { limit: number, cursor?: string, status?: OrderStatus }) => Promise<OrderPage>
  /**
   * Makes a transition with one conditional write: it applies only if the order is in the transition's `from` status
   * (and, with `condition`, at one of its versions; otherwise VersionMismatchError).
   */
  transition: (orderId: string, name: TransitionName, condition?: VersionCondition) => Promise<TransitionResult>
  /** Records that the order's inventory update was made, once per order; its status and version do not change. */
  recordInventoryUpdate: (orderId: string) => Promise<InventoryResult>
  /** The orders placed on one UTC day (YYYY-MM-DD), a page at a time, from the date index: never a scan. */
  placedOn: (date: string) => AsyncIterable<OrderAmount[]>
  /** Deletes an existing order; false when there was none. Throws VersionMismatchError, and counts a retried delete, as ItemStore.delete. */
  delete: (orderId: string, condition?: VersionCondition) => Promise<boolean>
  close: () => Promise<void>
}
