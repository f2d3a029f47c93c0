// The search projection on an OpenSearch domain, loaded on first use: the API's init never loads the client.
import type { Order } from '../../orders/order.ts'
import type { OrderQuery, SearchIndex } from '../../orders/order-search.ts'
import type { OpenSearchOptions } from './open-search-client.ts'

/**
 * A SearchIndex whose OpenSearch client (open-search-client.ts) is imported by the first call, which also
 * creates the index with its mapping if the domain lacks it. A first call that fails is tried afresh by the next.
 */
export function openSearchIndex (options: OpenSearchOptions, region: string): SearchIndex {
  let loaded: Promise<SearchIndex> | undefined
  const index = async (): Promise<SearchIndex> => {
    loaded ??= import('./open-search-client.ts').then(async ({ OpenSearchIndex }) => {
      const opened = OpenSearchIndex.signed(options, region)
      await opened.ensureIndex()
      return opened
    }).catch((error: unknown) => {
      loaded = undefined
      throw error
    })
    return await loaded
  }
  return {
    upsert: async (order: Order) => await (await index()).upsert(order),
    remove: async (orderId: string) => await (await index()).remove(orderId),
    search: async (query: OrderQuery) => await (await index()).search(query),
    close: async () => await (loaded === undefined ? undefined : (await loaded).close())
  }
}
