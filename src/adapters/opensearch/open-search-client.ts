// SearchIndex on OpenSearch through the official client, every request signed with the function's AWS credentials.
import { Client, errors } from '@opensearch-project/opensearch'
import { AwsSigv4Signer } from '@opensearch-project/opensearch/aws-v3'
import type { Order } from '../../orders/order.ts'
import { SearchUnavailableError, type OrderQuery, type SearchIndex } from '../../orders/order-search.ts'

/** A domain's endpoint and the index the orders are kept in. */
export interface OpenSearchOptions {
  endpoint: string
  index: string
}

/** The index's mapping: full text over customer, items and status; exact filters on customer and status. */
export const ORDERS_MAPPING = {
  properties: {
    order_id: { type: 'keyword' },
    customer_id: { type: 'text', fields: { keyword: { type: 'keyword' } } },
    items: { type: 'text' },
    status: { type: 'text', fields: { keyword: { type: 'keyword' } } },
    total_amount: { type: 'scaled_float', scaling_factor: 100 },
    created_at: { type: 'date' },
    updated_at: { type: 'date' },
    payment_processed_at: { type: 'date' },
    confirmation_sent_at: { type: 'date' },
    version: { type: 'long' }
  }
} as const

/** Connection failures, timeouts and 5xx answers are the index being unavailable; anything else is a fault. */
function unavailable (error: unknown): never {
  const status = (error as { meta?: { statusCode?: number } }).meta?.statusCode ?? 0
  if (error instanceof errors.ConnectionError || error instanceof errors.TimeoutError || error instanceof errors.NoLivingConnectionsError ||
    status >= 500) {
    throw new SearchUnavailableError(undefined, { cause: error })
  }
  throw error
}

const statusOf = (error: unknown): number | undefined => (error as { meta?: { statusCode?: number } }).meta?.statusCode

export class OpenSearchIndex implements SearchIndex {
  constructor (private readonly client: Client, private readonly index: string) {}

  /** A client for the domain, signing as the `es` service with the default credential chain. */
  static signed (options: OpenSearchOptions, region: string): OpenSearchIndex {
    const client = new Client({
      ...AwsSigv4Signer({ region, service: 'es' }),
      node: options.endpoint,
      requestTimeout: 5000,
      maxRetries: 1
    })
    return new OpenSearchIndex(client, options.index)
  }

  /** Creates the index with its mapping unless it exists (the local system and the first deployment call it). */
  async ensureIndex (): Promise<void> {
    const exists = await this.client.indices.exists({ index: this.index }).catch(unavailable)
    if (exists.body) return
    await this.client.indices.create({ index: this.index, body: { mappings: ORDERS_MAPPING } }).catch((error: unknown) => {
      if ((error as { body?: { error?: { type?: string } } }).body?.error?.type !== 'resource_already_exists_exception') unavailable(error)
    })
  }

  async upsert (order: Order): Promise<void> {
    // External versioning: OpenSearch keeps the order's highest version, so a retried older image changes nothing.
    await this.client.index({ index: this.index, id: order.order_id, body: order, version: order.version, version_type: 'external' })
      .catch((error: unknown) => {
        if (statusOf(error) !== 409) unavailable(error)
      })
  }

  async remove (orderId: string): Promise<void> {
    await this.client.delete({ index: this.index, id: orderId }).catch((error: unknown) => {
      if (statusOf(error) !== 404) unavailable(error)
    })
  }

  async search (query: OrderQuery): Promise<Order[]> {
    const filter = [
      ...(query.customerId === undefined ? [] : [{ term: { 'customer_id.keyword': query.customerId } }]),
      ...(query.status === undefined ? [] : [{ term: { 'status.keyword': query.status } }])
    ]
    const must = query.q === undefined ? [] : [{ multi_match: { query: query.q, fields: ['customer_id', 'items', 'status'], type: 'bool_prefix' as const, operator: 'and' as const } }]
    const response = await this.client.search({
      index: this.index,
      body: {
        size: query.limit,
        query: { bool: { must, filter } },
        // order_id is unique: the sort is total, so search_after neither skips nor repeats an order between pages.
        sort: [{ created_at: 'desc' }, { order_id: 'desc' }],
        // A date field's sort value is its epoch milliseconds, as the hits' own `sort` arrays give it.
        ...(query.after === undefined ? {} : { search_after: [Date.parse(query.after.createdAt), query.after.orderId] })
      }
    }).catch(unavailable)
    return (response.body.hits.hits as Array<{ _source: Order }>).map((hit) => hit._source)
  }

  async close (): Promise<void> {
    await this.client.close()
  }
}
