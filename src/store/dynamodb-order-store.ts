// OrderStore on DynamoDB through lib-dynamodb: every state change is one conditional write on the order's status.
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { newOrderId, orderDate, placeOrder, type NewOrder, type Order, type OrderStatus } from '../orders/order.ts'
import { outcomeOf, TRANSITIONS, type Transition, type TransitionName } from '../orders/transitions.ts'
import { writeExisting } from './conditional-write.ts'
import { fingerprintOf, IdempotentCreates } from './idempotent-create.ts'
import { VersionMismatchError, type VersionCondition } from './item-store.ts'
import { decodeOrderCursor, encodeOrderCursor, type CustomerIndexKey } from './order-cursor.ts'
import type { OrderAmount, OrderPage, OrderStore, TransitionResult } from './order-store.ts'
import { rethrowAsStoreError } from './store-errors.ts'
import { CUSTOMER_INDEX, DATE_INDEX } from './table-definition.ts'

/** A stored order: the order and the date index's key, which the API does not show. */
type StoredOrder = Order & { order_date?: string }

// A filtered listing reads the index a page at a time until it has `limit` orders; past this many reads it answers
// what it has with a cursor, so one request's cost stays bounded however rare the status is.
const MAX_READS_PER_PAGE = 5
const ID_ATTEMPTS = 3

function withoutStorageFields ({ order_date: _date, ...order }: StoredOrder): Order {
  return order
}

const versionClause = (condition: VersionCondition | undefined, values: Record<string, unknown>): string => {
  if (condition === undefined) return ''
  const names = condition.versions.map((version, index) => {
    values[`:expected${index}`] = version
    return `:expected${index}`
  })
  return ` AND #version IN (${names.join(', ')})`
}

export class DynamoDbOrderStore implements OrderStore {
  readonly #documents: DynamoDBDocumentClient
  readonly #client: DynamoDBClient
  readonly #tableName: string
  readonly #idempotent: IdempotentCreates<NewOrder, Order> | undefined
  readonly #now: () => Date
  readonly #newId: (now: Date) => string
  readonly #dayPageSize: number | undefined

  /** `dayPageSize`: orders per page of placedOn; DynamoDB's 1 MB pages without it (tests make pages small). */
  constructor (client: DynamoDBClient, tableName: string,
    options: { idempotencyTableName?: string, now?: () => Date, newId?: (now: Date) => string, dayPageSize?: number } = {}) {
    this.#client = client
    this.#documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } })
    this.#tableName = tableName
    this.#now = options.now ?? (() => new Date())
    this.#newId = options.newId ?? newOrderId
    this.#dayPageSize = options.dayPageSize
    this.#idempotent = options.idempotencyTableName === undefined
      ? undefined
      : new IdempotentCreates(this.#documents, options.idempotencyTableName, {
        scope: 'orders',
        store: async (order) => await this.#put(order),
        fingerprint: (input) => fingerprintOf([input.customer_id, input.items, input.total_amount]),
        now: () => this.#now().getTime()
      })
  }

  async create (input: NewOrder, options: { idempotencyKey?: string } = {}): Promise<Order> {
    if (options.idempotencyKey !== undefined) {
      if (this.#idempotent === undefined) throw new Error('idempotent creates need an idempotency table')
      const now = this.#now()
      return await this.#idempotent.create(options.idempotencyKey, input, placeOrder(input, now, this.#newId(now)))
    }
    // 8 random hex digits a day: a clash is rare but possible, and a clashing put must not overwrite an order.
    for (let attempt = 1; ; attempt++) {
      const now = this.#now()
      const order = placeOrder(input, now, this.#newId(now))
      try {
        await this.#put(order)
        return order
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException) || attempt === ID_ATTEMPTS) throw error
      }
    }
  }

  async #put (order: Order): Promise<void> {
    const stored: StoredOrder = { ...order, order_date: orderDate(order.created_at) }
    await this.#documents.send(new PutCommand({
      TableName: this.#tableName,
      Item: stored,
      ConditionExpression: 'attribute_not_exists(order_id)'
    })).catch(rethrowAsStoreError)
  }

  async get (orderId: string): Promise<Order | undefined> {
    const result = await this.#documents.send(new GetCommand({ TableName: this.#tableName, Key: { order_id: orderId }, ConsistentRead: true }))
      .catch(rethrowAsStoreError)
    return result.Item === undefined ? undefined : withoutStorageFields(result.Item as StoredOrder)
  }

  async listByCustomer (customerId: string, options: { limit: number, cursor?: string, status?: OrderStatus }): Promise<OrderPage> {
    const orders: Order[] = []
    let startKey: CustomerIndexKey | undefined = options.cursor === undefined ? undefined : decodeOrderCursor(options.cursor, customerId)
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
    return { orders, nextCursor: startKey === undefined ? null : encodeOrderCursor(startKey) }
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
    const values: Record<string, unknown> = { ':from': transition.from, ':to': transition.to, ':at': at, ':one': 1 }
    const names: Record<string, string> = { '#status': 'status', '#updated_at': 'updated_at', '#version': 'version' }
    let assignments = '#status = :to, #updated_at = :at'
    if (transition.stamps !== undefined) {
      names['#stamp'] = transition.stamps
      assignments += ', #stamp = :at'
    }
    if (condition?.versions.length !== 0) {
      try {
        const result = await this.#documents.send(new UpdateCommand({
          TableName: this.#tableName,
          Key: { order_id: orderId },
          UpdateExpression: `SET ${assignments} ADD #version :one`,
          ConditionExpression: `attribute_exists(order_id) AND #status = :from${versionClause(condition, values)}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW'
        })).catch(rethrowAsStoreError)
        return { kind: 'applied', order: withoutStorageFields(result.Attributes as StoredOrder) }
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error
      }
    }
    // Nothing was written; read the order only to say why.
    const order = await this.get(orderId)
    if (order === undefined) return { kind: 'missing' }
    const outcome = outcomeOf(name, order.status)
    if (outcome === 'apply') throw new VersionMismatchError()
    return { kind: outcome, order }
  }

  async delete (orderId: string, condition?: VersionCondition): Promise<boolean> {
    const values: Record<string, unknown> = {}
    const clause = condition === undefined ? '' : versionClause(condition, values)
    return await writeExisting(condition, false, async () => {
      await this.#documents.send(new DeleteCommand({
        TableName: this.#tableName,
        Key: { order_id: orderId },
        ConditionExpression: `attribute_exists(order_id)${clause}`,
        ...(clause === '' ? {} : { ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: values })
      })).catch(rethrowAsStoreError)
      return true
    }, async () => await this.get(orderId) !== undefined)
  }

  async close (): Promise<void> {
    this.#client.destroy()
  }
}
