// An item's image as stored on the item: the image it shows once one is ready, and the latest upload beside it, from
// the form's issue until its thumbnails are ready (docs/images-and-reports.md).
import type { ImageContentType, ThumbnailSize } from './image-keys.ts'

export const IMAGE_STATUSES = ['pending', 'processing', 'ready', 'failed'] as const
export type ImageStatus = typeof IMAGE_STATUSES[number]

/** An upload's statuses: once ready, it is the item's image and no longer an upload. */
export const UPLOAD_STATUSES = ['pending', 'processing', 'failed'] as const
export type UploadStatus = typeof UPLOAD_STATUSES[number]

/**
 * The statuses in which an upload still waits for its thumbnails: `pending` (the form issued, nothing arrived yet) and
 * `processing` (it arrived; a repeated event does the work again). A failed upload, or one that is the item's image
 * already, is ignored when an object is created at its key again: a repeated event, or its form used again.
 */
export const AWAITING_UPLOAD: ReadonlySet<ImageStatus> = new Set(['pending', 'processing'])

/** The image an item shows: a ready upload's thumbnails. A newer upload replaces it only once that one is ready. */
export interface ItemImage {
  status: ImageStatus
  /** The upload this image is made from. */
  upload_key: string
  content_type: ImageContentType
  /** The thumbnails' keys. */
  thumbnails: Record<ThumbnailSize, string> | null
  reason?: string | null
  /** Epoch milliseconds of the last change. */
  updated_at: number
}

/** The latest upload asked for, until it is ready: its form issued (`pending`), arrived (`processing`), or `failed`. */
export interface ImageUpload {
  status: UploadStatus
  upload_key: string
  content_type: ImageContentType
  /** Epoch milliseconds after which its form is refused: a `pending` upload past it never arrived. */
  expires_at: number
  /** Why the upload failed: a corrupt file, a format that is not supported, too many pixels. */
  reason?: string | null
  /** Epoch milliseconds of the last change. */
  updated_at: number
}

/** What the thumbnail function found: the thumbnails made, or why there are none. */
export type ImageOutcome =
  | { status: 'ready', thumbnails: Record<ThumbnailSize, string> }
  | { status: 'failed', reason: string }

/** The reason an upload whose form expired before anything arrived reads as failed. */
export const neverArrived = (expiresAt: number): string =>
  `the upload never arrived: its form expired at ${new Date(expiresAt).toISOString()}`

/**
 * The upload as it reads at `now`: a `pending` upload whose form has expired is `failed`, since S3 refuses the form
 * from then on. Nothing is written: a new form can be asked for at any time.
 */
export function uploadAt (upload: ImageUpload, now: number): ImageUpload {
  if (upload.status !== 'pending' || upload.expires_at > now) return upload
  return { ...upload, status: 'failed', reason: neverArrived(upload.expires_at) }
}
