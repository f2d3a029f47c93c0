// ItemStore on DynamoDB through lib-dynamodb; every write is conditional so none creates by accident, and each knows
// its own retries (src/adapters/dynamodb/conditional-write.ts).
import { randomUUID } from 'node:crypto'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import {
  existingRecord, newWriteToken, putNew, withoutToken, writeOnce, type Condition, type Stored, type Written
} from './conditional-write.ts'
import { CursorCodec } from '../../shared/cursor-codec.ts'
import { fingerprintOf, IdempotentCreates, MAX_ID_DRAWS, NoFreeIdError } from './idempotent-create.ts'
import { rethrowAsStoreError } from '../aws-sdk/sdk-errors.ts'
import { contentTypeOfUpload, type ImageContentType } from '../../images/image-keys.ts'
import type { ImageOutcome, ImageUpload, ItemImage } from '../../images/item-image.ts'
import { VersionMismatchError } from '../../shared/store-errors.ts'
import type { Created, VersionCondition } from '../../shared/writes.ts'
import type { ImageRecordResult } from '../../images/image-records.ts'
import type { Item, ItemChanges, ItemPage, NewItem } from '../../items/item.ts'
import type { ItemStore } from '../../items/item-store.ts'

const UPDATABLE_FIELDS = ['name', 'description', 'price'] as const
/** The scope the listing's cursors are signed for. */
const ITEMS_LISTING = 'items'

/** An update of an existing item: its SET clauses beside the version and token every write changes. */
interface Change { assignments: string[], removals?: string[], names: Record<string, string>, values: Record<string, unknown> }

export class DynamoDbItemStore implements ItemStore {
  readonly #documents: DynamoDBDocumentClient
  readonly #client: DynamoDBClient
  readonly #tableName: string
  readonly #idempotent: IdempotentCreates<NewItem, Item> | undefined
  readonly #now: () => number
  readonly #cursors: CursorCodec

  /** Without an idempotency table, creates with an idempotency key are refused; `cursors` signs the listing's cursors. */
  constructor (client: DynamoDBClient, tableName: string,
    options: { idempotencyTableName?: string, now?: () => number, cursors?: CursorCodec } = {}) {
    this.#client = client
    this.#documents = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true }
    })
    this.#tableName = tableName
    this.#now = options.now ?? Date.now
    this.#cursors = options.cursors ?? new CursorCodec()
    this.#idempotent = options.idempotencyTableName === undefined
      ? undefined
      : new IdempotentCreates(this.#documents, options.idempotencyTableName, {
        scope: 'items',
        store: async (item, token) => await this.#putNew(item, token),
        id: 'id',
        redraw: (item) => ({ ...item, id: randomUUID() }),
        fingerprint: (input) => fingerprintOf([input.name, input.description ?? null, input.price]),
        now: this.#now
      })
  }

  #newItem (input: NewItem): Item {
    const now = this.#now()
    return { id: randomUUID(), name: input.name, description: input.description ?? null, price: input.price, created_at: now, updated_at: now, version: 1 }
  }

  async create (input: NewItem): Promise<Item> {
    for (let draw = 1; draw <= MAX_ID_DRAWS; draw++) {
      const item = this.#newItem(input)
      if (await this.#putNew(item, newWriteToken()) === 'stored') return item
    }
    throw new NoFreeIdError()
  }

  async createOnce (idempotencyKey: string, input: NewItem): Promise<Created<Item>> {
    if (this.#idempotent === undefined) throw new Error('idempotent creates need an idempotency table')
    return await this.#idempotent.create(idempotencyKey, input, this.#newItem(input))
  }

  async #putNew (item: Item, token: string): Promise<'stored' | 'taken'> {
    return await putNew(this.#documents, this.#tableName, 'id', item, token, async () => await this.#read(item.id))
  }

  async get (id: string): Promise<Item | undefined> {
    const item = await this.#read(id)
    return item === undefined ? undefined : withoutToken(item)
  }

  async #read (id: string): Promise<Stored<Item> | undefined> {
    const result = await this.#documents.send(new GetCommand({ TableName: this.#tableName, Key: { id }, ConsistentRead: true }))
      .catch(rethrowAsStoreError)
    return result.Item as Stored<Item> | undefined
  }

  async list ({ limit, cursor }: { limit: number, cursor?: string }): Promise<ItemPage> {
    const result = await this.#documents.send(new ScanCommand({
      TableName: this.#tableName,
      Limit: limit,
      ExclusiveStartKey: cursor === undefined ? undefined : { id: this.#cursors.decode(ITEMS_LISTING, cursor)[0] }
    })).catch(rethrowAsStoreError)
    const lastKey = result.LastEvaluatedKey as Pick<Item, 'id'> | undefined
    return {
      items: (result.Items ?? []).map((item) => withoutToken(item as Stored<Item>)),
      nextCursor: lastKey === undefined ? null : this.#cursors.encode(ITEMS_LISTING, [lastKey.id])
    }
  }

  async update (id: string, changes: ItemChanges, condition?: VersionCondition): Promise<Item | undefined> {
    const fields = UPDATABLE_FIELDS.filter((field) => changes[field] !== undefined)
    const written = await this.#change(id, condition, {
      assignments: fields.map((field) => `#${field} = :${field}`),
      names: Object.fromEntries(fields.map((field) => [`#${field}`, field])),
      values: Object.fromEntries(fields.map((field) => [`:${field}`, changes[field]]))
    })
    return this.#changed(written)
  }

  async delete (id: string, condition?: VersionCondition): Promise<boolean> {
    const token = newWriteToken()
    const written: Written<Item, undefined> = condition?.versions.length === 0
      ? await this.#nothingWritten(id)
      : await writeOnce<Item, undefined>(token, async () => {
        await this.#documents.send(new DeleteCommand({
          TableName: this.#tableName,
          Key: { id },
          ...existingRecord('id', token, condition),
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD'
        })).catch(rethrowAsStoreError)
      }, async () => await this.#read(id))
    if (written.kind === 'refused') throw new VersionMismatchError()
    return written.kind === 'applied' || written.retried
  }

  async startImage (id: string, upload: { uploadKey: string, contentType: ImageContentType, expiresAt: number }): Promise<Item | undefined> {
    const pending: ImageUpload = {
      status: 'pending', upload_key: upload.uploadKey, content_type: upload.contentType, expires_at: upload.expiresAt, updated_at: this.#now()
    }
    // Beside the image the item shows, which stays until this upload is ready; any earlier upload is replaced.
    const written = await this.#change(id, undefined, { assignments: ['#upload = :upload'], names: { '#upload': 'upload' }, values: { ':upload': pending } })
    return this.#changed(written)
  }

  async startProcessing (id: string, uploadKey: string): Promise<ImageRecordResult> {
    const written = await this.#change(id, undefined, {
      assignments: ['#upload.#status = :processing', '#upload.#upload_updated_at = :now'],
      names: { '#upload': 'upload', '#status': 'status', '#upload_key': 'upload_key', '#upload_updated_at': 'updated_at' },
      values: { ':processing': 'processing', ':pending': 'pending', ':upload_key': uploadKey }
    }, '#upload.#upload_key = :upload_key AND #upload.#status = :pending')
    return this.#imageRecorded(written, uploadKey)
  }

  async recordImage (id: string, uploadKey: string, outcome: ImageOutcome): Promise<ImageRecordResult> {
    const names = { '#upload': 'upload', '#upload_key': 'upload_key' }
    // Only the upload that is still the item's latest: a newer one, or a deleted item, is left as it is.
    const clause = '#upload.#upload_key = :upload_key'
    const written = outcome.status === 'ready'
      ? await this.#change(id, undefined, {
        // The ready upload becomes the image shown, in place of the one before, and is no longer an upload.
        assignments: ['#image = :image'],
        removals: ['#upload'],
        names: { ...names, '#image': 'image' },
        values: { ':upload_key': uploadKey, ':image': this.#readyImage(uploadKey, outcome.thumbnails) }
      }, clause)
      : await this.#change(id, undefined, {
        // A failed upload stays beside the image shown, which stays.
        assignments: ['#upload.#status = :failed', '#upload.#reason = :reason', '#upload.#upload_updated_at = :now'],
        names: { ...names, '#status': 'status', '#reason': 'reason', '#upload_updated_at': 'updated_at' },
        values: { ':upload_key': uploadKey, ':failed': 'failed', ':reason': outcome.reason }
      }, clause)
    return this.#imageRecorded(written, uploadKey)
  }

  #readyImage (uploadKey: string, thumbnails: ItemImage['thumbnails']): ItemImage {
    return { status: 'ready', upload_key: uploadKey, content_type: contentTypeOfUpload(uploadKey), thumbnails, reason: null, updated_at: this.#now() }
  }

  /**
   * What an upload's write did. Refused while the upload is still the item's latest or has become its image: a repeated
   * event got there first, and the same progress stands (recorded); refused otherwise, a newer upload replaced it.
   */
  #imageRecorded (written: Written<Item>, uploadKey: string): ImageRecordResult {
    if (written.kind === 'missing') return 'missing'
    if (written.kind === 'applied') return 'recorded'
    const { upload, image } = written.record
    return upload?.upload_key === uploadKey || image?.upload_key === uploadKey ? 'recorded' : 'superseded'
  }

  /**
   * One conditional update of an existing item (at one of `condition`'s versions, and where `clause` holds): the
   * change, `updated_at` and a new version, with this write's token.
   */
  async #change (id: string, condition: VersionCondition | undefined, change: Change, clause?: string): Promise<Written<Item>> {
    if (condition?.versions.length === 0) return await this.#nothingWritten(id)
    const token = newWriteToken()
    return await writeOnce<Item>(token, async () => {
      const precondition: Condition = existingRecord('id', token, condition,
        clause === undefined ? undefined : { expression: clause, names: change.names, values: change.values })
      const result = await this.#documents.send(new UpdateCommand({
        TableName: this.#tableName,
        Key: { id },
        UpdateExpression: `SET ${[...change.assignments, '#updated_at = :now'].join(', ')}, #write_token = :write_token ADD #version :one` +
          (change.removals === undefined ? '' : ` REMOVE ${change.removals.join(', ')}`),
        ConditionExpression: precondition.ConditionExpression,
        ExpressionAttributeNames: { ...precondition.ExpressionAttributeNames, ...change.names, '#updated_at': 'updated_at', '#version': 'version' },
        ExpressionAttributeValues: { ...precondition.ExpressionAttributeValues, ...change.values, ':now': this.#now(), ':one': 1 },
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD'
      })).catch(rethrowAsStoreError)
      return result.Attributes as Stored<Item>
    }, async () => await this.#read(id))
  }

  /** A condition naming no version never writes: read only to say whether the item is missing or at another version. */
  async #nothingWritten (id: string): Promise<Written<Item>> {
    const item = await this.#read(id)
    return item === undefined ? { kind: 'missing', retried: false } : { kind: 'refused', record: item }
  }

  /** A write's answer: the item after it, undefined with no item, VersionMismatchError when its versions did not match. */
  #changed (written: Written<Item, Stored<Item> | undefined>): Item | undefined {
    if (written.kind === 'missing') return undefined
    if (written.kind === 'refused') throw new VersionMismatchError()
    return written.record === undefined ? undefined : withoutToken(written.record)
  }

  async close (): Promise<void> {
    this.#client.destroy()
  }
}
