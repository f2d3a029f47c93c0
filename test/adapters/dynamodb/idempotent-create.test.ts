// Idempotent creates in the DynamoDB store, through the real SDK: expiry after 24 h, and recovery when the request
// that claimed a key stopped before storing its item.
import { randomUUID } from 'node:crypto'
import { GetCommand, PutCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import t, { type Test } from 'tap'
import { createDynamoDbClient } from '../../../src/adapters/dynamodb/dynamodb-client.ts'
import { DynamoDbItemStore } from '../../../src/adapters/dynamodb/dynamodb-item-store.ts'
import { IDEMPOTENCY_TTL_SECONDS } from '../../../src/adapters/dynamodb/idempotent-create.ts'
import { IdempotencyKeyReusedError } from '../../../src/shared/store-errors.ts'
import { testConfig } from '../../helper.ts'

async function storeWithClock (t: Test): Promise<{ store: DynamoDbItemStore, clock: { now: number }, documents: DynamoDBDocumentClient, tables: { items: string, idempotency: string } }> {
  const config = await testConfig()
  const client = createDynamoDbClient(config, {})
  const clock = { now: Date.UTC(2026, 10, 23, 12) }
  const store = new DynamoDbItemStore(client, config.tableName, { idempotencyTableName: config.idempotencyTableName, now: () => clock.now })
  t.teardown(() => store.close())
  return { store, clock, documents: DynamoDBDocumentClient.from(client), tables: { items: config.tableName, idempotency: config.idempotencyTableName } }
}

t.test('a key is remembered for 24 hours, then free again', async (t) => {
  const { store, clock } = await storeWithClock(t)
  const first = (await store.createOnce('k', { name: 'A', price: 1 })).value
  clock.now += (IDEMPOTENCY_TTL_SECONDS - 1) * 1000
  t.same((await store.createOnce('k', { name: 'A', price: 1 })).value, first, 'a second before expiry: replayed')
  await t.rejects(store.createOnce('k', { name: 'B', price: 2 }), IdempotencyKeyReusedError)
  clock.now += 1000
  const { value: second } = await store.createOnce('k', { name: 'B', price: 2 })
  t.not(second.id, first.id, 'expired: the key creates anew')
  t.equal(second.name, 'B')
  t.same(await store.get(first.id), first, 'the first item is untouched')
})

t.test('the record carries the TTL attribute DynamoDB deletes it by', async (t) => {
  const { store, clock, documents, tables } = await storeWithClock(t)
  await store.createOnce('ttl', { name: 'A', price: 1 })
  const record = (await documents.send(new GetCommand({ TableName: tables.idempotency, Key: { key: 'items#ttl' } }))).Item
  t.equal(record?.expires_at, clock.now / 1000 + IDEMPOTENCY_TTL_SECONDS, 'epoch seconds, 24 h ahead')
  t.equal(record?.stored, true)
})

t.test('a key claimed by a request that stopped before storing its item: the retry stores that item', async (t) => {
  const { store, clock, documents, tables } = await storeWithClock(t)
  const item = { id: randomUUID(), name: 'Half-done', description: null, price: 3, created_at: clock.now, updated_at: clock.now, version: 1 }
  const claim = { key: 'items#interrupted', item, token: 'token-of-the-stopped-request', stored: false, expires_at: clock.now / 1000 + 60 }
  // The fingerprint of { name: 'Half-done', price: 3 } as the store computes it: written by a first create, read back.
  await store.createOnce('reference', { name: 'Half-done', price: 3 })
  const reference = (await documents.send(new GetCommand({ TableName: tables.idempotency, Key: { key: 'items#reference' } }))).Item!
  await documents.send(new PutCommand({ TableName: tables.idempotency, Item: { ...claim, fingerprint: reference.fingerprint } }))
  t.equal(await store.get(item.id), undefined, 'the claimed item was never stored')

  t.same(await store.createOnce('interrupted', { name: 'Half-done', price: 3 }), { value: item, replayed: true }, 'the retry answers the claimed item')
  t.same(await store.get(item.id), item, 'and stores it')
  const record = (await documents.send(new GetCommand({ TableName: tables.idempotency, Key: { key: 'items#interrupted' } }))).Item
  t.equal(record?.stored, true)
})

t.test('a store without an idempotency table refuses keyed creates', async (t) => {
  const config = await testConfig()
  const store = new DynamoDbItemStore(createDynamoDbClient(config, {}), config.tableName)
  t.teardown(() => store.close())
  await t.rejects(store.createOnce('k', { name: 'A', price: 1 }), /need an idempotency table/)
})
