// Many requests at once to one endpoint: each gets a connection of its own rather than waiting in the SDK's agent,
// where the wait counted against the connection timeout and a slow store read as an unreachable one.
import { once } from 'node:events'
import { createServer } from 'node:http'
import { GetItemCommand } from '@aws-sdk/client-dynamodb'
import t from 'tap'
import { STORE_LIMITS } from '../../../src/adapters/aws-sdk/sdk-limits.ts'
import { createDynamoDbClient } from '../../../src/adapters/dynamodb/dynamodb-client.ts'

// More at once than the SDK's default of 50 connections, and answers slower than the connection timeout: a request
// queued behind the first 50 would wait longer than that timeout for a connection.
const AT_ONCE = 80
const ANSWER_AFTER_MS = STORE_LIMITS.connectionTimeoutMs + 500

t.test(`${AT_ONCE} requests at once, each answered after ${ANSWER_AFTER_MS} ms, all succeed on their first attempt`, async (t) => {
  let open = 0
  let mostOpen = 0
  const server = createServer((request, response) => {
    open++
    mostOpen = Math.max(mostOpen, open)
    request.resume()
    setTimeout(() => {
      open--
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end('{}')
    }, ANSWER_AFTER_MS)
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  t.teardown(() => server.close())
  const address = server.address() as { port: number }
  const client = createDynamoDbClient({ region: 'us-east-1', dynamodbEndpoint: `http://127.0.0.1:${address.port}` }, {})
  t.teardown(() => client.destroy())

  const results = await Promise.allSettled(Array.from({ length: AT_ONCE }, async () =>
    await client.send(new GetItemCommand({ TableName: 't', Key: { id: { S: 'x' } } }))))
  t.same(results.filter((result) => result.status === 'rejected').map((result) => String((result as PromiseRejectedResult).reason)), [], 'none failed')
  t.same(results.map((result) => (result as PromiseFulfilledResult<{ $metadata: { attempts?: number } }>).value?.$metadata.attempts), Array(AT_ONCE).fill(1),
    'none retried')
  t.equal(mostOpen, AT_ONCE, 'all in flight together')
})
