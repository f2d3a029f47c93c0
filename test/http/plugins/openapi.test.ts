// The generated OpenAPI document: valid 3.1, every operation with its name, description and every status it answers,
// named schemas, explicit security, licence and contact. (test/http/openapi/ holds it against the service itself.)
import t from 'tap'
import { Validator } from '@seriousme/openapi-schema-validator'
import { build } from '../../helper.ts'

const ITEM_READ = ['200', '400', '404', '500', '503']
const EXPECTED_OPERATIONS: Record<string, [string, string[]]> = {
  'get /health': ['getHealth', ['200', '500']],
  'head /health': ['headHealth', ['200', '500']],
  'options /health': ['preflightHealth', ['204']],
  'get /metrics': ['getMetrics', ['200', '500']],
  'head /metrics': ['headMetrics', ['200', '500']],
  'options /metrics': ['preflightMetrics', ['204']],
  'post /items': ['createItem', ['201', '400', '409', '413', '415', '500', '503']],
  'get /items': ['listItems', ['200', '400', '500', '503']],
  'head /items': ['headItems', ['200', '400', '500', '503']],
  'options /items': ['preflightItems', ['204']],
  'get /items/{id}': ['getItem', ITEM_READ],
  'head /items/{id}': ['headItem', ITEM_READ],
  'put /items/{id}': ['updateItem', ['200', '400', '404', '412', '413', '415', '500', '503']],
  'delete /items/{id}': ['deleteItem', ['200', '400', '404', '412', '413', '415', '500', '503']],
  'options /items/{id}': ['preflightItemsById', ['204']],
  'post /items/{id}/image': ['requestItemImageUpload', ['201', '400', '404', '413', '415', '500', '503']],
  'options /items/{id}/image': ['preflightItemsByIdImage', ['204']],
  'get /reports/daily/{date}': ['getDailyReport', ITEM_READ],
  'head /reports/daily/{date}': ['headDailyReport', ITEM_READ],
  'options /reports/daily/{date}': ['preflightReportsDailyByDate', ['204']],
  'post /orders': ['createOrder', ['201', '400', '409', '413', '415', '500', '503']],
  'options /orders': ['preflightOrders', ['204']],
  'get /orders/search': ['searchOrders', ['200', '400', '500', '503']],
  'head /orders/search': ['headSearchOrders', ['200', '400', '500', '503']],
  'options /orders/search': ['preflightOrdersSearch', ['204']],
  'get /orders/{order_id}': ['getOrder', ITEM_READ],
  'head /orders/{order_id}': ['headOrder', ITEM_READ],
  'delete /orders/{order_id}': ['deleteOrder', ['204', '400', '404', '412', '413', '415', '500', '503']],
  'options /orders/{order_id}': ['preflightOrdersByOrderId', ['204']],
  'get /customers/{customer_id}/orders': ['listCustomerOrders', ['200', '400', '500', '503']],
  'head /customers/{customer_id}/orders': ['headCustomerOrders', ['200', '400', '500', '503']],
  'options /customers/{customer_id}/orders': ['preflightCustomersByCustomerIdOrders', ['204']],
  'post /orders/{order_id}/cancel': ['cancelOrder', ['200', '400', '404', '409', '412', '413', '415', '500', '503']],
  'options /orders/{order_id}/cancel': ['preflightOrdersByOrderIdCancel', ['204']]
}

t.test('/openapi.json is a valid OpenAPI 3.1 document', async (t) => {
  const app = await build(t)
  const response = await app.inject({ url: '/openapi.json' })
  t.equal(response.statusCode, 200)
  t.match(response.headers['content-type'], /^application\/json/)
  const document = response.json()
  t.equal(document.openapi, '3.1.0')
  const result = await new Validator().validate(document)
  t.same(result.errors, undefined, 'no validation errors')
  t.equal(result.valid, true)
})

t.test('every operation, named and described, with every status it answers', async (t) => {
  const app = await build(t)
  const document = (await app.inject({ url: '/openapi.json' })).json()
  const operations: Record<string, [string, string[]]> = {}
  for (const [path, methods] of Object.entries<Record<string, any>>(document.paths)) {
    for (const [method, operation] of Object.entries<any>(methods)) {
      operations[`${method} ${path}`] = [operation.operationId, Object.keys(operation.responses).sort()]
      t.ok(operation.tags?.length > 0, `${method} ${path} has tags`)
      t.type(operation.summary, 'string', `${method} ${path} has a summary`)
      t.type(operation.description, 'string', `${method} ${path} has a description`)
      t.same(operation.security, [], `${method} ${path}: open, and says so`)
      t.same(operation.parameters.at(-1), { $ref: '#/components/parameters/RequestId' }, `${method} ${path} takes X-Request-Id`)
      for (const [status, response] of Object.entries<any>(operation.responses)) {
        t.not(response.description, 'Default Response', `${method} ${path} ${status} says what it means`)
        t.ok(response.headers['X-Request-Id'], `${method} ${path} ${status} declares X-Request-Id`)
        const schema = response.content?.['application/json']?.schema
        if (method === 'head' || method === 'options' || status === '204') t.notOk(schema, `${method} ${path} ${status} has no body`)
        else t.match(schema, { $ref: /^#\/components\/schemas\/\w+$/ }, `${method} ${path} ${status} names its body's schema`)
      }
    }
  }
  t.same(operations, EXPECTED_OPERATIONS)
  const ids = Object.values(operations).map(([id]) => id)
  t.equal(new Set(ids).size, ids.length, 'operation ids are unique')
})

t.test('limit is optional, with its default', async (t) => {
  const app = await build(t)
  const document = (await app.inject({ url: '/openapi.json' })).json()
  const limit = document.paths['/items'].get.parameters.find((parameter: any) => parameter.name === 'limit')
  t.match(limit, { in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } })
})

t.test('named schemas, headers, examples per status, licence and contact', async (t) => {
  const app = await build(t)
  const document = (await app.inject({ url: '/openapi.json' })).json()
  t.same(Object.keys(document.components.schemas).sort(), ['DailyReport', 'DailyReportResponse', 'DeleteResponse', 'ErrorCode', 'ErrorDetail',
    'ErrorResponse', 'HealthResponse', 'ImageUpload', 'ImageUploadRequest', 'ImageUploadResponse', 'ImageUploadState',
    'Item', 'ItemCreate', 'ItemImage', 'ItemListResponse', 'ItemResponse', 'ItemUpdate', 'MetricsResponse',
    'Order', 'OrderCreate', 'OrderListResponse', 'OrderResponse', 'OrderSearchResponse', 'OrderStatus'])
  t.same(document.components.schemas.Item.properties.image, { $ref: '#/components/schemas/ItemImage' }, 'an item names its image\'s schema')
  t.same(document.components.schemas.Item.properties.upload, { $ref: '#/components/schemas/ImageUploadState' }, 'and its upload\'s')
  t.same(document.components.schemas.OrderResponse.properties.data, { $ref: '#/components/schemas/Order' })
  t.same(document.components.schemas.Order.properties.status, { $ref: '#/components/schemas/OrderStatus' })
  t.same(document.components.schemas.ItemResponse.properties.data, { $ref: '#/components/schemas/Item' })
  t.match(document.components.schemas.ErrorCode, { type: 'string', enum: Array })
  t.notOk(document.components.schemas.ErrorCode.enum.includes('RATE_LIMITED'), 'only codes the service answers')
  t.same(Object.keys(document.components.headers).sort(), ['Access-Control-Allow-Headers', 'Access-Control-Allow-Methods',
    'Access-Control-Max-Age', 'Allow', 'ETag', 'Idempotent-Replayed', 'Location', 'Retry-After', 'X-Request-Id'])
  t.same(Object.keys(document.paths['/items'].post.responses['201'].headers).sort(), ['ETag', 'Idempotent-Replayed', 'Location', 'X-Request-Id'])
  t.same(Object.keys(document.paths['/items/{id}'].get.responses['503'].headers).sort(), ['Retry-After', 'X-Request-Id'])

  const examples = Object.values<any>(document.paths['/items/{id}'].put.responses)
    .map((response) => response.content['application/json'].example)
  t.equal(new Set(examples.map((example) => JSON.stringify(example))).size, examples.length, 'each status its own example')
  t.match(document.paths['/items/{id}'].get.responses['200'].content['application/json'].example, { success: true, data: { version: 1 } })
  t.notOk(document.paths['/items/{id}'].get.responses['200'].content['application/json'].example.message, 'a read says nothing was done')
  t.match(document.paths['/items/{id}'].put.responses['412'].content['application/json'].example.error, { code: 'PRECONDITION_FAILED' })
  t.match(document.components.responses, { NotFound: { headers: {} }, MethodNotAllowed: { headers: { Allow: {} } } })

  t.same(document.info.license, { name: 'MIT', identifier: 'MIT' })
  t.ok(document.info.contact.name)
  t.same(document.security, [])
})

t.test('request bodies carry examples for "Try it out"', async (t) => {
  const app = await build(t)
  const document = (await app.inject({ url: '/openapi.json' })).json()
  const create = document.paths['/items'].post.requestBody.content['application/json']
  t.match(JSON.stringify(create), /"Laptop"/)
  t.same(create.schema, { $ref: '#/components/schemas/ItemCreate' })
  t.equal(document.components.schemas.ItemCreate.additionalProperties, false)
  const update = document.paths['/items/{id}'].put.requestBody.content['application/json']
  t.match(JSON.stringify(update), /"Updated Laptop"/)
})
