// An image's life over HTTP, with the thumbnail function's work (src/handlers/on-image-upload.ts), against the real
// embedded DynamoDB and a real S3-compatible server: an upload is pending from its form until it arrives, a form
// refused or never used reads as failed once expired, a new form can be asked for at any time, and a ready image stays
// shown until a newer one is ready, whether that one fails or not.
import t, { type Test } from 'tap'
import { thumbnailKeys } from '../../../src/images/image-keys.ts'
import { processUpload } from '../../../src/handlers/on-image-upload.ts'
import type { ImageRecords } from '../../../src/images/image-records.ts'
import { jpeg } from '../../../bench/image-samples.ts'
import { postForm, testS3 } from '../../s3.ts'
import { appWithImages } from './app-with-images.ts'

async function setup (t: Test) {
  const { app, s3, items, item } = await appWithImages(t)
  const read = async () => (await app.inject(`/items/${item.id}`)).json().data
  const askForm = async () =>
    (await app.inject({ method: 'POST', url: `/items/${item.id}/image`, payload: { content_type: 'image/jpeg' } })).json().data
  /** Posts the form's file as a browser does, and hands the object created to the thumbnail function. */
  const upload = async (form: { upload: { url: string, fields: Record<string, string> }, key: string }, bytes: Uint8Array, records: ImageRecords = items) => {
    t.equal((await postForm(form.upload, bytes, 'image/jpeg')).status, 204, 'S3 takes the file')
    return await processUpload(form.key, bytes.length, { images: s3.images, items: records })
  }
  return { app, s3, items, item, read, askForm, upload }
}

/** The path of a presigned thumbnail URL: which upload's thumbnail it is. */
const pathOf = (url: string): string => decodeURIComponent(new URL(url).pathname)

t.test('a form S3 refuses, or never used: pending until it expires, then read as failed; a new form can be asked for', async (t) => {
  const { items, item, read, askForm, upload, app } = await setup(t)
  const form = await askForm()
  const refused = await postForm(form.upload, new Uint8Array(0), 'image/jpeg')
  t.equal(refused.status, 400, 'S3 refuses an empty file: nothing arrives')
  const pending = await read()
  t.match(pending, { image: { status: 'pending', thumbnails: null }, upload: { key: form.key, status: 'pending', expires_at: form.upload.expires_at } })
  t.notOk('reason' in pending.upload, 'no reason while pending')

  // The same upload as the store holds it, with its form's expiry a moment ago.
  const expiredAt = Date.now() - 1
  await items.startImage(item.id, { uploadKey: form.key, contentType: 'image/jpeg', expiresAt: expiredAt })
  const reason = `the upload never arrived: its form expired at ${new Date(expiredAt).toISOString()}`
  const expired = await app.inject(`/items/${item.id}`)
  t.match(expired.json().data, {
    image: { status: 'failed', thumbnails: null, reason },
    upload: { key: form.key, status: 'failed', reason, expires_at: new Date(expiredAt).toISOString() }
  }, 'read as failed, saying the upload never arrived')
  const again = await app.inject(`/items/${item.id}`)
  t.equal(again.headers.etag, expired.headers.etag, 'derived on reading: nothing is written')
  const listed = (await app.inject('/items')).json().data.find((candidate: { id: string }) => candidate.id === item.id)
  t.match(listed, { upload: { status: 'failed', reason } }, 'and so in the listing')

  const next = await askForm()
  t.not(next.key, form.key, 'a new form has a key of its own')
  t.match(await read(), { image: { status: 'pending' }, upload: { key: next.key, status: 'pending' } }, 'a new pending upload')
  t.same(await upload(next, await jpeg(400, 300)), { kind: 'ready', itemId: item.id })
  t.match(await read(), { image: { status: 'ready', thumbnails: { '200x200': String } }, upload: null }, 'the new upload is the image')
})

t.test('the thumbnail function moves an upload pending → processing → ready, a new version each', async (t) => {
  const { items, item, read, askForm, upload } = await setup(t)
  const form = await askForm()
  t.match(await read(), { upload: { status: 'pending' }, version: 2 })
  const seen: unknown[] = []
  const watching: ImageRecords = {
    get: items.get.bind(items),
    startProcessing: items.startProcessing.bind(items),
    recordImage: async (...args) => {
      seen.push(await read())
      return await items.recordImage(...args)
    }
  }
  t.same(await upload(form, await jpeg(800, 600), watching), { kind: 'ready', itemId: item.id })
  t.match(seen, [{ image: { status: 'processing', thumbnails: null }, upload: { key: form.key, status: 'processing' }, version: 3 }],
    'processing once the upload arrived, while the thumbnails are made')
  t.match(await read(), { image: { status: 'ready' }, upload: null, version: 4 })
  t.same(await processUpload(form.key, 10, { images: (await testS3()).images, items }), { kind: 'ignored', itemId: item.id, status: 'ready' },
    'the same event again is ignored')
  t.match(await read(), { version: 4 }, 'and changes nothing')
})

t.test('a ready image stays shown while a newer upload is pending, processing or failed; a newer ready one replaces it', async (t) => {
  const { s3, items, item, read, askForm, upload } = await setup(t)
  const first = await askForm()
  await upload(first, await jpeg(640, 480))
  const shownFirst = (await read()).image
  t.equal(pathOf(shownFirst.thumbnails['400x400']), `/test-images/${thumbnailKeys(first.key)['400x400']}`, 'A is shown')

  const second = await askForm()
  t.match(await read(), { image: { status: 'ready' }, upload: { key: second.key, status: 'pending' } }, 'A stays shown while B is pending')
  t.equal(pathOf((await read()).image.thumbnails['400x400']), `/test-images/${thumbnailKeys(first.key)['400x400']}`)
  const whileMade: unknown[] = []
  const watching: ImageRecords = {
    get: items.get.bind(items),
    startProcessing: items.startProcessing.bind(items),
    recordImage: async (...args) => {
      whileMade.push((await read()).image.thumbnails['400x400'])
      return await items.recordImage(...args)
    }
  }
  await upload(second, await jpeg(300, 300), watching)
  t.equal(pathOf(whileMade[0] as string), `/test-images/${thumbnailKeys(first.key)['400x400']}`, 'A stays shown while B is processing')
  const shownSecond = await read()
  t.match(shownSecond, { image: { status: 'ready' }, upload: null }, 'B ready replaces A')
  t.equal(pathOf(shownSecond.image.thumbnails['400x400']), `/test-images/${thumbnailKeys(second.key)['400x400']}`, 'B is shown')

  const third = await askForm()
  t.match(await upload(third, Buffer.from('not an image')), { kind: 'failed', reason: /not an image in a supported format/ })
  const afterFailure = await read()
  t.match(afterFailure, { image: { status: 'ready' }, upload: { key: third.key, status: 'failed', reason: /not an image/ } },
    'C failed: B stays shown, and the failure is visible')
  t.equal(pathOf(afterFailure.image.thumbnails['400x400']), `/test-images/${thumbnailKeys(second.key)['400x400']}`)
  t.ok(await s3.images.get(thumbnailKeys(second.key)['800x800']), 'B\'s thumbnails are kept')

  t.same(await processUpload(second.key, 10, { images: s3.images, items }), { kind: 'ignored', itemId: item.id, status: 'ready' },
    'an event for the image shown is ignored')
  t.same(await processUpload(first.key, 10, { images: s3.images, items }), { kind: 'removed', itemId: item.id, why: 'superseded' },
    'an event for a replaced upload removes it')
  t.equal(await s3.images.get(first.key), undefined)
})
