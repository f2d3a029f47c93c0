// The search projection's port: the stream consumer keeps it in step, GET /orders/search reads it.
import type { Order, OrderStatus } from './order.ts'

export interface OrderQuery {
  /** Words to find in the customer id, the items and the status; every word must match. */
  q: string
  customerId?: string
  status?: OrderStatus
  limit: number
}

export interface SearchIndex {
  /** Stores the order unless the index holds a later version of it (stream records may be retried). */
  upsert: (order: Order) => Promise<void>
  /** Removes the order; removing one the index does not hold is not an error. */
  remove: (orderId: string) => Promise<void>
  /** Matching orders, newest first, at most `limit`. */
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

/** A search needs a word: at least one letter or digit (a query of punctuation alone would match everything). */
export const SEARCH_WORDS_PATTERN = '[\\p{L}\\p{N}]'

/** The words of a text, lower-cased: letters and digits, so `CUST-1001` is `cust` and `1001`. */
export function wordsOf (text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((word) => word !== '')
}
