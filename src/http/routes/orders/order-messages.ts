// What order requests answer in words: the routes send these, and the OpenAPI examples show them.
import { ApiError } from '../../api-errors.ts'
import type { OrderStatus } from '../../../orders/order.ts'

export const ORDER_MESSAGES = {
  created: 'Order created successfully',
  cancelled: 'Order cancelled successfully'
} as const

/** A cancel the order's status does not allow: only a CREATED order can be cancelled. */
export function invalidOrderState (orderId: string, status: OrderStatus): ApiError {
  return new ApiError(409, 'INVALID_ORDER_STATE', `Order ${orderId} is ${status}: only a CREATED order can be cancelled`)
}

/** No search projection in this deployment, or it cannot be reached. */
export const SEARCH_UNAVAILABLE = 'Order search is unavailable: no search index is configured or it cannot be reached'

export const ORDER_ERROR_MEANINGS = {
  404: 'No order has this id (ORDER_NOT_FOUND).',
  409: 'The Idempotency-Key was already used with a different request (CONFLICT); nothing was created.',
  412: 'The order\'s ETag is not one that If-Match names (PRECONDITION_FAILED); nothing was changed.',
  503: 'The order store, or the token issuer\'s keys, cannot be reached or are throttling (SERVICE_UNAVAILABLE); ' +
    'retry after Retry-After seconds.'
} as const
