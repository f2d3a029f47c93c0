// Drives the stream consumer the way Lambda's DynamoDB Streams event source mapping does, reading DynamoDB Local's
// stream: batches in order per shard; with ReportBatchItemFailures, a retry from the first failed record; a function
// error bisects the batch; after maximumRetryAttempts the batch's description goes to the on-failure destination and
// the shard moves on. A trimmed or expired shard iterator is renewed after the last record read, as Lambda's poller
// renews it, so that a shard never stops on a stale iterator and no record is read twice or skipped.
import {
  DescribeStreamCommand, ExpiredIteratorException, GetRecordsCommand, GetShardIteratorCommand, TrimmedDataAccessException,
  type _Record as StreamRecord, type DynamoDBStreamsClient, type GetShardIteratorCommandInput
} from '@aws-sdk/client-dynamodb-streams'
import type { DynamoDBRecord } from 'aws-lambda'
import type { StreamHandler } from '../src/platforms/aws/order-stream-function.ts'
import { lambdaContext, type FailureDestination, type Poller } from './lambda-context.ts'

export interface StreamDriverOptions {
  client: DynamoDBStreamsClient
  streamArn: string
  handler: StreamHandler
  functionName: string
  batchSize: number
  maximumRetryAttempts: number
  bisectBatchOnFunctionError: boolean
  onFailure: FailureDestination
  /** Told of each batch given up on, as it goes to the on-failure destination. */
  onGiveUp?: (description: Record<string, unknown>) => void
  /** Told of each renewed shard iterator: why, and where the new one starts. */
  onRenewed?: (renewal: { shardId: string, reason: string, from: string }) => void
  /** Told once when a shard's reads have failed STALL_AFTER times in a row (again after it has read since). */
  onStalled?: (stall: { shardId: string, failures: number, error: unknown }) => void
  pollIntervalMs: number
  onError: (error: unknown) => void
}

/** Failed reads in a row after which a shard is said to be stalled: a renewal that works recovers in one. */
export const STALL_AFTER = 5

interface Shard {
  /** Undefined until the first read and after a renewable error: the next read takes a fresh one first. */
  iterator: string | undefined
  pending: DynamoDBRecord[]
  /** Its last GetRecords gave no next iterator: the shard is closed and read to its end. */
  closed: boolean
  /** The last record read: a shard delivers (or gives up on) all it has read before it reads again. */
  checkpoint: string | undefined
  /** The iterator was taken after the checkpoint and has not read yet. */
  renewedAfterCheckpoint: boolean
  /** The stream no longer holds the record after the checkpoint: the next iterator starts at its oldest record. */
  trimmedPastCheckpoint: boolean
  failures: number
  stalled: boolean
}

const renewable = (error: unknown): boolean => error instanceof TrimmedDataAccessException || error instanceof ExpiredIteratorException

/**
 * A fresh iterator starts at the shard's oldest record when nothing was read from it yet, or when the stream has
 * trimmed past the checkpoint. DynamoDB Local with -sharedDb numbers records across all its tables, so an iterator
 * taken while the shard was empty points below the number its first record gets once other tables have been written
 * to, and reads as trimmed: the oldest record is then the first one.
 */
function fromOldest (shard: Shard): boolean {
  return shard.checkpoint === undefined || shard.trimmedPastCheckpoint
}

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
      } catch (error) {
        this.#options.onError(error)
      }
      // Each shard on its own: one that fails to read holds up no other.
      for (const [shardId, shard] of this.#shards) {
        try {
          read += await this.#poll(shardId, shard)
        } catch (error) {
          this.#options.onError(error)
        }
      }
      if (read === 0) await new Promise((resolve) => setTimeout(resolve, this.#options.pollIntervalMs))
    }
  }

  async #discoverShards (): Promise<void> {
    const { client, streamArn } = this.#options
    const description = await client.send(new DescribeStreamCommand({ StreamArn: streamArn }))
    for (const { ShardId: shardId } of description.StreamDescription?.Shards ?? []) {
      if (shardId === undefined || this.#shards.has(shardId)) continue
      this.#shards.set(shardId, {
        iterator: undefined,
        pending: [],
        closed: false,
        checkpoint: undefined,
        renewedAfterCheckpoint: false,
        trimmedPastCheckpoint: false,
        failures: 0,
        stalled: false
      })
    }
  }

  async #poll (shardId: string, shard: Shard): Promise<number> {
    if (!shard.closed && shard.pending.length < this.#options.batchSize) await this.#read(shardId, shard)
    const read = shard.pending.length
    while (shard.pending.length > 0 && !this.#stopped) await this.#deliver(shardId, shard)
    return read
  }

  /** One GetRecords, with a fresh iterator first when the shard has none; a failure is counted, never thrown. */
  async #read (shardId: string, shard: Shard): Promise<void> {
    const { client, streamArn, batchSize } = this.#options
    try {
      shard.iterator ??= await this.#iterator(shardId, shard)
      const result = await client.send(new GetRecordsCommand({ ShardIterator: shard.iterator, Limit: batchSize }))
      const records = result.Records ?? []
      shard.pending.push(...records.map((record) => lambdaRecord(record, streamArn)))
      shard.checkpoint = records.at(-1)?.dynamodb?.SequenceNumber ?? shard.checkpoint
      shard.iterator = result.NextShardIterator
      shard.closed = result.NextShardIterator === undefined
      shard.renewedAfterCheckpoint = false
      shard.trimmedPastCheckpoint = false
      shard.failures = 0
      shard.stalled = false
    } catch (error) {
      shard.failures++
      if (renewable(error)) {
        // An iterator taken after the checkpoint and trimmed already: the records after the checkpoint have left the
        // stream, so the oldest record it still holds is the first one not yet read.
        if (error instanceof TrimmedDataAccessException && shard.renewedAfterCheckpoint) shard.trimmedPastCheckpoint = true
        shard.iterator = undefined
        shard.renewedAfterCheckpoint = false
        const from = fromOldest(shard) ? 'TRIM_HORIZON' : `AFTER_SEQUENCE_NUMBER ${shard.checkpoint}`
        this.#options.onRenewed?.({ shardId, reason: (error as Error).name, from })
      } else {
        this.#options.onError(error)
      }
      if (shard.failures >= STALL_AFTER && !shard.stalled) {
        shard.stalled = true
        this.#options.onStalled?.({ shardId, failures: shard.failures, error })
      }
    }
  }

  /** A fresh iterator: after the checkpoint, so that nothing is read twice, or at the oldest record (fromOldest). */
  async #iterator (shardId: string, shard: Shard): Promise<string> {
    const { client, streamArn } = this.#options
    const input: GetShardIteratorCommandInput = fromOldest(shard)
      ? { StreamArn: streamArn, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }
      : { StreamArn: streamArn, ShardId: shardId, ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: shard.checkpoint }
    shard.renewedAfterCheckpoint = !fromOldest(shard)
    const { ShardIterator: iterator } = await client.send(new GetShardIteratorCommand(input))
    if (iterator === undefined) throw new Error(`GetShardIterator gave no iterator for ${shardId}`)
    return iterator
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
        await this.#sendToDestination(shardId, shard.pending.slice(0, size), failures + 1)
        shard.pending.splice(0, size)
        return
      }
    }
  }

  /** What Lambda sends an on-failure destination for a stream batch: where the records are, not the records. */
  async #sendToDestination (shardId: string, records: DynamoDBRecord[], invocations: number): Promise<void> {
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
    // A destination that cannot be reached loses the description, as on AWS; the error is logged.
    await this.#options.onFailure.sendBody(JSON.stringify(description)).catch(this.#options.onError)
    this.#options.onGiveUp?.(description)
  }
}
