// What the local system takes from serverless.yml, read from it rather than written again: the event source
// mappings' batches and retries, the order queue's redrive, and the buckets' names for a stage called `local`.
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
  queue: { batchSize: number, maxReceiveCount: number }
  /** S3 notifications and the schedule invoke asynchronously: Lambda retries a failed event this many times. */
  async: { maximumRetryAttempts: number }
  buckets: { images: string, reports: string }
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
    queue: { batchSize: sqs.batchSize, maxReceiveCount: service.resources.Resources.OrderQueue.Properties.RedrivePolicy.maxReceiveCount },
    async: { maximumRetryAttempts: report.maximumRetryAttempts },
    buckets: { images: bucket('images'), reports: bucket('reports') }
  }
}
