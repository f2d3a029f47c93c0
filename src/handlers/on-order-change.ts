// The stream consumer's work, whatever delivers the changes (DynamoDB Streams on AWS): each change of an order sends
// the queue messages it starts and keeps the search projection in step. A batch's changes of one order are applied
// one after another, different orders' side by side; once a change of an order fails, the batch's later changes of
// that order fail too before they reach the projection, so that it never moves backwards. The platform retries what
// failed.
import type { Counters } from '../shared/counters.ts'
import type { Order } from '../orders/order.ts'
import type { OrderQueue } from '../orders/order-queue.ts'
import { OrderRecordSchema } from '../orders/order-record.ts'
import type { SearchIndex } from '../orders/order-search.ts'
import { messagesForChange, messagesForState } from '../orders/queue-messages.ts'

/** One change of an order, its images as the store holds them (plain objects, checked here). */
export interface OrderChange {
  /** The order's key, as the platform gives it beside the images (a removal has no image after). */
  orderId: string | undefined
  /** The order was removed: it has no image after, and is taken out of search. */
  removed: boolean
  before: unknown
  after: unknown
  /**
   * The platform gives the order's latest state alone (Cosmos DB's change feed), not the image before the change:
   * the messages follow from the state (messagesForState), and `before` is not read.
   */
  latestOnly?: boolean
}

export interface OrderChangeDependencies {
  queue: OrderQueue
  /** The search projection; a stage without one only sends messages. */
  search: SearchIndex | undefined
  counters: Counters
}

export class EarlierChangeFailedError extends Error {
  constructor (readonly orderId: string) {
    super(`an earlier change of order ${orderId} in this batch failed: its projection waits for the retry`)
    this.name = 'EarlierChangeFailedError'
  }
}

/** A change's image as an order; a field missing or of the wrong type fails the change. */
const orderOf = (image: unknown): Order | undefined => image === undefined ? undefined : OrderRecordSchema.parse(image)

/**
 * Applies one batch's changes, each through the function `batch()` returns, called in the order they were made: a
 * change waits for the one before it of the same order, and for nothing else.
 */
export interface OrderChangeHandler {
  batch: () => (change: OrderChange) => Promise<void>
}

export function orderChangeHandler ({ queue, search, counters }: OrderChangeDependencies): OrderChangeHandler {
  /**
   * One change: its messages first, then the projection. The projection waits while an earlier change of the same
   * order in this batch has failed (so it never moves backwards); the messages do not, since the worker's conditional
   * writes hold their order and a repeat changes nothing, so an outage of search or a bad change never holds up an
   * order's payment or confirmation.
   */
  async function apply (change: OrderChange, earlierFailed: boolean): Promise<void> {
    const before = change.latestOnly === true ? undefined : orderOf(change.before)
    const after = orderOf(change.after)
    if (after === undefined && !change.removed) throw new Error('a change without the order after it: the stream must carry new and old images')
    const messages = change.latestOnly === true ? messagesForState(after!) : messagesForChange(before, after)
    if (messages.length > 0) await queue.send(messages)
    counters.count('MessagesSent', messages.length)
    const orderId = (after ?? before)!.order_id
    if (earlierFailed) throw new EarlierChangeFailedError(orderId)
    if (after !== undefined) await search?.upsert(after)
    else await search?.remove(orderId)
  }

  return {
    batch: () => {
      const failedOrders = new Set<string>()
      // Each order's latest change in this batch, settled either way: the next change of that order starts after it.
      const latest = new Map<string, Promise<unknown>>()
      return async (change) => {
        const orderId = change.orderId
        const previous = orderId === undefined ? undefined : latest.get(orderId)
        const applying = (async () => {
          await previous
          try {
            await apply(change, orderId !== undefined && failedOrders.has(orderId))
          } catch (error) {
            if (orderId !== undefined) failedOrders.add(orderId)
            throw error
          }
        })()
        if (orderId !== undefined) latest.set(orderId, applying.catch(() => undefined))
        await applying
      }
    }
  }
}
