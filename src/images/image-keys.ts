// Where an item's images live in the images bucket (docs/images-and-reports.md): uploads/ from browsers, thumbnails/ from the function.

/** The types an upload may declare, and the extension its key gets. */
export const IMAGE_CONTENT_TYPES = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' } as const
export type ImageContentType = keyof typeof IMAGE_CONTENT_TYPES

/** The largest upload the presigned policy allows: 10 MiB. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024

export const THUMBNAIL_SIZES = ['200x200', '400x400', '800x800'] as const
export type ThumbnailSize = typeof THUMBNAIL_SIZES[number]

export const UPLOADS_PREFIX = 'uploads/'
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'
const UPLOAD_KEY = new RegExp(`^${UPLOADS_PREFIX}(${UUID})/(${UUID})\\.(jpg|png|webp)$`)

/** One upload's key: the item's id, then an id of the upload's own, so that each upload has a key of its own. */
export const uploadKey = (itemId: string, uploadId: string, contentType: ImageContentType): string =>
  `${UPLOADS_PREFIX}${itemId}/${uploadId}.${IMAGE_CONTENT_TYPES[contentType]}`

/** The item an upload key belongs to; undefined for a key this service does not issue. */
export function itemOfUpload (key: string): string | undefined {
  return UPLOAD_KEY.exec(key)?.[1]
}

/** The content type an upload key's extension stands for (each type has an extension of its own). */
export function contentTypeOfUpload (key: string): ImageContentType {
  const extension = key.slice(key.lastIndexOf('.') + 1)
  return (Object.keys(IMAGE_CONTENT_TYPES) as ImageContentType[]).find((type) => IMAGE_CONTENT_TYPES[type] === extension) ?? 'image/jpeg'
}

export const thumbnailKey = (size: ThumbnailSize, key: string): string => `thumbnails/${size}/${key}`

export const thumbnailKeys = (key: string): Record<ThumbnailSize, string> =>
  Object.fromEntries(THUMBNAIL_SIZES.map((size) => [size, thumbnailKey(size, key)])) as Record<ThumbnailSize, string>

/** An upload form is accepted for 10 minutes; a thumbnail's URL works for 15. */
export const IMAGE_LINK_LIFETIMES = { uploadSeconds: 600, viewSeconds: 900 } as const
