// Item images over HTTP, against the real embedded DynamoDB and a real S3-compatible server: the presigned POST and
// what its policy allows (the local server checks it as S3 does), the item's image while processing, ready and
// failed, and the errors: an unknown item, a type not allowed, no bucket, S3 failing.
import t from 'tap'
import { MAX_IMAGE_BYTES, thumbnailKeys } from '../../../src/images/image-keys.ts'
import { StoreUnavailableError } from '../../../src/shared/store-errors.ts'
import { build } from '../../helper.ts'
import { jpeg } from '../../../bench/image-samples.ts'
import { postForm } from '../../s3.ts'
import { appWithImages } from './app-with-images.ts'

const UNKNOWN = '6f1d2c3b-4a59-4e7f-8a9b-0c1d2e3f4a5b'

const policyOf = (fields: Record<string, string>): { expiration: string, conditions: unknown[] } =>
  JSON.parse(Buffer.from(fields.Policy, 'base64').toString('utf8'))

t.test('POST /items/{id}/image answers a presigned POST for one image of that type, at most 10 MiB', async (t) => {
  const { app, item, s3 } = await appWithImages(t)
  t.same(item.image, null, 'a new item has no image')
  const started = Date.now()
  const response = await app.inject({ method: 'POST', url: `/items/${item.id}/image`, payload: { content_type: 'image/jpeg' } })
  t.equal(response.statusCode, 201)
  const { data, message } = response.json()
  t.equal(message, 'Upload the image with this form within 10 minutes')
  t.match(data.key, new RegExp(`^uploads/${item.id}/[0-9a-f-]{36}\\.jpg$`))
  t.equal(data.upload.url, `${s3.endpoint}/test-images`)
  t.equal(data.upload.method, 'POST', 'on S3, a form to post')
  t.same(data.upload.headers, {}, 'no headers of its own')
  t.match(data.upload.fields, { key: data.key, 'Content-Type': 'image/jpeg', 'X-Amz-Algorithm': 'AWS4-HMAC-SHA256', Policy: String, 'X-Amz-Signature': /^[0-9a-f]{64}$/ })
  const expires = Date.parse(data.upload.expires_at)
  t.ok(expires >= started + 599_000 && expires <= Date.now() + 601_000, 'the form is good for 10 minutes')
  const policy = policyOf(data.upload.fields)
  t.equal(Date.parse(policy.expiration), Math.floor(expires / 1000) * 1000, 'and so says its policy')
  t.same(policy.conditions.filter((condition) => Array.isArray(condition)), [['eq', '$Content-Type', 'image/jpeg'], ['content-length-range', 1, MAX_IMAGE_BYTES]],
    'the policy holds the type and the size range')
  t.ok(policy.conditions.some((condition) => JSON.stringify(condition) === JSON.stringify({ key: data.key })), 'and this one key')
  t.match((await app.inject(`/items/${item.id}`)).json().data,
    { image: { status: 'pending', thumbnails: null }, upload: { key: data.key, status: 'pending', expires_at: data.upload.expires_at }, version: 2 },
    'the item\'s upload is pending from now on, and shown as its image while it has none ready')

  t.test('the form uploads the image; anything the policy does not allow is refused by S3', async (t) => {
    const image = await jpeg(640, 480)
    t.equal((await postForm(data.upload, image, 'image/jpeg')).status, 204, 'the image as the form says')
    t.same(await s3.images.get(data.key), new Uint8Array(image), 'stored under its key')
    const refused: Array<[string, Record<string, string>, Uint8Array, number, string]> = [
      ['another Content-Type', { ...data.upload.fields, 'Content-Type': 'text/html' }, image, 403, 'AccessDenied'],
      ['another key', { ...data.upload.fields, key: `uploads/${item.id}/other.jpg` }, image, 403, 'AccessDenied'],
      ['more than 10 MiB', data.upload.fields, new Uint8Array(MAX_IMAGE_BYTES + 1), 400, 'EntityTooLarge'],
      ['an empty file', data.upload.fields, new Uint8Array(0), 400, 'EntityTooSmall'],
      ['a field the policy does not name', { ...data.upload.fields, acl: 'public-read' }, image, 403, 'AccessDenied']
    ]
    for (const [name, fields, file, status, code] of refused) {
      const answer = await postForm({ url: data.upload.url, fields }, file, 'image/jpeg')
      t.equal(answer.status, status, name)
      t.match(await answer.text(), `<Code>${code}</Code>`, `${name}: ${code}`)
    }
  })
})

t.test('each content type gets its extension; anything else is a 400 naming content_type', async (t) => {
  const { app, item } = await appWithImages(t)
  for (const [type, extension] of [['image/png', 'png'], ['image/webp', 'webp']]) {
    const { data } = (await app.inject({ method: 'POST', url: `/items/${item.id}/image`, payload: { content_type: type } })).json()
    t.match(data.key, new RegExp(`\\.${extension}$`), type)
  }
  for (const payload of [{ content_type: 'image/gif' }, { content_type: 'text/html' }, {}, { content_type: 'image/png', size: 1 }]) {
    const response = await app.inject({ method: 'POST', url: `/items/${item.id}/image`, payload })
    t.equal(response.statusCode, 400, JSON.stringify(payload))
    t.match(response.json(), { success: false, error: { code: 'VALIDATION_ERROR' } })
  }
  const notUuid = await app.inject({ method: 'POST', url: '/items/nope/image', payload: { content_type: 'image/png' } })
  t.match(notUuid.json(), { error: { code: 'VALIDATION_ERROR', details: [{ field: 'id' }] } })
})

t.test('an unknown item is a 404, and nothing is stored', async (t) => {
  const { app } = await appWithImages(t)
  const response = await app.inject({ method: 'POST', url: `/items/${UNKNOWN}/image`, payload: { content_type: 'image/png' } })
  t.equal(response.statusCode, 404)
  t.match(response.json(), { success: false, error: { code: 'ITEM_NOT_FOUND', message: `Item ${UNKNOWN} not found` } })
  t.equal((await app.inject(`/items/${UNKNOWN}`)).statusCode, 404)
})

t.test('a ready image shows presigned URLs of its thumbnails, in the item and in the listing; a failed one its reason', async (t) => {
  const { app, items, item, s3 } = await appWithImages(t)
  const { data } = (await app.inject({ method: 'POST', url: `/items/${item.id}/image`, payload: { content_type: 'image/jpeg' } })).json()
  const keys = thumbnailKeys(data.key)
  for (const key of Object.values(keys)) await s3.images.put(key, await jpeg(10, 10), { contentType: 'image/jpeg' })
  t.equal(await items.recordImage(item.id, data.key, { status: 'ready', thumbnails: keys }), 'recorded')

  const read = await app.inject(`/items/${item.id}`)
  const { image, version } = read.json().data
  t.equal(version, 3)
  t.equal(read.headers.etag, '"3"', 'the image\'s progress is a new version')
  t.same(Object.keys(image), ['status', 'thumbnails'])
  t.equal(read.json().data.upload, null, 'the ready upload is the image, no longer an upload')
  t.equal(image.status, 'ready')
  for (const [size, url] of Object.entries(image.thumbnails as Record<string, string>)) {
    const parsed = new URL(url)
    t.equal(parsed.pathname, `/test-images/${keys[size as keyof typeof keys]}`, `${size}: its thumbnail`)
    t.equal(parsed.searchParams.get('X-Amz-Expires'), '900', `${size}: valid 15 minutes`)
    // SigV4, host only: the URL works from a browser's <img>. (The local server does not check GET signatures; S3 does.)
    t.match(Object.fromEntries(parsed.searchParams), { 'X-Amz-Algorithm': 'AWS4-HMAC-SHA256', 'X-Amz-SignedHeaders': 'host', 'X-Amz-Signature': /^[0-9a-f]{64}$/ })
    const fetched = await fetch(url)
    t.equal(fetched.status, 200, `${size}: readable with no credentials but the URL's`)
  }
  const listed = (await app.inject('/items')).json().data
  t.match(listed.find((candidate: { id: string }) => candidate.id === item.id), { image: { status: 'ready', thumbnails: { '800x800': String } } })

  t.equal(await items.recordImage(item.id, data.key, { status: 'failed', reason: 'GIF is not supported' }), 'recorded',
    'a repeated outcome of the image\'s own upload is recorded already')
  t.match((await app.inject(`/items/${item.id}`)).json().data, { image: { status: 'ready' }, version: 3 }, 'and changes nothing')
  t.equal(await items.recordImage(item.id, 'uploads/an-older-one.jpg', { status: 'failed', reason: 'x' }), 'superseded')
  t.equal(await items.recordImage(UNKNOWN, data.key, { status: 'failed', reason: 'x' }), 'missing')
  t.equal(await items.startImage(UNKNOWN, { uploadKey: data.key, contentType: 'image/jpeg', expiresAt: Date.now() }), undefined)
  t.equal(await items.startProcessing(UNKNOWN, data.key), 'missing')
})

t.test('a failed upload with no ready image: the image shows the failure and its reason', async (t) => {
  const { app, items, item } = await appWithImages(t)
  const { data } = (await app.inject({ method: 'POST', url: `/items/${item.id}/image`, payload: { content_type: 'image/png' } })).json()
  t.equal(await items.recordImage(item.id, data.key, { status: 'failed', reason: 'GIF is not supported' }), 'recorded')
  t.match((await app.inject(`/items/${item.id}`)).json().data, {
    image: { status: 'failed', thumbnails: null, reason: 'GIF is not supported' },
    upload: { key: data.key, status: 'failed', reason: 'GIF is not supported', expires_at: data.upload.expires_at }
  })
})

t.test('without an images bucket (npm run dev) uploads answer 503, and items still read', async (t) => {
  const app = await build(t)
  const created = (await app.inject({ method: 'POST', url: '/items', payload: { name: 'Camera', price: 499 } })).json().data
  const response = await app.inject({ method: 'POST', url: `/items/${created.id}/image`, payload: { content_type: 'image/png' } })
  t.equal(response.statusCode, 503)
  t.match(response.json(), { error: { code: 'SERVICE_UNAVAILABLE', message: 'Image uploads are unavailable: no images bucket is configured' } })
  t.equal(response.headers['retry-after'], '1')
  t.match((await app.inject(`/items/${created.id}`)).json().data, { image: null })
})

t.test('S3 failing: unavailable is a 503 with Retry-After, anything else a 500 that reveals nothing; the item is left as it was', async (t) => {
  for (const [status, error] of [[503, new StoreUnavailableError(1)], [500, new Error('AccessDenied: not allowed to sign')]] as const) {
    const fail = async (): Promise<never> => { throw error }
    const app = await build(t, {}, { links: { uploadForm: fail, viewUrls: fail } })
    const created = (await app.inject({ method: 'POST', url: '/items', payload: { name: 'Camera', price: 499 } })).json().data
    const response = await app.inject({ method: 'POST', url: `/items/${created.id}/image`, payload: { content_type: 'image/png' } })
    t.equal(response.statusCode, status)
    t.notMatch(response.body, /AccessDenied/)
    t.match((await app.inject(`/items/${created.id}`)).json().data, { image: null, upload: null, version: 1 })
  }
})
