// What CloudWatch receives from the handler: JSON log lines naming the invocation, and EMF metrics per request.
import t from 'tap'
import { testConfig } from '../helper.ts'
import type { HttpRequest } from './events.ts'
import { invokeInProcess, linesOf, type HandlerRun, type Line } from './handler-process.ts'

const json = { 'content-type': 'application/json' }

async function invoke (requests: HttpRequest[], env: Record<string, string | undefined>): Promise<HandlerRun> {
  return await invokeInProcess(requests, { env })
}

const metricNames = (line: Line): string[] => line._aws.CloudWatchMetrics[0].Metrics.map((metric: { Name: string }) => metric.Name)

t.test('each invocation logs and publishes its own lines before it returns', async (t) => {
  const config = await testConfig()
  const { lines, responses } = await invoke([
    { method: 'GET', path: '/health' },
    { method: 'POST', path: '/items', headers: json, body: '{"name":"Lamp","price":12.5}' },
    { method: 'GET', path: '/items/not-a-uuid' }
  ], { DYNAMODB_ENDPOINT: config.dynamodbEndpoint, DYNAMODB_TABLE_NAME: config.tableName })
  t.same(responses.map((response) => response.statusCode), [200, 201, 400])

  for (const [index, route, status] of [[0, 'GET /health', '2xx'], [1, 'POST /items', '2xx'], [2, 'GET /items/:id', '4xx']] as const) {
    const during = linesOf(lines, index)
    const log = during.find((line) => line.msg === 'request completed')
    t.match(log, {
      level: 'info',
      aws_request_id: `invocation-${index}`,
      function_name: 'items-api-dev-api',
      cold_start: index === 0,
      service: 'items-api',
      environment: 'dev',
      route: route.split(' ')[1]
    }, `invocation ${index}: the log line names the invocation`)
    t.match(log?.request_id, /^gw-/, `invocation ${index}: and the gateway's request id`)

    const request = during.find((line) => line._aws !== undefined && metricNames(line).includes('Requests'))
    if (request === undefined) {
      t.fail(`invocation ${index}: request metrics published before the invocation returned`)
      continue
    }
    t.same(request._aws.CloudWatchMetrics[0].Dimensions, [['service', 'environment', 'route', 'status_class']])
    t.match(request, { service: 'items-api', environment: 'dev', route, status_class: status, Requests: 1 })
    t.equal(request._aws.CloudWatchMetrics[0].Namespace, 'items-api')
    t.same(metricNames(request), ['Requests', 'Latency'])
    t.ok(typeof request.Latency === 'number' && request.Latency > 0, 'latency in milliseconds')
  }

  const coldStarts = lines.filter((line) => line._aws !== undefined && metricNames(line).includes('ColdStart'))
  t.equal(coldStarts.length, 1, 'one ColdStart datapoint per process')
  t.match(coldStarts[0], { ColdStart: 1, function_name: 'items-api-dev-api', service: 'items-api' })
  t.ok(linesOf(lines, 0).includes(coldStarts[0]), 'published during the first invocation')

  const created = linesOf(lines, 1).filter((line) => line._aws !== undefined && metricNames(line).includes('ItemsCreated'))
  t.equal(created.length, 1, 'a created item is counted once')
  t.same(created[0]._aws.CloudWatchMetrics[0].Dimensions, [['service', 'environment']], 'per service, not per route')
  t.notOk(linesOf(lines, 2).some((line) => line._aws !== undefined && metricNames(line).includes('ItemsCreated')), 'a refused request counts no item')
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
    .filter((line) => line._aws !== undefined).flatMap((line) => metricNames(line))
    .filter((name) => name.startsWith('Items'))
  t.same([counted(0), counted(1), counted(2)], [['ItemsUpdated'], ['ItemsDeleted'], []])
})

t.test('with provisioned concurrency the first invocation is no cold start', async (t) => {
  const config = await testConfig()
  const { lines } = await invoke([{ method: 'GET', path: '/health' }], {
    AWS_LAMBDA_INITIALIZATION_TYPE: 'provisioned-concurrency', DYNAMODB_ENDPOINT: config.dynamodbEndpoint, DYNAMODB_TABLE_NAME: config.tableName
  })
  t.match(lines.find((line) => line.msg === 'request completed'), { cold_start: false, aws_request_id: 'invocation-0' })
  t.notOk(lines.some((line) => line._aws !== undefined && metricNames(line).includes('ColdStart')), 'no ColdStart datapoint')
})
