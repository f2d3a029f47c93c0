// Creates the items table when it is missing (local stores only; on AWS the deployment owns the table).
import {
  CreateTableCommand, DescribeTableCommand, ResourceInUseException, ResourceNotFoundException, waitUntilTableExists,
  type DynamoDBClient
} from '@aws-sdk/client-dynamodb'
import { itemsTableDefinition } from './table-definition.ts'

/** Returns true when the table had to be created. */
export async function ensureTable (client: DynamoDBClient, tableName: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }))
    return false
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error
  }
  try {
    await client.send(new CreateTableCommand(itemsTableDefinition(tableName)))
  } catch (error) {
    // Another process created it first: wait for it like our own.
    if (!(error instanceof ResourceInUseException)) throw error
  }
  // Local stores activate a table in milliseconds; the waiter's default first pause is 20 s.
  await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 0.05, maxDelay: 1 }, { TableName: tableName })
  return true
}
