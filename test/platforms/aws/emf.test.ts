// The request line's EMF fields against what Powertools for AWS Lambda serialises for the same metrics, so that the
// format cannot drift from the library's; and the line itself, written by pino, names each field once.
import { Writable } from 'node:stream'
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics'
import pino from 'pino'
import t from 'tap'
import { emfEncoder, WRITE_METRICS } from '../../../src/platforms/aws/emf.ts'
import type { ItemWrite, RequestRecord } from '../../../src/http/plugins/metrics.ts'

const SERVICE = { service: 'items-api', environment: 'prod', function_name: 'items-api-prod-api' }

/** What Powertools prints for one request's metrics: one EMF document per group of dimensions. */
function powertools (record: RequestRecord, coldStart: boolean): Array<Record<string, any>> {
  const documents: Array<Record<string, any>> = []
  const metrics = new Metrics({ namespace: 'items-api', serviceName: SERVICE.service, defaultDimensions: { environment: SERVICE.environment } })
  const serialise = (): void => {
    documents.push(metrics.serializeMetrics() as Record<string, any>)
    metrics.clearMetrics()
  }
  metrics.addDimensions({ route: record.route, status_class: record.statusClass })
  metrics.addMetric('Requests', MetricUnit.Count, 1)
  metrics.addMetric('Latency', MetricUnit.Milliseconds, record.durationMs)
  serialise()
  metrics.clearDimensions()
  if (coldStart) {
    metrics.addDimension('function_name', SERVICE.function_name)
    metrics.addMetric('ColdStart', MetricUnit.Count, 1)
    serialise()
    metrics.clearDimensions()
  }
  if (record.write !== undefined) {
    metrics.addMetric(WRITE_METRICS[record.write], MetricUnit.Count, 1)
    serialise()
  }
  return documents
}

t.test('each directive is the one Powertools writes, and the line holds every value it extracts', async (t) => {
  const encode = emfEncoder('items-api')
  const cases: Array<[ItemWrite | undefined, boolean]> = [[undefined, false], [undefined, true], ['created', false], ['updated', true], ['deleted', false]]
  for (const [write, coldStart] of cases) {
    const record: RequestRecord = { route: 'POST /items', statusClass: '2xx', durationMs: 3.25, write }
    const fields = encode(record, coldStart)
    const expected = powertools(record, coldStart)
    t.same(fields._aws.CloudWatchMetrics, expected.map((document) => document._aws.CloudWatchMetrics[0]), `${write} ${coldStart}: directives`)
    const line: Record<string, unknown> = { ...SERVICE, route: record.route, ...fields }
    for (const document of expected) {
      const { _aws: _directives, ...values } = document
      t.match(line, values, `${write} ${coldStart}: the line has every dimension and value Powertools would print`)
    }
  }
})

t.test('directives are built once per combination, not per request', async (t) => {
  const encode = emfEncoder('items-api')
  const record: RequestRecord = { route: 'GET /items', statusClass: '2xx', durationMs: 1, write: undefined }
  t.equal(encode(record, false)._aws.CloudWatchMetrics, encode({ ...record, route: 'GET /health' }, false)._aws.CloudWatchMetrics)
  t.not(encode(record, false)._aws.CloudWatchMetrics, encode(record, true)._aws.CloudWatchMetrics)
})

t.test('written through pino with the service in its base, each field appears once', async (t) => {
  let output = ''
  const sink = new Writable({ write (chunk, _encoding, done) { output += chunk; done() } })
  const logger = pino({ base: { service: SERVICE.service, environment: SERVICE.environment } }, sink)
  logger.info({ route: 'GET /health', ...emfEncoder('items-api')({ route: 'GET /health', statusClass: '2xx', durationMs: 2, write: 'created' }, true) }, 'request completed')
  for (const field of ['service', 'environment', 'route', 'status_class', 'Requests', 'Latency', 'ColdStart', 'ItemsCreated', '_aws']) {
    t.equal(output.split(`"${field}":`).length - 1, 1, `${field} once`)
  }
})
