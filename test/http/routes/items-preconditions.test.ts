// Optimistic concurrency: ETag from the version, If-Match on PUT and DELETE, one conditional write each.
import type { FastifyInstance } from 'fastify'
import t from 'tap'
import { build, newItem } from '../../helper.ts'

const MISSING_ID = '00000000-0000-4000-8000-000000000000'

async function created (app: FastifyInstance): Promise<{ id: string, version: number }> {
  return (await app.inject({ method: 'POST', url: '/items', payload: newItem() })).json().data
}

const stored = async (app: FastifyInstance, id: string): Promise<Record<string, unknown> | undefined> => {
  const response = await app.inject({ url: `/items/${id}` })
  return response.statusCode === 200 ? response.json().data : undefined
}

t.test('POST, GET and PUT carry the version as a strong ETag', async (t) => {
  const app = await build(t)
  const post = await app.inject({ method: 'POST', url: '/items', payload: newItem() })
  t.equal(post.headers.etag, '"1"')
  const { id } = post.json().data
  t.equal((await app.inject({ url: `/items/${id}` })).headers.etag, '"1"')
  const put = await app.inject({ method: 'PUT', url: `/items/${id}`, payload: { price: 5 } })
  t.equal(put.headers.etag, '"2"')
  t.equal(put.json().data.version, 2)
  t.equal((await app.inject({ url: `/items/${id}` })).headers.etag, '"2"')
})

t.test('PUT with If-Match: applied when the ETag matches, 412 and nothing changed when it does not', async (t) => {
  const app = await build(t)
  const { id } = await created(app)
  const applied = await app.inject({ method: 'PUT', url: `/items/${id}`, headers: { 'if-match': '"1"' }, payload: { name: 'First' } })
  t.equal(applied.statusCode, 200)
  t.equal(applied.headers.etag, '"2"')

  const before = await stored(app, id)
  const stale = await app.inject({ method: 'PUT', url: `/items/${id}`, headers: { 'if-match': '"1"' }, payload: { name: 'Lost update' } })
  t.equal(stale.statusCode, 412)
  t.match(stale.json(), { success: false, error: { code: 'PRECONDITION_FAILED', message: `Item ${id} has changed: its ETag is not one that If-Match names` } })
  t.same(await stored(app, id), before, 'the stored item is unchanged')
})

t.test('DELETE with If-Match: 412 keeps the item, a matching ETag deletes it', async (t) => {
  const app = await build(t)
  const { id } = await created(app)
  const stale = await app.inject({ method: 'DELETE', url: `/items/${id}`, headers: { 'if-match': '"7"' } })
  t.equal(stale.statusCode, 412)
  t.equal(stale.json().error.code, 'PRECONDITION_FAILED')
  t.ok(await stored(app, id), 'still there')
  const deleted = await app.inject({ method: 'DELETE', url: `/items/${id}`, headers: { 'if-match': 'W/"9", "1"' } })
  t.equal(deleted.statusCode, 200)
  t.equal(await stored(app, id), undefined, 'gone')
})

t.test('If-Match: * means any existing item; a missing item is 404 whatever If-Match says, and nothing is created', async (t) => {
  const app = await build(t)
  const { id } = await created(app)
  t.equal((await app.inject({ method: 'PUT', url: `/items/${id}`, headers: { 'if-match': '*' }, payload: { price: 2 } })).statusCode, 200)
  for (const ifMatch of ['*', '"1"', '"abc"']) {
    const put = await app.inject({ method: 'PUT', url: `/items/${MISSING_ID}`, headers: { 'if-match': ifMatch }, payload: { price: 2 } })
    t.equal(put.statusCode, 404, `PUT, If-Match ${ifMatch}`)
    t.equal(put.json().error.code, 'ITEM_NOT_FOUND')
    const del = await app.inject({ method: 'DELETE', url: `/items/${MISSING_ID}`, headers: { 'if-match': ifMatch } })
    t.equal(del.statusCode, 404, `DELETE, If-Match ${ifMatch}`)
  }
  t.equal(await stored(app, MISSING_ID), undefined, 'nothing created')
  t.equal((await app.inject({ method: 'DELETE', url: `/items/${id}`, headers: { 'if-match': '*' } })).statusCode, 200)
})

t.test('strong comparison: a weak tag or a tag that is not a version never matches', async (t) => {
  const app = await build(t)
  const { id } = await created(app)
  for (const ifMatch of ['W/"1"', '"abc"', '"01"', ',']) {
    const put = await app.inject({ method: 'PUT', url: `/items/${id}`, headers: { 'if-match': ifMatch }, payload: { price: 3 } })
    t.equal(put.statusCode, 412, `PUT, If-Match ${ifMatch}`)
    const del = await app.inject({ method: 'DELETE', url: `/items/${id}`, headers: { 'if-match': ifMatch } })
    t.equal(del.statusCode, 412, `DELETE, If-Match ${ifMatch}`)
  }
  const listed = await app.inject({ method: 'PUT', url: `/items/${id}`, headers: { 'if-match': '"5", "a,b", "1"' }, payload: { price: 3 } })
  t.equal(listed.statusCode, 200, 'any tag of a list may match, commas inside a tag included')
  t.equal((await stored(app, id))?.version, 2)
})

t.test('a malformed If-Match is a 400 naming the header, and changes nothing', async (t) => {
  const app = await build(t)
  const { id } = await created(app)
  for (const ifMatch of ['1', '"1 "', '""1"', ' ', '"1" "2"', 'W/1', '*, "1"', '"1";']) {
    for (const method of ['PUT', 'DELETE'] as const) {
      const response = await app.inject({ method, url: `/items/${id}`, headers: { 'if-match': ifMatch }, payload: method === 'PUT' ? { price: 4 } : undefined })
      t.equal(response.statusCode, 400, `${method}, If-Match ${JSON.stringify(ifMatch)}`)
      t.match(response.json().error, { code: 'VALIDATION_ERROR', details: [{ field: 'If-Match' }] })
    }
  }
  t.match(await stored(app, id), { version: 1, price: 1299.99 }, 'unchanged')
})

t.test('50 concurrent PUTs with the same If-Match: exactly one applies, the rest are 412, the stored item is the winner\'s', async (t) => {
  const app = await build(t)
  const { id } = await created(app)
  const responses = await Promise.all(Array.from({ length: 50 }, async (_, index) =>
    await app.inject({ method: 'PUT', url: `/items/${id}`, headers: { 'if-match': '"1"' }, payload: { name: `Writer ${index}`, price: index + 1 } })))
  const statuses = responses.map((response) => response.statusCode)
  t.equal(statuses.filter((status) => status === 200).length, 1, 'one 200')
  t.equal(statuses.filter((status) => status === 412).length, 49, '49 × 412')
  const winner = responses.find((response) => response.statusCode === 200)!.json().data
  t.same(await stored(app, id), winner, 'the stored item is the winner\'s')
  t.equal(winner.version, 2)
})

t.test('the OpenAPI document declares If-Match and the 412 on PUT and DELETE', async (t) => {
  const app = await build(t)
  const document = (await app.inject({ url: '/openapi.json' })).json()
  for (const method of ['put', 'delete']) {
    const operation = document.paths['/items/{id}'][method]
    t.ok(operation.parameters.some((parameter: { in: string, name: string }) => parameter.in === 'header' && parameter.name === 'if-match'), `${method}: If-Match`)
    t.match(operation.responses['412'].description, /If-Match/)
  }
})

t.test('If-Match with many tags: 100 different ones reach the store\'s condition, 101 are a 400, repeats count once', async (t) => {
  const app = await build(t)
  const list = (versions: number[]): string => versions.map((version) => `"${version}"`).join(', ')
  const hundred = Array.from({ length: 100 }, (_, index) => index + 1)
  const order = (await app.inject({ method: 'POST', url: '/orders', payload: { customer_id: 'C-1', items: ['SKU-1'], total_amount: 1 } })).json().data
  const { id } = await created(app)
  for (const [method, url] of [['PUT', `/items/${id}`], ['POST', `/orders/${order.order_id}/cancel`]] as const) {
    const refused = await app.inject({ method, url, headers: { 'if-match': list([...hundred, 101]) }, payload: method === 'PUT' ? { price: 2 } : undefined })
    t.equal(refused.statusCode, 400, `${method} ${url}: 101 tags`)
    t.match(refused.json().error.details, [{ field: 'If-Match', message: 'must name at most 100 different entity tags' }])
    const applied = await app.inject({ method, url, headers: { 'if-match': list(hundred) }, payload: method === 'PUT' ? { price: 2 } : undefined })
    t.equal(applied.statusCode, 200, `${method} ${url}: 100 tags, the current version among them`)
  }
  t.equal((await app.inject({ method: 'DELETE', url: `/items/${id}`, headers: { 'if-match': list(Array(150).fill(2)) } })).statusCode, 200, '150 copies of one tag')
  t.equal((await app.inject({ method: 'DELETE', url: `/orders/${order.order_id}`, headers: { 'if-match': list([...hundred.slice(1), 2, 2]) } })).statusCode, 204)
})
