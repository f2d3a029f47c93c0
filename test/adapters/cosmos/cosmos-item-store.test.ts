// The Cosmos DB items adapter through the real @azure/cosmos client against a Cosmos-compatible server: versions and
// conditions, the listing's pages and cursors, and the image records.
import t, { type Test } from 'tap'
import { createCosmosClient } from '../../../src/adapters/cosmos/cosmos-client.ts'
import { CosmosItemStore } from '../../../src/adapters/cosmos/cosmos-item-store.ts'
import { InvalidCursorError, VersionMismatchError } from '../../../src/shared/store-errors.ts'
import { CursorCodec } from '../../../src/shared/cursor-codec.ts'
import { UUID_V4 } from '../../helper.ts'
import { freshCosmos, type CosmosFixture } from './cosmos-server.ts'

const MISSING = '00000000-0000-4000-8000-000000000000'

async function freshStore (t: Test, options: ConstructorParameters<typeof CosmosItemStore>[3] = {}): Promise<{ store: CosmosItemStore, fixture: CosmosFixture }> {
  const fixture = await freshCosmos(t)
  const store = new CosmosItemStore(createCosmosClient(fixture.location), fixture.databaseId, fixture.names.items, options)
  t.teardown(() => store.close())
  return { store, fixture }
}

async function countItems (store: CosmosItemStore): Promise<number> {
  let count = 0
  let cursor: string | undefined
  do {
    const page = await store.list({ limit: 100, cursor })
    count += page.items.length
    cursor = page.nextCursor ?? undefined
  } while (cursor !== undefined)
  return count
}

t.test('create assigns id, timestamps and version 1, and get reads it back without storage fields', async (t) => {
  const { store } = await freshStore(t)
  const before = Date.now()
  const item = await store.create({ name: 'Laptop', price: 1299.99 })
  t.match(item.id, UUID_V4)
  t.equal(item.description, null)
  t.equal(item.version, 1)
  t.ok(item.created_at >= before && item.created_at === item.updated_at)
  t.same(await store.get(item.id), item, 'no _etag, _rid, _ts or write token')
  t.equal(await store.get(MISSING), undefined)
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
  const { store } = await freshStore(t)
  t.equal(await store.update(MISSING, { name: 'Ghost' }), undefined)
  t.equal(await store.delete(MISSING), false)
  t.equal(await countItems(store), 0)
})

t.test('version conditions: a write applies only to a listed version, and a refused one changes nothing', async (t) => {
  const { store } = await freshStore(t)
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

  t.equal(await store.update(MISSING, { name: 'Ghost' }, { versions: [1] }), undefined, 'missing: undefined, not a mismatch')
  t.equal(await store.update(MISSING, { name: 'Ghost' }, { versions: [] }), undefined)
  t.equal(await store.delete(MISSING, { versions: [1] }), false)
  t.equal(await store.delete(MISSING, { versions: [] }), false)
  t.equal(await countItems(store), 0)
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

t.test('list of an empty container has no cursor', async (t) => {
  const { store } = await freshStore(t)
  t.same(await store.list({ limit: 20 }), { items: [], nextCursor: null })
})

t.test('a cursor is Cosmos DB\'s continuation token signed: a forged or altered one is refused before the store sees it', async (t) => {
  const cursors = new CursorCodec('secret')
  const { store } = await freshStore(t, { cursors })
  await store.create({ name: 'A', price: 1 })
  await store.create({ name: 'B', price: 1 })
  const { nextCursor } = await store.list({ limit: 1 })
  t.type(cursors.decode('items', nextCursor!)[0], 'string', 'the continuation token, under the listing\'s signature')
  const [version, , mac] = nextCursor!.split('.')
  const altered = `${version}.${Buffer.from(JSON.stringify(['{"token":"x"}'])).toString('base64url')}.${mac}`
  for (const cursor of ['v1.bm9wZQ', 'forged', altered, new CursorCodec('other').encode('items', ['x']), cursors.encode('customer:C-1', ['x'])]) {
    await t.rejects(store.list({ limit: 1, cursor }), InvalidCursorError, cursor)
  }
  t.equal((await store.list({ limit: 1, cursor: nextCursor! })).items.length, 1, 'the cursor as issued still serves')
})

t.test('an image: its upload started, arrived and ready becomes the image; a failed one stays beside it', async (t) => {
  const { store } = await freshStore(t)
  const item = await store.create({ name: 'Camera', price: 1 })
  const first = `uploads/${item.id}/11111111-1111-4111-8111-111111111111.jpg`
  const expiresAt = Date.now() + 600_000
  t.match(await store.startImage(item.id, { uploadKey: first, contentType: 'image/jpeg', expiresAt }),
    { version: 2, upload: { status: 'pending', upload_key: first, content_type: 'image/jpeg', expires_at: expiresAt } })
  t.equal(await store.startImage(MISSING, { uploadKey: first, contentType: 'image/jpeg', expiresAt }), undefined, 'no item: undefined')
  t.same(await store.get(item.id).then((stored) => stored?.upload?.status), 'pending')
  t.equal(await store.recordImage(item.id, `uploads/${item.id}/other.jpg`, { status: 'failed', reason: 'x' }), 'superseded', 'not its latest upload')
  t.equal(await store.startProcessing(item.id, first), 'recorded')
  t.equal(await store.startProcessing(item.id, first), 'recorded', 'a repeated event: the same progress stands')
  t.match(await store.get(item.id), { version: 3, upload: { status: 'processing' } })
  const thumbnails = { '200x200': 'a', '400x400': 'b', '800x800': 'c' }
  t.equal(await store.recordImage(item.id, first, { status: 'ready', thumbnails }), 'recorded')
  const ready = await store.get(item.id)
  t.match(ready, { version: 4, image: { status: 'ready', upload_key: first, content_type: 'image/jpeg', thumbnails, reason: null } })
  t.equal(ready?.upload, undefined, 'the ready upload is the image, no longer an upload')
  t.equal(await store.recordImage(item.id, first, { status: 'ready', thumbnails }), 'recorded', 'a repeated outcome')
  t.equal(await store.startProcessing(item.id, first), 'recorded', 'a late arrival of the upload that is the image')

  const second = `uploads/${item.id}/22222222-2222-4222-8222-222222222222.png`
  await store.startImage(item.id, { uploadKey: second, contentType: 'image/png', expiresAt })
  t.equal(await store.startProcessing(item.id, first), 'recorded', 'the image\'s upload, replaced as the latest but still shown')
  t.equal(await store.recordImage(item.id, second, { status: 'failed', reason: 'corrupt file' }), 'recorded')
  t.match(await store.get(item.id), { version: 6, image: { upload_key: first }, upload: { upload_key: second, status: 'failed', reason: 'corrupt file' } })
  t.equal(await store.startProcessing(item.id, second), 'recorded', 'a repeated event of a failed upload: its outcome stands')
  t.match(await store.get(item.id), { version: 6, upload: { status: 'failed' } }, 'and is not started again')

  const third = `uploads/${item.id}/33333333-3333-4333-8333-333333333333.jpg`
  await store.startImage(item.id, { uploadKey: third, contentType: 'image/jpeg', expiresAt })
  t.equal(await store.recordImage(item.id, second, { status: 'ready', thumbnails }), 'superseded', 'a newer upload replaced it')
  t.equal(await store.startProcessing(MISSING, third), 'missing')
  t.equal(await store.recordImage(MISSING, third, { status: 'ready', thumbnails }), 'missing')
})

t.test('a store closes its client', async (t) => {
  const { store } = await freshStore(t)
  await store.close()
  t.pass('closing twice is harmless')
})
