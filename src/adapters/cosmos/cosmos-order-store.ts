// OrderStore on Cosmos DB for NoSQL. The orders container is partitioned by `/id`, the order's id: get, every
// transition and delete are point operations on one order (strongly consistent in its partition), as they are the
// calls the API and the pipeline make most; partitioned by customer, each of them would first have to find the order's
// customer. One customer's orders and one day's are cross-partition queries served by the container's indexes (its
// composite index on customer and creation time), read a page at a time with Cosmos DB's continuation tokens, never
// whole. Every state change is replaced at the ETag it was decided on, and knows its own retries
// (src/adapters/cosmos/cosmos-documents.ts).
import type { Container, CosmosClient, SqlQuerySpec } from '@azure/cosmos'
import { newOrderId, orderDate, placeOrder, type NewOrder, type Order, type OrderStatus } from '../../orders/order.ts'
import type { InventoryResult, OrderAmount, OrderPage, OrderStore, TransitionResult } from '../../orders/order-store.ts'
import { outcomeOf, TRANSITIONS, type Transition, type TransitionName } from '../../orders/transitions.ts'
import { CursorCodec } from '../../shared/cursor-codec.ts'
import { VersionMismatchError } from '../../shared/store-errors.ts'
import type { Created, VersionCondition } from '../../shared/writes.ts'
import { storeValue } from './cosmos-calls.ts'
import { CosmosDocuments, documentFields, newToken, versionHolds, type StoredDocument } from './cosmos-documents.ts'
import { CosmosIdempotentCreates, ID_DRAWS, IdsExhaustedError, type KeyRecord } from './cosmos-idempotent-creates.ts'

/** An order as stored: its id as the document's, the day it was placed on, when its inventory update was recorded. */
type OrderDocument = Order & { id: string, order_date: string, inventory_recorded_at?: string }

// A filtered listing reads a page at a time until it has `limit` orders; past this many reads it answers what it has
// with a cursor, so one request's cost stays bounded however rare the status is.
const MAX_READS_PER_PAGE = 5

/**
 * One customer's listing, with or without a status: its cursors are signed for it alone, since a continuation token
 * belongs to the query it came from.
 */
const customerListing = (customerId: string, status: OrderStatus | undefined): string => `customer:${JSON.stringify([customerId, status ?? null])}`

function orderOf (stored: StoredDocument<OrderDocument>): Order {
  const { id: _id, order_date: _date, inventory_recorded_at: _inventory, ...order } = documentFields(stored)
  return order
}

export class CosmosOrderStore implements OrderStore {
  readonly #client: CosmosClient
  readonly #orders: Container
  readonly #documents: CosmosDocuments<OrderDocument>
  readonly #idempotent: CosmosIdempotentCreates<NewOrder, Order> | undefined
  readonly #now: () => Date
  readonly #newId: (now: Date) => string
  readonly #dayPageSize: number | undefined
  readonly #cursors: CursorCodec

  /**
   * The orders container `containerId` of the database `databaseId`. `dayPageSize`: orders per page of placedOn (the
   * SDK's default page without it; tests make pages small). `cursors` signs the listings' cursors.
   */
  constructor (client: CosmosClient, databaseId: string, containerId: string, options: {
    idempotencyContainerId?: string, now?: () => Date, newId?: (now: Date) => string, dayPageSize?: number, cursors?: CursorCodec
  } = {}) {
    this.#client = client
    const database = client.database(databaseId)
    this.#orders = database.container(containerId)
    this.#documents = new CosmosDocuments(this.#orders)
    this.#now = options.now ?? (() => new Date())
    this.#newId = options.newId ?? newOrderId
    this.#dayPageSize = options.dayPageSize
    this.#cursors = options.cursors ?? new CursorCodec()
    this.#idempotent = options.idempotencyContainerId === undefined
      ? undefined
      : new CosmosIdempotentCreates(new CosmosDocuments<KeyRecord<Order>>(database.container(options.idempotencyContainerId)), {
        scope: 'orders',
        store: async (order, token) => await this.#createNew(order, token),
        id: 'order_id',
        // The same day as the order it replaces: the id names the day of creation.
        redraw: (order) => ({ ...order, order_id: this.#newId(new Date(order.created_at)) }),
        fields: (input) => [input.customer_id, input.items, input.total_amount],
        now: () => this.#now().getTime()
      })
  }

  #placeOrder (input: NewOrder): Order {
    const now = this.#now()
    return placeOrder(input, now, this.#newId(now))
  }

  async create (input: NewOrder): Promise<Order> {
    // 8 random hex digits a day: a clash is rare but possible, and a clashing create must not overwrite an order.
    for (let draw = 1; draw <= ID_DRAWS; draw++) {
      const order = this.#placeOrder(input)
      if (await this.#createNew(order, newToken()) === 'stored') return order
    }
    throw new IdsExhaustedError()
  }

  async createOnce (idempotencyKey: string, input: NewOrder): Promise<Created<Order>> {
    if (this.#idempotent === undefined) throw new Error('idempotent creates need an idempotency container')
    return await this.#idempotent.create(idempotencyKey, input, this.#placeOrder(input))
  }

  async #createNew (order: Order, token: string): Promise<'stored' | 'taken'> {
    return await this.#documents.createNew({ ...order, id: order.order_id, order_date: orderDate(order.created_at) }, token)
  }

  async get (orderId: string): Promise<Order | undefined> {
    const order = await this.#documents.read(orderId)
    return order === undefined ? undefined : orderOf(order)
  }

  async listByCustomer (customerId: string, options: { limit: number, cursor?: string, status?: OrderStatus }): Promise<OrderPage> {
    const listing = customerListing(customerId, options.status)
    let continuationToken = options.cursor === undefined ? undefined : this.#cursors.decode(listing, options.cursor)[0]
    const query: SqlQuerySpec = options.status === undefined
      ? { query: 'SELECT * FROM c WHERE c.customer_id = @customer ORDER BY c.created_at DESC', parameters: [{ name: '@customer', value: customerId }] }
      : {
          query: 'SELECT * FROM c WHERE c.customer_id = @customer AND c.status = @status ORDER BY c.created_at DESC',
          parameters: [{ name: '@customer', value: customerId }, { name: '@status', value: options.status }]
        }
    const orders: Order[] = []
    for (let reads = 0; reads < MAX_READS_PER_PAGE; reads++) {
      const page = await storeValue(async (abortSignal) => await this.#orders.items
        .query<StoredDocument<OrderDocument>>(query, { maxItemCount: options.limit - orders.length, continuationToken, abortSignal }).fetchNext())
      orders.push(...page.resources.map(orderOf))
      continuationToken = page.continuationToken
      if (continuationToken === undefined || orders.length === options.limit) break
    }
    return { orders, nextCursor: continuationToken === undefined ? null : this.#cursors.encode(listing, [continuationToken]) }
  }

  async * placedOn (date: string): AsyncGenerator<OrderAmount[]> {
    // Only what the report adds up: a day of orders reads a fraction of their size.
    const query: SqlQuerySpec = { query: 'SELECT c.status, c.total_amount FROM c WHERE c.order_date = @date', parameters: [{ name: '@date', value: date }] }
    let continuationToken: string | undefined
    do {
      const page = await storeValue(async (abortSignal) => await this.#orders.items
        .query<OrderAmount>(query, { maxItemCount: this.#dayPageSize, continuationToken, abortSignal }).fetchNext())
      yield page.resources
      continuationToken = page.continuationToken
    } while (continuationToken !== undefined)
  }

  async transition (orderId: string, name: TransitionName, condition?: VersionCondition): Promise<TransitionResult> {
    const transition: Transition = TRANSITIONS[name]
    const written = await this.#documents.change(orderId, (order) => {
      if (order.status !== transition.from || !versionHolds(order.version, condition)) return undefined
      const at = this.#now().toISOString()
      return {
        ...documentFields(order),
        status: transition.to,
        updated_at: at,
        ...(transition.stamps === undefined ? {} : { [transition.stamps]: at }),
        version: order.version + 1
      }
    })
    if (written.kind === 'missing') return { kind: 'missing' }
    // An applied change always answers the document it left.
    const order = orderOf(written.record!)
    if (written.kind === 'applied') return { kind: 'applied', order }
    // Nothing was written: the order's status, or its version, says why.
    const outcome = outcomeOf(name, order.status)
    if (outcome === 'apply') throw new VersionMismatchError()
    return { kind: outcome, order }
  }

  async recordInventoryUpdate (orderId: string): Promise<InventoryResult> {
    // Storage only: the order as the API shows it does not change, so neither does its version.
    const written = await this.#documents.change(orderId, (order) => order.inventory_recorded_at === undefined
      ? { ...documentFields(order), inventory_recorded_at: this.#now().toISOString() }
      : undefined)
    if (written.kind === 'missing') return { kind: 'missing' }
    return { kind: written.kind === 'applied' ? 'recorded' : 'done', order: orderOf(written.record!) }
  }

  async delete (orderId: string, condition?: VersionCondition): Promise<boolean> {
    const written = await this.#documents.remove(orderId, (order) => versionHolds(order.version, condition))
    if (written.kind === 'refused') throw new VersionMismatchError()
    return written.kind === 'applied' || written.retried
  }

  async close (): Promise<void> {
    this.#client.dispose()
  }
}
