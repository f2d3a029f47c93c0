// A search index in the process's memory, for the local system: no server, the same answers as the port promises.
import type { Order } from '../src/orders/order.ts'
import { isAfter, wordsOf, type OrderQuery, type SearchIndex } from '../src/orders/order-search.ts'

interface Entry { order: Order, words: string[] }

const indexedWords = (order: Order): string[] => wordsOf([order.customer_id, ...order.items, order.status].join(' '))

export class EmbeddedSearchIndex implements SearchIndex {
  readonly #entries = new Map<string, Entry>()

  async upsert (order: Order): Promise<void> {
    const held = this.#entries.get(order.order_id)
    if (held !== undefined && held.order.version > order.version) return
    this.#entries.set(order.order_id, { order, words: indexedWords(order) })
  }

  async remove (orderId: string): Promise<void> {
    this.#entries.delete(orderId)
  }

  async search (query: OrderQuery): Promise<Order[]> {
    // A word matches an indexed word it begins: `lap` finds `SKU-LAPTOP-15`'s `laptop`.
    // Without `q`, every order that passes the filters; with `after`, only those past it in the sort (search_after).
    const wanted = wordsOf(query.q ?? '')
    const { after } = query
    const matches = [...this.#entries.values()].filter(({ order, words }) =>
      (query.customerId === undefined || order.customer_id === query.customerId) &&
      (query.status === undefined || order.status === query.status) &&
      (after === undefined || isAfter(order, after)) &&
      wanted.every((word) => words.some((indexed) => indexed.startsWith(word))))
    return matches.map(({ order }) => order)
      .sort((a, b) => b.created_at.localeCompare(a.created_at) || b.order_id.localeCompare(a.order_id))
      .slice(0, query.limit)
  }

  async close (): Promise<void> {}
}
