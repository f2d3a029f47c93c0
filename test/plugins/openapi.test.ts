// The generated OpenAPI document: valid 3.1, every route and every status its schema declares.
import t from 'tap'
import { Validator } from '@seriousme/openapi-schema-validator'
import { build } from '../helper.ts'

const EXPECTED_OPERATIONS: Record<string, string[]> = {
  'get /health': ['200'],
  'get /metrics': ['200'],
  'post /items': ['201', '400', '401', '409', '413', '415', '500', '503'],
  'get /items': ['200', '400', '401', '500', '503'],
  'get /items/{id}': ['200', '400', '401', '404', '500', '503'],
  'put /items/{id}': ['200', '400', '401', '404', '412', '413', '415', '500', '503'],
  'delete /items/{id}': ['200', '400', '401', '404', '412', '500', '503']
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

t.test('every route, with tags, summary and every status it answers', async (t) => {
  const app = await build(t)
  const document = (await app.inject({ url: '/openapi.json' })).json()
  const operations: Record<string, string[]> = {}
  for (const [path, methods] of Object.entries<Record<string, any>>(document.paths)) {
    for (const [method, operation] of Object.entries<any>(methods)) {
      operations[`${method} ${path}`] = Object.keys(operation.responses).sort()
      t.ok(operation.tags?.length > 0, `${method} ${path} has tags`)
      t.type(operation.summary, 'string', `${method} ${path} has a summary`)
      for (const [status, response] of Object.entries<any>(operation.responses)) {
        t.ok(response.content?.['application/json']?.schema, `${method} ${path} ${status} has a body schema`)
      }
    }
  }
  t.same(operations, EXPECTED_OPERATIONS)
})

t.test('request bodies carry examples for "Try it out"', async (t) => {
  const app = await build(t)
  const document = (await app.inject({ url: '/openapi.json' })).json()
  const create = document.paths['/items'].post.requestBody.content['application/json']
  t.match(JSON.stringify(create), /"Laptop"/)
  t.equal(create.schema.additionalProperties, false)
  const update = document.paths['/items/{id}'].put.requestBody.content['application/json']
  t.match(JSON.stringify(update), /"Updated Laptop"/)
})

t.test('the error responses describe the contract\'s error envelope', async (t) => {
  const app = await build(t)
  const document = (await app.inject({ url: '/openapi.json' })).json()
  const notFound = document.paths['/items/{id}'].get.responses['404']
  t.match(notFound.description, /ITEM_NOT_FOUND/)
  t.match(notFound.content['application/json'].schema, { properties: { success: {}, error: {}, request_id: {} } })
})
