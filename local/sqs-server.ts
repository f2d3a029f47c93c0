// The local system's SQS server: local-aws-sqs from npm, on 127.0.0.1, speaking the AWS SDK's JSON protocol. Its
// queues are created through the SDK with serverless.yml's attributes; it redrives a message to the dead-letter queue
// after maxReceiveCount receives, as SQS does.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient, type Message
} from '@aws-sdk/client-sqs'
import { createRequestHandler } from 'local-aws-sqs'
import { SqsOrderQueue } from '../src/adapters/sqs/sqs-order-queue.ts'
import type { QueueDefinition } from './deployed-settings.ts'

/** local-aws-sqs's account, in every queue's URL and ARN. */
const ACCOUNT = '123456789012'

/** One queue of the server: the order queue's port (SendMessageBatch through the real adapter) and what a test looks at. */
export class LocalSqsQueue extends SqsOrderQueue {
  constructor (private readonly sqs: SQSClient, readonly name: string, readonly url: string, readonly arn: string) {
    super(sqs, url)
  }

  /** Sends one message as it is, malformed or not. */
  async sendBody (body: string): Promise<void> {
    await this.sqs.send(new SendMessageCommand({ QueueUrl: this.url, MessageBody: body }))
  }

  /** The messages it holds, visible or not (SQS's approximate counts). */
  async depth (): Promise<number> {
    const { Attributes: counts = {} } = await this.sqs.send(new GetQueueAttributesCommand({
      QueueUrl: this.url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed']
    }))
    return Object.values(counts).reduce((sum, count) => sum + Number(count), 0)
  }

  /**
   * Receives what is visible and leaves it visible at once: a look at a queue nothing consumes (a dead-letter queue).
   * The server fills a receive with a message that is visible again, so one receive can hold it more than once.
   */
  async peek (): Promise<Message[]> {
    const { Messages: messages = [] } = await this.sqs.send(new ReceiveMessageCommand({
      QueueUrl: this.url, MaxNumberOfMessages: 10, VisibilityTimeout: 0, AttributeNames: ['All'], MessageAttributeNames: ['All']
    }))
    return [...new Map(messages.map((message) => [message.MessageId, message])).values()]
  }
}

export interface SqsServer {
  endpoint: string
  client: SQSClient
  /** The queues by their logical id in serverless.yml. */
  queues: Record<string, LocalSqsQueue>
  close: () => Promise<void>
}

export interface SqsServerOptions {
  /** 0 for any free one. */
  port: number
  queues: Record<string, QueueDefinition>
  /** Replaces the VisibilityTimeout of the queues that set one: locally a failed message comes back sooner. */
  visibilityTimeoutSeconds?: number
}

/** Starts the server on 127.0.0.1 and creates the queues, dead-letter queues first. */
export async function startSqsServer (options: SqsServerOptions): Promise<SqsServer> {
  const { service, requestHandler } = createRequestHandler({ port: options.port, hostname: '127.0.0.1', accountId: ACCOUNT, emulateQueueCreationLifecycle: false })
  const server = createServer((request, response) => { requestHandler(request, response).catch(() => response.destroy()) })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, '127.0.0.1', () => { server.off('error', reject); resolve() })
  })
  // The queues' URLs name the port the server listens on.
  service.PORT = (server.address() as AddressInfo).port
  const endpoint = `http://127.0.0.1:${service.PORT}`
  const client = new SQSClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } })
  const close = async (): Promise<void> => {
    client.destroy()
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
  try {
    const queues: Record<string, LocalSqsQueue> = {}
    const arn = (id: string): string => `arn:aws:sqs:us-east-1:${ACCOUNT}:${options.queues[id].name}`
    const ordered = Object.entries(options.queues).sort(([, a], [, b]) => Number(a.redrive !== undefined) - Number(b.redrive !== undefined))
    for (const [id, { name, attributes, redrive }] of ordered) {
      const visibility = attributes.VisibilityTimeout === undefined ? undefined : options.visibilityTimeoutSeconds ?? attributes.VisibilityTimeout
      const created = await client.send(new CreateQueueCommand({
        QueueName: name,
        Attributes: JSON.parse(JSON.stringify({
          VisibilityTimeout: visibility?.toString(),
          MessageRetentionPeriod: attributes.MessageRetentionPeriod?.toString(),
          RedrivePolicy: redrive === undefined ? undefined : JSON.stringify({ deadLetterTargetArn: arn(redrive.deadLetterQueue), maxReceiveCount: redrive.maxReceiveCount })
        }))
      }))
      queues[id] = new LocalSqsQueue(client, name, created.QueueUrl!, arn(id))
    }
    return { endpoint, client, queues, close }
  } catch (error) {
    await close()
    throw error
  }
}
