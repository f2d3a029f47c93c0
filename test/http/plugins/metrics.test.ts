import t from 'tap'
import { LatencyWindow } from '../../../src/http/plugins/latency-window.ts'
import { build, newItem } from '../../helper.ts'

t.test('GET /metrics counts requests by route and status, and item writes', async (t) => {
  const app = await build(t, { ENVIRONMENT: 'test' })
  const created = await app.inject({ method: 'POST', url: '/items', payload: newItem() })
  const id = created.json().data.id
  await app.inject({ method: 'POST', url: '/items', payload: newItem() })
  await app.inject({ method: 'POST', url: '/items', payload: { name: '' } })
  await app.inject({ url: `/items/${id}` })
  await app.inject({ method: 'PUT', url: `/items/${id}`, payload: { price: 2 } })
  await app.inject({ method: 'DELETE', url: `/items/${id}` })
  await app.inject({ method: 'DELETE', url: `/items/${id}` })
  await app.inject({ url: '/nowhere' })

  const response = await app.inject({ url: '/metrics' })
  t.equal(response.statusCode, 200)
  const body = response.json()
  t.match(body, {
    service: 'items-api',
    environment: 'test',
    uptime_seconds: Number,
    cold_start: { started_at: Number, init_duration_ms: Number },
    requests: {
      total: 8,
      by_route: {
        'POST /items': { count: 3, status: { '2xx': 2, '4xx': 1 }, latency_ms: { p50: Number, p90: Number, p99: Number, max: Number } },
        'GET /items/:id': { count: 1, status: { '2xx': 1 } },
        'PUT /items/:id': { count: 1 },
        'DELETE /items/:id': { count: 2, status: { '2xx': 1, '4xx': 1 } },
        'GET (no route)': { count: 1, status: { '4xx': 1 } }
      }
    },
    memory: { rss_bytes: Number, heap_used_bytes: Number },
    cpu: { user_ms: Number, system_ms: Number },
    items: { created: 2, updated: 1, deleted: 1 }
  })
  t.ok(body.cold_start.init_duration_ms > 0)
  t.ok(body.memory.rss_bytes > 1_000_000)
})

t.test('latency percentiles are nearest-rank over a bounded window', async (t) => {
  const window = new LatencyWindow(100)
  t.same(window.summary(), { p50: 0, p90: 0, p99: 0, max: 0 })
  for (let ms = 1; ms <= 100; ms++) window.record(ms)
  t.same(window.summary(), { p50: 50, p90: 90, p99: 99, max: 100 })
  for (let i = 0; i < 100; i++) window.record(1000)
  t.same(window.summary(), { p50: 1000, p90: 1000, p99: 1000, max: 1000 }, 'old samples roll out')
})
