// GET /orders/search through inject, against the real embedded DynamoDB and the embedded search index: words,
// filters, 503 without a projection, and paging with signed cursors.
import t from 'tap'
import { EmbeddedSearchIndex } from '../../../local/embedded-search-index.ts'
import { SearchUnavailableError, type SearchIndex } from '../../../src/orders/order-search.ts'
import { build, loggedLines } from '../../helper.ts'

const ORDER = { customer_id: 'CUST-1', items: ['SKU-LAPTOP-15', 'SKU-MOUSE-01'], total_amount: 1319.99 }

t.test('search: 503 without a projection; with one, every word, filters and limit, newest first', async (t) => {
  const none = await build(t)
  const unavailable = await none.inject('/orders/search?q=laptop')
  t.equal(unavailable.statusCode, 503)
  t.equal(unavailable.headers['retry-after'], '1')
  t.match(unavailable.json().error, { code: 'SERVICE_UNAVAILABLE', message: /no search index is configured/ })

  const search = new EmbeddedSearchIndex()
  const app = await build(t, {}, { search })
  const placed = []
  for (const payload of [ORDER, { ...ORDER, customer_id: 'CUST-2', items: ['SKU-LAPTOP-13'] }, { ...ORDER, items: ['SKU-DESK'] }]) {
    const order = (await app.inject({ method: 'POST', url: '/orders', payload })).json().data
    await search.upsert(order)
    placed.push(order.order_id)
  }
  const ids = async (query: string): Promise<string[]> => {
    const response = await app.inject(`/orders/search?${query}`)
    t.equal(response.statusCode, 200, query)
    return response.json().data.map((order: { order_id: string }) => order.order_id)
  }
  t.same(await ids('q=laptop'), [placed[1], placed[0]], 'a word matches the start of an indexed word, newest first')
  t.same(await ids('q=LAPTOP%2015'), [placed[0]], 'every word must match, whatever its case')
  t.same(await ids('q=laptop&customer_id=CUST-2'), [placed[1]])
  t.same(await ids('q=created&limit=2'), [placed[2], placed[1]])
  t.same(await ids('q=cust&status=CANCELLED'), [])
  t.same(await ids('q=nothing'), [])
  for (const query of ['q=', 'q=%20', 'q=---', `q=${'a'.repeat(201)}`, 'q=a&status=LOST', 'q=a&limit=0']) {
    t.equal((await app.inject(`/orders/search?${query}`)).statusCode, 400, query)
  }

  const down: SearchIndex = {
    upsert: async () => {},
    remove: async () => {},
    search: async () => { throw new SearchUnavailableError('connect ECONNREFUSED') },
    close: async () => {}
  }
  const failing = await build(t, { LOG_LEVEL: 'info' }, { search: down })
  const lines = loggedLines(failing)
  t.equal((await failing.inject('/orders/search?q=a')).statusCode, 503, 'an unreachable projection is a 503')
  t.match(lines.find((line) => line.level === 'warn'), { msg: 'the search index could not be reached', err: { message: 'connect ECONNREFUSED' } }, 'logged with its cause')
  t.notOk(lines.some((line) => line.level === 'error'), 'once, as a warning')

  const unconfigured = await build(t, { LOG_LEVEL: 'info' })
  const quiet = loggedLines(unconfigured)
  t.equal((await unconfigured.inject('/orders/search?q=a')).statusCode, 503)
  t.same(quiet.map((line) => [line.level, line.status]), [['info', 503]], 'a stage without search: the request\'s line, no error')
})

t.test('search pages: q optional, filters alone, next_cursor through every match; a forged or foreign cursor is a 400', async (t) => {
  const search = new EmbeddedSearchIndex()
  const app = await build(t, {}, { search })
  const placed: string[] = []
  for (let n = 0; n < 5; n++) {
    const order = (await app.inject({ method: 'POST', url: '/orders', payload: { ...ORDER, customer_id: n % 2 === 0 ? 'CUST-1' : 'CUST-2' } })).json().data
    await search.upsert(order)
    placed.push(order.order_id)
  }
  const newestFirst = [...placed].reverse()
  const walk = async (query: string): Promise<{ ids: string[], counts: number[] }> => {
    const ids: string[] = []
    const counts: number[] = []
    let cursor: string | null = null
    do {
      const url: string = `/orders/search?${query}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`
      const response = await app.inject(url)
      t.equal(response.statusCode, 200, url)
      const body = response.json()
      ids.push(...body.data.map((order: { order_id: string }) => order.order_id))
      counts.push(body.count)
      cursor = body.next_cursor
    } while (cursor !== null && counts.length < 10)
    return { ids, counts }
  }
  // The orders were placed within a few milliseconds, often in the same one: the sort's tiebreak is the id.
  const all = await walk('limit=2')
  t.same(all.counts, [2, 2, 1], 'no q and no filter: every order, two a page, and no cursor after the last')
  t.same(new Set(all.ids), new Set(placed), 'each order once')
  t.same(all.ids, (await app.inject('/orders/search?limit=100')).json().data.map((order: { order_id: string }) => order.order_id), 'in the order of one page')
  t.equal(all.ids[0], newestFirst[0], 'newest first')
  t.same((await walk('customer_id=CUST-2&limit=1')).counts, [1, 1], 'a filter alone is a search')
  t.same((await walk('q=laptop&customer_id=CUST-1&limit=2')).counts, [2, 1])
  const exact = await app.inject('/orders/search?limit=5')
  t.equal(exact.json().next_cursor, null, 'a page that holds the last match has no next cursor')

  const first = (await app.inject('/orders/search?limit=2')).json().next_cursor as string
  const [version, payload, mac] = first.split('.')
  const forged = `${version}.${Buffer.from(JSON.stringify(['9999-12-31T00:00:00.000Z', 'ORD-99991231-ffffffff'])).toString('base64url')}.${mac}`
  const itemsCursor = (await (async () => {
    for (let n = 0; n < 2; n++) await app.inject({ method: 'POST', url: '/items', payload: { name: 'A', price: 1 } })
    return (await app.inject('/items?limit=1')).json().next_cursor as string
  })())
  for (const [cursor, what] of [[forged, 'a payload altered'], ['c1.e30.AAAA', 'made by hand'], [itemsCursor, 'another listing\'s'], [payload, 'not a cursor']]) {
    const response = await app.inject(`/orders/search?limit=2&cursor=${encodeURIComponent(cursor)}`)
    t.equal(response.statusCode, 400, what)
    t.match(response.json(), { success: false, error: { code: 'VALIDATION_ERROR', details: [{ field: 'cursor' }] }, request_id: String }, what)
  }
  const otherQuery = await app.inject(`/orders/search?limit=2&customer_id=CUST-1&cursor=${encodeURIComponent(first)}`)
  t.equal(otherQuery.statusCode, 400, 'a cursor is bound to the query it pages through')
})
