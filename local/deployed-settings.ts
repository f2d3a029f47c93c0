// What the local system takes from serverless.yml, read from it rather than written again: the event source
// mappings' batches and retries, the queues with their attributes and redrive, and the buckets' and queues' names for
// a stage called `local`.
import { readFileSync } from 'node:fs'
import { parse, type Tags } from 'yaml'

/** CloudFormation's short forms (!Ref, !GetAtt, !Sub …), kept as the objects their long forms are. */
const CLOUDFORMATION_TAGS: Tags = ['Ref', 'GetAtt', 'Sub', 'If', 'Not', 'Equals', 'Split', 'Join', 'Select'].flatMap((name) => {
  const key = name === 'Ref' ? 'Ref' : `Fn::${name}`
  return (['scalar', 'seq'] as const).map((kind) => ({
    tag: `!${name}`, collection: kind === 'seq' ? 'seq' : undefined, resolve: (value: unknown) => ({ [key]: value })
  }) as Tags[number])
})

export interface DeployedSettings {
  stream: { batchSize: number, maximumRetryAttempts: number, bisectBatchOnFunctionError: boolean }
  /**
   * The order worker's SQS event source mapping: batch size, batching window (seconds), its maximumConcurrency if set,
   * and the queue's redrive.
   */
  queue: { batchSize: number, maximumBatchingWindow: number, maximumConcurrency: number | undefined, maxReceiveCount: number }
  /** Every AWS::SQS::Queue of serverless.yml by its logical id, as CreateQueue takes it. */
  queues: Record<string, QueueDefinition>
  /** S3 notifications and the schedule invoke asynchronously: Lambda retries a failed event this many times. */
  async: { maximumRetryAttempts: number }
  buckets: { images: string, reports: string }
}

export interface QueueDefinition {
  /** QueueName for a stage called local. */
  name: string
  /** VisibilityTimeout and MessageRetentionPeriod (seconds) where serverless.yml sets them. */
  attributes: { VisibilityTimeout?: number, MessageRetentionPeriod?: number }
  /** The RedrivePolicy: the dead-letter queue's logical id and the receives before a message moves there. */
  redrive?: { deadLetterQueue: string, maxReceiveCount: number }
}

function queueDefinitions (resources: Record<string, any>, service: string): Record<string, QueueDefinition> {
  const queues = Object.entries(resources).filter(([, resource]) => resource.Type === 'AWS::SQS::Queue')
  return Object.fromEntries(queues.map(([id, { Properties: properties }]) => {
    const { VisibilityTimeout, MessageRetentionPeriod, RedrivePolicy } = properties
    const definition: QueueDefinition = {
      // QueueName: ${self:service}-${sls:stage}-orders
      name: String(properties.QueueName).replace(/\$\{self:service\}/, service).replace(/\$\{sls:stage\}/, 'local'),
      attributes: JSON.parse(JSON.stringify({ VisibilityTimeout, MessageRetentionPeriod }))
    }
    // deadLetterTargetArn: !GetAtt OrderDeadLetters.Arn
    if (RedrivePolicy !== undefined) {
      definition.redrive = { deadLetterQueue: String(RedrivePolicy.deadLetterTargetArn['Fn::GetAtt']).split('.')[0], maxReceiveCount: RedrivePolicy.maxReceiveCount }
    }
    return [id, definition]
  }))
}

/** The settings of serverless.yml (`file`) that the local system repeats on a laptop. */
export function deployedSettings (file = new URL('../serverless.yml', import.meta.url)): DeployedSettings {
  const service = parse(readFileSync(file, 'utf8'), { customTags: CLOUDFORMATION_TAGS }) as any
  const stream = service.functions.orderStream.events[0].stream
  const sqs = service.functions.orderWorker.events[0].sqs
  const report = service.functions.dailyReport
  if (report.maximumRetryAttempts !== service.functions.thumbnails.maximumRetryAttempts) {
    throw new Error('serverless.yml: dailyReport and thumbnails retry asynchronous events differently; the local system retries them alike')
  }
  // `${AWS::StackName}-images-…`: the stack of a stage called local is items-api-local.
  const bucket = (name: string): string => `${service.service as string}-local-${name}`
  return {
    stream: { batchSize: stream.batchSize, maximumRetryAttempts: stream.maximumRetryAttempts, bisectBatchOnFunctionError: stream.bisectBatchOnFunctionError },
    queue: {
      batchSize: sqs.batchSize,
      maximumBatchingWindow: sqs.maximumBatchingWindow ?? 0,
      maximumConcurrency: sqs.maximumConcurrency,
      maxReceiveCount: service.resources.Resources.OrderQueue.Properties.RedrivePolicy.maxReceiveCount
    },
    queues: queueDefinitions(service.resources.Resources, service.service),
    async: { maximumRetryAttempts: report.maximumRetryAttempts },
    buckets: { images: bucket('images'), reports: bucket('reports') }
  }
}
