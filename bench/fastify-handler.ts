// The benchmarks' second baseline: bare Fastify behind @fastify/aws-lambda, as its documentation shows it, with the
// same routes, store calls and JSON as the API and Fastify's own logger at the same level; bundled the same way.
import awsLambdaFastify from '@fastify/aws-lambda'
import Fastify from 'fastify'
import { apiSettings } from '../src/platforms/aws/settings.ts'
import { createDynamoDbClient } from '../src/adapters/dynamodb/dynamodb-client.ts'
import { DynamoDbItemStore } from '../src/adapters/dynamodb/dynamodb-item-store.ts'
import type { NewItem } from '../src/items/item.ts'

const config = apiSettings(process.env)
const store = new DynamoDbItemStore(createDynamoDbClient(config), config.tableName)
const app = Fastify({ logger: { level: config.logLevel } })

app.get('/health', async () => ({ status: 'healthy', runtime: 'nodejs', version: process.version, framework: 'Fastify + @fastify/aws-lambda' }))
app.get<{ Querystring: { limit?: string } }>('/items', async (request) => {
  const page = await store.list({ limit: Number(request.query.limit ?? 20) })
  return { success: true, data: page.items, count: page.items.length, next_cursor: page.nextCursor }
})
app.get<{ Params: { id: string } }>('/items/:id', async (request, reply) => {
  const item = await store.get(request.params.id)
  if (item === undefined) return await reply.code(404).send({ success: false, error: { code: 'ITEM_NOT_FOUND', message: 'Item not found' } })
  return { success: true, data: item }
})
app.post<{ Body: NewItem }>('/items', async (request, reply) => {
  const item = await store.create(request.body)
  return await reply.code(201).header('location', `/items/${item.id}`).send({ success: true, data: item, message: 'Item created successfully' })
})

export const handler = awsLambdaFastify(app)
await app.ready()
