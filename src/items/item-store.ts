// The storage port the routes depend on; adapters live beside it and never leak their types.
import type { ImageContentType } from '../images/image-keys.ts'
import type { ImageOutcome, ItemImage } from '../images/item-image.ts'

export interface Item {
  id: string
  name: string
  description: string | null
  price: number
  created_at: number
  updated_at: number
  version: number
  /** Absent until an image upload is asked for. */
  image?: ItemImage
}

/** What recording an image's outcome did: `superseded` when a newer upload has replaced it, `missing` with no item. */
export type ImageRecordResult = 'recorded' | 'superseded' | 'missing'

export interface NewItem {
  name: string
  description?: string | null
  price: number
}

/** At least one field; `description: null` clears the description. */
export type ItemChanges = Partial<NewItem>

export interface ItemPage {
  items: Item[]
  /** Opaque cursor for the next page, or null when the listing is complete. */
  nextCursor: string | null
}

/**
 * A write's precondition on the stored version (an HTTP `If-Match`): the write applies only when the item's version
 * is one of `versions`, at most MAX_CONDITION_VERSIONS of them. An empty list matches no version.
 */
export interface VersionCondition { versions: number[] }

/** The most versions one condition may name: DynamoDB's IN takes at most 100 operands. */
export const MAX_CONDITION_VERSIONS = 100

/** What an idempotent create answers: the entity, and whether a previous request with the same key created it. */
export interface Created<Entity> {
  value: Entity
  replayed: boolean
}

export interface ItemStore {
  /** Creates an item: a new id, version 1. */
  create: (input: NewItem) => Promise<Item>
  /**
   * Creates an item once per idempotency key: a repeat of the same request answers the item the key first created,
   * `replayed` (nothing new is stored); the same key with a different request throws IdempotencyKeyReusedError.
   */
  createOnce: (idempotencyKey: string, input: NewItem) => Promise<Created<Item>>
  /** The item, read strongly consistent. */
  get: (id: string) => Promise<Item | undefined>
  list: (options: { limit: number, cursor?: string }) => Promise<ItemPage>
  /**
   * Applies changes to an existing item; undefined when there is none (nothing is created).
   * Throws VersionMismatchError when `condition` names none of the stored version.
   */
  update: (id: string, changes: ItemChanges, condition?: VersionCondition) => Promise<Item | undefined>
  /**
   * Deletes an existing item; false when there was none. Throws VersionMismatchError as update does. A delete retried
   * after a lost answer that finds the item gone counts as done: the item is gone, whichever attempt removed it.
   */
  delete: (id: string, condition?: VersionCondition) => Promise<boolean>
  /**
   * Makes `uploadKey` the item's image, `processing` until the thumbnail function records its outcome (a new version);
   * undefined when there is no such item.
   */
  startImage: (id: string, upload: { uploadKey: string, contentType: ImageContentType }) => Promise<Item | undefined>
  /** Records the thumbnail function's outcome, only if `uploadKey` is still the item's image (a new version). */
  recordImage: (id: string, uploadKey: string, outcome: ImageOutcome) => Promise<ImageRecordResult>
  close: () => Promise<void>
}

/** The store cannot be reached, timed out or is throttling: the client may retry later. */
export class StoreUnavailableError extends Error {
  constructor (readonly retryAfterSeconds: number, options?: ErrorOptions) {
    super('The item store is unavailable', options)
    this.name = 'StoreUnavailableError'
  }
}

/** A list cursor that this service did not issue, or that was altered. */
export class InvalidCursorError extends Error {
  constructor () {
    super('cursor is not one this service issued')
    this.name = 'InvalidCursorError'
  }
}

/** The item exists, but its version is not one the write's condition allows: nothing was written. */
export class VersionMismatchError extends Error {
  constructor () {
    super('the stored version is not one the condition allows')
    this.name = 'VersionMismatchError'
  }
}

/** An Idempotency-Key already used with a different request. */
export class IdempotencyKeyReusedError extends Error {
  constructor () {
    super('the idempotency key was used with a different request')
    this.name = 'IdempotencyKeyReusedError'
  }
}
