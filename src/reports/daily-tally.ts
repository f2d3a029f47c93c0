// The daily report (docs/images-and-reports.md): one UTC day's orders added up, in the same bytes for the same orders but generatedAt.
import { ORDER_STATUSES, type OrderStatus } from '../orders/order.ts'
import type { OrderAmount } from '../orders/order-store.ts'
import { averageCents, fromCents, toCents } from './money.ts'

export interface DailyReport {
  date: string
  /** Every order placed that day, cancelled ones included. */
  totalOrders: number
  /** The sum of the orders not cancelled. */
  totalRevenue: number
  /** totalRevenue over the orders not cancelled, to the cent (half up); 0 when there are none. */
  averageOrderValue: number
  /** Every status, in the order of ORDER_STATUSES, with 0 where none. */
  ordersByStatus: Record<OrderStatus, number>
  generatedAt: string
}

/** Where the report of `date` is kept in the reports bucket. */
export const reportKey = (date: string): string => `reports/daily/${date}.json`

/** Adds up one day's orders as they arrive, a page at a time: whole cents, so no total drifts. */
export class DailyTally {
  readonly #byStatus = Object.fromEntries(ORDER_STATUSES.map((status) => [status, 0])) as Record<OrderStatus, number>
  #revenueCents = 0
  #paying = 0

  add (orders: Iterable<OrderAmount>): void {
    for (const order of orders) {
      this.#byStatus[order.status]++
      if (order.status === 'CANCELLED') continue
      this.#revenueCents += toCents(order.total_amount)
      this.#paying++
    }
  }

  report (date: string, generatedAt: Date): DailyReport {
    return {
      date,
      totalOrders: ORDER_STATUSES.reduce((sum, status) => sum + this.#byStatus[status], 0),
      totalRevenue: fromCents(this.#revenueCents),
      averageOrderValue: fromCents(averageCents(this.#revenueCents, this.#paying)),
      ordersByStatus: { ...this.#byStatus },
      generatedAt: generatedAt.toISOString()
    }
  }
}

/** The report as stored: fixed key order, two-space indentation, a final newline. */
export const reportBytes = (report: DailyReport): string => `${JSON.stringify(report, null, 2)}\n`
