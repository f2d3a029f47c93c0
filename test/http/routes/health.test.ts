import t from 'tap'
import { build } from '../../helper.ts'

t.test('GET /health answers the FastAPI service\'s fields and a few more', async (t) => {
  const app = await build(t, { ENVIRONMENT: 'test', SERVICE_NAME: 'items-test' })
  const response = await app.inject({ url: '/health' })
  t.equal(response.statusCode, 200)
  const body = response.json()
  t.same(body, {
    status: 'healthy',
    runtime: 'nodejs',
    version: process.version,
    framework: 'Fastify + @fastify/aws-lambda',
    service: 'items-test',
    environment: 'test',
    storage: 'dynamodb',
    table: body.table
  })
  t.match(body.table, /^test-/)
})

t.test('HEAD /health answers without a body', async (t) => {
  const app = await build(t)
  const response = await app.inject({ method: 'HEAD', url: '/health' })
  t.equal(response.statusCode, 200)
  t.equal(response.body, '')
})
