// Fastify's request logging, reshaped: one line per request once answered, with method, route, status and duration,
// which also counts the request for GET /metrics and, in a platform's function, carries the request's metrics in the
// platform's format (CloudWatch's EMF on AWS, src/platforms/aws/emf.ts).
import { writeSync } from 'node:fs'
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify'
import type { Logger } from 'pino'
import { invocationFields } from '../shared/invocation.ts'
import type { RequestCounters, RequestRecord } from './plugins/metrics.ts'
import { REPLAYED_HEADER } from './idempotency.ts'

/** A request's metrics as fields of its log line, in the format the platform's monitoring reads. */
export type RequestMetricsEncoder = (record: RequestRecord, coldStart: boolean) => Record<string, unknown>

export interface RequestLogOptions {
  counters?: RequestCounters
  /** In a platform's function: the request's metrics, in the same line. */
  metrics?: RequestMetricsEncoder
}

const STATUS_CLASSES = ['0xx', '1xx', '2xx', '3xx', '4xx', '5xx']

export class RequestLog extends LogController {
  readonly #counters: RequestCounters | undefined
  readonly #metrics: RequestMetricsEncoder | undefined

  constructor (options: RequestLogOptions = {}) {
    super({ requestIdLogLabel: 'request_id' })
    this.#counters = options.counters
    this.#metrics = options.metrics
  }

  // The completion line says everything; a second line per request only doubles log volume and cost.
  override incomingRequest (): void {}

  override requestCompleted (error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const { url: pattern, config } = request.routeOptions
    const status = reply.statusCode
    const durationMs = reply.elapsedTime
    const record: RequestRecord = {
      route: `${request.method} ${pattern ?? '(no route)'}`,
      statusClass: STATUS_CLASSES[Math.floor(status / 100)] ?? `${Math.floor(status / 100)}xx`,
      durationMs,
      // A replayed create created nothing: it is not counted again.
      write: status < 300 && config.countsAs !== undefined && !reply.hasHeader(REPLAYED_HEADER) ? config.countsAs : undefined
    }
    this.#counters?.observe(record)
    const metrics = this.#metrics?.(record, invocationFields().cold_start === true)
    const line = {
      method: request.method,
      route: record.route,
      url: request.url,
      status,
      duration_ms: Math.round(durationMs * 100) / 100,
      ...metrics
    }
    // The app's logger is pino (src/logger.ts).
    const log = reply.log as unknown as Logger
    const level = error ? 'error' : 'info'
    if (log.isLevelEnabled(level)) {
      if (error) log.error({ ...line, err: error }, 'request errored')
      else log.info(line, 'request completed')
    } else if (metrics !== undefined) {
      // Below the log level the line is not written, but the metrics must be: they go out on their own.
      writeSync(1, `${JSON.stringify({ ...log.bindings(), ...invocationFields(), ...metrics })}\n`)
    }
  }
}
