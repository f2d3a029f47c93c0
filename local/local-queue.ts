// A queue with SQS's delivery semantics, in the local system's process: at-least-once delivery, a visibility timeout,
// a receive count per message, and the redrive to a dead-letter queue once a message has been received
// maxReceiveCount times. It stands in for SQS because no SQS-compatible server that speaks the AWS SDK's current
// protocol and redrives to a dead-letter queue can be installed from npm (docs/local-system.md).
import { randomUUID } from 'node:crypto'
import type { OrderMessage } from '../src/orders/queue-messages.ts'
import type { OrderQueue } from '../src/orders/order-queue.ts'

export interface QueuedMessage {
  messageId: string
  body: string
  /** Epoch ms of the first send. */
  sentAt: number
  receiveCount: number
  /** Epoch ms of the first receive. */
  firstReceivedAt: number | undefined
  /** Set when the message was moved here from a source queue's redrive. */
  deadLetterSourceArn?: string
}

interface Held extends QueuedMessage { visibleAt: number, receiptHandle: string | undefined }

export interface LocalQueueOptions {
  name: string
  /** Seconds a received message stays invisible; SQS's default is 30, the local system uses less to redrive quickly. */
  visibilityTimeoutSeconds: number
  /** Where a message goes on the receive after its maxReceiveCount-th, and who hears of it. */
  redrive?: { deadLetterQueue: LocalQueue, maxReceiveCount: number, onMoved?: (message: QueuedMessage) => void }
  now?: () => number
}

export class LocalQueue implements OrderQueue {
  readonly arn: string
  readonly #held: Held[] = []
  readonly #options: LocalQueueOptions
  readonly #now: () => number

  constructor (options: LocalQueueOptions) {
    this.#options = options
    this.#now = options.now ?? Date.now
    this.arn = `arn:aws:sqs:us-east-1:000000000000:${options.name}`
  }

  get name (): string { return this.#options.name }

  async send (messages: OrderMessage[]): Promise<void> {
    for (const message of messages) this.sendBody(JSON.stringify(message))
  }

  sendBody (body: string, fields: Partial<QueuedMessage> = {}): void {
    this.#held.push({ messageId: randomUUID(), body, sentAt: this.#now(), receiveCount: 0, firstReceivedAt: undefined, ...fields, visibleAt: 0, receiptHandle: undefined })
  }

  /**
   * Up to `max` visible messages, each made invisible for the visibility timeout with a new receipt handle. A message
   * already received maxReceiveCount times is moved to the dead-letter queue instead, as SQS does.
   */
  receive (max: number): Array<QueuedMessage & { receiptHandle: string }> {
    const now = this.#now()
    const received: Array<QueuedMessage & { receiptHandle: string }> = []
    for (const held of [...this.#held]) {
      if (received.length === max) break
      if (held.visibleAt > now) continue
      const redrive = this.#options.redrive
      if (redrive !== undefined && held.receiveCount >= redrive.maxReceiveCount) {
        this.#held.splice(this.#held.indexOf(held), 1)
        const { visibleAt: _visible, receiptHandle: _handle, ...message } = held
        redrive.deadLetterQueue.#held.push({ ...message, deadLetterSourceArn: this.arn, visibleAt: 0, receiptHandle: undefined })
        redrive.onMoved?.({ ...message, deadLetterSourceArn: this.arn })
        continue
      }
      held.receiveCount += 1
      held.firstReceivedAt ??= now
      held.visibleAt = now + this.#options.visibilityTimeoutSeconds * 1000
      held.receiptHandle = randomUUID()
      const { visibleAt: _visible, ...message } = held
      received.push({ ...message, receiptHandle: held.receiptHandle })
    }
    return received
  }

  /** Deletes a received message; a stale receipt handle (received again since) deletes nothing, as in SQS. */
  delete (receiptHandle: string): boolean {
    const index = this.#held.findIndex((held) => held.receiptHandle === receiptHandle)
    if (index === -1) return false
    this.#held.splice(index, 1)
    return true
  }

  /** What the queue holds, visible or not. */
  messages (): QueuedMessage[] {
    return this.#held.map(({ visibleAt: _visible, receiptHandle: _handle, ...message }) => ({ ...message }))
  }

  /** Moves every message back to `target` as new messages: a dead-letter queue's redrive to its source. */
  redriveTo (target: LocalQueue): number {
    const moved = this.#held.splice(0, this.#held.length)
    for (const message of moved) target.sendBody(message.body)
    return moved.length
  }
}
