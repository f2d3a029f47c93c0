// CloudWatch metrics on Lambda, in Embedded Metric Format through Powertools: written to stdout, no API calls.
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics'
import { invocationFields } from '../lambda-invocation.ts'
import type { ItemWrite, RequestRecord } from './metrics.ts'

const ITEM_METRICS: Record<ItemWrite, string> = { created: 'ItemsCreated', updated: 'ItemsUpdated', deleted: 'ItemsDeleted' }

export interface CloudWatchOptions {
  namespace: string
  service: string
  environment: string
}

/**
 * Returns the publisher the metrics plugin calls once per answered request. On Lambda that is once per invocation,
 * so each request is flushed as it completes: nothing waits in memory for an invocation that may never come.
 */
export function cloudWatchPublisher (options: CloudWatchOptions): (record: RequestRecord) => void {
  const metrics = new Metrics({
    namespace: options.namespace,
    serviceName: options.service,
    defaultDimensions: { environment: options.environment }
  })
  return (record) => {
    // A ColdStart datapoint on the first call of an on-demand execution environment only (Powertools keeps count).
    metrics.captureColdStartMetric(invocationFields().function_name)
    if (record.write !== undefined) {
      // Item writes are counted per service, not per route and status, so they get their own line.
      metrics.singleMetric().addMetric(ITEM_METRICS[record.write], MetricUnit.Count, 1)
    }
    metrics.addDimensions({ route: record.route, status_class: record.statusClass })
    metrics.addMetric('Requests', MetricUnit.Count, 1)
    metrics.addMetric('Latency', MetricUnit.Milliseconds, record.durationMs)
    metrics.publishStoredMetrics()
  }
}
