// Order schemas, on the items' ladder: OrderCreate, Order, OrderResponse, OrderListResponse, OrderSearchResponse.
import { Type, type Static, type TUnsafe } from 'typebox'
import { ORDER_ID_PATTERN, ORDER_STATUSES, type OrderStatus as Status } from '../../orders/order.ts'
import { SEARCH_WORDS_PATTERN } from '../../orders/order-search.ts'
import { PageCursor, PageLimit } from './envelope-schemas.ts'

export const EXAMPLE_ORDER_ID = 'ORD-20240110-3f9a1c2b'
export const EXAMPLE_CUSTOMER_ID = 'CUST-1001'
export const MAX_ORDER_AMOUNT = 100_000

const timestamp = (description: string): TUnsafe<string> =>
  Type.Unsafe<string>({ type: 'string', format: 'date-time', description, examples: ['2024-01-10T09:00:00.000Z'] })
const nullableTimestamp = (description: string): TUnsafe<string | null> =>
  Type.Unsafe<string | null>({ type: ['string', 'null'], description, examples: [null] })

export const OrderStatusJson: TUnsafe<Status> = Type.Unsafe<Status>({
  type: 'string',
  enum: [...ORDER_STATUSES],
  title: 'OrderStatus',
  description: 'CREATED → PAYMENT_PROCESSED → CONFIRMED, or CREATED → CANCELLED.'
})

const customerId = Type.String({
  minLength: 1,
  maxLength: 50,
  pattern: '\\S',
  description: '1–50 characters, not blank.',
  examples: [EXAMPLE_CUSTOMER_ID]
})
const orderId = Type.String({
  pattern: ORDER_ID_PATTERN,
  description: '`ORD-YYYYMMDD-xxxxxxxx`: the UTC date of creation and 8 random hex digits.',
  examples: [EXAMPLE_ORDER_ID]
})

export const OrderCreate = Type.Object({
  customer_id: customerId,
  items: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
    minItems: 1,
    maxItems: 100,
    description: '1–100 item ids or SKUs, each 1–100 characters.',
    examples: [['SKU-LAPTOP-15', 'SKU-MOUSE-01']]
  }),
  total_amount: Type.Number({
    exclusiveMinimum: 0,
    maximum: MAX_ORDER_AMOUNT,
    multipleOf: 0.01,
    description: 'Greater than 0, at most 100,000, exactly a decimal of at most two places: 1.15, never 1.150000000001 ' +
      '(refused, not rounded).',
    examples: [1319.99]
  })
}, {
  title: 'OrderCreate',
  additionalProperties: false,
  examples: [{ customer_id: EXAMPLE_CUSTOMER_ID, items: ['SKU-LAPTOP-15', 'SKU-MOUSE-01'], total_amount: 1319.99 }]
})
export type OrderCreate = Static<typeof OrderCreate>

export const OrderJson = Type.Object({
  order_id: orderId,
  customer_id: Type.String({ examples: [EXAMPLE_CUSTOMER_ID] }),
  items: Type.Array(Type.String()),
  total_amount: Type.Number({ examples: [1319.99] }),
  status: OrderStatusJson,
  created_at: timestamp('ISO 8601 UTC with milliseconds, set once.'),
  updated_at: timestamp('ISO 8601 UTC with milliseconds, changed by every change.'),
  payment_processed_at: nullableTimestamp('When the pipeline took the payment; null until then.'),
  confirmation_sent_at: nullableTimestamp('When the pipeline sent the confirmation; null until then.'),
  version: Type.Integer({ minimum: 1, description: 'Starts at 1, +1 on every change; the ETag is its quoted value.', examples: [1] })
}, { title: 'Order' })

export const OrderResponse = Type.Object({
  success: Type.Literal(true),
  data: OrderJson,
  message: Type.Optional(Type.String({ description: 'On a create or a cancel: what was done.' }))
}, { title: 'OrderResponse' })

export const OrderListResponse = Type.Object({
  success: Type.Literal(true),
  data: Type.Array(OrderJson),
  count: Type.Integer({ minimum: 0, description: 'How many orders this page holds.' }),
  next_cursor: Type.Unsafe<string | null>({
    type: ['string', 'null'],
    description: 'Pass as `cursor` to read the next page; null when there are no more orders.'
  })
}, { title: 'OrderListResponse' })

export const OrderSearchResponse = Type.Object({
  success: Type.Literal(true),
  data: Type.Array(OrderJson),
  count: Type.Integer({ minimum: 0, description: 'How many orders this page holds, up to `limit`.' }),
  next_cursor: Type.Unsafe<string | null>({
    type: ['string', 'null'],
    description: 'Pass as `cursor`, with the same `q`, `customer_id` and `status`, to read the next page; null when no more orders match.'
  })
}, { title: 'OrderSearchResponse' })

export const OrderParams = Type.Object({ order_id: orderId })
export const CustomerParams = Type.Object({ customer_id: customerId })

const status = Type.Optional(OrderStatusJson)

export const CustomerOrdersQuery = Type.Object({
  limit: PageLimit,
  cursor: PageCursor,
  status
}, { additionalProperties: false })

export const OrderSearchQuery = Type.Object({
  q: Type.Optional(Type.String({
    minLength: 1,
    maxLength: 200,
    pattern: SEARCH_WORDS_PATTERN,
    description: 'Words to find in the order\'s customer id, line items and status; every word must match. ' +
      'Optional: without it, every order that passes the other filters.',
    examples: ['laptop']
  })),
  customer_id: Type.Optional(customerId),
  status,
  limit: PageLimit,
  cursor: PageCursor
}, { additionalProperties: false })
