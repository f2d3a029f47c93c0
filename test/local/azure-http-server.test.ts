// The local Functions host's HTTP front (local/azure/azure-http-server.ts) around handlers of its own: the request as
// the trigger gets it, the answer written back (cookies as Set-Cookie, no body for HEAD), a handler that throws as the
// host's bare 500, and a taken port as one line. The Cosmos server's taken port too, the change feed's backoff, the
// queue trigger's input, the timer, and the host's console.
import { once } from 'node:events'
import { createServer } from 'node:net'
import type { HttpRequest } from '@azure/functions'
import t from 'tap'
import { setCookie, startAzureHttpServer } from '../../local/azure/azure-http-server.ts'
import { retryDelay } from '../../local/azure/change-feed-driver.ts'
import { hostContext } from '../../local/azure/host-context.ts'
import { startReportTimer, timerForDay } from '../../local/azure/report-timer.ts'
import { triggerInput } from '../../local/azure/storage-queue-driver.ts'
import { startCosmosFeedServer } from '../../local/azure/cosmos-feed-server.ts'
import { freePort } from '../../local/free-port.ts'

const quiet = { host: '127.0.0.1', logHandler: () => {} }

t.test('the request as the trigger gets it, the answer as the handler gives it', async (t) => {
  let seen: HttpRequest | undefined
  const server = await startAzureHttpServer(async (request, context) => {
    seen = request
    return { status: 201, headers: { 'x-invocation': context.invocationId }, cookies: [{ name: 'a', value: '1', path: '/', httpOnly: true, sameSite: 'Lax' }], body: await request.text() }
  }, { port: 0, ...quiet })
  t.teardown(server.close)
  const response = await fetch(`${server.url}/items?tag=a&tag=b`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' })
  t.equal(response.status, 201)
  t.equal(await response.text(), 'hello')
  t.match(response.headers.get('x-invocation'), /^[0-9a-f-]{36}$/)
  t.equal(response.headers.get('set-cookie'), 'a=1; Path=/; HttpOnly; SameSite=Lax')
  t.equal(seen?.url, `${server.url}/items?tag=a&tag=b`, 'the whole URL, with no /api prefix')
  t.equal(seen?.headers.get('content-type'), 'text/plain')
  const head = await fetch(`${server.url}/items`, { method: 'HEAD' })
  t.equal(head.status, 201)
  t.equal(await head.text(), '', 'no body for HEAD')
})

t.test('a handler that throws is a bare 500, logged', async (t) => {
  const logged: unknown[] = []
  const server = await startAzureHttpServer(async () => { throw new Error('boom') }, { port: 0, host: '127.0.0.1', logHandler: (...args) => logged.push(args) })
  t.teardown(server.close)
  const response = await fetch(server.url)
  t.equal(response.status, 500)
  t.equal(await response.text(), '')
  t.match(logged, [['error', 'the api function failed', { message: 'boom' }]])
})

t.test('every cookie attribute the runtime has', async (t) => {
  t.equal(setCookie({ name: 's', value: 'v', domain: 'example.com', expires: new Date(0), maxAge: 60, secure: true }),
    's=v; Domain=example.com; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=60; Secure')
})

t.test('a taken port is one line, for the API as for the Cosmos server', async (t) => {
  const port = await freePort()
  const holder = createServer().listen(port, '127.0.0.1')
  await once(holder, 'listening')
  t.teardown(() => holder.close())
  await t.rejects(startAzureHttpServer(async () => ({}), { port, ...quiet }), { name: 'StartupError', message: new RegExp(`^Port ${port} on 127.0.0.1 is already in use`) })
  await t.rejects(startCosmosFeedServer(port), { name: 'StartupError' })
})

t.test('the change feed\'s retries back off exponentially, up to the maximum', async (t) => {
  const retry = { maxRetryCount: 5, minimumInterval: 1_000, maximumInterval: 30_000 }
  t.same([1, 2, 3, 4, 5, 6].map((count) => retryDelay(retry, count)), [1_000, 2_000, 4_000, 8_000, 16_000, 30_000])
})

t.test('a queue message as the trigger hands it over: JSON parsed, any other text as it is', async (t) => {
  t.same(triggerInput(Buffer.from('{"order_id":"O-1"}').toString('base64')), { order_id: 'O-1' })
  t.equal(triggerInput(Buffer.from('plain words').toString('base64')), 'plain words')
})

t.test('the timer: the occurrence after a day reports it, and the schedule fires at 02:00 UTC', async (t) => {
  t.same(timerForDay('2026-12-06').scheduleStatus, { last: '2026-12-06T02:00:00.000Z', next: '2026-12-08T02:00:00.000Z', lastUpdated: '2026-12-07T02:00:00.000Z' })
  const fired = await new Promise<unknown>((resolve) => {
    const timer = startReportTimer(async (fire) => { await timer.stop(); resolve(fire) }, 'dailyReport', () => {}, () => new Date('2026-12-08T01:59:59.950Z'))
  })
  t.match(fired, { isPastDue: false, scheduleStatus: { next: '2026-12-09T02:00:00.000Z' } })
})

t.test('an invocation\'s log lines are printed on stdout, one a line', async (t) => {
  const written: string[] = []
  const write = process.stdout.write.bind(process.stdout)
  process.stdout.write = ((chunk: string) => { written.push(chunk); return true }) as typeof process.stdout.write
  try {
    hostContext('orderWorker').info('{"level":"info","msg":"a line"}')
  } finally {
    process.stdout.write = write
  }
  t.same(written, ['{"level":"info","msg":"a line"}\n'])
})
