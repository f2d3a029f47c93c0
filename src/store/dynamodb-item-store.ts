// ItemStore on DynamoDB through lib-dynamodb; every write is conditional so none creates by accident.
import { randomUUID } from 'node:crypto'
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import {
  DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand, UpdateCommand
} from '@aws-sdk/lib-dynamodb'
import { writeExisting } from './conditional-write.ts'
import { decodeCursor, encodeCursor, type ItemKey } from './cursor.ts'
import { fingerprintOf, IdempotentCreates } from './idempotent-create.ts'
import { rethrowAsStoreError } from './store-errors.ts'
import type { ImageContentType } from '../images/image-keys.ts'
import type { ImageOutcome, ItemImage } from '../images/item-image.ts'
import {
  type ImageRecordResult, type Item, type ItemChanges, type ItemPage, type ItemStore, type NewItem, type VersionCondition
} from './item-store.ts'

const UPDATABLE_FIELDS = ['name', 'description', 'price'] as const

interface Condition {
  ConditionExpression: string
  ExpressionAttributeNames?: Record<string, string>
  ExpressionAttributeValues?: Record<string, unknown>
}

/** The item must exist and, with a version condition, hold one of its versions: checked by DynamoDB in the write itself. */
function existingWith (condition: VersionCondition | undefined): Condition {
  if (condition === undefined) return { ConditionExpression: 'attribute_exists(id)' }
  const names = condition.versions.map((_version, index) => `:expected${index}`)
  return {
    ConditionExpression: `attribute_exists(id) AND #version IN (${names.join(', ')})`,
    ExpressionAttributeNames: { '#version': 'version' },
    ExpressionAttributeValues: Object.fromEntries(condition.versions.map((version, index) => [names[index], version]))
  }
}

export class DynamoDbItemStore implements ItemStore {
  readonly #documents: DynamoDBDocumentClient
  readonly #client: DynamoDBClient
  readonly #tableName: string
  readonly #idempotent: IdempotentCreates<NewItem, Item> | undefined

  /** Without an idempotency table, creates with an idempotency key are refused. */
  constructor (client: DynamoDBClient, tableName: string, options: { idempotencyTableName?: string, now?: () => number } = {}) {
    this.#client = client
    this.#documents = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true }
    })
    this.#tableName = tableName
    this.#idempotent = options.idempotencyTableName === undefined
      ? undefined
      : new IdempotentCreates(this.#documents, options.idempotencyTableName, {
        store: async (item) => await this.#put(item),
        fingerprint: (input) => fingerprintOf([input.name, input.description ?? null, input.price]),
        now: options.now
      })
  }

  async create (input: NewItem, options: { idempotencyKey?: string } = {}): Promise<Item> {
    const now = Date.now()
    const item: Item = {
      id: randomUUID(),
      name: input.name,
      description: input.description ?? null,
      price: input.price,
      created_at: now,
      updated_at: now,
      version: 1
    }
    if (options.idempotencyKey === undefined) {
      await this.#put(item)
      return item
    }
    if (this.#idempotent === undefined) throw new Error('idempotent creates need an idempotency table')
    return await this.#idempotent.create(options.idempotencyKey, input, item)
  }

  /** Stores a new item; a ConditionalCheckFailedException if one with its id exists. */
  async #put (item: Item): Promise<void> {
    await this.#documents.send(new PutCommand({
      TableName: this.#tableName,
      Item: item,
      ConditionExpression: 'attribute_not_exists(id)'
    })).catch(rethrowAsStoreError)
  }

  async get (id: string): Promise<Item | undefined> {
    const result = await this.#documents.send(new GetCommand({ TableName: this.#tableName, Key: { id } }))
      .catch(rethrowAsStoreError)
    return result.Item as Item | undefined
  }

  async list ({ limit, cursor }: { limit: number, cursor?: string }): Promise<ItemPage> {
    const result = await this.#documents.send(new ScanCommand({
      TableName: this.#tableName,
      Limit: limit,
      ExclusiveStartKey: cursor === undefined ? undefined : decodeCursor(cursor)
    })).catch(rethrowAsStoreError)
    const lastKey = result.LastEvaluatedKey as ItemKey | undefined
    return {
      items: (result.Items ?? []) as Item[],
      nextCursor: lastKey === undefined ? null : encodeCursor(lastKey)
    }
  }

  async update (id: string, changes: ItemChanges, condition?: VersionCondition): Promise<Item | undefined> {
    const fields = UPDATABLE_FIELDS.filter((field) => changes[field] !== undefined)
    const assignments = [...fields, 'updated_at'].map((field) => `#${field} = :${field}`)
    return await this.#writeExisting(id, condition, undefined, async (precondition) => {
      const names: Record<string, string> = { ...precondition.ExpressionAttributeNames, '#updated_at': 'updated_at', '#version': 'version' }
      const values: Record<string, unknown> = { ...precondition.ExpressionAttributeValues, ':updated_at': Date.now(), ':one': 1 }
      for (const field of fields) {
        names[`#${field}`] = field
        values[`:${field}`] = changes[field]
      }
      const result = await this.#documents.send(new UpdateCommand({
        TableName: this.#tableName,
        Key: { id },
        UpdateExpression: `SET ${assignments.join(', ')} ADD #version :one`,
        ConditionExpression: precondition.ConditionExpression,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW'
      })).catch(rethrowAsStoreError)
      return result.Attributes as Item
    })
  }

  async delete (id: string, condition?: VersionCondition): Promise<boolean> {
    return await this.#writeExisting(id, condition, false, async (precondition) => {
      await this.#documents.send(new DeleteCommand({ TableName: this.#tableName, Key: { id }, ...precondition }))
        .catch(rethrowAsStoreError)
      return true
    })
  }

  async startImage (id: string, upload: { uploadKey: string, contentType: ImageContentType }): Promise<Item | undefined> {
    const now = Date.now()
    const image: ItemImage = { status: 'processing', upload_key: upload.uploadKey, content_type: upload.contentType, thumbnails: null, updated_at: now }
    return await this.#writeExisting(id, undefined, undefined, async (precondition) => {
      const result = await this.#documents.send(new UpdateCommand({
        TableName: this.#tableName,
        Key: { id },
        UpdateExpression: 'SET #image = :image, #updated_at = :now ADD #version :one',
        ConditionExpression: precondition.ConditionExpression,
        ExpressionAttributeNames: { '#image': 'image', '#updated_at': 'updated_at', '#version': 'version' },
        ExpressionAttributeValues: { ':image': image, ':now': now, ':one': 1 },
        ReturnValues: 'ALL_NEW'
      })).catch(rethrowAsStoreError)
      return result.Attributes as Item
    })
  }

  async recordImage (id: string, uploadKey: string, outcome: ImageOutcome): Promise<ImageRecordResult> {
    const now = Date.now()
    try {
      await this.#documents.send(new UpdateCommand({
        TableName: this.#tableName,
        Key: { id },
        UpdateExpression: 'SET #image.#status = :status, #image.#thumbnails = :thumbnails, #image.#reason = :reason, ' +
          '#image.#image_updated_at = :now, #updated_at = :now ADD #version :one',
        // Only the upload that is still the item's image: a newer one, or a deleted item, is left as it is.
        ConditionExpression: 'attribute_exists(id) AND #image.#upload_key = :upload_key',
        ExpressionAttributeNames: {
          '#image': 'image',
          '#status': 'status',
          '#thumbnails': 'thumbnails',
          '#reason': 'reason',
          '#upload_key': 'upload_key',
          '#image_updated_at': 'updated_at',
          '#updated_at': 'updated_at',
          '#version': 'version'
        },
        ExpressionAttributeValues: {
          ':status': outcome.status,
          ':thumbnails': outcome.status === 'ready' ? outcome.thumbnails : null,
          ':reason': outcome.status === 'failed' ? outcome.reason : null,
          ':upload_key': uploadKey,
          ':now': now,
          ':one': 1
        }
      })).catch(rethrowAsStoreError)
      return 'recorded'
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error
      return await this.get(id) === undefined ? 'missing' : 'superseded'
    }
  }

  /** A write under existingWith(condition); see writeExisting for what a failed condition answers. */
  async #writeExisting<T> (id: string, condition: VersionCondition | undefined, missing: T,
    write: (precondition: Condition) => Promise<T>): Promise<T> {
    return await writeExisting(condition, missing, async () => await write(existingWith(condition)), async () => await this.get(id) !== undefined)
  }

  async close (): Promise<void> {
    this.#client.destroy()
  }
}
