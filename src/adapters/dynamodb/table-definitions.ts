// The tables' key schemas: the one definition the store, the embedded DynamoDB and deployment share.
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb'

/** An on-demand table keyed by one string attribute. */
function stringKeyedTable (tableName: string, key: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    AttributeDefinitions: [{ AttributeName: key, AttributeType: 'S' }],
    KeySchema: [{ AttributeName: key, KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST'
  }
}

export const itemsTableDefinition = (tableName: string): CreateTableCommandInput => stringKeyedTable(tableName, 'id')

/** The attribute DynamoDB's TTL reads: epoch seconds after which a record may be deleted. */
export const IDEMPOTENCY_EXPIRES_AT = 'expires_at'

/** Idempotency-Key records: one per key, removed by DynamoDB's TTL once expired. */
export const idempotencyTableDefinition = (tableName: string): CreateTableCommandInput => stringKeyedTable(tableName, 'key')

/** The orders table's index for one customer's orders, newest first. */
export const CUSTOMER_INDEX = 'customer-index'
/** The orders table's index for one UTC day's orders (`order_date`), which daily reports read. */
export const DATE_INDEX = 'date-index'

/**
 * Orders, keyed by order_id, with the customer and date indexes; `stream` adds the NEW_AND_OLD_IMAGES stream the
 * pipeline runs on (DynamoDB Local and AWS have it; the embedded store has no streams).
 */
export function ordersTableDefinition (tableName: string, options: { stream?: boolean } = {}): CreateTableCommandInput {
  const index = (IndexName: string, hash: string) => ({
    IndexName,
    KeySchema: [{ AttributeName: hash, KeyType: 'HASH' as const }, { AttributeName: 'created_at', KeyType: 'RANGE' as const }],
    Projection: { ProjectionType: 'ALL' as const }
  })
  return {
    TableName: tableName,
    AttributeDefinitions: ['order_id', 'customer_id', 'created_at', 'order_date']
      .map((AttributeName) => ({ AttributeName, AttributeType: 'S' as const })),
    KeySchema: [{ AttributeName: 'order_id', KeyType: 'HASH' }],
    GlobalSecondaryIndexes: [index(CUSTOMER_INDEX, 'customer_id'), index(DATE_INDEX, 'order_date')],
    BillingMode: 'PAY_PER_REQUEST',
    ...(options.stream === true ? { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } } : {})
  }
}
