// The local SQS server's start and stop: on 127.0.0.1 only, stopped on close, a taken port refused, a queue it
// cannot create refused.
import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { startSqsServer } from '../../local/sqs-server.ts'

t.test('it listens on 127.0.0.1 and stops on close', async (t) => {
  const sqs = await startSqsServer({ port: 0, queues: { Q: { name: 'q', attributes: {} } } })
  t.match(sqs.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/)
  t.equal(sqs.queues.Q.url, `${sqs.endpoint}/123456789012/q`)
  await sqs.queues.Q.sendBody('one')
  t.same((await sqs.queues.Q.peek()).map((message) => message.Body), ['one'], 'each message once, though it is visible again at once')
  await sqs.close()
  await t.rejects(fetch(sqs.endpoint), 'nothing answers after close')
})

t.test('a taken port is refused', async (t) => {
  const taken = createServer()
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise((resolve) => taken.close(resolve)))
  await t.rejects(startSqsServer({ port: (taken.address() as AddressInfo).port, queues: {} }), { code: 'EADDRINUSE' })
})

t.test('a queue the server refuses fails the start', async (t) => {
  await t.rejects(startSqsServer({ port: 0, queues: { Bad: { name: 'not a name', attributes: {} } } }), { message: /alphanumeric/ })
})
