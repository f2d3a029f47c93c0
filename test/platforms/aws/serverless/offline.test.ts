// npm run offline: the built handler behind serverless-offline's API Gateway (HTTP API) emulator, against the embedded
// store, answers the seed walk-through over real HTTP, and the docs pages open through it in a real browser.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import t from 'tap'
import { temporaryDirectory } from '../../../helper.ts'
import { WALK_THROUGH, WALK_THROUGH_STATUS } from '../../walk-through.ts'
import { freePort } from '../../../../local/free-port.ts'
import { checkDocs, launch, skip as skipBrowser } from '../../../browser/check-docs.ts'

async function until (ready: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await ready().catch(() => false)) return true
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  return false
}

t.test('the seed walk-through through serverless-offline', async (t) => {
  const dataDir = await temporaryDirectory(t)
  const [httpPort, lambdaPort] = [await freePort(), await freePort()]
  const offline = spawn(process.execPath, [...process.execArgv, 'local/offline.ts', '--httpPort', `${httpPort}`, '--lambdaPort', `${lambdaPort}`], {
    env: { ...process.env, DATA_DIR: dataDir, DYNAMODB_ENDPOINT: '', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  offline.stdout.on('data', (chunk) => { output += chunk })
  offline.stderr.on('data', (chunk) => { output += chunk })
  const exited = once(offline, 'exit')
  t.teardown(() => { if (offline.exitCode === null) offline.kill('SIGKILL') })

  const base = `http://127.0.0.1:${httpPort}`
  const ready = await until(async () => (await fetch(`${base}/health`)).status === 200, 60_000)
  if (!t.ok(ready, 'serverless-offline answers /health')) {
    t.comment(output)
    return
  }
  t.match(output, /embedded dynalite/, 'against the embedded store')

  const previous: Record<string, any> = {}
  for (const [name, step] of WALK_THROUGH) {
    const request = step(previous)
    const query = request.query === undefined ? '' : `?${new URLSearchParams(request.query as Record<string, string>)}`
    const response = await fetch(`${base}${request.path}${query}`, { method: request.method, headers: request.headers, body: request.body })
    const body = await response.json() as Record<string, any>
    t.equal(response.status, WALK_THROUGH_STATUS[name], `${name}: status`)
    t.ok(response.headers.get('x-request-id'), `${name}: a request id`)
    if (name === 'create') {
      previous.id = body.data.id
      t.equal(response.headers.get('location'), `/items/${previous.id}`)
    }
    if (name === 'list') t.equal(body.count, 1)
    if (name === 'update') t.match(body.data, { name: 'Updated Laptop', price: 1199.99, version: 2 })
    if (name === 'read deleted') t.equal(body.error.code, 'ITEM_NOT_FOUND')
  }
  // The emulator hands `/docs/` to the function as `/docs`: the pages must open either way, with no redirect.
  for (const path of ['/docs', '/docs/', '/redoc', '/redoc/']) {
    const page = await fetch(`${base}${path}`, { redirect: 'manual' })
    t.equal(page.status, 200, `${path} through the emulator`)
    t.match(page.headers.get('content-type'), /^text\/html/)
  }
  if (skipBrowser === false) {
    const browser = await launch(t)
    await checkDocs(t, browser, base, '/docs')
    await checkDocs(t, browser, base, '/docs/')
  } else t.comment(`the browser check is skipped: ${skipBrowser}`)

  offline.kill('SIGTERM')
  const [code] = await exited
  t.equal(code, 0, 'stops cleanly on SIGTERM') || t.comment(output)
})
