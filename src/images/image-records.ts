// The port the thumbnail function needs of the item an upload belongs to: its image and latest upload as stored, and
// the upload's progress recorded on it. The items' store implements it (src/items/item-store.ts extends it).
import type { ImageOutcome, ImageUpload, ItemImage } from './item-image.ts'

/**
 * What recording an upload's progress did: `recorded` (this write, or the same progress recorded already by a repeated
 * event), `superseded` when a newer upload has replaced it, `missing` with no item.
 */
export type ImageRecordResult = 'recorded' | 'superseded' | 'missing'

export interface ImageRecords {
  /** The item an upload belongs to, read strongly consistent; undefined when there is none. */
  get: (itemId: string) => Promise<{ image?: ItemImage, upload?: ImageUpload } | undefined>
  /** Marks the upload arrived: `pending` → `processing`, only while `uploadKey` is the item's pending upload. */
  startProcessing: (itemId: string, uploadKey: string) => Promise<ImageRecordResult>
  /**
   * Records the thumbnail function's outcome, only while `uploadKey` is the item's latest upload (a new version): a
   * ready upload becomes the item's image, replacing the one before; a failed one stays the latest upload, beside it.
   */
  recordImage: (itemId: string, uploadKey: string, outcome: ImageOutcome) => Promise<ImageRecordResult>
}
