// The containers' definitions: partition keys, indexing and time to live, the one definition the stores, the local
// helper (local/ensure-cosmos-containers.ts) and a deployment share.
import type { ContainerRequest } from '@azure/cosmos'

/** The containers of one database the stores use. */
export interface CosmosContainerNames { items: string, orders: string, idempotency: string }

/**
 * Items, partitioned by `/id`: every call but the listing names one item. Indexed on every path but the image and
 * upload, which no query reads.
 */
export const itemsContainer = (id: string): ContainerRequest => ({
  id,
  partitionKey: { paths: ['/id'] },
  indexingPolicy: {
    indexingMode: 'consistent',
    includedPaths: [{ path: '/*' }],
    excludedPaths: [{ path: '/image/*' }, { path: '/upload/*' }, { path: '/"_etag"/?' }]
  }
})

/**
 * Orders, partitioned by `/id` (the order's id; src/adapters/cosmos/cosmos-order-store.ts says why). Indexed only
 * on what the listings filter and sort on: one customer's orders newest first (with or without a status), and one
 * day's orders.
 */
export const ordersContainer = (id: string): ContainerRequest => ({
  id,
  partitionKey: { paths: ['/id'] },
  indexingPolicy: {
    indexingMode: 'consistent',
    includedPaths: [{ path: '/customer_id/?' }, { path: '/status/?' }, { path: '/created_at/?' }, { path: '/order_date/?' }],
    excludedPaths: [{ path: '/*' }],
    compositeIndexes: [
      [{ path: '/customer_id', order: 'ascending' }, { path: '/created_at', order: 'descending' }],
      [{ path: '/customer_id', order: 'ascending' }, { path: '/status', order: 'ascending' }, { path: '/created_at', order: 'descending' }]
    ]
  }
})

/**
 * Idempotency-Key records, partitioned by `/id` (`<scope>:<the key's SHA-256>`), only ever read by id: nothing indexed. Time to
 * live on with no default (-1): each record sets its own `ttl`, and Cosmos DB removes it once expired.
 */
export const idempotencyContainer = (id: string): ContainerRequest => ({
  id,
  partitionKey: { paths: ['/id'] },
  defaultTtl: -1,
  indexingPolicy: { indexingMode: 'consistent', includedPaths: [], excludedPaths: [{ path: '/*' }] }
})

/** The three containers' definitions under their names. */
export function cosmosContainers (names: CosmosContainerNames): ContainerRequest[] {
  return [itemsContainer(names.items), ordersContainer(names.orders), idempotencyContainer(names.idempotency)]
}
