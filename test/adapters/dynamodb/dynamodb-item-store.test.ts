// The DynamoDB adapter through the real AWS SDK against the embedded DynamoDB.
import t, { type Test } from 'tap'
import { ConditionalCheckFailedException, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb'
import { createDynamoDbClient } from '../../../src/adapters/dynamodb/dynamodb-client.ts'
import { DynamoDbItemStore } from '../../../src/adapters/dynamodb/dynamodb-item-store.ts'
import { InvalidCursorError, StoreUnavailableError, VersionMismatchError } from '../../../src/shared/store-errors.ts'
import { rethrowAsStoreError } from '../../../src/adapters/aws-sdk/sdk-errors.ts'
import { testConfig, UUID_V4 } from '../../helper.ts'

async function freshStore (t: Test): Promise<{ store: DynamoDbItemStore, client: DynamoDBClient, tableName: string }> {
  const config = await testConfig()
  const client = createDynamoDbClient(config, {})
  const store = new DynamoDbItemStore(client, config.tableName)
  t.teardown(() => store.close())
  return { store, client, tableName: config.tableName }
}

async function countItems (client: DynamoDBClient, tableName: string): Promise<number> {
  const result = await client.send(new ScanCommand({ TableName: tableName, Select: 'COUNT' }))
  return result.Count ?? 0
}

t.test('create assigns id, timestamps and version 1, and get reads it back', async (t) => {
  const { store } = await freshStore(t)
  const before = Date.now()
  const item = await store.create({ name: 'Laptop', price: 1299.99 })
  t.match(item.id, UUID_V4)
  t.equal(item.description, null)
  t.equal(item.version, 1)
  t.ok(item.created_at >= before && item.created_at === item.updated_at)
  t.same(await store.get(item.id), item)
  t.equal(await store.get('00000000-0000-4000-8000-000000000000'), undefined)
})

t.test('update changes only the given fields, bumps version and updated_at', async (t) => {
  const { store } = await freshStore(t)
  const item = await store.create({ name: 'Laptop', description: 'old', price: 10 })
  await new Promise((resolve) => setTimeout(resolve, 5))
  const updated = await store.update(item.id, { price: 12.5 })
  t.same({ ...updated, updated_at: 0 }, { ...item, price: 12.5, version: 2, updated_at: 0 })
  t.ok(updated!.updated_at > item.updated_at)
  const cleared = await store.update(item.id, { description: null, name: 'Desk' })
  t.equal(cleared!.description, null)
  t.equal(cleared!.name, 'Desk')
  t.equal(cleared!.version, 3)
  t.same(await store.get(item.id), cleared)
})

t.test('update and delete of a missing id create nothing', async (t) => {
  const { store, client, tableName } = await freshStore(t)
  const missing = '00000000-0000-4000-8000-000000000000'
  t.equal(await store.update(missing, { name: 'Ghost' }), undefined)
  t.equal(await store.delete(missing), false)
  t.equal(await countItems(client, tableName), 0)
})

t.test('version conditions: a write applies only to a listed version, and a refused one changes nothing', async (t) => {
  const { store, client, tableName } = await freshStore(t)
  const item = await store.create({ name: 'Laptop', price: 1 })
  await t.rejects(store.update(item.id, { price: 2 }, { versions: [2, 3] }), VersionMismatchError)
  await t.rejects(store.update(item.id, { price: 2 }, { versions: [] }), VersionMismatchError, 'an empty list matches nothing')
  t.same(await store.get(item.id), item, 'unchanged')
  const updated = await store.update(item.id, { price: 2 }, { versions: [3, 1] })
  t.equal(updated?.version, 2)
  await t.rejects(store.delete(item.id, { versions: [1] }), VersionMismatchError)
  await t.rejects(store.delete(item.id, { versions: [] }), VersionMismatchError)
  t.ok(await store.get(item.id), 'not deleted')
  t.equal(await store.delete(item.id, { versions: [2] }), true)

  const missing = '00000000-0000-4000-8000-000000000000'
  t.equal(await store.update(missing, { name: 'Ghost' }, { versions: [1] }), undefined, 'missing: undefined, not a mismatch')
  t.equal(await store.update(missing, { name: 'Ghost' }, { versions: [] }), undefined)
  t.equal(await store.delete(missing, { versions: [1] }), false)
  t.equal(await store.delete(missing, { versions: [] }), false)
  t.equal(await countItems(client, tableName), 0)
})

t.test('delete removes an item once', async (t) => {
  const { store } = await freshStore(t)
  const item = await store.create({ name: 'Laptop', price: 1 })
  t.equal(await store.delete(item.id), true)
  t.equal(await store.get(item.id), undefined)
  t.equal(await store.delete(item.id), false)
})

t.test('list pages through every item exactly once', async (t) => {
  const { store } = await freshStore(t)
  const created = await Promise.all(Array.from({ length: 23 }, (_, i) => store.create({ name: `Item ${i}`, price: i + 1 })))
  const seen: string[] = []
  let cursor: string | undefined
  let pages = 0
  do {
    const page = await store.list({ limit: 5, cursor })
    t.ok(page.items.length <= 5)
    seen.push(...page.items.map((item) => item.id))
    cursor = page.nextCursor ?? undefined
    pages += 1
  } while (cursor !== undefined)
  t.ok(pages >= 5)
  t.same(seen.sort(), created.map((item) => item.id).sort())
  t.equal(new Set(seen).size, 23)
})

t.test('list of an empty table has no cursor', async (t) => {
  const { store } = await freshStore(t)
  t.same(await store.list({ limit: 20 }), { items: [], nextCursor: null })
})

t.test('a forged cursor is refused before DynamoDB sees it', async (t) => {
  const { store } = await freshStore(t)
  await t.rejects(store.list({ limit: 5, cursor: 'v1.bm9wZQ' }), InvalidCursorError)
})

t.test('an unreachable store is unavailable, not a fault', async (t) => {
  const client = createDynamoDbClient({ region: 'us-east-1', dynamodbEndpoint: 'http://127.0.0.1:9' }, {})
  const store = new DynamoDbItemStore(client, 'items')
  t.teardown(() => store.close())
  await t.rejects(store.get('00000000-0000-4000-8000-000000000000'), StoreUnavailableError)
  await t.rejects(store.create({ name: 'x', price: 1 }), StoreUnavailableError)
  await t.rejects(store.update('00000000-0000-4000-8000-000000000000', { name: 'x' }), StoreUnavailableError)
  await t.rejects(store.delete('00000000-0000-4000-8000-000000000000'), StoreUnavailableError)
  await t.rejects(store.list({ limit: 1 }), StoreUnavailableError)
})

t.test('a missing table is unavailable', async (t) => {
  const config = await testConfig()
  const store = new DynamoDbItemStore(createDynamoDbClient(config, {}), 'no-such-table')
  t.teardown(() => store.close())
  await t.rejects(store.get('00000000-0000-4000-8000-000000000000'), StoreUnavailableError)
})

t.test('errors are sorted into unavailable and faults', async (t) => {
  const named = (name: string, extra: object = {}): Error => Object.assign(new Error(name), { name, ...extra })
  const unavailable = [
    named('ThrottlingException'),
    named('ProvisionedThroughputExceededException'),
    named('TimeoutError'),
    named('Error', { code: 'ECONNRESET' }),
    named('SomethingNew', { $metadata: { httpStatusCode: 503 } })
  ]
  for (const error of unavailable) {
    t.throws(() => rethrowAsStoreError(error), StoreUnavailableError, error.name)
  }
  const conditional = new ConditionalCheckFailedException({ message: 'failed', $metadata: { httpStatusCode: 400 } })
  t.throws(() => rethrowAsStoreError(conditional), ConditionalCheckFailedException)
  const validation = named('ValidationException', { $metadata: { httpStatusCode: 400 } })
  t.throws(() => rethrowAsStoreError(validation), { name: 'ValidationException' })
  let thrown: unknown
  try {
    rethrowAsStoreError('not an error')
  } catch (error) {
    thrown = error
  }
  t.equal(thrown, 'not an error', 'a thrown non-error passes through')
})

t.test('the client uses local credentials only for a local endpoint without keys', async (t) => {
  const local = createDynamoDbClient({ region: 'us-east-1', dynamodbEndpoint: 'http://127.0.0.1:8001' }, {})
  t.match(await local.config.credentials(), { accessKeyId: 'local', secretAccessKey: 'local' })
  local.destroy()
  const aws = createDynamoDbClient({ region: 'eu-west-1', dynamodbEndpoint: undefined }, {})
  t.equal(await aws.config.region(), 'eu-west-1')
  aws.destroy()
})
