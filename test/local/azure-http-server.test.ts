// The local Functions host's HTTP front (local/azure/azure-http-server.ts) around handlers of its own: the request as
// the trigger gets it, the answer written back (cookies as Set-Cookie, no body for HEAD), a handler that throws as the
// host's bare 500, and a taken port as one line, for the API as for the Cosmos server.
import { once } from 'node:events'
import { createServer } from 'node:net'
import type { HttpRequest } from '@azure/functions'
import t from 'tap'
import { setCookie, startAzureHttpServer } from '../../local/azure/azure-http-server.ts'
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
