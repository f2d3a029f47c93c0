// A client generated from /openapi.json by a maintained generator (swagger-typescript-api): the walk-through, written
// against it with no cast, type-checks under strict TypeScript and then runs against the real listening server.
import { execFile } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { generateApi } from 'swagger-typescript-api'
import { startServer } from '../../../local/start-server.ts'
import { temporaryDirectory, testConfig } from '../../helper.ts'

const run = promisify(execFile)

// What a user of the generated client writes: named functions, named types, no casts, GET /items with no query.
const WALK_THROUGH = `import { Api, type ErrorCode, type Item, type ItemListResponse } from './client.ts'

const api = new Api({ baseUrl: process.argv[2] })
const steps: string[] = []

const health = await api.health.getHealth()
steps.push(\`health \${health.status} \${health.data.status}\`)

const created = await api.items.createItem({ name: 'Laptop', description: 'High-performance development laptop', price: 1299.99 })
const item: Item = created.data.data
steps.push(\`create \${created.status} \${created.headers.get('location') === '/items/' + item.id}\`)

const list: ItemListResponse = (await api.items.listItems()).data
steps.push(\`list \${list.count} \${list.next_cursor}\`)

const read = await api.items.getItem(item.id)
steps.push(\`read \${read.status} \${read.headers.get('etag')}\`)

const updated = await api.items.updateItem(item.id, { name: 'Updated Laptop', price: 1199.99 }, { headers: { 'If-Match': '"1"' } })
steps.push(\`update \${updated.data.data.version} \${updated.data.message ?? ''}\`)

const deleted = await api.items.deleteItem(item.id)
steps.push(\`delete \${deleted.data.message}\`)

const missing = await api.items.getItem(item.id)
const code: ErrorCode | undefined = missing.ok ? undefined : missing.error.error.code
steps.push(\`read deleted \${missing.status} \${code ?? ''}\`)

console.log(JSON.stringify(steps))
`

t.test('a client generated from the document runs the walk-through, type-checked with no cast', async (t) => {
  const config = await testConfig()
  const server = await startServer({ PORT: '0', LOG_LEVEL: 'silent', DYNAMODB_ENDPOINT: config.dynamodbEndpoint, DYNAMODB_TABLE_NAME: config.tableName })
  t.teardown(() => server.app.close())
  const dir = await temporaryDirectory(t)
  await writeFile(join(dir, 'openapi.json'), await (await fetch(`${server.url}/openapi.json`)).text())

  await generateApi({
    input: join(dir, 'openapi.json'),
    output: dir,
    fileName: 'client.ts',
    httpClientType: 'fetch',
    enumStyle: 'union',
    // Errors come back as values typed by the document's ErrorResponse, rather than thrown.
    disableThrowOnError: true,
    silent: true
  })
  const client = await import('node:fs/promises').then(({ readFile }) => readFile(join(dir, 'client.ts'), 'utf8'))
  for (const name of ['createItem', 'listItems', 'getItem', 'updateItem', 'deleteItem', 'getHealth', 'getMetrics']) {
    t.match(client, new RegExp(`\\b${name}: \\(`), `a function named ${name}`)
  }
  for (const type of ['Item', 'ItemCreate', 'ItemUpdate', 'ItemResponse', 'ItemListResponse', 'ErrorResponse', 'ErrorCode']) {
    t.match(client, new RegExp(`export (interface|type) ${type}\\b`), `a type named ${type}`)
  }

  await writeFile(join(dir, 'walk-through.ts'), WALK_THROUGH)
  await writeFile(join(dir, 'package.json'), '{ "type": "module" }')
  const tsc = join(process.cwd(), 'node_modules/typescript/bin/tsc')
  const checked = await run(process.execPath, [tsc, '--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext',
    '--moduleResolution', 'nodenext', '--allowImportingTsExtensions', '--lib', 'es2022,dom', '--types', 'node',
    '--typeRoots', join(process.cwd(), 'node_modules/@types'), join(dir, 'walk-through.ts')], { cwd: dir }).then(() => '', (error: { stdout: string }) => error.stdout)
  t.equal(checked, '', 'strict TypeScript finds nothing to complain about')
  t.notMatch(WALK_THROUGH, / as [A-Z]|<[A-Z]\w*>\(|!\./, 'the walk-through casts nothing')

  const tsx = join(process.cwd(), 'node_modules/tsx/dist/cli.mjs')
  const { stdout } = await run(process.execPath, [tsx, join(dir, 'walk-through.ts'), server.url])
  t.same(JSON.parse(stdout), [
    'health 200 healthy',
    'create 201 true',
    'list 1 null',
    'read 200 "1"',
    'update 2 Item updated successfully',
    'delete Item deleted successfully',
    'read deleted 404 ITEM_NOT_FOUND'
  ])
})
