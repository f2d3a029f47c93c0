// Per-instance metrics: request counts and latency by route, resources, cold start, item writes; GET /metrics.
// Requests are counted by the request log (src/http/request-log.ts) as it writes each request's line: no hook of its own.
import { performance } from 'node:perf_hooks'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { described, errorResponses } from '../schemas/describe-responses.ts'
import { MetricsResponse } from '../schemas/metrics-schemas.ts'
import { LatencyWindow } from './latency-window.ts'
import { TAGS } from '../schemas/tags.ts'

export type ItemWrite = 'created' | 'updated' | 'deleted'
export type OrderWrite = 'order_created' | 'order_cancelled' | 'order_deleted'
export type Write = ItemWrite | OrderWrite

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The business counter a successful response of this route increments. */
    countsAs?: Write
  }
}

/** One answered request, as the metrics see it. */
export interface RequestRecord {
  /** Method and route pattern, e.g. `GET /items/:id`, or `GET (no route)`. */
  route: string
  statusClass: string
  durationMs: number
  /** The item or order write a successful response made, if any. */
  write: Write | undefined
}

interface RouteStats {
  count: number
  status: Record<string, number>
  latency: LatencyWindow
}

/** The counters behind GET /metrics, since this process started. */
export class RequestCounters {
  readonly #routes = new Map<string, RouteStats>()
  readonly #writes: Record<Write, number> = { created: 0, updated: 0, deleted: 0, order_created: 0, order_cancelled: 0, order_deleted: 0 }
  #total = 0

  observe (record: RequestRecord): void {
    let stats = this.#routes.get(record.route)
    if (stats === undefined) {
      stats = { count: 0, status: {}, latency: new LatencyWindow() }
      this.#routes.set(record.route, stats)
    }
    stats.count += 1
    stats.status[record.statusClass] = (stats.status[record.statusClass] ?? 0) + 1
    stats.latency.record(record.durationMs)
    this.#total += 1
    if (record.write !== undefined) this.#writes[record.write] += 1
  }

  snapshot (): {
    requests: { total: number, by_route: Record<string, unknown> }
    items: Record<ItemWrite, number>
    orders: { created: number, cancelled: number, deleted: number }
  } {
    const writes = this.#writes
    return {
      requests: {
        total: this.#total,
        by_route: Object.fromEntries([...this.#routes].map(([route, stats]) => [route, {
          count: stats.count,
          status: stats.status,
          latency_ms: stats.latency.summary()
        }]))
      },
      items: { created: writes.created, updated: writes.updated, deleted: writes.deleted },
      orders: { created: writes.order_created, cancelled: writes.order_cancelled, deleted: writes.order_deleted }
    }
  }
}

export interface MetricsOptions {
  service: string
  environment: string
  counters: RequestCounters
}

export const metrics = fp(async function metrics (app: FastifyInstance, options: MetricsOptions) {
  let initDurationMs = 0

  app.addHook('onReady', async () => {
    // performance.now() counts from process start, so this is the whole init: module loading included.
    initDurationMs = Math.round(performance.now() * 100) / 100
  })

  app.get('/metrics', {
    schema: {
      operationId: 'getMetrics',
      tags: [TAGS.service],
      summary: 'Runtime metrics of this instance',
      description: 'Request counts and latency percentiles by route, memory, CPU, uptime, cold start, item writes and order ' +
        'placements, cancels and deletes, ' +
        'since this process started. Each Lambda instance or server process reports only its own traffic.',
      response: { 200: described(MetricsResponse, 'This instance\'s metrics since it started.'), ...errorResponses(500) }
    }
  }, async () => {
    const memory = process.memoryUsage()
    const cpu = process.cpuUsage()
    const { requests, items, orders } = options.counters.snapshot()
    return {
      service: options.service,
      environment: options.environment,
      uptime_seconds: Math.round(process.uptime() * 1000) / 1000,
      cold_start: { started_at: Math.round(performance.timeOrigin), init_duration_ms: initDurationMs },
      requests,
      memory: {
        rss_bytes: memory.rss,
        heap_used_bytes: memory.heapUsed,
        heap_total_bytes: memory.heapTotal,
        external_bytes: memory.external
      },
      cpu: { user_ms: cpu.user / 1000, system_ms: cpu.system / 1000 },
      items,
      orders
    }
  })
}, { name: 'metrics', fastify: '5.x' })
