// Items as the API shows them: the image shown (once ready, with presigned thumbnail URLs) and the latest upload's state,
// an upload whose form expired unused read as failed at the time of reading (docs/images-and-reports.md).
import type { SignedLinks } from '../../../shared/blob-store.ts'
import { THUMBNAIL_SIZES, type ThumbnailSize } from '../../../images/image-keys.ts'
import { uploadAt, type ImageUpload, type ItemImage } from '../../../images/item-image.ts'
import type { ImageUploadState, ItemImageJson } from '../../schemas/image-schemas.ts'
import type { Item } from '../../../items/item.ts'

export type ShownItem = Omit<Item, 'image' | 'upload'> & { image: ItemImageJson, upload: ImageUploadState }

const thumbnailsOf = (item: Item): Record<ThumbnailSize, string> | null =>
  item.image?.status === 'ready' ? item.image.thumbnails : null

const withReason = (reason: string | null | undefined): { reason?: string } => typeof reason === 'string' ? { reason } : {}

/**
 * The image shown: the ready one, whatever a newer upload is doing; while none is ready, the latest upload's state; an
 * image stored before uploads were kept beside it shows as it was stored.
 */
function shownImage (image: ItemImage | undefined, upload: ImageUpload | undefined, thumbnails: Record<ThumbnailSize, string> | undefined): ItemImageJson {
  if (image?.status === 'ready') return { status: 'ready', thumbnails: thumbnails ?? null }
  const latest = upload ?? image
  return latest === undefined ? null : { status: latest.status, thumbnails: null, ...withReason(latest.reason) }
}

const uploadState = (upload: ImageUpload | undefined): ImageUploadState => upload === undefined
  ? null
  : { key: upload.upload_key, status: upload.status, ...withReason(upload.reason), expires_at: new Date(upload.expires_at).toISOString() }

/**
 * The items with their images as at `now`; the URLs of every ready image are signed in one go, and S3 is touched only
 * then.
 */
export async function presentItems (items: Item[], links: SignedLinks | undefined, now: number = Date.now()): Promise<ShownItem[]> {
  const ready = links === undefined ? [] : items.filter((item) => thumbnailsOf(item) !== null)
  const urls = ready.length === 0 ? [] : await links!.viewUrls(ready.flatMap((item) => THUMBNAIL_SIZES.map((size) => thumbnailsOf(item)![size])))
  const signed = new Map(ready.map((item, index) =>
    [item.id, Object.fromEntries(THUMBNAIL_SIZES.map((size, at) => [size, urls[index * THUMBNAIL_SIZES.length + at]]))]))
  return items.map(({ image, upload, ...item }) => {
    const latest = upload === undefined ? undefined : uploadAt(upload, now)
    return { ...item, image: shownImage(image, latest, signed.get(item.id) as Record<ThumbnailSize, string> | undefined), upload: uploadState(latest) }
  }) as ShownItem[]
}

export async function presentItem (item: Item, links: SignedLinks | undefined): Promise<ShownItem> {
  return (await presentItems([item], links))[0]
}
