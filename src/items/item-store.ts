// The items' storage port: the routes and the image records depend on it; the adapters (src/adapters/) implement it
// and never leak their types.
import type { ImageContentType } from '../images/image-keys.ts'
import type { ImageRecords } from '../images/image-records.ts'
import type { Created, VersionCondition } from '../shared/writes.ts'
import type { Item, ItemChanges, ItemPage, NewItem } from './item.ts'

export interface ItemStore extends ImageRecords {
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
   * Makes `uploadKey` the item's latest upload, `pending` until it arrives, beside the image the item shows and in place
   * of any earlier upload (a new version); `expiresAt` (epoch milliseconds) is when its form expires. Undefined when
   * there is no such item.
   */
  startImage: (id: string, upload: { uploadKey: string, contentType: ImageContentType, expiresAt: number }) => Promise<Item | undefined>
  close: () => Promise<void>
}
