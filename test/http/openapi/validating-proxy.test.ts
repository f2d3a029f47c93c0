// Stoplight Prism, a validating proxy, in front of the real listening server: every exchange goes through it, and it
// reports (in its sl-violations header) any request or response that breaks the document. A request the service
// accepts must break nothing; a request the service refuses may break the document's rules for requests, but its
// answer must still be a response the document declares.
import { spawn } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import t from 'tap'
import { startServer } from '../../../local/start-server.ts'
import { freePort } from '../../../local/free-port.ts'
import { temporaryDirectory, testConfig } from '../../helper.ts'
import { exchanges, withCreated, type Exchange } from './exchanges.ts'

interface Violation { location: string[], severity: string, code: string | number, message: string }

/**
 * What Prism cannot judge, each covered by test/http/openapi/conformance.test.ts instead: HEAD (Prism parses the empty body
 * of a HEAD answer as the JSON its Content-Type names, and answers 500 itself), and a trailing slash (OpenAPI paths
 * have none; Prism reads `/items/` as `/items/{id}` with an empty id, where the service, as documented, reads `/items`).
 */
const throughPrism = (exchange: Exchange): boolean => exchange.method !== 'HEAD' && !/.\/(\?|$)/.test(exchange.url)

const PRISM = createRequire(import.meta.url).resolve('@stoplight/prism-cli/dist/index.js')

t.test('Prism in front of the service reports no violation', async (t) => {
  const config = await testConfig()
  const server = await startServer({ PORT: '0', LOG_LEVEL: 'silent', DYNAMODB_ENDPOINT: config.dynamodbEndpoint, DYNAMODB_TABLE_NAME: config.tableName })
  t.teardown(() => server.app.close())
  const dir = await temporaryDirectory(t)
  const documentFile = join(dir, 'openapi.json')
  await writeFile(documentFile, await (await fetch(`${server.url}/openapi.json`)).text())

  const port = await freePort()
  const prism = spawn(process.execPath, [PRISM, 'proxy', documentFile, server.url, '--host', '127.0.0.1', '--port', String(port), '--cors', 'false'],
    { stdio: ['ignore', 'pipe', 'pipe'] })
  t.teardown(() => { prism.kill('SIGKILL') })
  let output = ''
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString()
      if (output.includes('Prism is listening')) resolve()
    }
    prism.stdout.on('data', onData)
    prism.stderr.on('data', onData)
    prism.once('exit', (code) => reject(new Error(`prism exited with ${code}: ${output}`)))
    setTimeout(() => reject(new Error(`prism did not start: ${output}`)), 60_000).unref()
  })

  const base = `http://127.0.0.1:${port}`
  let created = ''
  for (const listed of exchanges().filter(throughPrism)) {
    const exchange = withCreated(listed, created)
    const response = await fetch(`${base}${exchange.url}`, { method: exchange.method, headers: exchange.headers, body: exchange.body })
    const text = await response.text()
    t.equal(response.status, exchange.status, `${exchange.name}: the service's answer came through`)
    if (exchange.name === 'create') created = JSON.parse(text).data.id
    const violations = JSON.parse(response.headers.get('sl-violations') ?? '[]') as Violation[]
    const broken = exchange.status < 400 ? violations : violations.filter((violation) => violation.location[0] === 'response')
    t.same(broken, [], `${exchange.name}: no violation${exchange.status < 400 ? '' : ' in the response'}`)
    if (exchange.name === 'create: price not > 0') {
      t.ok(violations.some((violation) => violation.location.join('.') === 'request.body.price'), 'Prism does judge: it names the invalid price')
    }
  }
})
