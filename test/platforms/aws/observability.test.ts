// What CloudWatch receives from the handler: JSON log lines naming the invocation, and EMF metrics per request.
import t from 'tap'
import { testConfig } from '../../helper.ts'
import type { HttpRequest } from '../../../local/lambda-events.ts'
import { invokeInProcess, linesOf, type HandlerRun, type Line } from './handler-process.ts'

const json = { 'content-type': 'application/json' }

async function invoke (requests: HttpRequest[], env: Record<string, string | undefined>): Promise<HandlerRun> {
  return await invokeInProcess(requests, { env })
}

interface Directive { Namespace: string, Dimensions: string[][], Metrics: Array<{ Name: string }> }
const directives = (line: Line): Directive[] => line._aws?.CloudWatchMetrics ?? []
const metricNames = (line: Line): string[] => directives(line).flatMap((directive) => directive.Metrics.map((metric) => metric.Name))
/** The directive that declares a metric, in a line that carries metrics. */
const directiveOf = (line: Line, name: string): Directive | undefined =>
  directives(line).find((directive) => directive.Metrics.some((metric) => metric.Name === name))

t.test('each invocation writes one line, its log and its metrics, before it returns', async (t) => {
  const config = await testConfig()
  const { lines, responses } = await invoke([
    { method: 'GET', path: '/health' },
    { method: 'POST', path: '/items', headers: json, body: '{"name":"Lamp","price":12.5}' },
    { method: 'GET', path: '/items/not-a-uuid' }
  ], { DYNAMODB_ENDPOINT: config.dynamodbEndpoint, DYNAMODB_TABLE_NAME: config.tableName })
  t.same(responses.map((response) => response.statusCode), [200, 201, 400])

  for (const [index, route, status] of [[0, 'GET /health', '2xx'], [1, 'POST /items', '2xx'], [2, 'GET /items/:id', '4xx']] as const) {
    const during = linesOf(lines, index)
    t.equal(during.length, 1, `invocation ${index}: one line`)
    const line = during[0]
    t.match(line, {
      level: 'info',
      msg: 'request completed',
      aws_request_id: `invocation-${index}`,
      function_name: 'items-api-dev-api',
      cold_start: index === 0,
      service: 'items-api',
      environment: 'dev',
      route
    }, `invocation ${index}: the log line names the invocation`)
    t.match(line?.request_id, /^gw-/, `invocation ${index}: and the gateway's request id`)

    // The same line is an EMF document: CloudWatch extracts the metrics its directives name from its fields.
    t.same(directiveOf(line, 'Requests'), {
      Namespace: 'items-api',
      Dimensions: [['service', 'environment', 'route', 'status_class']],
      Metrics: [{ Name: 'Requests', Unit: 'Count' }, { Name: 'Latency', Unit: 'Milliseconds' }]
    })
    t.match(line, { status_class: status, Requests: 1 })
    t.ok(typeof line.Latency === 'number' && line.Latency > 0, 'latency in milliseconds')
    t.ok(Math.abs(line._aws.Timestamp - Date.now()) < 60_000, 'a timestamp in epoch milliseconds')
  }

  const coldStarts = lines.filter((line) => metricNames(line).includes('ColdStart'))
  t.equal(coldStarts.length, 1, 'one ColdStart datapoint per process')
  t.match(coldStarts[0], { ColdStart: 1, function_name: 'items-api-dev-api', service: 'items-api' })
  t.same(directiveOf(coldStarts[0], 'ColdStart')?.Dimensions, [['service', 'environment', 'function_name']])
  t.ok(linesOf(lines, 0).includes(coldStarts[0]), 'published during the first invocation')

  const created = linesOf(lines, 1).filter((line) => metricNames(line).includes('ItemsCreated'))
  t.equal(created.length, 1, 'a created item is counted once')
  t.equal(created[0].ItemsCreated, 1)
  t.same(directiveOf(created[0], 'ItemsCreated')?.Dimensions, [['service', 'environment']], 'per service, not per route')
  t.notOk(linesOf(lines, 2).some((line) => metricNames(line).includes('ItemsCreated')), 'a refused request counts no item')
})

t.test('below the info level the log line is left out, but not the metrics', async (t) => {
  const config = await testConfig()
  const { lines } = await invoke([{ method: 'GET', path: '/health' }, { method: 'GET', path: '/items/not-a-uuid' }], {
    LOG_LEVEL: 'warn', DYNAMODB_ENDPOINT: config.dynamodbEndpoint, DYNAMODB_TABLE_NAME: config.tableName
  })
  for (const index of [0, 1]) {
    const during = linesOf(lines, index)
    t.equal(during.length, 1, `invocation ${index}: one line`)
    t.notOk('msg' in during[0], 'no log message')
    t.match(during[0], {
      service: 'items-api',
      environment: 'dev',
      function_name: 'items-api-dev-api',
      aws_request_id: `invocation-${index}`,
      status_class: index === 0 ? '2xx' : '4xx',
      Requests: 1,
      Latency: Number
    })
    t.same(metricNames(during[0]), index === 0 ? ['Requests', 'Latency', 'ColdStart'] : ['Requests', 'Latency'])
  }
})

t.test('updates and deletes are counted, failed ones are not', async (t) => {
  const config = await testConfig()
  const env = { DYNAMODB_ENDPOINT: config.dynamodbEndpoint, DYNAMODB_TABLE_NAME: config.tableName }
  const [created] = (await invoke([{ method: 'POST', path: '/items', headers: json, body: '{"name":"Desk","price":80}' }], env)).responses
  const id = JSON.parse(created.body).data.id
  const { lines } = await invoke([
    { method: 'PUT', path: `/items/${id}`, headers: json, body: '{"price":75}' },
    { method: 'DELETE', path: `/items/${id}` },
    { method: 'DELETE', path: `/items/${id}` }
  ], env)
  const counted = (index: number): string[] => linesOf(lines, index)
    .flatMap((line) => metricNames(line))
    .filter((name) => name.startsWith('Items'))
  t.same([counted(0), counted(1), counted(2)], [['ItemsUpdated'], ['ItemsDeleted'], []])
})

t.test('with provisioned concurrency the first invocation is no cold start', async (t) => {
  const config = await testConfig()
  const { lines } = await invoke([{ method: 'GET', path: '/health' }], {
    AWS_LAMBDA_INITIALIZATION_TYPE: 'provisioned-concurrency', DYNAMODB_ENDPOINT: config.dynamodbEndpoint, DYNAMODB_TABLE_NAME: config.tableName
  })
  t.match(lines.find((line) => line.msg === 'request completed'), { cold_start: false, aws_request_id: 'invocation-0' })
  t.notOk(lines.some((line) => metricNames(line).includes('ColdStart')), 'no ColdStart datapoint')
})
