// Drives the stream consumer the way Lambda's DynamoDB Streams event source mapping does, reading DynamoDB Local's
// stream: batches in order per shard; with ReportBatchItemFailures, a retry from the first failed record; a function
// error bisects the batch; after maximumRetryAttempts the batch's description goes to the on-failure destination and
// the shard moves on.
import {
  DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand, type _Record as StreamRecord, type DynamoDBStreamsClient
} from '@aws-sdk/client-dynamodb-streams'
import type { DynamoDBRecord } from 'aws-lambda'
import type { StreamHandler } from '../src/pipeline/stream-consumer.ts'
import { lambdaContext, type Poller } from './lambda-context.ts'
import type { LocalQueue } from './local-queue.ts'

export interface StreamDriverOptions {
  client: DynamoDBStreamsClient
  streamArn: string
  handler: StreamHandler
  functionName: string
  batchSize: number
  maximumRetryAttempts: number
  bisectBatchOnFunctionError: boolean
  onFailure: LocalQueue
  /** Told of each batch given up on, as it goes to the on-failure destination. */
  onGiveUp?: (description: Record<string, unknown>) => void
  pollIntervalMs: number
  onError: (error: unknown) => void
}

interface Shard { iterator: string | undefined, pending: DynamoDBRecord[], closed: boolean }

/** A record as Lambda delivers it: GetRecords' record, its times in epoch seconds, and the stream's ARN. */
function lambdaRecord (record: StreamRecord, streamArn: string): DynamoDBRecord {
  const change = record.dynamodb!
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion,
    eventSource: record.eventSource,
    awsRegion: record.awsRegion,
    eventSourceARN: streamArn,
    dynamodb: {
      ...change,
      ApproximateCreationDateTime: change.ApproximateCreationDateTime === undefined ? undefined : change.ApproximateCreationDateTime.getTime() / 1000
    } as DynamoDBRecord['dynamodb']
  }
}

export class StreamDriver implements Poller {
  readonly #options: StreamDriverOptions
  readonly #shards = new Map<string, Shard>()
  #stopped = false
  readonly #loop: Promise<void>

  constructor (options: StreamDriverOptions) {
    this.#options = options
    this.#loop = this.#run()
  }

  async stop (): Promise<void> {
    this.#stopped = true
    await this.#loop
  }

  async #run (): Promise<void> {
    while (!this.#stopped) {
      let read = 0
      try {
        await this.#discoverShards()
        for (const [shardId, shard] of this.#shards) read += await this.#poll(shardId, shard)
      } catch (error) {
        this.#options.onError(error)
      }
      if (read === 0) await new Promise((resolve) => setTimeout(resolve, this.#options.pollIntervalMs))
    }
  }

  async #discoverShards (): Promise<void> {
    const { client, streamArn } = this.#options
    const description = await client.send(new DescribeStreamCommand({ StreamArn: streamArn }))
    for (const { ShardId: shardId } of description.StreamDescription?.Shards ?? []) {
      if (shardId === undefined || this.#shards.has(shardId)) continue
      // From the oldest record: the local system reads every change since its tables were made.
      const { ShardIterator } = await client.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }))
      this.#shards.set(shardId, { iterator: ShardIterator, pending: [], closed: false })
    }
  }

  async #poll (shardId: string, shard: Shard): Promise<number> {
    if (shard.iterator !== undefined && shard.pending.length < this.#options.batchSize) {
      const result = await this.#options.client.send(new GetRecordsCommand({ ShardIterator: shard.iterator, Limit: this.#options.batchSize }))
      shard.pending.push(...(result.Records ?? []).map((record) => lambdaRecord(record, this.#options.streamArn)))
      shard.iterator = result.NextShardIterator
    }
    const read = shard.pending.length
    while (shard.pending.length > 0 && !this.#stopped) await this.#deliver(shardId, shard)
    return read
  }

  /** One batch from the head of the shard, retried as Lambda retries it, until it is consumed. */
  async #deliver (shardId: string, shard: Shard): Promise<void> {
    const { handler, functionName, batchSize, maximumRetryAttempts, bisectBatchOnFunctionError } = this.#options
    let size = Math.min(batchSize, shard.pending.length)
    for (let failures = 0; ; failures++) {
      const records = shard.pending.slice(0, size)
      try {
        const response = await handler({ Records: records }, lambdaContext(functionName))
        const failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier))
        if (failed.size === 0) {
          shard.pending.splice(0, records.length)
          return
        }
        // Checkpoint at the first failed record: the ones before it are done; the retry starts there.
        const first = Math.max(0, records.findIndex((record) => failed.has(record.dynamodb?.SequenceNumber ?? '')))
        shard.pending.splice(0, first)
        size = records.length - first
      } catch (error) {
        this.#options.onError(error)
        if (bisectBatchOnFunctionError && size > 1) size = Math.ceil(size / 2)
      }
      if (failures === maximumRetryAttempts) {
        this.#sendToDestination(shardId, shard.pending.slice(0, size), failures + 1)
        shard.pending.splice(0, size)
        return
      }
    }
  }

  /** What Lambda sends an on-failure destination for a stream batch: where the records are, not the records. */
  #sendToDestination (shardId: string, records: DynamoDBRecord[], invocations: number): void {
    const times = records.map((record) => new Date((record.dynamodb?.ApproximateCreationDateTime ?? 0) * 1000).toISOString())
    const description = {
      requestContext: {
        requestId: lambdaContext(this.#options.functionName).awsRequestId,
        functionArn: lambdaContext(this.#options.functionName).invokedFunctionArn,
        condition: 'RetryAttemptsExhausted',
        approximateInvokeCount: invocations
      },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      timestamp: new Date().toISOString(),
      DDBStreamBatchInfo: {
        shardId,
        startSequenceNumber: records[0]?.dynamodb?.SequenceNumber,
        endSequenceNumber: records.at(-1)?.dynamodb?.SequenceNumber,
        approximateArrivalOfFirstRecord: times[0],
        approximateArrivalOfLastRecord: times.at(-1),
        batchSize: records.length,
        streamArn: this.#options.streamArn
      }
    }
    this.#options.onFailure.sendBody(JSON.stringify(description))
    this.#options.onGiveUp?.(description)
  }
}
