// Creates the service's tables when they are missing (local stores only; on AWS the deployment owns them).
import {
  CreateTableCommand, DescribeTableCommand, ResourceInUseException, ResourceNotFoundException, waitUntilTableExists,
  type DynamoDBClient
} from '@aws-sdk/client-dynamodb'
import type { TableNames } from '../src/platforms/aws/settings.ts'
import { idempotencyTableDefinition, itemsTableDefinition, ordersTableDefinition } from '../src/adapters/dynamodb/table-definitions.ts'

/** Returns true when the table had to be created; the items table unless another definition is given. */
export async function ensureTable (client: DynamoDBClient, tableName: string, define = itemsTableDefinition): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }))
    return false
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error
  }
  try {
    await client.send(new CreateTableCommand(define(tableName)))
  } catch (error) {
    // Another process created it first: wait for it like our own.
    if (!(error instanceof ResourceInUseException)) throw error
  }
  // Local stores activate a table in milliseconds; the waiter's default first pause is 20 s.
  await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 0.05, maxDelay: 1 }, { TableName: tableName })
  return true
}

/**
 * The items, idempotency and orders tables; true when the items table had to be created. With `streams`, a new
 * orders table has its stream (stores that have streams: DynamoDB Local).
 */
export async function ensureTables (client: DynamoDBClient, config: TableNames,
  options: { streams?: boolean } = {}): Promise<boolean> {
  const created = await ensureTable(client, config.tableName)
  await ensureTable(client, config.idempotencyTableName, idempotencyTableDefinition)
  await ensureTable(client, config.ordersTableName, (name) => ordersTableDefinition(name, { stream: options.streams }))
  return created
}
