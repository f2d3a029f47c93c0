// Items CRUD through inject, against the real embedded DynamoDB.
import t from 'tap'
import { build, newItem, UUID_V4 } from '../../helper.ts'

const MISSING_ID = '00000000-0000-4000-8000-000000000000'

t.test('create answers 201 with the item, its Location and the success envelope', async (t) => {
  const app = await build(t)
  const response = await app.inject({ method: 'POST', url: '/items', payload: newItem() })
  t.equal(response.statusCode, 201)
  const body = response.json()
  t.match(body, {
    success: true,
    message: 'Item created successfully',
    data: { name: 'Laptop', description: 'High-performance development laptop', price: 1299.99, version: 1 }
  })
  t.match(body.data.id, UUID_V4)
  t.equal(response.headers.location, `/items/${body.data.id}`)
  t.same(Object.keys(body.data).sort(), ['created_at', 'description', 'id', 'image', 'name', 'price', 'updated_at', 'upload', 'version'])
  t.equal(body.data.image, null, 'no image until one is uploaded')
  t.equal(body.data.upload, null, 'and no upload')
})

t.test('create without description stores null', async (t) => {
  const app = await build(t)
  const response = await app.inject({ method: 'POST', url: '/items', payload: { name: 'Pen', price: 0.5 } })
  t.equal(response.statusCode, 201)
  t.equal(response.json().data.description, null)
})

t.test('get, update, delete walk an item through its life', async (t) => {
  const app = await build(t)
  const { data: created } = (await app.inject({ method: 'POST', url: '/items', payload: newItem() })).json()

  const read = await app.inject({ url: `/items/${created.id}` })
  t.equal(read.statusCode, 200)
  t.same(read.json(), { success: true, data: created })

  const updated = await app.inject({ method: 'PUT', url: `/items/${created.id}`, payload: { name: 'Updated Laptop', price: 1199.99 } })
  t.equal(updated.statusCode, 200)
  t.match(updated.json(), {
    success: true,
    message: 'Item updated successfully',
    data: { id: created.id, name: 'Updated Laptop', price: 1199.99, description: created.description, version: 2, created_at: created.created_at }
  })

  const cleared = await app.inject({ method: 'PUT', url: `/items/${created.id}`, payload: { description: null } })
  t.equal(cleared.json().data.description, null)
  t.equal(cleared.json().data.version, 3)

  const deleted = await app.inject({ method: 'DELETE', url: `/items/${created.id}` })
  t.equal(deleted.statusCode, 200)
  t.same(deleted.json(), { success: true, message: 'Item deleted successfully' })

  const gone = await app.inject({ url: `/items/${created.id}` })
  t.equal(gone.statusCode, 404)
  t.equal(gone.json().error.code, 'ITEM_NOT_FOUND')
})

t.test('missing ids are 404 ITEM_NOT_FOUND, and update or delete creates nothing', async (t) => {
  const app = await build(t)
  for (const request of [
    { method: 'GET' as const, url: `/items/${MISSING_ID}` },
    { method: 'PUT' as const, url: `/items/${MISSING_ID}`, payload: { name: 'Ghost' } },
    { method: 'DELETE' as const, url: `/items/${MISSING_ID}` }
  ]) {
    const response = await app.inject(request)
    t.equal(response.statusCode, 404, request.method)
    t.match(response.json(), { success: false, error: { code: 'ITEM_NOT_FOUND', message: `Item ${MISSING_ID} not found` } })
    t.equal(response.json().request_id, response.headers['x-request-id'])
  }
  const list = await app.inject({ url: '/items' })
  t.equal(list.json().count, 0)
})

t.test('list pages through every item exactly once', async (t) => {
  const app = await build(t)
  const ids = new Set<string>()
  for (let i = 0; i < 27; i++) {
    ids.add((await app.inject({ method: 'POST', url: '/items', payload: newItem({ name: `Item ${i}` }) })).json().data.id)
  }
  const seen: string[] = []
  let url = '/items?limit=10'
  for (let pages = 0; pages < 10; pages++) {
    const response = await app.inject({ url })
    t.equal(response.statusCode, 200)
    const body = response.json()
    t.equal(body.count, body.data.length)
    t.ok(body.count <= 10)
    seen.push(...body.data.map((item: { id: string }) => item.id))
    if (body.next_cursor === null) break
    url = `/items?limit=10&cursor=${encodeURIComponent(body.next_cursor)}`
  }
  t.equal(seen.length, 27, 'no item repeated')
  t.same(new Set(seen), ids, 'no item missing')
})

t.test('list defaults to 20 items a page', async (t) => {
  const app = await build(t)
  await Promise.all(Array.from({ length: 25 }, (_, i) => app.inject({ method: 'POST', url: '/items', payload: newItem({ name: `n${i}` }) })))
  const body = (await app.inject({ url: '/items' })).json()
  t.equal(body.count, 20)
  t.type(body.next_cursor, 'string')
})

t.test('200 concurrent creates, each retried after a 503 with its Idempotency-Key, are 200 items, all readable', async (t) => {
  const app = await build(t)
  // On a loaded machine the store may time out some of 200 writes at once: the service answers 503 with Retry-After,
  // and a client retries with the same key, as the contract says. What must hold is that nothing is lost or doubled.
  const create = async (i: number): Promise<{ statusCode: number, json: () => any }> => {
    for (let attempt = 1; ; attempt++) {
      const response = await app.inject({ method: 'POST', url: '/items', headers: { 'idempotency-key': `concurrent-${i}` }, payload: newItem({ name: `Concurrent ${i}`, price: i + 1 }) })
      if (response.statusCode !== 503 || attempt === 5) return response
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt))
    }
  }
  const responses = await Promise.all(Array.from({ length: 200 }, async (_, i) => await create(i)))
  t.same(responses.map((response) => response.statusCode).filter((status) => status !== 201), [], 'every create answered 201, at once or on a retry')
  const created = responses.map((response) => response.json().data)
  t.equal(new Set(created.map((item) => item.id)).size, 200)
  const reads = await Promise.all(created.map((item) => app.inject({ url: `/items/${item.id}` })))
  t.same(reads.map((read) => read.json().data), created)
  let stored = 0
  for (let cursor: string | null = null, first = true; first || cursor !== null; first = false) {
    const page: any = (await app.inject({ url: `/items?limit=100${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}` })).json()
    stored += page.count
    cursor = page.next_cursor
  }
  t.equal(stored, 200, 'no create made twice')
})

t.test('query strings coerce: limit=5 is the number 5', async (t) => {
  const app = await build(t)
  await Promise.all(Array.from({ length: 7 }, () => app.inject({ method: 'POST', url: '/items', payload: newItem() })))
  t.equal((await app.inject({ url: '/items?limit=5' })).json().count, 5)
})

t.test('a trailing slash does not matter: /items/ is /items, /items/{id}/ is /items/{id}', async (t) => {
  const app = await build(t)
  const created = (await app.inject({ method: 'POST', url: '/items/', payload: newItem() })).json()
  t.equal(created.success, true, 'POST /items/ creates')
  const list = await app.inject({ url: '/items/?limit=5' })
  t.equal(list.statusCode, 200)
  t.equal(list.json().count, 1, 'GET /items/ lists, with its query')
  const read = await app.inject({ url: `/items/${created.data.id}/` })
  t.equal(read.json().data.id, created.data.id)
})
