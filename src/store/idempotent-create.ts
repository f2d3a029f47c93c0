// Idempotent creates on DynamoDB with conditional writes only (the embedded store has no transactions).
// One record per Idempotency-Key: it claims the key, fixes the item the key creates, and records when that item is
// stored. Whoever holds the key, the first request or a retry racing it, stores that same item, so it exists once.
import { createHash } from 'node:crypto'
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { IdempotencyKeyReusedError } from './item-store.ts'
import { rethrowAsStoreError } from './store-errors.ts'
import { IDEMPOTENCY_EXPIRES_AT } from './table-definition.ts'

/** How long a key is remembered: a retry within this window replays the original response. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60

interface IdempotencyRecord<Entity> {
  key: string
  /** The request the key was first used with; the same key with another request is a conflict. */
  fingerprint: string
  item: Entity
  /** The item has been stored; until then whoever reads the record stores it. */
  stored: boolean
  [IDEMPOTENCY_EXPIRES_AT]: number
}

/** A request's identity from its fields after validation, in a fixed order, so key order and spacing do not count. */
export function fingerprintOf (fields: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(fields)).digest('base64url')
}

const ignoreIfAlreadyWritten = (error: unknown): void => {
  if (!(error instanceof ConditionalCheckFailedException)) throw error
}

export interface IdempotentCreatesOptions<Input, Entity> {
  /** Stores the entity unless one with its key exists; a conditional put. */
  store: (entity: Entity) => Promise<void>
  fingerprint: (input: Input) => string
  /** Keeps one resource's keys apart from another's in the shared table (`orders` → `orders#<key>`). */
  scope?: string
  now?: () => number
}

export class IdempotentCreates<Input, Entity> {
  private readonly storeItem: (entity: Entity) => Promise<void>
  private readonly fingerprint: (input: Input) => string
  private readonly scope: string
  private readonly now: () => number

  constructor (
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    options: IdempotentCreatesOptions<Input, Entity>
  ) {
    this.storeItem = options.store
    this.fingerprint = options.fingerprint
    this.scope = options.scope === undefined ? '' : `${options.scope}#`
    this.now = options.now ?? Date.now
  }

  /** Creates `item` for `input` under `key` once; a repeat of the same request returns the item the key created. */
  async create (clientKey: string, input: Input, item: Entity): Promise<Entity> {
    const key = this.scope + clientKey
    const fingerprint = this.fingerprint(input)
    const nowSeconds = Math.floor(this.now() / 1000)
    const record: IdempotencyRecord<Entity> = { key, fingerprint, item, stored: false, [IDEMPOTENCY_EXPIRES_AT]: nowSeconds + IDEMPOTENCY_TTL_SECONDS }
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
    const existing = held.Item as IdempotencyRecord<Entity> | undefined
    // Gone between the two calls (expired and deleted): the key is free again.
    if (existing === undefined) return await this.create(clientKey, input, item)
    if (existing.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError()
    return existing.stored ? existing.item : await this.finish(existing)
  }

  /** Stores the record's item (once, whoever gets there first) and marks the record stored. */
  private async finish (record: IdempotencyRecord<Entity>): Promise<Entity> {
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
