// The items table's key schema: the one definition the store, the embedded DynamoDB and deployment share.
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb'

export function itemsTableDefinition (tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST'
  }
}
