// GET /orders/search's cursors: the last order's sort keys, signed with the service's cursor codec and bound to the
// query they page through, so that a cursor is refused (400) on another query, another listing or made by hand.
import type { Order, OrderStatus } from '../../../orders/order.ts'
import type { SearchPosition } from '../../../orders/order-search.ts'
import type { CursorCodec } from '../../../shared/cursor-codec.ts'

export interface SearchFilters {
  q?: string
  customerId?: string
  status?: OrderStatus
}

/** One listing per query: its words and filters, as given. */
const scopeOf = ({ q, customerId, status }: SearchFilters): string => `search:${JSON.stringify([q ?? null, customerId ?? null, status ?? null])}`

/** The position a cursor of this query holds; InvalidCursorError for any other cursor. */
export function positionOf (cursors: CursorCodec, filters: SearchFilters, cursor: string): SearchPosition {
  const [createdAt, orderId] = cursors.decode(scopeOf(filters), cursor)
  return { createdAt, orderId }
}

/** The cursor of the page after `last`. */
export const cursorAfter = (cursors: CursorCodec, filters: SearchFilters, last: Order): string =>
  cursors.encode(scopeOf(filters), [last.created_at, last.order_id])
