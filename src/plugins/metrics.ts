// Per-instance metrics: request counts and latency by route, resources, cold start, item writes; GET /metrics.
import { performance } from 'node:perf_hooks'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { MetricsResponse } from '../schemas/metrics.ts'
import { LatencyWindow } from './latency-window.ts'
import { TAGS } from './openapi.ts'

export type ItemWrite = 'created' | 'updated' | 'deleted'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The business counter a successful response of this route increments. */
    countsAs?: ItemWrite
  }
}

/** One answered request, as the metrics see it. */
export interface RequestRecord {
  /** Method and route pattern, e.g. `GET /items/:id`, or `(no route)`. */
  route: string
  statusClass: string
  durationMs: number
  /** The item write a successful response made, if any. */
  write: ItemWrite | undefined
}

export interface MetricsOptions {
  service: string
  environment: string
  /** Also hands every record elsewhere (CloudWatch on Lambda). */
  publish?: (record: RequestRecord) => void
}

interface RouteStats {
  count: number
  status: Record<string, number>
  latency: LatencyWindow
}

export const metrics = fp(async function metrics (app: FastifyInstance, options: MetricsOptions) {
  const routes = new Map<string, RouteStats>()
  const items: Record<ItemWrite, number> = { created: 0, updated: 0, deleted: 0 }
  let total = 0
  let initDurationMs = 0

  app.addHook('onReady', async () => {
    // performance.now() counts from process start, so this is the whole init: module loading included.
    initDurationMs = Math.round(performance.now() * 100) / 100
  })

  app.addHook('onResponse', async (request, reply) => {
    const countsAs = request.routeOptions.config.countsAs
    const record: RequestRecord = {
      route: `${request.method} ${request.routeOptions.url ?? '(no route)'}`,
      statusClass: `${Math.floor(reply.statusCode / 100)}xx`,
      durationMs: reply.elapsedTime,
      write: reply.statusCode < 300 ? countsAs : undefined
    }
    const stats = routes.get(record.route) ?? { count: 0, status: {}, latency: new LatencyWindow() }
    stats.count += 1
    stats.status[record.statusClass] = (stats.status[record.statusClass] ?? 0) + 1
    stats.latency.record(record.durationMs)
    routes.set(record.route, stats)
    total += 1
    if (record.write !== undefined) items[record.write] += 1
    options.publish?.(record)
  })

  app.get('/metrics', {
    schema: {
      tags: [TAGS.service],
      summary: 'Runtime metrics of this instance',
      description: 'Request counts and latency percentiles by route, memory, CPU, uptime, cold start and item writes, ' +
        'since this process started. Each Lambda instance or server process reports only its own traffic.',
      response: { 200: MetricsResponse }
    }
  }, async () => {
    const memory = process.memoryUsage()
    const cpu = process.cpuUsage()
    return {
      service: options.service,
      environment: options.environment,
      uptime_seconds: Math.round(process.uptime() * 1000) / 1000,
      cold_start: { started_at: Math.round(performance.timeOrigin), init_duration_ms: initDurationMs },
      requests: {
        total,
        by_route: Object.fromEntries([...routes].map(([route, stats]) => [route, {
          count: stats.count,
          status: stats.status,
          latency_ms: stats.latency.summary()
        }]))
      },
      memory: {
        rss_bytes: memory.rss,
        heap_used_bytes: memory.heapUsed,
        heap_total_bytes: memory.heapTotal,
        external_bytes: memory.external
      },
      cpu: { user_ms: cpu.user / 1000, system_ms: cpu.system / 1000 },
      items: { ...items }
    }
  })
}, { name: 'metrics', fastify: '5.x' })
