// local/dev-server.ts as a process: one-line config errors, the startup log, graceful shutdown on SIGTERM.
import { once } from 'node:events'
import { request } from 'node:http'
import t from 'tap'
import { temporaryDirectory } from '../helper.ts'
import { logLine, SDK_NODE_WARNING, startProcess } from '../spawned.ts'

t.test('a bad setting stops start-up with one line naming the variable', async (t) => {
  for (const [variable, value] of [['PORT', 'eighty'], ['LOG_LEVEL', 'loud'], ['DYNAMODB_ENDPOINT', 'localhost:8001']]) {
    const child = startProcess({ [variable]: value })
    let stderr = ''
    child.stderr.on('data', (chunk: string) => { stderr += chunk })
    const [code] = await once(child, 'exit')
    t.equal(code, 1, variable)
    t.match(stderr, new RegExp(`^Invalid ${variable}="${value}": expected [^\\n]+\\n$`), variable)
  }
})

t.test('the startup log names the store; SIGTERM finishes the in-flight request, then exits 0', async (t) => {
  const dataDir = await temporaryDirectory(t)
  const child = startProcess({ DATA_DIR: dataDir })
  t.teardown(() => child.kill('SIGKILL'))
  const ready = await logLine(child, (line) => line.store !== undefined)
  t.match(ready, { store: 'embedded dynalite', data_dir: dataDir, table: 'dev-benchmark-items', endpoint: /^http:\/\/127\.0\.0\.1:\d+$/ })
  const { port } = new URL(ready.msg.match(/http:\/\/\S+/)[0].replace(/;$/, ''))

  // A create whose body is only half sent when the signal arrives.
  const body = JSON.stringify({ name: 'In flight', price: 1 })
  const inFlight = request({ port, method: 'POST', path: '/items', headers: { 'content-type': 'application/json', 'content-length': body.length } })
  const response = once(inFlight, 'response')
  inFlight.write(body.slice(0, 10))
  // Give the server a moment to take the request in.
  await new Promise((resolve) => setTimeout(resolve, 200))
  const exited = once(child, 'exit')
  child.kill('SIGTERM')
  await logLine(child, (line) => line.msg?.startsWith('shutting down'))
  inFlight.end(body.slice(10))
  const [res] = await response
  let answer = ''
  for await (const chunk of res) answer += chunk
  t.equal(res.statusCode, 201, 'the in-flight request was answered')
  t.equal(JSON.parse(answer).data.name, 'In flight')
  const [code] = await exited
  t.equal(code, 0, 'clean exit')

  // Nothing lost: the item is there when the server comes back on the same data.
  const again = startProcess({ DATA_DIR: dataDir })
  t.teardown(() => again.kill('SIGKILL'))
  const back = await logLine(again, (line) => line.store !== undefined)
  const url = back.msg.match(/http:\/\/\S+/)[0].replace(/;$/, '')
  const list = await (await fetch(`${url}/items`)).json() as { count: number }
  t.equal(list.count, 1)
  again.kill('SIGINT')
  t.equal((await once(again, 'exit'))[0], 0, 'SIGINT exits cleanly too')
})

t.test('the first log line is the start-up line the docs describe, and Fastify\'s own listening line is left out', async (t) => {
  const child = startProcess({ DATA_DIR: await temporaryDirectory(t) })
  t.teardown(() => child.kill('SIGKILL'))
  let stdout = ''
  child.stdout.on('data', (chunk: string) => { stdout += chunk })
  const first = await logLine(child, () => true)
  t.match(first, { level: 'info', store: 'embedded dynalite', table: 'dev-benchmark-items', msg: /^items-api listening on http:\/\/\S+; docs at http:\/\/\S+\/docs$/ })
  const exited = once(child, 'exit')
  child.kill('SIGTERM')
  t.equal((await exited)[0], 0)
  const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as { msg: string })
  t.same(lines.filter((line) => /^Server listening/.test(line.msg)), [], 'no "Server listening at" line')
  t.ok(lines.some((line) => line.msg.startsWith('shutting down')), 'info lines after the start are still logged')
})

/** Runs `script` until it exits; its exit code and what it wrote. */
async function runToExit (env: Record<string, string>, script?: string): Promise<{ code: number | null, stdout: string, stderr: string }> {
  const child = startProcess(env, script)
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: string) => { stdout += chunk })
  child.stderr.on('data', (chunk: string) => { stderr += chunk })
  const [code] = await once(child, 'exit') as [number | null]
  return { code, stdout, stderr }
}

t.test('start-up failures: one line naming the cause and the fix, exit 1, no stack trace', async (t) => {
  const dataDir = await temporaryDirectory(t)
  const running = startProcess({ DATA_DIR: dataDir })
  t.teardown(() => running.kill('SIGKILL'))
  const ready = await logLine(running, (line) => line.store !== undefined)
  const { port } = new URL(ready.msg.match(/http:\/\/\S+/)[0].replace(/;$/, ''))

  const cases: Array<[string, Record<string, string>, string | undefined, RegExp]> = [
    ['the data folder is in use by `npm run dev`', { DATA_DIR: dataDir }, undefined,
      /^The data folder \S+ is in use by another process \(is `npm run dev` or `npm run offline` already running\?\)\. Stop that process, or set DATA_DIR to another folder\.\n$/],
    ['`npm run offline` on the data folder of `npm run dev`', { DATA_DIR: dataDir, DYNAMODB_ENDPOINT: '' }, 'local/offline.ts',
      /^The data folder \S+ is in use by another process .+ set DATA_DIR to another folder\.\n$/],
    ['the port is taken', { DATA_DIR: await temporaryDirectory(t), PORT: port }, undefined,
      new RegExp(`^Port ${port} on 127\\.0\\.0\\.1 is already in use \\(another \`npm run dev\`\\?\\)\\. Stop that process, or set PORT to a free port \\(PORT=0 picks one\\)\\.\\n$`)],
    ['the configured DynamoDB does not answer', { DYNAMODB_ENDPOINT: 'http://127.0.0.1:9' }, undefined,
      /^DynamoDB at http:\/\/127\.0\.0\.1:9 cannot be reached \(ECONNREFUSED\)\. Start it, or unset DYNAMODB_ENDPOINT to use the embedded store\.\n$/]
  ]
  for (const [name, env, script, line] of cases) {
    const { code, stderr } = await runToExit(env, script)
    t.equal(code, 1, `${name}: exit 1`)
    t.match(stderr, line, `${name}: the one line`)
  }
  running.kill('SIGTERM')
})

t.test('start-up output shows only the startup log, even on Node 20 where the AWS SDK would warn', async (t) => {
  const child = startProcess({ DATA_DIR: await temporaryDirectory(t), [SDK_NODE_WARNING]: undefined })
  t.teardown(() => child.kill('SIGKILL'))
  let stderr = ''
  child.stderr.on('data', (chunk: string) => { stderr += chunk })
  await logLine(child, (line) => line.store !== undefined)
  child.kill('SIGTERM')
  await once(child, 'exit')
  t.equal(stderr, '', 'nothing on stderr')
})
