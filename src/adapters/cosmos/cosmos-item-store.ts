// ItemStore on Cosmos DB for NoSQL. The items container is partitioned by `/id`: every read and write is a point
// operation in one item's partition (strongly consistent there), and the listing is a cross-partition query a page
// at a time. Every write to an item is replaced at the ETag it was decided on, and knows its own retries
// (src/adapters/cosmos/cosmos-documents.ts).
import { randomUUID } from 'node:crypto'
import type { Container, CosmosClient } from '@azure/cosmos'
import { contentTypeOfUpload, type ImageContentType } from '../../images/image-keys.ts'
import type { ImageRecordResult } from '../../images/image-records.ts'
import type { ImageOutcome, ImageUpload, ItemImage } from '../../images/item-image.ts'
import type { Item, ItemChanges, ItemPage, NewItem } from '../../items/item.ts'
import type { ItemStore } from '../../items/item-store.ts'
import { CursorCodec } from '../../shared/cursor-codec.ts'
import { VersionMismatchError } from '../../shared/store-errors.ts'
import type { Created, VersionCondition } from '../../shared/writes.ts'
import { storeValue } from './cosmos-calls.ts'
import { CosmosDocuments, documentFields, newToken, versionHolds, type CosmosWritten, type StoredDocument } from './cosmos-documents.ts'
import { CosmosIdempotentCreates, ID_DRAWS, IdsExhaustedError, type KeyRecord } from './cosmos-idempotent-creates.ts'

const UPDATABLE_FIELDS = ['name', 'description', 'price'] as const
/** The scope the listing's cursors are signed for. */
const ITEMS_LISTING = 'items'

/** The item a write leaves, or undefined to refuse it (the item is not in a state the write allows). */
type ItemChange = (item: Item) => Item | undefined

export class CosmosItemStore implements ItemStore {
  readonly #client: CosmosClient
  readonly #items: Container
  readonly #documents: CosmosDocuments<Item>
  readonly #idempotent: CosmosIdempotentCreates<NewItem, Item> | undefined
  readonly #now: () => number
  readonly #cursors: CursorCodec

  /**
   * The items container `containerId` of the database `databaseId`. Without an idempotency container, creates with an
   * idempotency key are refused; `cursors` signs the listing's cursors.
   */
  constructor (client: CosmosClient, databaseId: string, containerId: string,
    options: { idempotencyContainerId?: string, now?: () => number, cursors?: CursorCodec } = {}) {
    this.#client = client
    const database = client.database(databaseId)
    this.#items = database.container(containerId)
    this.#documents = new CosmosDocuments(this.#items)
    this.#now = options.now ?? Date.now
    this.#cursors = options.cursors ?? new CursorCodec()
    this.#idempotent = options.idempotencyContainerId === undefined
      ? undefined
      : new CosmosIdempotentCreates(new CosmosDocuments<KeyRecord<Item>>(database.container(options.idempotencyContainerId)), {
        scope: 'items',
        store: async (item, token) => await this.#documents.createNew(item, token),
        id: 'id',
        redraw: (item) => ({ ...item, id: randomUUID() }),
        fields: (input) => [input.name, input.description ?? null, input.price],
        now: this.#now
      })
  }

  #newItem (input: NewItem): Item {
    const now = this.#now()
    return { id: randomUUID(), name: input.name, description: input.description ?? null, price: input.price, created_at: now, updated_at: now, version: 1 }
  }

  async create (input: NewItem): Promise<Item> {
    for (let draw = 1; draw <= ID_DRAWS; draw++) {
      const item = this.#newItem(input)
      if (await this.#documents.createNew(item, newToken()) === 'stored') return item
    }
    throw new IdsExhaustedError()
  }

  async createOnce (idempotencyKey: string, input: NewItem): Promise<Created<Item>> {
    if (this.#idempotent === undefined) throw new Error('idempotent creates need an idempotency container')
    return await this.#idempotent.create(idempotencyKey, input, this.#newItem(input))
  }

  async get (id: string): Promise<Item | undefined> {
    const item = await this.#documents.read(id)
    return item === undefined ? undefined : documentFields(item)
  }

  async list ({ limit, cursor }: { limit: number, cursor?: string }): Promise<ItemPage> {
    // The cursor holds Cosmos DB's continuation token, signed: a client can neither forge one nor alter it.
    const continuationToken = cursor === undefined ? undefined : this.#cursors.decode(ITEMS_LISTING, cursor)[0]
    const page = await storeValue(async (abortSignal) => await this.#items.items
      .query<StoredDocument<Item>>('SELECT * FROM c', { maxItemCount: limit, continuationToken, abortSignal }).fetchNext())
    return {
      items: page.resources.map((item) => documentFields(item)),
      nextCursor: page.continuationToken === undefined ? null : this.#cursors.encode(ITEMS_LISTING, [page.continuationToken])
    }
  }

  async update (id: string, changes: ItemChanges, condition?: VersionCondition): Promise<Item | undefined> {
    const fields = Object.fromEntries(UPDATABLE_FIELDS.filter((field) => changes[field] !== undefined).map((field) => [field, changes[field]]))
    return this.#changed(await this.#change(id, (item) => versionHolds(item.version, condition) ? { ...item, ...fields } : undefined))
  }

  async delete (id: string, condition?: VersionCondition): Promise<boolean> {
    const written = await this.#documents.remove(id, (item) => versionHolds(item.version, condition))
    if (written.kind === 'refused') throw new VersionMismatchError()
    return written.kind === 'applied' || written.retried
  }

  async startImage (id: string, upload: { uploadKey: string, contentType: ImageContentType, expiresAt: number }): Promise<Item | undefined> {
    const pending: ImageUpload = {
      status: 'pending', upload_key: upload.uploadKey, content_type: upload.contentType, expires_at: upload.expiresAt, updated_at: this.#now()
    }
    // Beside the image the item shows, which stays until this upload is ready; any earlier upload is replaced.
    return this.#changed(await this.#change(id, (item) => ({ ...item, upload: pending })))
  }

  async startProcessing (id: string, uploadKey: string): Promise<ImageRecordResult> {
    const written = await this.#change(id, ({ upload, ...item }) => upload?.upload_key === uploadKey && upload.status === 'pending'
      ? { ...item, upload: { ...upload, status: 'processing', updated_at: this.#now() } }
      : undefined)
    return this.#imageRecorded(written, uploadKey)
  }

  async recordImage (id: string, uploadKey: string, outcome: ImageOutcome): Promise<ImageRecordResult> {
    // Only the upload that is still the item's latest: a newer one, or a deleted item, is left as it is.
    const written = await this.#change(id, ({ upload, ...item }) => {
      if (upload?.upload_key !== uploadKey) return undefined
      // The ready upload becomes the image shown, in place of the one before, and is no longer an upload.
      if (outcome.status === 'ready') return { ...item, image: this.#readyImage(uploadKey, outcome.thumbnails) }
      // A failed upload stays beside the image shown, which stays.
      return { ...item, upload: { ...upload, status: 'failed', reason: outcome.reason, updated_at: this.#now() } }
    })
    return this.#imageRecorded(written, uploadKey)
  }

  #readyImage (uploadKey: string, thumbnails: ItemImage['thumbnails']): ItemImage {
    return { status: 'ready', upload_key: uploadKey, content_type: contentTypeOfUpload(uploadKey), thumbnails, reason: null, updated_at: this.#now() }
  }

  /**
   * What an upload's write did. Refused while the upload is still the item's latest or has become its image: a repeated
   * event got there first, and the same progress stands (recorded); refused otherwise, a newer upload replaced it.
   */
  #imageRecorded (written: CosmosWritten<Item>, uploadKey: string): ImageRecordResult {
    if (written.kind === 'missing') return 'missing'
    if (written.kind === 'applied') return 'recorded'
    const { upload, image } = written.record
    return upload?.upload_key === uploadKey || image?.upload_key === uploadKey ? 'recorded' : 'superseded'
  }

  /** One change of an existing item: what `change` makes of it, with `updated_at` and a new version. */
  async #change (id: string, change: ItemChange): Promise<CosmosWritten<Item>> {
    return await this.#documents.change(id, (stored) => {
      const next = change(documentFields(stored))
      return next === undefined ? undefined : { ...next, updated_at: this.#now(), version: stored.version + 1 }
    })
  }

  /** A write's answer: the item after it, undefined with no item, VersionMismatchError when its versions did not match. */
  #changed (written: CosmosWritten<Item>): Item | undefined {
    if (written.kind === 'missing') return undefined
    if (written.kind === 'refused') throw new VersionMismatchError()
    return written.record === undefined ? undefined : documentFields(written.record)
  }

  async close (): Promise<void> {
    this.#client.dispose()
  }
}
