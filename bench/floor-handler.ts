// The benchmarks' floor: the same store calls and the same JSON out as the API's handler, with no framework around them.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda'
import { apiSettings } from '../src/platforms/aws/settings.ts'
import { createDynamoDbClient } from '../src/adapters/dynamodb/dynamodb-client.ts'
import { DynamoDbItemStore } from '../src/adapters/dynamodb/dynamodb-item-store.ts'

const config = apiSettings(process.env)
const store = new DynamoDbItemStore(createDynamoDbClient(config), config.tableName)

function json (statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(body) }
}

export async function handler (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> {
  const { method } = event.requestContext.http
  const path = event.rawPath
  if (method === 'GET' && path === '/health') {
    return json(200, { status: 'healthy', runtime: 'nodejs', version: process.version, framework: 'none' })
  }
  if (method === 'GET' && path === '/items') {
    const page = await store.list({ limit: Number(event.queryStringParameters?.limit ?? 20) })
    return json(200, { success: true, data: page.items, count: page.items.length, next_cursor: page.nextCursor })
  }
  if (method === 'GET' && path.startsWith('/items/')) {
    const item = await store.get(path.slice('/items/'.length))
    return item === undefined
      ? json(404, { success: false, error: { code: 'ITEM_NOT_FOUND', message: 'Item not found' } })
      : json(200, { success: true, data: item })
  }
  if (method === 'POST' && path === '/items') {
    const item = await store.create(JSON.parse(event.body ?? '{}'))
    return json(201, { success: true, data: item, message: 'Item created successfully' }, { location: `/items/${item.id}` })
  }
  return json(404, { success: false, error: { code: 'NOT_FOUND', message: 'Not found' } })
}
