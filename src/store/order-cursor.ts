// Opaque cursors over one customer's orders: the customer index's LastEvaluatedKey, bound to that customer.
import { isOrderId } from '../orders/order.ts'
import { InvalidCursorError } from './item-store.ts'

const PREFIX = 'o1.'
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

export interface CustomerIndexKey { order_id: string, customer_id: string, created_at: string }

export function encodeOrderCursor (key: CustomerIndexKey): string {
  const { order_id: orderId, customer_id: customerId, created_at: createdAt } = key
  return PREFIX + Buffer.from(JSON.stringify([orderId, customerId, createdAt])).toString('base64url')
}

/** Decodes a cursor of `customerId`'s listing, accepting only what encodeOrderCursor made for that customer. */
export function decodeOrderCursor (cursor: string, customerId: string): CustomerIndexKey {
  if (!cursor.startsWith(PREFIX)) throw new InvalidCursorError()
  let fields: unknown
  try {
    fields = JSON.parse(Buffer.from(cursor.slice(PREFIX.length), 'base64url').toString('utf8'))
  } catch {
    throw new InvalidCursorError()
  }
  if (!Array.isArray(fields) || fields.length !== 3 || !fields.every((field) => typeof field === 'string')) throw new InvalidCursorError()
  const [orderId, owner, createdAt] = fields as string[]
  const key = { order_id: orderId, customer_id: owner, created_at: createdAt }
  if (owner !== customerId || !isOrderId(orderId) || !ISO_TIME.test(createdAt) || encodeOrderCursor(key) !== cursor) {
    throw new InvalidCursorError()
  }
  return key
}
