// The thumbnail function with real S3 events (local/aws-events/s3-base.json) against a real S3-compatible
// server and the real embedded DynamoDB: an upload becomes three thumbnails and a ready image; a corrupt, foreign or
// oversized file a failed one with its reason; a repeated event, or the form used again, once the image is ready or
// failed is ignored; an upload whose item was deleted, or replaced by a newer upload, is removed; a bad event is
// thrown, never dropped.
import { createHash, randomUUID } from 'node:crypto'
import type { S3Event } from 'aws-lambda'
import sharp from 'sharp'
import t, { type Test } from 'tap'
import type { BlobStore } from '../../../src/shared/blob-store.ts'
import { thumbnailKeys, uploadKey, type ImageContentType } from '../../../src/images/image-keys.ts'
import { UnknownUploadError, UploadsNotProcessedError } from '../../../src/handlers/on-image-upload.ts'
import { thumbnailsFunction, ThumbnailEventError } from '../../../src/platforms/aws/thumbnails-function.ts'
import { createDynamoDbClient } from '../../../src/adapters/dynamodb/dynamodb-client.ts'
import { DynamoDbItemStore } from '../../../src/adapters/dynamodb/dynamodb-item-store.ts'
import { StoreUnavailableError } from '../../../src/shared/store-errors.ts'
import { testConfig } from '../../helper.ts'
import { lambdaContext } from '../../../local/lambda-events.ts'
import { capture, testFunctionSettings } from './capture.ts'
import { TEST_BUCKETS, testS3 } from '../../s3.ts'
import { s3Event } from './s3-events.ts'
import { flatPng, gif, jpeg, png, svg, truncatedJpeg } from '../../../bench/image-samples.ts'

/** The function's settings; its stores are the test's own. */
const THUMBNAILS = { ...testFunctionSettings(), tableName: 'unused', imagesBucket: 'unused', s3Endpoint: undefined }

async function setup (t: Test, images?: BlobStore) {
  const config = await testConfig()
  const s3 = await testS3()
  const client = createDynamoDbClient(config, {})
  t.teardown(() => client.destroy())
  const items = new DynamoDbItemStore(client, config.tableName)
  const captured = capture()
  const handler = thumbnailsFunction(THUMBNAILS, { images: images ?? s3.images, items, log: captured.log })
  /** An item with an upload asked for and the file put where the form would put it. */
  const uploaded = async (bytes: Uint8Array, contentType: ImageContentType = 'image/jpeg') => {
    const item = await items.create({ name: 'Camera', price: 499 })
    const key = uploadKey(item.id, randomUUID(), contentType)
    await items.startImage(item.id, { uploadKey: key, contentType, expiresAt: Date.now() + 600_000 })
    await s3.images.put(key, bytes, { contentType })
    return { item, key, event: s3Event(key, bytes.length) }
  }
  return { items, handler, captured, s3, uploaded }
}

const invoke = async (handler: ReturnType<typeof thumbnailsFunction>, event: unknown) =>
  await handler(event as S3Event, lambdaContext('items-api-dev-thumbnails'))

t.test('an upload becomes three JPEG thumbnails with their metadata, and the item\'s image is ready', async (t) => {
  const { items, handler, captured, s3, uploaded } = await setup(t)
  const { item, key, event } = await uploaded(await png(1600, 900), 'image/png')
  const { result, documents } = await captured.emf(async () => await invoke(handler, event))
  t.same(result, { results: [{ kind: 'ready', itemId: item.id }] })
  const stored = await items.get(item.id)
  t.match(stored, { version: 4, image: { status: 'ready', upload_key: key, content_type: 'image/png', thumbnails: thumbnailKeys(key), reason: null } },
    'one version each for the upload asked for, its arrival and its thumbnails')
  t.equal(stored?.upload, undefined, 'the upload is the item\'s image now')
  for (const [size, thumbnail] of Object.entries(thumbnailKeys(key))) {
    const bytes = await s3.images.get(thumbnail)
    const meta = await sharp(bytes!).metadata()
    t.match(meta, { format: 'jpeg' }, `${size}: a JPEG`)
    t.equal(Math.max(meta.width, meta.height), Number(size.split('x')[0]), `${size}: fits its box`)
  }
  const head = await s3.images.client.send(new (await import('@aws-sdk/client-s3')).HeadObjectCommand({ Bucket: TEST_BUCKETS.images, Key: thumbnailKeys(key)['400x400'] }))
  t.same(head.Metadata, { 'source-key': key, 'source-format': 'png', 'source-size': '1600x900', size: '400x225' }, 'stored with its metadata')
  t.equal(head.ContentType, 'image/jpeg')
  t.match(documents[0], { ImagesReady: 1 })
  t.match(captured.lines.find((line) => line.msg === 'upload ready'), { key, itemId: item.id, aws_request_id: String })

  t.test('an upload from an IPv6 address is handled as any other', async (t) => {
    const other = await uploaded(await jpeg(64, 64))
    const fromIpv6 = structuredClone(other.event)
    fromIpv6.Records[0].requestParameters.sourceIPAddress = '2001:db8::1'
    t.same(await invoke(handler, fromIpv6), { results: [{ kind: 'ready', itemId: other.item.id }] })
  })

  t.test('the same event again, once the image is ready, is ignored', async (t) => {
    t.same(await invoke(handler, event), { results: [{ kind: 'ignored', itemId: item.id, status: 'ready' }] })
    t.match(await items.get(item.id), { version: 4, image: { status: 'ready', thumbnails: thumbnailKeys(key) } })
  })
})

t.test('the form used again once the image is ready or failed: nothing read or rewritten, and the invocation succeeds', async (t) => {
  const s3 = await testS3()
  const calls: string[] = []
  const watched: BlobStore = {
    get: async (key) => { calls.push(`get ${key}`); return await s3.images.get(key) },
    put: async (key, body, options) => { calls.push(`put ${key}`); await s3.images.put(key, body, options) },
    delete: async (keys) => { calls.push(`delete ${keys.join(' ')}`); await s3.images.delete(keys) }
  }
  const { items, handler, captured, uploaded } = await setup(t, watched)
  /** A digest of each thumbnail stored for `key`, or undefined for one not there. */
  const thumbnailsOf = async (key: string) => await Promise.all(Object.values(thumbnailKeys(key)).map(async (thumbnail) => {
    const bytes = await s3.images.get(thumbnail)
    return bytes && createHash('sha256').update(bytes).digest('hex')
  }))
  for (const [status, first] of [['ready', await jpeg(800, 600)], ['failed', Buffer.from('not an image')]] as const) {
    const { item, key, event } = await uploaded(first)
    await invoke(handler, event)
    const before = await items.get(item.id)
    t.match(before, status === 'ready' ? { image: { status } } : { upload: { status } }, `${status} after the first upload`)
    const thumbnails = await thumbnailsOf(key)
    // Within its 10 minutes, the same form posts another file to the same key.
    await s3.images.put(key, await png(1600, 900), { contentType: 'image/jpeg' })
    calls.length = 0
    const { result, documents } = await captured.emf(async () => await invoke(handler, event))
    t.same(result, { results: [{ kind: 'ignored', itemId: item.id, status }] }, `${status}: ignored`)
    t.same(calls, [], `${status}: the upload is not read, no thumbnail written or deleted`)
    t.same(await items.get(item.id), before, `${status}: the item is as it was, its version too`)
    t.same(await thumbnailsOf(key), thumbnails, `${status}: the thumbnails are the first upload's, or none`)
    t.match(documents[0], { UploadsIgnored: 1 }, `${status}: counted`)
    t.match(captured.lines.findLast((line) => line.msg === 'upload ignored'), { level: 30, key, itemId: item.id, status }, `${status}: logged`)
  }
})

t.test('a file that is not a usable image: the image fails with a reason, and the invocation succeeds', async (t) => {
  const { items, handler, uploaded } = await setup(t)
  const cases: Array<[string, Uint8Array, RegExp]> = [
    ['a truncated JPEG', await truncatedJpeg(), /the JPEG file is corrupt or truncated/],
    ['a text file', Buffer.from('not an image'), /not an image in a supported format/],
    ['a GIF', await gif(32, 32), /GIF is not supported/],
    ['an SVG', svg(32, 32), /SVG is not supported/],
    ['a 50-megapixel strip', await flatPng(200_000, 250, { depth: 1, colour: 'grey' }), /^200000 × 250 pixels is more than the 20,000 pixels allowed on a side$/]
  ]
  for (const [name, bytes, reason] of cases) {
    const { item, event } = await uploaded(bytes)
    t.same(await invoke(handler, event), { results: [{ kind: 'failed', itemId: item.id, reason: (await items.get(item.id))?.upload?.reason }] }, name)
    t.match(await items.get(item.id), { upload: { status: 'failed', reason } }, `${name}: failed, with why`)
  }
})

t.test('an object larger than 10 MiB is not read: the image fails, and the object is deleted', async (t) => {
  const { items, handler, s3, uploaded } = await setup(t)
  const { item, key } = await uploaded(await jpeg(64, 64))
  await invoke(handler, s3Event(key, 11 * 1024 * 1024))
  t.match(await items.get(item.id), { upload: { status: 'failed', reason: 'the file is 11534336 bytes, more than the 10 MiB allowed' } })
  t.equal(await s3.images.get(key), undefined)
})

t.test('an upload for an item deleted meanwhile is removed, with anything made of it', async (t) => {
  const { items, handler, s3, uploaded } = await setup(t)
  const { item, key, event } = await uploaded(await jpeg(800, 600))
  await items.delete(item.id)
  t.same(await invoke(handler, event), { results: [{ kind: 'removed', itemId: item.id, why: 'item deleted' }] })
  t.equal(await s3.images.get(key), undefined, 'the upload is gone')
  for (const thumbnail of Object.values(thumbnailKeys(key))) t.equal(await s3.images.get(thumbnail), undefined, `no ${thumbnail}`)
})

t.test('an item deleted while its thumbnails were made: they and the upload are removed', async (t) => {
  const { items, s3, uploaded } = await setup(t)
  const { item, key, event } = await uploaded(await jpeg(800, 600))
  // The item goes between the function's read and its write.
  const racing = { get: items.get.bind(items), startProcessing: items.startProcessing.bind(items), recordImage: async (...args: Parameters<typeof items.recordImage>) => { await items.delete(item.id); return await items.recordImage(...args) } }
  const captured = capture()
  const handler = thumbnailsFunction(THUMBNAILS, { images: s3.images, items: racing, log: captured.log })
  t.same(await invoke(handler, event), { results: [{ kind: 'removed', itemId: item.id, why: 'item deleted' }] })
  for (const leftover of [key, ...Object.values(thumbnailKeys(key))]) t.equal(await s3.images.get(leftover), undefined, `no ${leftover}`)
})

t.test('an upload replaced by a newer one is removed; the newer one stands', async (t) => {
  const { items, handler, s3, uploaded } = await setup(t)
  const { item, key, event } = await uploaded(await jpeg(800, 600))
  const newer = uploadKey(item.id, randomUUID(), 'image/jpeg')
  await items.startImage(item.id, { uploadKey: newer, contentType: 'image/jpeg', expiresAt: Date.now() + 600_000 })
  t.same(await invoke(handler, event), { results: [{ kind: 'removed', itemId: item.id, why: 'superseded' }] })
  t.equal(await s3.images.get(key), undefined)
  t.match(await items.get(item.id), { upload: { status: 'pending', upload_key: newer } })

  t.test('and one replaced while its thumbnails were made', async (t) => {
    const again = await uploaded(await jpeg(300, 300))
    const racing = {
      get: items.get.bind(items),
      startProcessing: items.startProcessing.bind(items),
      recordImage: async (...args: Parameters<typeof items.recordImage>) => {
        await items.startImage(again.item.id, { uploadKey: uploadKey(again.item.id, randomUUID(), 'image/png'), contentType: 'image/png', expiresAt: Date.now() + 600_000 })
        return await items.recordImage(...args)
      }
    }
    const captured = capture()
    const handler = thumbnailsFunction(THUMBNAILS, { images: s3.images, items: racing, log: captured.log })
    t.same(await invoke(handler, again.event), { results: [{ kind: 'removed', itemId: again.item.id, why: 'superseded' }] })
    t.equal(await s3.images.get(thumbnailKeys(again.key)['200x200']), undefined)
  })
})

t.test('an upload already gone (removed before a repeated event) leaves the item as it is', async (t) => {
  const { items, handler, s3, uploaded } = await setup(t)
  const { item, key, event } = await uploaded(await jpeg(100, 100))
  await s3.images.delete([key])
  t.same(await invoke(handler, event), { results: [{ kind: 'gone', itemId: item.id }] })
  t.match(await items.get(item.id), { upload: { status: 'processing' } })
})

t.test('what the function cannot handle is thrown, so Lambda retries it and then sends it to the destination', async (t) => {
  const { handler, captured } = await setup(t)
  const cases: Array<[string, unknown, new (...args: any[]) => Error, RegExp]> = [
    ['no records', {}, ThumbnailEventError, /not an S3 event notification/],
    ['an SQS event', { Records: [{ eventSource: 'aws:sqs', body: '{}' }] }, ThumbnailEventError, /not an S3 event notification/],
    ['a key this service never issues', s3Event('uploads/holiday.jpg', 10), UploadsNotProcessedError, /1 of 1 uploads not processed/]
  ]
  for (const [name, event, type, message] of cases) {
    const error = await invoke(handler, event).then(() => undefined, (thrown: unknown) => thrown)
    t.type(error, type, name)
    t.match((error as Error).message, message, name)
  }
  const unknown = captured.lines.find((line) => line.msg?.startsWith('upload not processed'))
  t.match(unknown, { level: 50, key: 'uploads/holiday.jpg', err: { type: 'UnknownUploadError' } })
  t.type(new UnknownUploadError('x'), Error)
})

t.test('S3 or DynamoDB out of reach: thrown, with the other records of the event still done', async (t) => {
  const s3 = await testS3()
  const failingImages: BlobStore = { get: async () => { throw new StoreUnavailableError(1) }, put: s3.images.put.bind(s3.images), delete: s3.images.delete.bind(s3.images) }
  const { handler, uploaded } = await setup(t, failingImages)
  const { event } = await uploaded(await jpeg(100, 100))
  await t.rejects(invoke(handler, event), { name: 'UploadsNotProcessedError', message: '1 of 1 uploads not processed', errors: [StoreUnavailableError] })
})

t.test('a key with a space arrives URL-encoded with "+", and is decoded', async (t) => {
  const { handler } = await setup(t)
  const event = s3Event('uploads/a b.jpg', 10)
  event.Records[0].s3.object.key = 'uploads/a+b.jpg'
  await t.rejects(invoke(handler, event), { name: 'UploadsNotProcessedError', errors: [{ key: 'uploads/a b.jpg' }] })
})
