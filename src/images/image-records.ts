// The port the thumbnail function needs of the item an upload belongs to: its image as stored, and the outcome
// recorded on it. The items' store implements it (src/items/item-store.ts extends it).
import type { ImageOutcome, ItemImage } from './item-image.ts'

/** What recording an image's outcome did: `superseded` when a newer upload has replaced it, `missing` with no item. */
export type ImageRecordResult = 'recorded' | 'superseded' | 'missing'

export interface ImageRecords {
  /** The item an image belongs to, read strongly consistent; undefined when there is none. */
  get: (itemId: string) => Promise<{ image?: ItemImage } | undefined>
  /** Records the thumbnail function's outcome, only if `uploadKey` is still the item's image (a new version). */
  recordImage: (itemId: string, uploadKey: string, outcome: ImageOutcome) => Promise<ImageRecordResult>
}
