// Request bodies the service refuses, each in the contract's error shape: media types other than JSON (415), bodies
// that are no JSON, not UTF-8 or poisoned (400), bodies over the limit (413).
import t from 'tap'
import { build, newItem } from '../../helper.ts'
import { assertError } from '../assert-error.ts'

const ID = '6f1d2c3b-4a59-4e7f-8a9b-0c1d2e3f4a5b'

t.test('media types: only application/json bodies, else 415', async (t) => {
  const app = await build(t)
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x']) {
    const response = await app.inject({ method: 'POST', url: '/items', headers: { 'content-type': type }, payload: 'name=Laptop&price=1' })
    assertError(t, response, 415, 'UNSUPPORTED_MEDIA_TYPE')
    const put = await app.inject({ method: 'PUT', url: `/items/${ID}`, headers: { 'content-type': type }, payload: 'name=x' })
    assertError(t, put, 415, 'UNSUPPORTED_MEDIA_TYPE')
  }
  const charset = await app.inject({ method: 'POST', url: '/items', headers: { 'content-type': 'application/json; charset=utf-8' }, payload: JSON.stringify(newItem()) })
  t.equal(charset.statusCode, 201, 'a charset parameter is fine')
})

t.test('a body without a content type is 415; no body at all is a 400', async (t) => {
  const app = await build(t)
  const untyped = await app.inject({ method: 'POST', url: '/items', payload: Buffer.from(JSON.stringify(newItem())) })
  assertError(t, untyped, 415, 'UNSUPPORTED_MEDIA_TYPE')
  const empty = await app.inject({ method: 'POST', url: '/items' })
  assertError(t, empty, 400, 'VALIDATION_ERROR')
  const emptyJson = await app.inject({ method: 'POST', url: '/items', headers: { 'content-type': 'application/json' }, payload: '' })
  assertError(t, emptyJson, 400, 'VALIDATION_ERROR')
})

t.test('malformed JSON and prototype-poisoning keys are 400', async (t) => {
  const app = await build(t)
  for (const payload of ['{"name": "x", "price": ', '{name: "x"}', '{"name":"x","price":1}}', '\u0000',
    '{"__proto__": {"admin": true}, "name": "x", "price": 1}',
    '{"constructor": {"prototype": {"admin": true}}, "name": "x", "price": 1}']) {
    const response = await app.inject({ method: 'POST', url: '/items', headers: { 'content-type': 'application/json' }, payload })
    assertError(t, response, 400, 'VALIDATION_ERROR')
  }
  t.equal((await app.inject({ url: '/items' })).json().count, 0, 'nothing was stored')
})

t.test('a body that is not valid UTF-8 is 400, not stored with replacement characters', async (t) => {
  const app = await build(t)
  const json = { 'content-type': 'application/json' }
  for (const bytes of [[0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xe2, 0x82]]) {
    const payload = Buffer.concat([Buffer.from('{"name":"ab'), Buffer.from(bytes), Buffer.from('","price":1}')])
    const response = await app.inject({ method: 'POST', url: '/items', headers: json, payload })
    assertError(t, response, 400, 'VALIDATION_ERROR')
    t.equal(response.json().error.message, 'Request body is not valid UTF-8')
  }
  t.equal((await app.inject({ url: '/items' })).json().count, 0, 'nothing was stored')
  const valid = await app.inject({ method: 'POST', url: '/items', headers: json, payload: Buffer.from('\ufeff{"name":"Café ☕ 𝄞","price":1}') })
  t.equal(valid.statusCode, 201, 'UTF-8 with a byte order mark and characters beyond the BMP is fine')
  t.equal(valid.json().data.name, 'Café ☕ 𝄞')
})

t.test('bodies over 64 KiB are 413', async (t) => {
  const app = await build(t)
  const payload = JSON.stringify(newItem({ description: 'x'.repeat(70 * 1024) }))
  assertError(t, await app.inject({ method: 'POST', url: '/items', headers: { 'content-type': 'application/json' }, payload }), 413, 'PAYLOAD_TOO_LARGE')
  assertError(t, await app.inject({ method: 'PUT', url: `/items/${ID}`, headers: { 'content-type': 'application/json' }, payload }), 413, 'PAYLOAD_TOO_LARGE')
})
