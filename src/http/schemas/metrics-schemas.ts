// Schema of GET /metrics: this instance's traffic, latency, resources and business counters.
import { Type, type Static } from 'typebox'

const Latency = Type.Object({
  p50: Type.Number(),
  p90: Type.Number(),
  p99: Type.Number(),
  max: Type.Number()
}, { description: 'Milliseconds, over the most recent 1024 requests of the route.' })

const RouteMetrics = Type.Object({
  count: Type.Integer(),
  status: Type.Record(Type.String(), Type.Integer(), { description: 'Responses by status class (2xx, 4xx, 5xx).' }),
  latency_ms: Latency
})

export const MetricsResponse = Type.Object({
  service: Type.String(),
  environment: Type.String(),
  uptime_seconds: Type.Number(),
  cold_start: Type.Object({
    started_at: Type.Integer({ description: 'When this process started, epoch milliseconds.' }),
    init_duration_ms: Type.Number({ description: 'From process start until the app was ready.' })
  }),
  requests: Type.Object({
    total: Type.Integer(),
    by_route: Type.Record(Type.String(), RouteMetrics, { description: 'Keyed by "METHOD /route/pattern".' })
  }),
  memory: Type.Object({
    rss_bytes: Type.Integer(),
    heap_used_bytes: Type.Integer(),
    heap_total_bytes: Type.Integer(),
    external_bytes: Type.Integer()
  }),
  cpu: Type.Object({
    user_ms: Type.Number(),
    system_ms: Type.Number()
  }),
  items: Type.Object({
    created: Type.Integer(),
    updated: Type.Integer(),
    deleted: Type.Integer()
  }, { description: 'Successful item writes answered by this instance.' }),
  orders: Type.Object({
    created: Type.Integer(),
    cancelled: Type.Integer(),
    deleted: Type.Integer()
  }, { description: 'Orders placed, cancelled and deleted by requests to this instance (the pipeline counts its own).' })
}, { title: 'MetricsResponse' })
export type MetricsResponse = Static<typeof MetricsResponse>
