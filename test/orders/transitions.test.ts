// The order state machine as properties: whatever sequence of transitions is tried, in whatever order and however
// often, an order walks only CREATED → PAYMENT_PROCESSED → CONFIRMED or CREATED → CANCELLED.
import fc from 'fast-check'
import t from 'tap'
import { ORDER_STATUSES, placeOrder, type Order } from '../../src/orders/order.ts'
import { applied, outcomeOf, TRANSITIONS, type TransitionName } from '../../src/orders/transitions.ts'

const NAMES = Object.keys(TRANSITIONS) as TransitionName[]
const ALLOWED = new Set(['CREATED>PAYMENT_PROCESSED', 'PAYMENT_PROCESSED>CONFIRMED', 'CREATED>CANCELLED'])

/** Tries each transition in turn, as the worker and the routes do: apply it only when outcomeOf says so. */
function walk (names: TransitionName[]): { order: Order, moves: string[] } {
  let order = placeOrder({ customer_id: 'C', items: ['A'], total_amount: 1 }, new Date(Date.UTC(2024, 0, 10)))
  const moves: string[] = []
  names.forEach((name, step) => {
    if (outcomeOf(name, order.status) !== 'apply') return
    const next = applied(order, name, new Date(Date.UTC(2024, 0, 10, 0, 0, step + 1)))
    moves.push(`${order.status}>${next.status}`)
    order = next
  })
  return { order, moves }
}

t.test('only the allowed moves happen, each at most once, and the version counts them', async (t) => {
  fc.assert(fc.property(fc.array(fc.constantFrom(...NAMES), { maxLength: 20 }), (names) => {
    const { order, moves } = walk(names)
    return moves.every((move) => ALLOWED.has(move)) &&
      new Set(moves).size === moves.length &&
      order.version === 1 + moves.length
  }), { numRuns: 2000 })
})

t.test('a repeated or late transition changes nothing: it is done, or refused, never applied twice', async (t) => {
  fc.assert(fc.property(fc.array(fc.constantFrom(...NAMES), { maxLength: 20 }), fc.constantFrom(...NAMES), (names, again) => {
    const { order } = walk([...names, again])
    return outcomeOf(again, order.status) !== 'apply'
  }), { numRuns: 2000 })
})

t.test('timestamps are set by their transition, once, and never by another', async (t) => {
  fc.assert(fc.property(fc.array(fc.constantFrom(...NAMES), { maxLength: 20 }), (names) => {
    const { order } = walk(names)
    const paid = ['PAYMENT_PROCESSED', 'CONFIRMED'].includes(order.status)
    return (order.payment_processed_at !== null) === paid &&
      (order.confirmation_sent_at !== null) === (order.status === 'CONFIRMED') &&
      (order.status !== 'CANCELLED' || order.payment_processed_at === null)
  }), { numRuns: 2000 })
})

t.test('every outcome, status by status', async (t) => {
  const table = Object.fromEntries(ORDER_STATUSES.map((status) => [status, NAMES.map((name) => `${name}:${outcomeOf(name, status)}`)]))
  t.same(table, {
    CREATED: ['pay:apply', 'confirm:refused', 'cancel:apply'],
    PAYMENT_PROCESSED: ['pay:done', 'confirm:apply', 'cancel:refused'],
    CONFIRMED: ['pay:done', 'confirm:done', 'cancel:refused'],
    CANCELLED: ['pay:refused', 'confirm:refused', 'cancel:done']
  })
})

t.test('an order id carries its UTC day and 8 hex digits; a new order is CREATED at version 1', async (t) => {
  const order = placeOrder({ customer_id: 'C', items: ['A', 'B'], total_amount: 2.5 }, new Date('2024-01-10T23:59:59.999Z'))
  t.match(order.order_id, /^ORD-20240110-[0-9a-f]{8}$/)
  t.same({ ...order, order_id: '' }, {
    order_id: '',
    customer_id: 'C',
    items: ['A', 'B'],
    total_amount: 2.5,
    status: 'CREATED',
    created_at: '2024-01-10T23:59:59.999Z',
    updated_at: '2024-01-10T23:59:59.999Z',
    payment_processed_at: null,
    confirmation_sent_at: null,
    version: 1
  })
})
