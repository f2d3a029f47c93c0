// The API function's entry (src/platforms/aws/functions/api.ts) as Lambda loads it, from source: settings from the
// environment, the build's generated modules imported from their real paths, ready before the first event.
import t from 'tap'
import { generateApiModules } from '../../../scripts/build.ts'
import { temporaryDirectory, testConfig } from '../../helper.ts'
import { lambdaContext, lambdaEvent } from '../../../local/lambda-events.ts'

// What the entry imports from the build, generated as `npm run build` does (the docs' bodies into a folder of the test's).
await generateApiModules(await temporaryDirectory(t))

t.test('the module exports a ready promise-style handler that serves the walk-through', async (t) => {
  const config = await testConfig()
  Object.assign(process.env, {
    AWS_LAMBDA_FUNCTION_NAME: 'items-api-dev-api',
    CURSOR_SECRET: 'the-test-function-s-cursor-secret',
    DYNAMODB_ENDPOINT: config.dynamodbEndpoint,
    DYNAMODB_TABLE_NAME: config.tableName,
    LOG_LEVEL: 'silent'
  })
  const { handler } = await import('../../../src/platforms/aws/functions/api.ts')
  t.equal(handler.length, 2, 'promise style: (event, context), no callback')

  const health = await handler(lambdaEvent('http-api', { method: 'GET', path: '/health' }), lambdaContext())
  t.equal(health.statusCode, 200)
  t.match(JSON.parse(health.body), { status: 'healthy', table: config.tableName })

  const created = await handler(lambdaEvent('http-api', {
    method: 'POST', path: '/items', headers: { 'content-type': 'application/json' }, body: '{"name":"Laptop","price":1299.99}'
  }), lambdaContext())
  t.equal(created.statusCode, 201)
  const { id } = JSON.parse(created.body).data
  const read = await handler(lambdaEvent('rest-api', { method: 'GET', path: `/items/${id}` }), lambdaContext())
  t.equal(JSON.parse(read.body).data.name, 'Laptop', 'the same app and client serve every invocation')
})

t.test('the API refuses to start on Lambda without CURSOR_SECRET, in one line naming it', async (t) => {
  const saved = process.env.CURSOR_SECRET
  delete process.env.CURSOR_SECRET
  t.teardown(() => { process.env.CURSOR_SECRET = saved })
  // A module of its own (the query makes another URL), evaluated with this environment.
  const app = '../../../src/platforms/aws/api-app.ts?without-cursor-secret'
  await t.rejects(import(app), {
    name: 'ConfigError', message: 'Invalid CURSOR_SECRET="": expected a secret of 32 characters or more, the same for every instance'
  })
})
