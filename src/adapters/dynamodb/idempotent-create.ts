// Idempotent creates on DynamoDB with conditional writes only (the embedded store has no transactions).
// One record per Idempotency-Key: it claims the key, fixes the entity the key creates and the token its put carries,
// and records when that entity is stored. Whoever holds the key, the first request or a retry racing it, stores that
// same entity with that same token, so it exists once; an id another entity already holds is drawn again, in the record.
import { createHash } from 'node:crypto'
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { unmarshall } from '@aws-sdk/util-dynamodb'
import { newWriteToken } from './conditional-write.ts'
import { IdempotencyKeyReusedError } from '../../shared/store-errors.ts'
import type { Created } from '../../shared/writes.ts'
import { rethrowAsStoreError } from '../aws-sdk/sdk-errors.ts'
import { IDEMPOTENCY_EXPIRES_AT } from './table-definitions.ts'

/** How long a key is remembered: a retry within this window replays the original response. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60

/** How many ids a create draws before it gives up: a clash is rare, three in a row is a fault. */
export const MAX_ID_DRAWS = 3

interface IdempotencyRecord<Entity> {
  key: string
  /** The request the key was first used with; the same key with another request is a conflict. */
  fingerprint: string
  item: Entity
  /** The token the entity's put carries, whoever makes it. */
  token: string
  /** The entity has been stored; until then whoever reads the record stores it. */
  stored: boolean
  [IDEMPOTENCY_EXPIRES_AT]: number
}

/** A request's identity from its fields after validation, in a fixed order, so key order and spacing do not count. */
export function fingerprintOf (fields: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(fields)).digest('base64url')
}

/** No free id after MAX_ID_DRAWS draws. */
export class NoFreeIdError extends Error {
  constructor () {
    super(`every one of ${MAX_ID_DRAWS} ids drawn was taken`)
    this.name = 'NoFreeIdError'
  }
}

export interface IdempotentCreatesOptions<Input, Entity> {
  /** Keeps one resource's keys apart from another's in the shared table: `items` → `items#<key>`. */
  scope: string
  /** Stores the entity with `token` unless another holds its id: a conditional put (putNew). */
  store: (entity: Entity, token: string) => Promise<'stored' | 'taken'>
  /** The entity's id attribute, and the same entity with another id drawn. */
  id: keyof Entity & string
  redraw: (entity: Entity) => Entity
  fingerprint: (input: Input) => string
  now?: () => number
}

export class IdempotentCreates<Input, Entity> {
  readonly #documents: DynamoDBDocumentClient
  readonly #tableName: string
  readonly #options: IdempotentCreatesOptions<Input, Entity>
  readonly #now: () => number

  constructor (documents: DynamoDBDocumentClient, tableName: string, options: IdempotentCreatesOptions<Input, Entity>) {
    this.#documents = documents
    this.#tableName = tableName
    this.#options = options
    this.#now = options.now ?? Date.now
  }

  /**
   * Creates `entity` for `input` under the client's key once. A repeat of the same request answers the entity the key
   * created, `replayed`; the same key with another request throws IdempotencyKeyReusedError.
   */
  async create (clientKey: string, input: Input, entity: Entity): Promise<Created<Entity>> {
    // Scoped: no client key of one resource can name another resource's record.
    const key = `${this.#options.scope}#${clientKey}`
    const fingerprint = this.#options.fingerprint(input)
    const nowSeconds = Math.floor(this.#now() / 1000)
    const record: IdempotencyRecord<Entity> = {
      key, fingerprint, item: entity, token: newWriteToken(), stored: false, [IDEMPOTENCY_EXPIRES_AT]: nowSeconds + IDEMPOTENCY_TTL_SECONDS
    }
    // Claims the key unless it is held; an expired record counts as free (TTL deletes it within a day or two).
    let held: IdempotencyRecord<Entity> | undefined
    try {
      await this.#documents.send(new PutCommand({
        TableName: this.#tableName,
        Item: record,
        ConditionExpression: 'attribute_not_exists(#key) OR #expires_at <= :now',
        ExpressionAttributeNames: { '#key': 'key', '#expires_at': IDEMPOTENCY_EXPIRES_AT },
        ExpressionAttributeValues: { ':now': nowSeconds },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD'
      })).catch(rethrowAsStoreError)
      return { value: await this.#finish(record), replayed: false }
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error
      held = error.Item === undefined ? await this.#read(key) : unmarshall(error.Item) as IdempotencyRecord<Entity>
    }
    // Gone between the two calls (expired and deleted): the key is free again.
    if (held === undefined) return await this.create(clientKey, input, entity)
    // This request's own claim, applied by an attempt whose answer was lost.
    if (held.token === record.token) return { value: await this.#finish(held), replayed: false }
    if (held.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError()
    return { value: held.stored ? held.item : await this.#finish(held), replayed: true }
  }

  async #read (key: string): Promise<IdempotencyRecord<Entity> | undefined> {
    const held = await this.#documents.send(new GetCommand({ TableName: this.#tableName, Key: { key }, ConsistentRead: true }))
      .catch(rethrowAsStoreError)
    return held.Item as IdempotencyRecord<Entity> | undefined
  }

  /**
   * Stores the record's entity (once, whoever gets there first) and marks the record stored. When the entity's id is
   * another's, a new one is drawn and fixed in the record, unless a request holding the same key fixed one first.
   */
  async #finish (record: IdempotencyRecord<Entity>): Promise<Entity> {
    let current = record
    for (let draw = 1; draw <= MAX_ID_DRAWS; draw++) {
      if (await this.#options.store(current.item, current.token) === 'stored') {
        await this.#documents.send(new UpdateCommand({
          TableName: this.#tableName,
          Key: { key: current.key },
          UpdateExpression: 'SET #stored = :true',
          ExpressionAttributeNames: { '#stored': 'stored' },
          ExpressionAttributeValues: { ':true': true }
        })).catch(rethrowAsStoreError)
        return current.item
      }
      current = await this.#redraw(current)
      if (current.stored) return current.item
    }
    throw new NoFreeIdError()
  }

  /** The record with a new id drawn for its entity, or as another request holding the key has left it. */
  async #redraw (record: IdempotencyRecord<Entity>): Promise<IdempotencyRecord<Entity>> {
    const { id } = this.#options
    const item = this.#options.redraw(record.item)
    try {
      await this.#documents.send(new UpdateCommand({
        TableName: this.#tableName,
        Key: { key: record.key },
        UpdateExpression: 'SET #item = :item',
        ConditionExpression: '#item.#id = :taken',
        ExpressionAttributeNames: { '#item': 'item', '#id': id },
        ExpressionAttributeValues: { ':item': item, ':taken': record.item[id] }
      })).catch(rethrowAsStoreError)
      return { ...record, item }
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error
      // Another request holding the key drew first (or this one did, on an attempt whose answer was lost).
      return await this.#read(record.key) ?? record
    }
  }
}
