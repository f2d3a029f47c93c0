// The thumbnail function on Azure fed Event Grid's BlobCreated events as the storage account's system topic sends
// them, over Cosmos DB's item store (a real Cosmos-compatible server) and an object store on a real S3-compatible
// server: an upload becomes its thumbnails and a ready image; an oversized one is refused by the event's size before
// it is read; an event that is not an upload of the images container is thrown, never dropped.
import { randomUUID } from 'node:crypto'
import functions, { type EventGridEvent } from '@azure/functions'
import t, { type Test } from 'tap'
import { jpeg } from '../../../bench/image-samples.ts'
import { createCosmosClient } from '../../../src/adapters/cosmos/cosmos-client.ts'
import { CosmosItemStore } from '../../../src/adapters/cosmos/cosmos-item-store.ts'
import { MAX_IMAGE_BYTES, thumbnailKeys, uploadKey } from '../../../src/images/image-keys.ts'
import { BlobEventError, createdBlob, thumbnailsEvent } from '../../../src/platforms/azure/thumbnails-event.ts'
import { freshCosmos } from '../../adapters/cosmos/cosmos-server.ts'
import { testS3 } from '../../s3.ts'
import { capture } from '../aws/capture.ts'
import { blobCreatedEvent } from '../../../local/azure/blob-created-driver.ts'
import { blobItem } from './blob-item.ts'

const SETTINGS = { environment: 'test', serviceName: 'items-api', logLevel: 'debug' } as const
const CONTAINER = 'images'

/** Event Grid's BlobCreated for `key` in `container`, as the storage account's system topic sends it. */
const blobCreated = (key: string, contentLength: number, container = CONTAINER): EventGridEvent =>
  blobCreatedEvent(blobItem(key, contentLength, '0x8DD0000000000000'), `https://itemsapi.blob.core.windows.net/${container}`, 'itemsapi')

async function setup (t: Test) {
  const { location, databaseId, names } = await freshCosmos(t)
  const items = new CosmosItemStore(createCosmosClient(location), databaseId, names.items)
  t.teardown(() => items.close())
  const { images } = await testS3()
  const captured = capture()
  const handler = thumbnailsEvent(SETTINGS, { images, items, container: CONTAINER }, captured.log)
  const context = new functions.InvocationContext({ invocationId: 'i-1', functionName: 'thumbnails' })
  const uploaded = async (bytes: Uint8Array) => {
    const item = await items.create({ name: 'Camera', price: 499 })
    const key = uploadKey(item.id, randomUUID(), 'image/jpeg')
    await items.startImage(item.id, { uploadKey: key, contentType: 'image/jpeg', expiresAt: Date.now() + 600_000 })
    await images.put(key, bytes, { contentType: 'image/jpeg' })
    return { item, key }
  }
  return { items, images, handler, context, captured, uploaded }
}

t.test('an upload becomes its thumbnails, and the item\'s image is ready', async (t) => {
  const { items, images, handler, context, uploaded } = await setup(t)
  const bytes = await jpeg(1200, 900)
  const { item, key } = await uploaded(bytes)
  t.match(await handler(blobCreated(key, bytes.length), context), [{ kind: 'ready', itemId: item.id }])
  for (const thumbnail of Object.values(thumbnailKeys(key))) t.ok(await images.get(thumbnail), `${thumbnail} stored`)
  t.match((await items.get(item.id))?.image, { status: 'ready', upload_key: key })
})

t.test('an upload over 10 MiB, as the event says, is refused and deleted before it is read', async (t) => {
  const { items, images, handler, context, uploaded } = await setup(t)
  const { item, key } = await uploaded(new Uint8Array([1, 2, 3]))
  const readBefore = images.get
  let reads = 0
  images.get = async (asked) => { reads++; return await readBefore.call(images, asked) }
  t.match(await handler(blobCreated(key, MAX_IMAGE_BYTES + 1), context), [{ kind: 'failed', itemId: item.id }])
  t.equal(reads, 0, 'not a byte read')
  t.equal(await readBefore.call(images, key), undefined, 'the upload deleted')
  t.match((await items.get(item.id))?.upload, { status: 'failed', reason: /10 MiB|too large|larger/i })
})

t.test('an upload that is no image is refused with the reason on the item, and makes no thumbnail', async (t) => {
  const { items, images, handler, context, uploaded } = await setup(t)
  const bytes = new TextEncoder().encode('<html>not an image</html>')
  const { item, key } = await uploaded(bytes)
  t.match(await handler(blobCreated(key, bytes.length), context), [{ kind: 'failed', itemId: item.id, reason: String }])
  for (const thumbnail of Object.values(thumbnailKeys(key))) t.equal(await images.get(thumbnail), undefined, `no ${thumbnail}`)
  t.match((await items.get(item.id))?.upload, { status: 'failed', reason: /not|unsupported|format/i })
})

t.test('an event that is not a BlobCreated of the images container is thrown, so that Event Grid retries and dead-letters it', async (t) => {
  const { handler, context, captured } = await setup(t)
  await t.rejects(handler(blobCreated('uploads/x.jpg', 10, 'reports'), context), new BlobEventError('a blob of container reports, not of the images container images'))
  await t.rejects(handler({ ...blobCreated('uploads/x.jpg', 10), eventType: 'Microsoft.Storage.BlobDeleted' }, context), BlobEventError)
  t.equal(captured.lines.filter((line) => line.msg === 'not an upload of the images container').length, 2)
  t.throws(() => createdBlob({ eventType: 'Microsoft.Storage.BlobCreated', subject: '/blobServices/default/containers/images', data: {} }), /^not a BlobCreated event of Blob Storage: subject/)
  t.same(createdBlob({ eventType: 'Microsoft.Storage.BlobCreated', subject: '/blobServices/default/containers/images/blobs/uploads/a/b.png', data: {} }),
    { container: 'images', key: 'uploads/a/b.png', size: undefined }, 'no size said: the handler reads the blob to learn it')
})
