// Idempotent creates in the Cosmos DB stores, through the real client: the key record and its time to live, expiry
// after 24 h, keys Cosmos DB could not take as ids, and recovery when the request that claimed a key stopped before
// storing its item.
import { createHash, randomUUID } from 'node:crypto'
import t, { type Test } from 'tap'
import type { Container } from '@azure/cosmos'
import { createCosmosClient } from '../../../src/adapters/cosmos/cosmos-client.ts'
import { KEY_MEMORY_SECONDS } from '../../../src/adapters/cosmos/cosmos-idempotent-creates.ts'
import { CosmosItemStore } from '../../../src/adapters/cosmos/cosmos-item-store.ts'
import { IdempotencyKeyReusedError } from '../../../src/shared/store-errors.ts'
import { freshCosmos } from './cosmos-server.ts'

interface Fixture { store: CosmosItemStore, clock: { now: number }, records: Container }

async function storeWithClock (t: Test): Promise<Fixture> {
  const fixture = await freshCosmos(t)
  const clock = { now: Date.UTC(2026, 10, 23, 12) }
  const store = new CosmosItemStore(createCosmosClient(fixture.location), fixture.databaseId, fixture.names.items,
    { idempotencyContainerId: fixture.names.idempotency, now: () => clock.now })
  t.teardown(() => store.close())
  const client = createCosmosClient(fixture.location)
  t.teardown(() => client.dispose())
  return { store, clock, records: client.database(fixture.databaseId).container(fixture.names.idempotency) }
}

const recordId = (key: string): string => `items:${createHash('sha256').update(key).digest('base64url')}`

t.test('a key is remembered for 24 hours, then free again', async (t) => {
  const { store, clock } = await storeWithClock(t)
  const first = (await store.createOnce('k', { name: 'A', price: 1 })).value
  clock.now += (KEY_MEMORY_SECONDS - 1) * 1000
  t.same(await store.createOnce('k', { name: 'A', price: 1 }), { value: first, replayed: true }, 'a second before expiry: replayed')
  await t.rejects(store.createOnce('k', { name: 'B', price: 2 }), IdempotencyKeyReusedError)
  clock.now += 1000
  const second = await store.createOnce('k', { name: 'B', price: 2 })
  t.equal(second.replayed, false)
  t.not(second.value.id, first.id, 'expired: the key creates anew')
  t.equal(second.value.name, 'B')
  t.same(await store.get(first.id), first, 'the first item is untouched')
  t.same(await store.createOnce('k', { name: 'B', price: 2 }), { value: second.value, replayed: true }, 'and the new claim holds')
})

t.test('the record carries Cosmos DB\'s per-document ttl and its own expiry, and is marked stored', async (t) => {
  const { store, clock, records } = await storeWithClock(t)
  await store.createOnce('ttl', { name: 'A', price: 1 })
  const { resource } = await records.item(recordId('ttl'), recordId('ttl')).read()
  t.equal(resource?.ttl, KEY_MEMORY_SECONDS, 'seconds, from the record\'s last write')
  t.equal(resource?.expires_at, clock.now / 1000 + KEY_MEMORY_SECONDS, 'epoch seconds, 24 h ahead')
  t.equal(resource?.stored, true)
  const container = await records.read()
  t.equal(container.resource?.defaultTtl, -1, 'time to live is on for the container, with no default')
})

t.test('keys that no Cosmos DB id may hold are kept apart all the same', async (t) => {
  const { store } = await storeWithClock(t)
  const keys = ['a/b', 'a\\b', 'a?b', 'a#b', 'x'.repeat(255)]
  const created = await Promise.all(keys.map(async (key, price) => await store.createOnce(key, { name: key.slice(0, 10), price })))
  t.equal(new Set(created.map(({ value }) => value.id)).size, keys.length, 'one item per key')
  for (const [index, key] of keys.entries()) {
    t.same(await store.createOnce(key, { name: key.slice(0, 10), price: index }), { value: created[index].value, replayed: true }, key.slice(0, 10))
  }
})

t.test('a key claimed by a request that stopped before storing its item: the retry stores that item', async (t) => {
  const { store, clock, records } = await storeWithClock(t)
  const item = { id: randomUUID(), name: 'Half-done', description: null, price: 3, created_at: clock.now, updated_at: clock.now, version: 1 }
  // The fingerprint of { name: 'Half-done', price: 3 } as the store computes it: written by a first create, read back.
  await store.createOnce('reference', { name: 'Half-done', price: 3 })
  const { resource: reference } = await records.item(recordId('reference'), recordId('reference')).read()
  await records.items.create({
    id: recordId('interrupted'), fingerprint: reference!.fingerprint, item, token: 'token-of-the-stopped-request', stored: false, expires_at: clock.now / 1000 + 60, ttl: 60
  })
  t.equal(await store.get(item.id), undefined, 'the claimed item was never stored')

  t.same(await store.createOnce('interrupted', { name: 'Half-done', price: 3 }), { value: item, replayed: true }, 'the retry answers the claimed item')
  t.same(await store.get(item.id), item, 'and stores it')
  const { resource: record } = await records.item(recordId('interrupted'), recordId('interrupted')).read()
  t.equal(record?.stored, true)
})

t.test('a store without an idempotency container refuses keyed creates', async (t) => {
  const fixture = await freshCosmos(t)
  const store = new CosmosItemStore(createCosmosClient(fixture.location), fixture.databaseId, fixture.names.items)
  t.teardown(() => store.close())
  await t.rejects(store.createOnce('k', { name: 'A', price: 1 }), /need an idempotency container/)
})
