// The order as the domain knows it: its fields, its statuses and its id. No Fastify, no AWS types.
import { randomBytes } from 'node:crypto'

export const ORDER_STATUSES = ['CREATED', 'PAYMENT_PROCESSED', 'CONFIRMED', 'CANCELLED'] as const
export type OrderStatus = typeof ORDER_STATUSES[number]

export interface Order {
  order_id: string
  customer_id: string
  items: string[]
  total_amount: number
  status: OrderStatus
  /** ISO 8601 UTC with milliseconds; the customer index sorts on it. */
  created_at: string
  updated_at: string
  payment_processed_at: string | null
  confirmation_sent_at: string | null
  version: number
}

export interface NewOrder {
  customer_id: string
  items: string[]
  total_amount: number
}

/** `ORD-YYYYMMDD-xxxxxxxx`: the UTC date of creation and 8 random hex digits. */
export const ORDER_ID_PATTERN = '^ORD-\\d{8}-[0-9a-f]{8}$'
const ORDER_ID = new RegExp(ORDER_ID_PATTERN)

export const isOrderId = (value: string): boolean => ORDER_ID.test(value)

/** A new order id for an order created at `now`. */
export function newOrderId (now: Date): string {
  return `ORD-${now.toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(4).toString('hex')}`
}

/** The UTC day of an ISO timestamp (`YYYY-MM-DD`): the key of the date index that daily reports read. */
export const orderDate = (createdAt: string): string => createdAt.slice(0, 10)

/** The order as it is first stored: CREATED, version 1. */
export function placeOrder (input: NewOrder, now: Date, orderId = newOrderId(now)): Order {
  const at = now.toISOString()
  return {
    order_id: orderId,
    customer_id: input.customer_id,
    items: [...input.items],
    total_amount: input.total_amount,
    status: 'CREATED',
    created_at: at,
    updated_at: at,
    payment_processed_at: null,
    confirmation_sent_at: null,
    version: 1
  }
}
