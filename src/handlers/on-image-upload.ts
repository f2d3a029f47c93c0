// The thumbnail function's work, whatever tells it that objects were created under uploads/ (S3's notifications on
// AWS): each upload becomes its thumbnails and the item's image status. An upload that could not be handled fails
// the whole call, thrown, so that the platform retries it; done again, the work gives the same result.
import type { Logger } from 'pino'
import type { BlobStore } from '../shared/blob-store.ts'
import type { Counters } from '../shared/counters.ts'
import type { ImageRecords } from '../images/image-records.ts'
import { itemOfUpload, MAX_IMAGE_BYTES, thumbnailKeys } from '../images/image-keys.ts'
import { AWAITING_UPLOAD, type ImageOutcome, type ImageStatus } from '../images/item-image.ts'
import { makeThumbnails, UnusableImageError } from '../images/make-thumbnails.ts'

/**
 * What became of an upload: thumbnails made, the image refused, the upload removed as no item's image, or ignored as
 * an upload to an image that already has its outcome.
 */
export type UploadResult =
  | { kind: 'ready' | 'failed', itemId: string, reason?: string }
  | { kind: 'removed', itemId: string, why: 'item deleted' | 'superseded' }
  | { kind: 'ignored', itemId: string, status: ImageStatus }
  | { kind: 'gone', itemId: string }

/** A key under uploads/ that this service never issues: no item to record it on. */
export class UnknownUploadError extends Error {
  constructor (readonly key: string) {
    super(`${key} is not an upload key this service issues (uploads/{item id}/{upload id}.jpg|png|webp)`)
    this.name = 'UnknownUploadError'
  }
}

export interface UploadDependencies {
  images: BlobStore
  items: ImageRecords
}

const allKeys = (key: string): string[] => [key, ...Object.values(thumbnailKeys(key))]

/**
 * Marks the upload at `key` arrived (`processing`), makes and stores its thumbnails (`size` as the event gives it) and
 * records the outcome on its item. Done again before the outcome is recorded, it gives the same result; once recorded,
 * the upload is left alone.
 */
export async function processUpload (key: string, size: number | undefined, { images, items }: UploadDependencies): Promise<UploadResult> {
  const itemId = itemOfUpload(key)
  if (itemId === undefined) throw new UnknownUploadError(key)
  const item = await items.get(itemId)
  if (item === undefined) return await removed(key, 'missing', itemId, images)
  // Once ready, an upload is the item's image: an event for its key is a repeated one, or its form used again (a form
  // works for 10 minutes). Its thumbnails, served as immutable, are not rewritten; nothing is read or written; the
  // object expires with uploads/ (serverless.yml). A failed upload is left failed the same way.
  if (item.upload?.upload_key !== key) {
    if (item.image?.upload_key === key) return { kind: 'ignored', itemId, status: item.image.status }
    return await removed(key, 'superseded', itemId, images)
  }
  if (!AWAITING_UPLOAD.has(item.upload.status)) return { kind: 'ignored', itemId, status: item.upload.status }
  if (item.upload.status === 'pending') {
    const arrived = await items.startProcessing(itemId, key)
    if (arrived !== 'recorded') return await removed(key, arrived, itemId, images)
  }
  const outcome = await outcomeOf(key, size, images)
  if (outcome === undefined) return { kind: 'gone', itemId }
  const recorded = await items.recordImage(itemId, key, outcome)
  // Deleted or replaced while the thumbnails were made: nothing of this upload is kept.
  if (recorded !== 'recorded') return await removed(key, recorded, itemId, images)
  return outcome.status === 'ready' ? { kind: 'ready', itemId } : { kind: 'failed', itemId, reason: outcome.reason }
}

/** Deletes an upload, and anything made from it, whose item is gone or has a newer upload. */
async function removed (key: string, recorded: 'missing' | 'superseded', itemId: string, images: BlobStore): Promise<UploadResult> {
  await images.delete(allKeys(key))
  return { kind: 'removed', itemId, why: recorded === 'missing' ? 'item deleted' : 'superseded' }
}

/** The thumbnails made and stored, or why not; undefined when the upload is no longer there. */
async function outcomeOf (key: string, size: number | undefined, images: BlobStore): Promise<ImageOutcome | undefined> {
  // S3's policy refuses larger uploads; Azure's SAS cannot. One that got in is not read into memory, and not kept.
  if (size !== undefined && size > MAX_IMAGE_BYTES) {
    await images.delete([key])
    return { status: 'failed', reason: `the file is ${size} bytes, more than the 10 MiB allowed` }
  }
  const bytes = await images.get(key)
  if (bytes === undefined) return undefined
  let made
  try {
    made = await makeThumbnails(bytes)
  } catch (error) {
    if (error instanceof UnusableImageError) return { status: 'failed', reason: error.message }
    throw error
  }
  const keys = thumbnailKeys(key)
  await Promise.all(made.thumbnails.map(async (thumbnail) => await images.put(keys[thumbnail.size], thumbnail.body, {
    contentType: 'image/jpeg',
    // The key never holds other bytes: a new upload gets a new key.
    cacheControl: 'private, max-age=31536000, immutable',
    metadata: {
      'source-key': key,
      'source-format': made.source.format,
      'source-size': `${made.source.width}x${made.source.height}`,
      size: `${thumbnail.width}x${thumbnail.height}`
    }
  })))
  return { status: 'ready', thumbnails: keys }
}

/** An object created in the images bucket, as the platform's event names it. */
export interface CreatedObject {
  key: string
  /** Its size in bytes, when the event says. */
  size: number | undefined
}

/** Uploads that could not be handled: thrown, so that the platform retries the call rather than losing it. */
export class UploadsNotProcessedError extends Error {
  constructor (readonly errors: unknown[], total: number) {
    super(`${errors.length} of ${total} uploads not processed`)
    this.name = 'UploadsNotProcessedError'
  }
}

const RESULT_COUNTS: Record<UploadResult['kind'], string> = {
  ready: 'ImagesReady',
  failed: 'ImagesFailed',
  removed: 'UploadsRemoved',
  ignored: 'UploadsIgnored',
  gone: 'UploadsGone'
}

/** Handles the created objects one after another; throws UploadsNotProcessedError when any could not be handled. */
export function imageUploadHandler ({ images, items, log, counters }: UploadDependencies & { log: Logger, counters: Counters }):
(objects: CreatedObject[]) => Promise<UploadResult[]> {
  return async (objects) => {
    const results: UploadResult[] = []
    const errors: unknown[] = []
    for (const { key, size } of objects) {
      const started = performance.now()
      try {
        const result = await processUpload(key, size, { images, items })
        results.push(result)
        counters.count(RESULT_COUNTS[result.kind])
        log.info({ key, ...result, ms: Math.round(performance.now() - started) }, `upload ${result.kind}`)
      } catch (error) {
        errors.push(error)
        log.error({ key, err: error }, 'upload not processed: the call will be retried')
      }
    }
    if (errors.length > 0) {
      counters.count('UploadErrors', errors.length)
      throw new UploadsNotProcessedError(errors, objects.length)
    }
    return results
  }
}
