// The Queue Storage adapter through the real SDK against Azurite: every message arrives as Base64-encoded JSON, as the
// Functions host's queue trigger reads it, and a send the service refuses in part or in whole throws with the count.
import type { QueueClient } from '@azure/storage-queue'
import t from 'tap'
import { AzureOrderQueue, QueueMessagesRefusedError, queueMessageText } from '../../../src/adapters/azure-storage/azure-order-queue.ts'
import { createQueueClient } from '../../../src/adapters/azure-storage/storage-clients.ts'
import type { OrderMessage } from '../../../src/orders/queue-messages.ts'
import { OrderMessageSchema } from '../../../src/orders/queue-messages.ts'
import { freePort } from '../../../local/free-port.ts'
import { azuriteAccess, freshName, freshQueue } from './azurite-server.ts'
import { connectionStringAt } from './faulty-server.ts'

const message = (n: number): OrderMessage => n % 2 === 0
  ? { order_id: `ORD-20240110-${String(n).padStart(8, '0')}`, action: 'process_payment', data: { customer_id: `CUST-${n}`, total_amount: n + 0.99 } }
  : { order_id: `ORD-20240110-${String(n).padStart(8, '0')}`, action: 'update_inventory', data: { items: ['SKU-ÄÖ-1', `SKU-${n}`] } }

/** Every message on the queue, its text as stored. */
async function receiveAll (queue: QueueClient): Promise<string[]> {
  const texts: string[] = []
  for (;;) {
    const { receivedMessageItems: items } = await queue.receiveMessages({ numberOfMessages: 32, visibilityTimeout: 60 })
    if (items.length === 0) return texts
    texts.push(...items.map((item) => item.messageText))
  }
}

for (const count of [1, 10, 25]) {
  t.test(`a send of ${count} message(s): each arrives once, its text the Base64 of its JSON`, async (t) => {
    const queue = await freshQueue()
    const sent = Array.from({ length: count }, (_, n) => message(n + 1))
    await new AzureOrderQueue(queue).send(sent)
    const texts = await receiveAll(queue)
    t.equal(texts.length, count)
    t.ok(texts.every((text) => /^[A-Za-z0-9+/]+=*$/.test(text)), 'every text is Base64')
    const decoded = texts.map((text) => OrderMessageSchema.parse(JSON.parse(Buffer.from(text, 'base64').toString('utf8'))))
    t.same(decoded.sort((a, b) => a.order_id.localeCompare(b.order_id)), sent)
  })
}

t.test('a description of failed changes is sent as one message of any text, Base64 like the others', async (t) => {
  const queue = await freshQueue()
  await new AzureOrderQueue(queue).sendBody('{"failed":[{"order_id":"ORD-20240110-00000001"}]}')
  t.same((await receiveAll(queue)).map((text) => Buffer.from(text, 'base64').toString('utf8')), ['{"failed":[{"order_id":"ORD-20240110-00000001"}]}'])
})

t.test('a send of no messages sends nothing', async (t) => {
  const queue = await freshQueue()
  await new AzureOrderQueue(queue).send([])
  t.same(await receiveAll(queue), [])
})

t.test('the text is exactly the Base64 of the JSON, non-ASCII characters as UTF-8', async (t) => {
  const sent = message(1)
  t.equal(queueMessageText(sent), Buffer.from(JSON.stringify(sent), 'utf8').toString('base64'))
  t.match(Buffer.from(queueMessageText(sent), 'base64').toString('utf8'), /SKU-ÄÖ-1/)
})

t.test('a missing queue refuses every message: the send throws with the count, and none was sent', async (t) => {
  const queue = new AzureOrderQueue(createQueueClient(await azuriteAccess(), freshName('missing')))
  const send = queue.send([message(1), message(2), message(3)])
  await t.rejects(send, QueueMessagesRefusedError)
  await t.rejects(send, { refused: 3, total: 3, message: 'Queue Storage did not accept 3 of 3 message(s): QueueNotFound (404)' })
})

t.test('a message the service refuses fails the send, with the count of those refused only', async (t) => {
  const queue = await freshQueue()
  // Queue Storage takes at most 64 KiB of text; this one's Base64 is larger.
  const tooLarge: OrderMessage = { order_id: 'ORD-20240110-00000099', action: 'update_inventory', data: { items: ['x'.repeat(60_000)] } }
  const send = new AzureOrderQueue(queue).send([message(1), tooLarge, message(2)])
  await t.rejects(send, { name: 'QueueMessagesRefusedError', refused: 1, total: 3, message: /^Queue Storage did not accept 1 of 3 message\(s\): RequestBodyTooLarge \(413\)$/ })
  t.equal((await receiveAll(queue)).length, 2, 'the others were accepted: a retry of the send sends them again')
})

t.test('a server that is down refuses every message, after the client\'s retries', async (t) => {
  const access = { connectionString: connectionStringAt(`http://127.0.0.1:${await freePort()}/devstoreaccount1`) }
  const send = new AzureOrderQueue(createQueueClient(access, 'orders')).send([message(1), message(2)])
  await t.rejects(send, { name: 'QueueMessagesRefusedError', refused: 2, total: 2, message: 'Queue Storage did not accept 2 of 2 message(s): ECONNREFUSED' })
  const error = await send.then(() => undefined, (error: QueueMessagesRefusedError) => error)
  t.equal(error?.reasons.length, 2)
  t.equal((error?.cause as { code?: string }).code, 'ECONNREFUSED')
})
