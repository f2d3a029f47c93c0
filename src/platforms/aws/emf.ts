// CloudWatch metrics on Lambda in Embedded Metric Format, carried by the request's own log line: one JSON line per
// request holds the log fields and the metrics, so CloudWatch bills and the function writes one line, not two.
// The format is AWS's (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html);
// test/platforms/aws/emf.test.ts holds every directive to what Powertools for AWS Lambda serialises for the same metrics.
import type { RequestRecord, Write } from '../../http/plugins/metrics.ts'

/** The metric each counted write adds to. */
export const WRITE_METRICS: Record<Write, string> = {
  created: 'ItemsCreated',
  updated: 'ItemsUpdated',
  deleted: 'ItemsDeleted',
  order_created: 'OrdersCreated',
  order_cancelled: 'OrdersCancelled',
  order_deleted: 'OrdersDeleted'
}

interface Directive {
  Namespace: string
  Dimensions: string[][]
  Metrics: Array<{ Name: string, Unit: 'Count' | 'Milliseconds' }>
}

/** The fields a request's line carries for EMF, beside `service`, `environment` and `function_name`, which every line has. */
export interface EmfFields {
  _aws: { Timestamp: number, CloudWatchMetrics: Directive[] }
  status_class: string
  Requests: 1
  Latency: number
  ColdStart?: 1
  /** The write's metric (WRITE_METRICS), when the request made one. */
  [write: string]: unknown
}

/** A RequestMetricsEncoder (src/http/request-log.ts) whose fields are EMF's. */
export type EmfEncoder = (record: RequestRecord, coldStart: boolean) => EmfFields

/**
 * The encoder for one namespace. The directives never change for a given route, status and write, so they are built
 * once per combination and shared; a request adds only its timestamp and values.
 */
export function emfEncoder (namespace: string): EmfEncoder {
  const requests: Directive = {
    Namespace: namespace,
    Dimensions: [['service', 'environment', 'route', 'status_class']],
    Metrics: [{ Name: 'Requests', Unit: 'Count' }, { Name: 'Latency', Unit: 'Milliseconds' }]
  }
  // A ColdStart datapoint per on-demand execution environment, named by the function as Powertools names it.
  const coldStart: Directive = { Namespace: namespace, Dimensions: [['service', 'environment', 'function_name']], Metrics: [{ Name: 'ColdStart', Unit: 'Count' }] }
  // Writes are counted per service, not per route and status.
  const write = (name: string): Directive => ({ Namespace: namespace, Dimensions: [['service', 'environment']], Metrics: [{ Name: name, Unit: 'Count' }] })
  const directives = new Map<string, Directive[]>()
  const directivesFor = (cold: boolean, written: Write | undefined): Directive[] => {
    const key = `${cold}:${written}`
    let list = directives.get(key)
    if (list === undefined) {
      list = [requests, ...(cold ? [coldStart] : []), ...(written === undefined ? [] : [write(WRITE_METRICS[written])])]
      directives.set(key, list)
    }
    return list
  }
  return (record, cold) => {
    const fields: EmfFields = {
      _aws: { Timestamp: Date.now(), CloudWatchMetrics: directivesFor(cold, record.write) },
      status_class: record.statusClass,
      Requests: 1,
      Latency: record.durationMs
    }
    if (cold) fields.ColdStart = 1
    if (record.write !== undefined) fields[WRITE_METRICS[record.write]] = 1
    return fields
  }
}
