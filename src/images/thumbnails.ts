// The three thumbnails of one image, made with sharp: JPEG, quality 85, the aspect ratio kept, EXIF orientation applied.
import sharp, { type Metadata } from 'sharp'
import { THUMBNAIL_SIZES, type ThumbnailSize } from './image-keys.ts'

/** The formats the thumbnail function reads (ORDERS.md), as sharp names them. */
export const SUPPORTED_FORMATS = ['jpeg', 'png', 'webp'] as const

/**
 * The most pixels an upload may have: 50 megapixels (a 10 MiB JPEG from a phone is 12 to 50). Checked from the header,
 * before anything is decoded: a small file that claims 30,000 × 30,000 pixels (a decompression bomb) would need
 * gigabytes to decode.
 */
export const MAX_INPUT_PIXELS = 50_000_000
export const JPEG_QUALITY = 85

export interface Thumbnail {
  size: ThumbnailSize
  body: Buffer
  width: number
  height: number
}

export interface Thumbnails {
  source: { format: string, width: number, height: number }
  thumbnails: Thumbnail[]
}

/** The file cannot be made into thumbnails: not an image, a format not supported, corrupt, or too large. */
export class UnusableImageError extends Error {
  constructor (reason: string, options?: ErrorOptions) {
    super(reason, options)
    this.name = 'UnusableImageError'
  }
}

const sideOf = (size: ThumbnailSize): number => Number(size.split('x')[0])

async function headerOf (bytes: Uint8Array): Promise<Metadata> {
  try {
    return await sharp(bytes, { limitInputPixels: false }).metadata()
  } catch (error) {
    throw new UnusableImageError('not an image in a supported format (JPEG, PNG or WebP)', { cause: error })
  }
}

/** The thumbnails of `bytes`; throws UnusableImageError with a reason fit to show the item's owner. */
export async function makeThumbnails (bytes: Uint8Array): Promise<Thumbnails> {
  const header = await headerOf(bytes)
  const { format, width = 0, height = 0 } = header
  if (!(SUPPORTED_FORMATS as readonly string[]).includes(format)) {
    throw new UnusableImageError(`${format.toUpperCase()} is not supported: upload a JPEG, PNG or WebP image`)
  }
  if (width * height > MAX_INPUT_PIXELS) {
    throw new UnusableImageError(`${width} × ${height} pixels is more than the ${MAX_INPUT_PIXELS / 1_000_000} megapixels allowed`)
  }
  // A pipeline per size from the same bytes (libvips decodes JPEG and WebP straight at the scale each needs); a
  // truncated or corrupt file fails here, at its first bad byte.
  const image = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' }).rotate()
  try {
    const thumbnails = await Promise.all(THUMBNAIL_SIZES.map(async (size) => {
      const side = sideOf(size)
      const { data, info } = await image.clone()
        .resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true })
        // JPEG has no transparency: transparent pixels become white, not black.
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: JPEG_QUALITY, mozjpeg: false })
        .toBuffer({ resolveWithObject: true })
      return { size, body: data, width: info.width, height: info.height }
    }))
    return { source: { format, width, height }, thumbnails }
  } catch (error) {
    throw new UnusableImageError(`the ${format.toUpperCase()} file is corrupt or truncated and cannot be read`, { cause: error })
  }
}
