// Idempotent creates on DynamoDB with conditional writes only (the embedded store has no transactions).
// One record per Idempotency-Key: it claims the key, fixes the item the key creates, and records when that item is
// stored. Whoever holds the key, the first request or a retry racing it, stores that same item, so it exists once.
import { createHash } from 'node:crypto'
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { IdempotencyKeyReusedError, type Item, type NewItem } from './item-store.ts'
import { rethrowAsStoreError } from './store-errors.ts'
import { IDEMPOTENCY_EXPIRES_AT } from './table-definition.ts'

/** How long a key is remembered: a retry within this window replays the original response. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60

interface IdempotencyRecord {
  key: string
  /** The request the key was first used with; the same key with another request is a conflict. */
  fingerprint: string
  item: Item
  /** The item has been stored; until then whoever reads the record stores it. */
  stored: boolean
  [IDEMPOTENCY_EXPIRES_AT]: number
}

/** The request's identity: its fields after validation, in a fixed order, so key order and spacing do not count. */
function fingerprintOf (input: NewItem): string {
  const canonical = JSON.stringify([input.name, input.description ?? null, input.price])
  return createHash('sha256').update(canonical).digest('base64url')
}

const ignoreIfAlreadyWritten = (error: unknown): void => {
  if (!(error instanceof ConditionalCheckFailedException)) throw error
}

export class IdempotentCreates {
  constructor (
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Stores the item unless an item with its id exists; a conditional put. */
    private readonly storeItem: (item: Item) => Promise<void>,
    private readonly now: () => number = Date.now
  ) {}

  /** Creates `item` for `input` under `key` once; a repeat of the same request returns the item the key created. */
  async create (key: string, input: NewItem, item: Item): Promise<Item> {
    const fingerprint = fingerprintOf(input)
    const nowSeconds = Math.floor(this.now() / 1000)
    const record: IdempotencyRecord = { key, fingerprint, item, stored: false, [IDEMPOTENCY_EXPIRES_AT]: nowSeconds + IDEMPOTENCY_TTL_SECONDS }
    // Claims the key unless it is held; an expired record counts as free (TTL deletes it within a day or two).
    const claimed = await this.documents.send(new PutCommand({
      TableName: this.tableName,
      Item: record,
      ConditionExpression: 'attribute_not_exists(#key) OR #expires_at <= :now',
      ExpressionAttributeNames: { '#key': 'key', '#expires_at': IDEMPOTENCY_EXPIRES_AT },
      ExpressionAttributeValues: { ':now': nowSeconds }
    })).then(() => true, (error: unknown) => {
      if (error instanceof ConditionalCheckFailedException) return false
      return rethrowAsStoreError(error)
    })
    if (claimed) return await this.finish(record)

    const held = await this.documents.send(new GetCommand({ TableName: this.tableName, Key: { key }, ConsistentRead: true }))
      .catch(rethrowAsStoreError)
    const existing = held.Item as IdempotencyRecord | undefined
    // Gone between the two calls (expired and deleted): the key is free again.
    if (existing === undefined) return await this.create(key, input, item)
    if (existing.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError()
    return existing.stored ? existing.item : await this.finish(existing)
  }

  /** Stores the record's item (once, whoever gets there first) and marks the record stored. */
  private async finish (record: IdempotencyRecord): Promise<Item> {
    await this.storeItem(record.item).catch(ignoreIfAlreadyWritten)
    await this.documents.send(new UpdateCommand({
      TableName: this.tableName,
      Key: { key: record.key },
      UpdateExpression: 'SET #stored = :true',
      ExpressionAttributeNames: { '#stored': 'stored' },
      ExpressionAttributeValues: { ':true': true }
    })).catch(rethrowAsStoreError)
    return record.item
  }
}
