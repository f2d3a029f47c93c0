// What Node's HTTP parser refuses, over a real socket: still the contract's error shape, never Fastify's default body.
import { connect } from 'node:net'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { build } from '../helper.ts'

async function rawExchange (port: number, request: string): Promise<{ status: number, headers: string, body: any }> {
  const socket = connect(port, '127.0.0.1')
  let received = ''
  socket.on('data', (chunk) => { received += chunk })
  socket.on('error', () => {})
  socket.write(request)
  await new Promise((resolve) => socket.on('close', resolve))
  const [head, body] = received.split('\r\n\r\n', 2)
  return { status: Number(head.split(' ')[1]), headers: head, body: JSON.parse(body) }
}

t.test('headers over 16 KiB, and requests that are not HTTP, are answered in the error shape', async (t) => {
  const app = await build(t)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo

  const huge = await rawExchange(port, `GET /items HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(20 * 1024)}\r\n\r\n`)
  t.equal(huge.status, 431)
  t.match(huge.body, { success: false, error: { code: 'VALIDATION_ERROR', message: 'Request headers are larger than 16 KiB' }, request_id: String })
  t.match(huge.headers, new RegExp(`X-Request-Id: ${huge.body.request_id}`))

  const garbage = await rawExchange(port, 'HELLO THERE\r\n\r\n')
  t.equal(garbage.status, 400)
  t.match(garbage.body, { success: false, error: { code: 'VALIDATION_ERROR', message: 'The request is not valid HTTP' } })

  const fine = await fetch(`http://127.0.0.1:${port}/health`)
  t.equal(fine.status, 200, 'the server goes on serving')
})
