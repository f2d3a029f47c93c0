// An item's image as stored on the item: which upload it is, and how far the thumbnail function has come with it.
import type { ImageContentType, ThumbnailSize } from './image-keys.ts'

export const IMAGE_STATUSES = ['processing', 'ready', 'failed'] as const
export type ImageStatus = typeof IMAGE_STATUSES[number]

/**
 * The statuses in which an image still waits for its upload's thumbnails. Once it has left them (ready or failed), an
 * object created at its key is a repeated event or its form used again (a form works for 10 minutes): it is ignored.
 */
export const AWAITING_UPLOAD: ReadonlySet<ImageStatus> = new Set(['processing'])

export interface ItemImage {
  status: ImageStatus
  /** The upload this image is made from; a newer upload replaces it. */
  upload_key: string
  content_type: ImageContentType
  /** The thumbnails' keys once ready; null before and on failure. */
  thumbnails: Record<ThumbnailSize, string> | null
  /** Why the image failed: a corrupt file, a format that is not supported, too many pixels; null once it is ready. */
  reason?: string | null
  /** Epoch milliseconds of the last change. */
  updated_at: number
}

/** What the thumbnail function found: the thumbnails made, or why there are none. */
export type ImageOutcome =
  | { status: 'ready', thumbnails: Record<ThumbnailSize, string> }
  | { status: 'failed', reason: string }
