// The search projection's port: the stream consumer keeps it in step, GET /orders/search reads it.
import type { Order, OrderStatus } from './order.ts'

/** Where a page of results ends: the sort's keys of its last order (`created_at`, then the unique `order_id`). */
export interface SearchPosition {
  createdAt: string
  orderId: string
}

export interface OrderQuery {
  /** Words to find in the customer id, the items and the status; every word must match. Without: every order. */
  q?: string
  customerId?: string
  status?: OrderStatus
  limit: number
  /** Only orders after this one in the sort (the next page's start); from the first without. */
  after?: SearchPosition
}

export interface SearchIndex {
  /** Stores the order unless the index holds a later version of it (stream records may be retried). */
  upsert: (order: Order) => Promise<void>
  /** Removes the order; removing one the index does not hold is not an error. */
  remove: (orderId: string) => Promise<void>
  /** Matching orders, newest first (ties: the greater `order_id` first), at most `limit`, after `after`. */
  search: (query: OrderQuery) => Promise<Order[]>
  close: () => Promise<void>
}

/** The index cannot be reached or is not there: GET /orders/search answers 503, the consumer retries the record. */
export class SearchUnavailableError extends Error {
  constructor (message = 'The order search index is unavailable', options?: ErrorOptions) {
    super(message, options)
    this.name = 'SearchUnavailableError'
  }
}

/** A `q` needs a word: at least one letter or digit (a query of punctuation alone would be no query at all). */
export const SEARCH_WORDS_PATTERN = '[\\p{L}\\p{N}]'

/** The words of a text, lower-cased: letters and digits, so `CUST-1001` is `cust` and `1001`. */
export function wordsOf (text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((word) => word !== '')
}

/** The sort's order: newer first, then the greater id. True when `order` comes after `position`. */
export const isAfter = (order: Order, position: SearchPosition): boolean =>
  order.created_at < position.createdAt || (order.created_at === position.createdAt && order.order_id < position.orderId)
