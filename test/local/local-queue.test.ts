// The local queue's SQS semantics: visibility timeout, receive counts, stale receipt handles, redrive both ways.
import t from 'tap'
import { LocalQueue } from '../../local/local-queue.ts'

function queues () {
  const clock = { now: 1_000_000 }
  const moved: string[] = []
  const deadLetters = new LocalQueue({ name: 'dlq', visibilityTimeoutSeconds: 1, now: () => clock.now })
  const queue = new LocalQueue({
    name: 'q',
    visibilityTimeoutSeconds: 1,
    redrive: { deadLetterQueue: deadLetters, maxReceiveCount: 3, onMoved: (message) => moved.push(message.body) },
    now: () => clock.now
  })
  return { clock, queue, deadLetters, moved }
}

t.test('a received message is invisible for the timeout, then comes back with a higher receive count', async (t) => {
  const { clock, queue } = queues()
  queue.sendBody('a')
  const [first] = queue.receive(10)
  t.match(first, { body: 'a', receiveCount: 1, firstReceivedAt: clock.now })
  t.same(queue.receive(10), [], 'invisible')
  clock.now += 1000
  const [second] = queue.receive(10)
  t.equal(second.receiveCount, 2)
  t.equal(second.firstReceivedAt, first.firstReceivedAt, 'the first receive is remembered')
  t.notOk(queue.delete(first.receiptHandle), 'a stale receipt handle deletes nothing')
  t.ok(queue.delete(second.receiptHandle))
  t.same(queue.messages(), [])
})

t.test('after maxReceiveCount receives, the next receive moves the message to the dead-letter queue', async (t) => {
  const { clock, queue, deadLetters, moved } = queues()
  await queue.send([{ order_id: 'ORD-20240110-0000000a', action: 'update_inventory', data: { items: ['A'] } }])
  queue.sendBody('b')
  for (let receive = 1; receive <= 3; receive++) {
    t.same(queue.receive(1).map((message) => message.receiveCount), [receive], `receive ${receive}`)
    clock.now += 1000
  }
  t.same(queue.receive(1).map((message) => message.body), ['b'], 'the poison message moved on; the next one is delivered')
  t.match(deadLetters.messages(), [{ receiveCount: 3, deadLetterSourceArn: queue.arn, body: /update_inventory/ }])
  t.match(moved, [/update_inventory/], 'and says so')
  t.equal(queue.arn, 'arn:aws:sqs:us-east-1:000000000000:q')
  t.equal(queue.name, 'q')

  t.equal(deadLetters.redriveTo(queue), 1, 'the redrive moves it back')
  t.same(deadLetters.messages(), [])
  clock.now += 1000
  t.same(queue.receive(10).map((message) => [message.body.includes('update_inventory') ? 'poison' : message.body, message.receiveCount]),
    [['b', 2], ['poison', 1]], 'as a new message, its receive count reset')
})
