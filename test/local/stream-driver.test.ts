// The stream driver's shard iterators: renewed on TrimmedDataAccessException and ExpiredIteratorException as Lambda's
// poller renews them (after the last record read, or from the oldest record when nothing was read), no record read
// twice or skipped, and a shard that keeps failing told once as stalled. The stream stands in for DynamoDB Local's:
// one shard, record numbers shared with other tables (-sharedDb), a read below the oldest record refused as trimmed.
import {
  DescribeStreamCommand, ExpiredIteratorException, GetRecordsCommand, GetShardIteratorCommand, TrimmedDataAccessException,
  type DynamoDBStreamsClient, type _Record as StreamRecord
} from '@aws-sdk/client-dynamodb-streams'
import t, { type Test } from 'tap'
import { STALL_AFTER, StreamDriver, type StreamDriverOptions } from '../../local/stream-driver.ts'

const SHARD = 'shardId-00000001-local'

/** DynamoDB Local's stream as the driver sees it; an iterator is the number of the next record it reads. */
class SharedDbStream {
  records: StreamRecord[] = []
  /** The next record number, across every table of the shared database. */
  next = 1
  readonly iterators: string[] = []
  reads = 0
  readonly #errors: Error[] = []

  /** Records written to the orders table. */
  write (count: number): void {
    for (let i = 0; i < count; i++) {
      const sequence = String(this.next++).padStart(21, '0')
      this.records.push({ eventID: sequence, eventName: 'INSERT', dynamodb: { SequenceNumber: sequence, Keys: { order_id: { S: sequence } } } })
    }
  }

  /** Records written to other tables: their numbers are taken, the orders' stream never shows them. */
  elsewhere (count: number): void { this.next += count }

  /** The stream's retention drops every record it holds. */
  trim (): void { this.records = [] }

  /** The next reads fail with these errors, one each. */
  fail (...errors: Error[]): void { this.#errors.push(...errors) }

  readonly client = {
    send: async (command: unknown): Promise<unknown> => {
      if (command instanceof DescribeStreamCommand) return { StreamDescription: { Shards: [{ ShardId: SHARD }] } }
      if (command instanceof GetShardIteratorCommand) {
        const { ShardIteratorType: type, SequenceNumber: after } = command.input
        this.iterators.push(type === 'AFTER_SEQUENCE_NUMBER' ? `${type} ${Number(after)}` : `${type}`)
        return { ShardIterator: String(type === 'AFTER_SEQUENCE_NUMBER' ? Number(after) + 1 : this.#oldest() ?? 1) }
      }
      if (command instanceof GetRecordsCommand) {
        this.reads++
        const error = this.#errors.shift()
        if (error !== undefined) throw error
        const position = Number(command.input.ShardIterator)
        const oldest = this.#oldest()
        if (oldest !== undefined && position < oldest) throw trimmed()
        const records = this.records.filter((record) => Number(record.dynamodb!.SequenceNumber) >= position).slice(0, command.input.Limit)
        return { Records: records, NextShardIterator: String(records.length === 0 ? position : Number(records.at(-1)!.dynamodb!.SequenceNumber) + 1) }
      }
      throw new Error(`unexpected ${String(command)}`)
    }
  } as unknown as DynamoDBStreamsClient

  #oldest (): number | undefined {
    return this.records.length === 0 ? undefined : Number(this.records[0].dynamodb!.SequenceNumber)
  }
}

const trimmed = (): Error => new TrimmedDataAccessException({ message: 'The operation attempted to read past the oldest stream record in a shard.', $metadata: {} })
const expired = (): Error => new ExpiredIteratorException({ message: 'Iterator expired', $metadata: {} })

async function until (what: string, probe: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`not within 5 s: ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

/** A driver over `stream` whose handler takes every record; what it delivered, renewed and said, in order. */
function drive (t: Test, stream: SharedDbStream, options: Partial<StreamDriverOptions> = {}) {
  const seen = { delivered: [] as number[], renewals: [] as Array<{ reason: string, from: string }>, stalls: [] as number[], errors: [] as unknown[] }
  const driver = new StreamDriver({
    client: stream.client,
    streamArn: 'arn:aws:dynamodb:ddblocal:000000000000:table/orders/stream/local',
    handler: async (event) => {
      seen.delivered.push(...event.Records.map((record) => Number(record.dynamodb!.SequenceNumber)))
      return { batchItemFailures: [] }
    },
    functionName: 'orderStream',
    batchSize: 100,
    maximumRetryAttempts: 3,
    bisectBatchOnFunctionError: true,
    onFailure: { sendBody: async () => {} },
    onRenewed: ({ reason, from }) => seen.renewals.push({ reason, from }),
    onStalled: ({ failures }) => seen.stalls.push(failures),
    pollIntervalMs: 1,
    onError: (error) => seen.errors.push(error),
    ...options
  })
  t.teardown(() => driver.stop())
  return seen
}

t.test('records numbered past an iterator taken on the empty shard: read from the oldest, each once', async (t) => {
  const stream = new SharedDbStream()
  const seen = drive(t, stream)
  await until('the empty shard read', () => stream.reads > 1)
  // An item and an idempotency record written before the first order: numbers 1 and 2 go to other tables.
  stream.elsewhere(2)
  stream.write(3)
  await until('three records delivered', () => seen.delivered.length >= 3)
  stream.elsewhere(1)
  stream.write(1)
  await until('the fourth delivered', () => seen.delivered.length >= 4)
  t.same(seen.delivered, [3, 4, 5, 7], 'every order record, once, in order')
  t.same(seen.renewals, [{ reason: 'TrimmedDataAccessException', from: 'TRIM_HORIZON' }], 'one renewal, from the oldest record')
  t.same(stream.iterators, ['TRIM_HORIZON', 'TRIM_HORIZON'])
  t.same(seen.stalls, [], 'not stalled')
})

t.test('an expired iterator is renewed after the last record delivered: nothing read twice or skipped', async (t) => {
  const stream = new SharedDbStream()
  stream.write(2)
  const seen = drive(t, stream)
  await until('two records delivered', () => seen.delivered.length >= 2)
  stream.fail(expired())
  stream.write(2)
  await until('four records delivered', () => seen.delivered.length >= 4)
  t.same(seen.delivered, [1, 2, 3, 4])
  t.same(seen.renewals, [{ reason: 'ExpiredIteratorException', from: 'AFTER_SEQUENCE_NUMBER 000000000000000000002' }])
  t.same(stream.iterators, ['TRIM_HORIZON', 'AFTER_SEQUENCE_NUMBER 2'])
  t.same(seen.errors, [], 'a renewal is no function error')
})

t.test('a stream trimmed past the last record read: from the oldest record it still holds', async (t) => {
  const stream = new SharedDbStream()
  stream.write(2)
  const seen = drive(t, stream)
  await until('two records delivered', () => seen.delivered.length >= 2)
  stream.trim()
  stream.elsewhere(2)
  stream.write(2)
  await until('the records after the trim delivered', () => seen.delivered.length >= 4)
  t.same(seen.delivered, [1, 2, 5, 6], 'the records the stream still holds, none twice')
  t.same(seen.renewals.map(({ from }) => from), ['AFTER_SEQUENCE_NUMBER 000000000000000000002', 'TRIM_HORIZON'],
    'after the last record read first; trimmed again, so from the oldest')
  t.same(stream.iterators, ['TRIM_HORIZON', 'AFTER_SEQUENCE_NUMBER 2', 'TRIM_HORIZON'])
})

t.test('a shard that keeps failing is told as stalled once, and again only after it has read in between', async (t) => {
  const stream = new SharedDbStream()
  const seen = drive(t, stream)
  const failures = Array.from({ length: STALL_AFTER * 2 }, (_, i) => i % 2 === 0 ? trimmed() : new Error('connect ECONNREFUSED 127.0.0.1:8001'))
  stream.fail(...failures)
  await until('every failure read', () => stream.reads > failures.length)
  stream.write(1)
  await until('the record delivered after the stall', () => seen.delivered.length >= 1)
  t.same(seen.stalls, [STALL_AFTER], `once, at the ${STALL_AFTER}th failure in a row`)
  t.equal(seen.errors.length, STALL_AFTER, 'the errors that are not renewals go to onError')
  stream.fail(...Array.from({ length: STALL_AFTER }, () => expired()))
  await until('stalled again', () => seen.stalls.length === 2)
  stream.write(1)
  await until('the next record delivered', () => seen.delivered.length >= 2)
  t.same(seen.delivered, [1, 2], 'nothing lost to the stalls')
})
