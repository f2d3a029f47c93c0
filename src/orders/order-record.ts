// An order as the table stores it, read back from a stream image: checked, and without the storage-only fields.
import { z } from 'zod'
import { ORDER_ID_PATTERN, ORDER_STATUSES, type Order } from './order.ts'

const timestamp = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)

/** Unknown attributes (the date index's `order_date`) are dropped; a missing or wrong field fails the record. */
export const OrderRecordSchema = z.object({
  order_id: z.string().regex(new RegExp(ORDER_ID_PATTERN)),
  customer_id: z.string(),
  items: z.array(z.string()),
  total_amount: z.number(),
  status: z.enum(ORDER_STATUSES),
  created_at: timestamp,
  updated_at: timestamp,
  payment_processed_at: timestamp.nullable(),
  confirmation_sent_at: timestamp.nullable(),
  version: z.number().int().min(1)
}) satisfies z.ZodType<Order>
