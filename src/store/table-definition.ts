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
