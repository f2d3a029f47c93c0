// Lambda Managed Instances run many invocations at once in one process (AWS_LAMBDA_MAX_CONCURRENCY): the built API
// handler answers each one rightly, and each log line and metric names its own invocation.
import { join } from 'node:path'
import t from 'tap'
import { buildLambda } from '../../../scripts/build.ts'
import { build, temporaryDirectory, testConfig } from '../../helper.ts'
import { invokeInProcess } from './handler-process.ts'

const OVERLAPPING = 50
const json = { 'content-type': 'application/json' }

t.test(`${OVERLAPPING} overlapping invocations through one instance of the built handler`, async (t) => {
  const dir = join(await temporaryDirectory(t), 'lambda')
  await buildLambda(dir, {})
  const config = await testConfig()
  // Half read items made beforehand, half create their own; each request's answer is its own.
  const app = await build(t, { DYNAMODB_TABLE_NAME: config.tableName })
  const existing = await Promise.all(Array.from({ length: OVERLAPPING / 2 }, async (_, index) =>
    (await app.inject({ method: 'POST', url: '/items', payload: { name: `Existing ${index}`, price: index + 1 } })).json().data.id as string))
  const requests = Array.from({ length: OVERLAPPING }, (_, index) => index % 2 === 0
    ? { method: 'GET', path: `/items/${existing[index / 2]}` }
    : { method: 'POST', path: '/items', headers: json, body: JSON.stringify({ name: `New ${index}`, price: index }) })

  const { lines, responses } = await invokeInProcess(requests, {
    module: join(dir, 'index.mjs'),
    env: {
      INVOKE_AT_ONCE: 'true',
      AWS_LAMBDA_MAX_CONCURRENCY: String(OVERLAPPING),
      AWS_LAMBDA_INITIALIZATION_TYPE: 'lambda-managed-instances',
      DYNAMODB_ENDPOINT: config.dynamodbEndpoint,
      DYNAMODB_TABLE_NAME: config.tableName
    }
  })

  for (const [index, response] of responses.entries()) {
    const data = JSON.parse(response.body).data ?? {}
    if (index % 2 === 0) {
      t.same([response.statusCode, data.id, data.name], [200, existing[index / 2], `Existing ${index / 2}`], `invocation ${index} read its item`)
    } else {
      t.same([response.statusCode, data.name, data.price], [201, `New ${index}`, index], `invocation ${index} created its item`)
    }
  }

  const requestLines = lines.filter((line) => line.msg === 'request completed')
  t.equal(requestLines.length, OVERLAPPING, 'one request line per invocation')
  for (const line of requestLines) {
    const index = Number(String(line.aws_request_id).replace('invocation-', ''))
    t.same([line.request_id, line.route, line.cold_start], [`gw-${index}`, index % 2 === 0 ? 'GET /items/:id' : 'POST /items', false],
      `${String(line.aws_request_id)}: its own gateway request and route on its line, which is also its metrics (EMF)`)
    t.ok(line._aws?.CloudWatchMetrics?.some((directive: { Metrics: Array<{ Name: string }> }) =>
      directive.Metrics.some((metric) => metric.Name === 'Requests')), `${String(line.aws_request_id)}: its Requests metric`)
  }
  t.same(new Set(requestLines.map((line) => line.aws_request_id)).size, OVERLAPPING, 'every invocation named once')
  t.notOk(lines.some((line) => line.level === 'error' || line.level === 50), 'no errors logged')
})
