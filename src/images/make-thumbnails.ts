// The three thumbnails of one image, made with sharp: the format checked by the file's first bytes and the size by its
// header before anything is decoded, then one decode to the largest thumbnail, from which the smaller ones are made.
// JPEG, quality 85, the aspect ratio kept, EXIF orientation applied, transparency on white.
import sharp, { type Metadata } from 'sharp'
import { THUMBNAIL_SIZES, type ThumbnailSize } from './image-keys.ts'
import { sniffFormat, type SupportedFormat } from './image-format.ts'

/**
 * What an upload may measure, read from its header before anything is decoded. 50 megapixels: a 10 MiB JPEG from a
 * phone or a camera is 12 to 50, and a small file that claims 30,000 × 30,000 pixels (a decompression bomb) would need
 * gigabytes. A side of at most 20,000 pixels, and at most 10 times the other: libvips holds lines of the full width
 * while it shrinks, so memory grows with the longest side. Decoded once, a 16-bit PNG of 50 megapixels peaks near
 * 760 MB as a strip of 200,000 × 250 and 1.2 GB as 500,000 × 100, but 260 MB as 20,000 × 2,500 (the widest that passes:
 * test/images/thumbnail-memory.test.ts). Every camera's photo passes, and a phone's panorama (a sweep is 4 to 8 times as
 * wide as high; 50 megapixels at 8:1 are 20,000 × 2,500).
 */
export const IMAGE_LIMITS = { megapixels: 50, side: 20_000, aspectRatio: 10 } as const
export const MAX_INPUT_PIXELS = IMAGE_LIMITS.megapixels * 1_000_000
export const JPEG_QUALITY = 85

/**
 * The only decoders any bytes may reach: libvips' JPEG, PNG and WebP loaders from memory. The others (SVG, HEIF, TIFF,
 * GIF, PDF, …) parse what they are given, and an upload is anything a browser posted. Process-wide, as libvips keeps
 * it: this module is the thumbnail function's, whose process decodes nothing else.
 */
export const ALLOWED_LOADERS = ['VipsForeignLoadJpegBuffer', 'VipsForeignLoadPngBuffer', 'VipsForeignLoadWebpBuffer'] as const
sharp.block({ operation: ['VipsForeignLoad'] })
sharp.unblock({ operation: [...ALLOWED_LOADERS] })

export interface Thumbnail {
  size: ThumbnailSize
  body: Buffer
  width: number
  height: number
}

export interface Thumbnails {
  source: { format: SupportedFormat, width: number, height: number }
  thumbnails: Thumbnail[]
}

/** The file cannot be made into thumbnails: not an image, a format not supported, corrupt, or too large. */
export class UnusableImageError extends Error {
  constructor (reason: string, options?: ErrorOptions) {
    super(reason, options)
    this.name = 'UnusableImageError'
  }
}

const corrupt = (format: SupportedFormat, cause: unknown): UnusableImageError =>
  new UnusableImageError(`the ${format.toUpperCase()} file is corrupt or truncated and cannot be read`, { cause })

async function headerOf (bytes: Uint8Array, format: SupportedFormat): Promise<Metadata> {
  try {
    return await sharp(bytes, { limitInputPixels: false }).metadata()
  } catch (error) {
    throw corrupt(format, error)
  }
}

/** Refuses a size that the function could not decode within its memory, with why in the owner's words. */
function checkSize (width: number, height: number): void {
  const size = `${width} × ${height} pixels`
  if (width * height > MAX_INPUT_PIXELS) throw new UnusableImageError(`${size} is more than the ${IMAGE_LIMITS.megapixels} megapixels allowed`)
  if (Math.max(width, height) > IMAGE_LIMITS.side) {
    throw new UnusableImageError(`${size} is more than the ${IMAGE_LIMITS.side.toLocaleString('en')} pixels allowed on a side`)
  }
  if (Math.max(width, height) > IMAGE_LIMITS.aspectRatio * Math.min(width, height)) {
    const shape = width > height ? 'wide as it is high' : 'high as it is wide'
    throw new UnusableImageError(`${size} is more than ${IMAGE_LIMITS.aspectRatio} times as ${shape}`)
  }
}

const sideOf = (size: ThumbnailSize): number => Number(size.split('x')[0])

/** The size within a `side` × `side` box of an image shown `width` × `height`: the aspect ratio kept, never enlarged. */
function boxed (width: number, height: number, side: number): [number, number] {
  const scale = Math.min(1, side / width, side / height)
  return [Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale))]
}

/** The thumbnails of `bytes`; throws UnusableImageError with a reason fit to show the item's owner. */
export async function makeThumbnails (bytes: Uint8Array): Promise<Thumbnails> {
  const sniffed = sniffFormat(bytes)
  if (sniffed === undefined) throw new UnusableImageError('not an image in a supported format (JPEG, PNG or WebP)')
  if ('unsupported' in sniffed) throw new UnusableImageError(`${sniffed.unsupported} is not supported: upload a JPEG, PNG or WebP image`)
  const format = sniffed.supported
  const { width = 0, height = 0, orientation = 1 } = await headerOf(bytes, format)
  checkSize(width, height)
  // EXIF orientations 5 to 8 turn the image a quarter: it is shown height × width.
  const [shownWidth, shownHeight] = orientation >= 5 ? [height, width] : [width, height]
  const sizes = THUMBNAIL_SIZES.map((size) => ({ size, box: boxed(shownWidth, shownHeight, sideOf(size)) }))
  const [largestWidth, largestHeight] = sizes[sizes.length - 1].box
  let largest
  try {
    // The one decode: straight to the largest thumbnail's pixels (libvips decodes a JPEG or WebP at a reduced scale);
    // a truncated or corrupt file fails here, at its first bad byte.
    largest = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
      .rotate()
      .resize(largestWidth, largestHeight, { fit: 'fill' })
      // JPEG has no transparency: transparent pixels become white, not black.
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true })
  } catch (error) {
    throw corrupt(format, error)
  }
  const { data, info } = largest
  const pixels = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
  // Each size from the largest's pixels, never from a JPEG: no second round of compression.
  const thumbnails = await Promise.all(sizes.map(async ({ size, box: [boxWidth, boxHeight] }) => ({
    size,
    body: await pixels.clone().resize(boxWidth, boxHeight, { fit: 'fill' }).jpeg({ quality: JPEG_QUALITY, mozjpeg: false }).toBuffer(),
    width: boxWidth,
    height: boxHeight
  })))
  return { source: { format, width, height }, thumbnails }
}
