// OrderStore on DynamoDB through lib-dynamodb: every state change is one conditional write on the order's status, and
// each write knows its own retries (src/adapters/dynamodb/conditional-write.ts).
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { newOrderId, orderDate, placeOrder, type NewOrder, type Order, type OrderStatus } from '../../orders/order.ts'
import { outcomeOf, TRANSITIONS, type Transition, type TransitionName } from '../../orders/transitions.ts'
import { existingRecord, newWriteToken, putNew, withoutToken, writeOnce, type Stored, type Written } from './conditional-write.ts'
import { fingerprintOf, IdempotentCreates, MAX_ID_DRAWS, NoFreeIdError } from './idempotent-create.ts'
import { VersionMismatchError } from '../../shared/store-errors.ts'
import type { Created, VersionCondition } from '../../shared/writes.ts'
import { CursorCodec } from '../../shared/cursor-codec.ts'
import type { InventoryResult, OrderAmount, OrderPage, OrderStore, TransitionResult } from '../../orders/order-store.ts'
import { rethrowAsStoreError } from '../aws-sdk/sdk-errors.ts'
import { CUSTOMER_INDEX, DATE_INDEX } from './table-definitions.ts'

/**
 * A stored order: the order, the date index's key, when its inventory update was recorded, and its last write's
 * token, none of which the API shows.
 */
type StoredOrder = Stored<Order & { order_date?: string, inventory_recorded_at?: string }>

// A filtered listing reads the index a page at a time until it has `limit` orders; past this many reads it answers
// what it has with a cursor, so one request's cost stays bounded however rare the status is.
const MAX_READS_PER_PAGE = 5

/** The customer index's position: what a cursor of one customer's orders holds. */
interface CustomerIndexKey { order_id: string, customer_id: string, created_at: string }
/** One customer's listing: its cursors are signed for it and for no other customer's. */
const customerListing = (customerId: string): string => `customer:${customerId}`

function withoutStorageFields (stored: StoredOrder): Order {
  const { order_date: _date, inventory_recorded_at: _inventory, ...order } = withoutToken(stored)
  return order
}

export class DynamoDbOrderStore implements OrderStore {
  readonly #documents: DynamoDBDocumentClient
  readonly #client: DynamoDBClient
  readonly #tableName: string
  readonly #idempotent: IdempotentCreates<NewOrder, Order> | undefined
  readonly #now: () => Date
  readonly #newId: (now: Date) => string
  readonly #dayPageSize: number | undefined
  readonly #cursors: CursorCodec

  /**
   * `dayPageSize`: orders per page of placedOn; DynamoDB's 1 MB pages without it (tests make pages small). `cursors`
   * signs the listings' cursors.
   */
  constructor (client: DynamoDBClient, tableName: string, options: {
    idempotencyTableName?: string, now?: () => Date, newId?: (now: Date) => string, dayPageSize?: number, cursors?: CursorCodec
  } = {}) {
    this.#client = client
    this.#documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } })
    this.#tableName = tableName
    this.#now = options.now ?? (() => new Date())
    this.#newId = options.newId ?? newOrderId
    this.#dayPageSize = options.dayPageSize
    this.#cursors = options.cursors ?? new CursorCodec()
    this.#idempotent = options.idempotencyTableName === undefined
      ? undefined
      : new IdempotentCreates(this.#documents, options.idempotencyTableName, {
        scope: 'orders',
        store: async (order, token) => await this.#putNew(order, token),
        id: 'order_id',
        // The same day as the order it replaces: the id names the day of creation.
        redraw: (order) => ({ ...order, order_id: this.#newId(new Date(order.created_at)) }),
        fingerprint: (input) => fingerprintOf([input.customer_id, input.items, input.total_amount]),
        now: () => this.#now().getTime()
      })
  }

  #placeOrder (input: NewOrder): Order {
    const now = this.#now()
    return placeOrder(input, now, this.#newId(now))
  }

  async create (input: NewOrder): Promise<Order> {
    // 8 random hex digits a day: a clash is rare but possible, and a clashing put must not overwrite an order.
    for (let draw = 1; draw <= MAX_ID_DRAWS; draw++) {
      const order = this.#placeOrder(input)
      if (await this.#putNew(order, newWriteToken()) === 'stored') return order
    }
    throw new NoFreeIdError()
  }

  async createOnce (idempotencyKey: string, input: NewOrder): Promise<Created<Order>> {
    if (this.#idempotent === undefined) throw new Error('idempotent creates need an idempotency table')
    return await this.#idempotent.create(idempotencyKey, input, this.#placeOrder(input))
  }

  async #putNew (order: Order, token: string): Promise<'stored' | 'taken'> {
    const stored: StoredOrder = { ...order, order_date: orderDate(order.created_at) }
    return await putNew(this.#documents, this.#tableName, 'order_id', stored, token, async () => await this.#read(order.order_id))
  }

  async #read (orderId: string): Promise<StoredOrder | undefined> {
    const result = await this.#documents.send(new GetCommand({ TableName: this.#tableName, Key: { order_id: orderId }, ConsistentRead: true }))
      .catch(rethrowAsStoreError)
    return result.Item as StoredOrder | undefined
  }

  async get (orderId: string): Promise<Order | undefined> {
    const order = await this.#read(orderId)
    return order === undefined ? undefined : withoutStorageFields(order)
  }

  async listByCustomer (customerId: string, options: { limit: number, cursor?: string, status?: OrderStatus }): Promise<OrderPage> {
    const orders: Order[] = []
    const listing = customerListing(customerId)
    let startKey: CustomerIndexKey | undefined
    if (options.cursor !== undefined) {
      const [orderId, customer, createdAt] = this.#cursors.decode(listing, options.cursor)
      startKey = { order_id: orderId, customer_id: customer, created_at: createdAt }
    }
    for (let reads = 0; reads < MAX_READS_PER_PAGE; reads++) {
      const result = await this.#documents.send(new QueryCommand({
        TableName: this.#tableName,
        IndexName: CUSTOMER_INDEX,
        KeyConditionExpression: '#customer_id = :customer_id',
        ...(options.status === undefined
          ? { ExpressionAttributeNames: { '#customer_id': 'customer_id' }, ExpressionAttributeValues: { ':customer_id': customerId } }
          : {
              FilterExpression: '#status = :status',
              ExpressionAttributeNames: { '#customer_id': 'customer_id', '#status': 'status' },
              ExpressionAttributeValues: { ':customer_id': customerId, ':status': options.status }
            }),
        ScanIndexForward: false,
        Limit: options.limit - orders.length,
        ExclusiveStartKey: startKey
      })).catch(rethrowAsStoreError)
      orders.push(...(result.Items ?? []).map((item) => withoutStorageFields(item as StoredOrder)))
      startKey = result.LastEvaluatedKey as CustomerIndexKey | undefined
      if (startKey === undefined || orders.length === options.limit) break
    }
    return {
      orders,
      nextCursor: startKey === undefined ? null : this.#cursors.encode(listing, [startKey.order_id, startKey.customer_id, startKey.created_at])
    }
  }

  async * placedOn (date: string): AsyncGenerator<OrderAmount[]> {
    let startKey: Record<string, unknown> | undefined
    do {
      const result = await this.#documents.send(new QueryCommand({
        TableName: this.#tableName,
        IndexName: DATE_INDEX,
        KeyConditionExpression: '#order_date = :date',
        // Only what the report adds up: a day of orders reads a fraction of their size.
        ProjectionExpression: '#status, #total_amount',
        ExpressionAttributeNames: { '#order_date': 'order_date', '#status': 'status', '#total_amount': 'total_amount' },
        ExpressionAttributeValues: { ':date': date },
        Limit: this.#dayPageSize,
        ExclusiveStartKey: startKey
      })).catch(rethrowAsStoreError)
      yield (result.Items ?? []) as OrderAmount[]
      startKey = result.LastEvaluatedKey
    } while (startKey !== undefined)
  }

  async transition (orderId: string, name: TransitionName, condition?: VersionCondition): Promise<TransitionResult> {
    const transition: Transition = TRANSITIONS[name]
    const at = this.#now().toISOString()
    const names: Record<string, string> = { '#status': 'status', '#updated_at': 'updated_at', '#version': 'version' }
    const values: Record<string, unknown> = { ':to': transition.to, ':at': at, ':one': 1 }
    let assignments = '#status = :to, #updated_at = :at, #write_token = :write_token'
    if (transition.stamps !== undefined) {
      names['#stamp'] = transition.stamps
      assignments += ', #stamp = :at'
    }
    const written = await this.#update(orderId, condition, { expression: '#status = :from', names: { '#status': 'status' }, values: { ':from': transition.from } },
      async (precondition) => await this.#documents.send(new UpdateCommand({
        TableName: this.#tableName,
        Key: { order_id: orderId },
        UpdateExpression: `SET ${assignments} ADD #version :one`,
        ...precondition,
        ExpressionAttributeNames: { ...precondition.ExpressionAttributeNames, ...names },
        ExpressionAttributeValues: { ...precondition.ExpressionAttributeValues, ...values },
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD'
      })).catch(rethrowAsStoreError).then((result) => result.Attributes as StoredOrder))
    if (written.kind === 'missing') return { kind: 'missing' }
    const order = withoutStorageFields(written.record)
    if (written.kind === 'applied') return { kind: 'applied', order }
    // Nothing was written: the order's status, or its version, says why.
    const outcome = outcomeOf(name, order.status)
    if (outcome === 'apply') throw new VersionMismatchError()
    return { kind: outcome, order }
  }

  async recordInventoryUpdate (orderId: string): Promise<InventoryResult> {
    const written = await this.#update(orderId, undefined, { expression: 'attribute_not_exists(#inventory_recorded_at)', names: {}, values: {} },
      async (precondition) => await this.#documents.send(new UpdateCommand({
        TableName: this.#tableName,
        Key: { order_id: orderId },
        // Storage only: the order as the API shows it does not change, so neither does its version.
        UpdateExpression: 'SET #inventory_recorded_at = :at, #write_token = :write_token',
        ...precondition,
        ExpressionAttributeNames: { ...precondition.ExpressionAttributeNames, '#inventory_recorded_at': 'inventory_recorded_at' },
        ExpressionAttributeValues: { ...precondition.ExpressionAttributeValues, ':at': this.#now().toISOString() },
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD'
      })).catch(rethrowAsStoreError).then((result) => result.Attributes as StoredOrder))
    if (written.kind === 'missing') return { kind: 'missing' }
    return { kind: written.kind === 'applied' ? 'recorded' : 'done', order: withoutStorageFields(written.record) }
  }

  async delete (orderId: string, condition?: VersionCondition): Promise<boolean> {
    const written = await this.#update<undefined>(orderId, condition, undefined, async (precondition) => {
      await this.#documents.send(new DeleteCommand({
        TableName: this.#tableName,
        Key: { order_id: orderId },
        ...precondition,
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD'
      })).catch(rethrowAsStoreError)
    })
    if (written.kind === 'refused') throw new VersionMismatchError()
    return written.kind === 'applied' || written.retried
  }

  /**
   * One conditional write to an existing order, under existingRecord's condition with `clause`; a condition naming no
   * version never writes, and the order is read only to say why.
   */
  async #update<Applied = StoredOrder> (orderId: string, condition: VersionCondition | undefined,
    clause: Parameters<typeof existingRecord>[3], write: (precondition: ReturnType<typeof existingRecord>) => Promise<Applied>): Promise<Written<StoredOrder, Applied>> {
    if (condition?.versions.length === 0) {
      const order = await this.#read(orderId)
      return order === undefined ? { kind: 'missing', retried: false } : { kind: 'refused', record: order }
    }
    const token = newWriteToken()
    return await writeOnce<StoredOrder, Applied>(token, async () => await write(existingRecord('order_id', token, condition, clause)),
      async () => await this.#read(orderId))
  }

  async close (): Promise<void> {
    this.#client.destroy()
  }
}
