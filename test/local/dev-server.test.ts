// The local server for real: listening on a port, embedded DynamoDB on disk, the seed's curl walk-through.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import t from 'tap'
import { startServer, type RunningServer } from '../../local/start-server.ts'
import { temporaryDirectory } from '../helper.ts'

const run = promisify(execFile)

async function curl (...args: string[]): Promise<{ status: number, body: any }> {
  const { stdout } = await run('curl', ['-s', '-w', '\n%{http_code}', ...args])
  const lines = stdout.split('\n')
  const status = Number(lines.pop())
  return { status, body: JSON.parse(lines.join('\n')) }
}

async function start (t: { teardown: (fn: () => unknown) => void }, env: Record<string, string>): Promise<RunningServer> {
  const server = await startServer({ PORT: '0', LOG_LEVEL: 'silent', ...env })
  t.teardown(() => server.app.close())
  return server
}

t.test('the seed walk-through, exactly as the README writes it, against a listening server', async (t) => {
  const { url } = await start(t, { DATA_DIR: await temporaryDirectory(t) })

  const health = await curl(`${url}/health`)
  t.equal(health.status, 200)
  t.match(health.body, { status: 'healthy', runtime: 'nodejs' })

  const created = await curl('-X', 'POST', `${url}/items`, '-H', 'Content-Type: application/json',
    '-d', '{"name": "Laptop", "description": "High-performance development laptop", "price": 1299.99}')
  t.equal(created.status, 201)
  const id = created.body.data.id

  const list = await curl(`${url}/items`)
  t.equal(list.status, 200)
  t.match(list.body, { success: true, count: 1, next_cursor: null, data: [{ id }] })

  const read = await curl(`${url}/items/${id}`)
  t.same(read.body.data, created.body.data)

  const updated = await curl('-X', 'PUT', `${url}/items/${id}`, '-H', 'Content-Type: application/json',
    '-d', '{"name": "Updated Laptop", "price": 1199.99}')
  t.equal(updated.status, 200)
  t.match(updated.body.data, { name: 'Updated Laptop', price: 1199.99, version: 2 })

  const deleted = await curl('-X', 'DELETE', `${url}/items/${id}`)
  t.same(deleted, { status: 200, body: { success: true, message: 'Item deleted successfully' } })
})

t.test('items kept by the embedded store survive a restart', async (t) => {
  const dataDir = await temporaryDirectory(t)
  const first = await startServer({ PORT: '0', LOG_LEVEL: 'silent', DATA_DIR: dataDir })
  const response = await fetch(`${first.url}/items`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Kept', price: 1 })
  })
  const { data } = await response.json() as { data: { id: string } }
  await first.app.close()

  const second = await start(t, { DATA_DIR: dataDir })
  const read = await fetch(`${second.url}/items/${data.id}`)
  t.equal(read.status, 200)
  t.same((await read.json() as { data: unknown }).data, data)
})

t.test('with DYNAMODB_ENDPOINT the server uses that endpoint and creates its table', async (t) => {
  const storeOwner = await start(t, { DATA_DIR: await temporaryDirectory(t) })
  const endpoint = storeOwner.config.dynamodbEndpoint!
  const server = await start(t, { DYNAMODB_ENDPOINT: endpoint, DYNAMODB_TABLE_NAME: 'external-items' })
  t.equal(server.config.dynamodbEndpoint, endpoint)
  const response = await fetch(`${server.url}/items`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Remote', price: 2 })
  })
  t.equal(response.status, 201)
  await response.body?.cancel()
  t.equal((await (await fetch(`${server.url}/items`)).json() as { count: number }).count, 1)
})

t.test('a port already in use fails start-up and releases the embedded store', async (t) => {
  const dataDir = await temporaryDirectory(t)
  const first = await start(t, { DATA_DIR: await temporaryDirectory(t) })
  const port = new URL(first.url).port
  await t.rejects(startServer({ PORT: port, LOG_LEVEL: 'silent', DATA_DIR: dataDir }),
    { name: 'StartupError', message: new RegExp(`^Port ${port} on 127\\.0\\.0\\.1 is already in use`), cause: { code: 'EADDRINUSE' } })
  // The failed start closed its store: the same data directory opens again.
  await start(t, { DATA_DIR: dataDir })
})
