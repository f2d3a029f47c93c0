import { randomUUID } from 'node:crypto'
import t from 'tap'
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb'
import { createDynamoDbClient } from '../../src/adapters/dynamodb/dynamodb-client.ts'
import { ensureTable } from '../../local/ensure-tables.ts'
import { embeddedDynamoDb } from '../helper.ts'

t.test('creates the table with the deployment\'s key schema, once', async (t) => {
  const { endpoint } = await embeddedDynamoDb()
  const client = createDynamoDbClient({ region: 'us-east-1', dynamodbEndpoint: endpoint }, {})
  t.teardown(() => client.destroy())
  const tableName = `items-${randomUUID()}`
  t.equal(await ensureTable(client, tableName), true)
  t.equal(await ensureTable(client, tableName), false)
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }))
  t.same(Table?.KeySchema, [{ AttributeName: 'id', KeyType: 'HASH' }])
  t.same(Table?.AttributeDefinitions, [{ AttributeName: 'id', AttributeType: 'S' }])
  t.equal(Table?.BillingModeSummary?.BillingMode, 'PAY_PER_REQUEST')
})

t.test('two processes creating the same table at once both succeed', async (t) => {
  const { endpoint } = await embeddedDynamoDb()
  const clients = [1, 2].map(() => createDynamoDbClient({ region: 'us-east-1', dynamodbEndpoint: endpoint }, {}))
  t.teardown(() => clients.forEach((client) => client.destroy()))
  const tableName = `items-${randomUUID()}`
  const created = await Promise.all(clients.map((client) => ensureTable(client, tableName)))
  t.ok(created.includes(true), 'one created it')
  const { Table } = await clients[0].send(new DescribeTableCommand({ TableName: tableName }))
  t.equal(Table?.TableStatus, 'ACTIVE')
})

t.test('other failures are not mistaken for a missing table', async (t) => {
  const client = createDynamoDbClient({ region: 'us-east-1', dynamodbEndpoint: 'http://127.0.0.1:9' }, {})
  t.teardown(() => client.destroy())
  await t.rejects(ensureTable(client, 'items'), { code: 'ECONNREFUSED' })
})
