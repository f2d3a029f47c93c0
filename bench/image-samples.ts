// Real images for the thumbnail tests, encoded by libjpeg, libpng and libwebp through sharp: several formats, sizes
// and orientations, and the files that must be refused (corrupt, not an image, a decompression bomb, a strip).
import { createDeflate, deflateSync } from 'node:zlib'
import sharp, { type Sharp } from 'sharp'

/**
 * A gradient, left half transparent when it has alpha; with `grain`, noise on every pixel as a camera's sensor leaves
 * it, so that the file is as large and as slow to decode as a photo of that size (a 12 MP JPEG of 4 to 6 MB).
 */
async function picture (width: number, height: number, channels: 3 | 4 = 3, grain = 0): Promise<Sharp> {
  const pixels = Buffer.alloc(width * height * channels)
  let seed = 12345
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * channels
      for (let channel = 0; channel < 3; channel++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff
        const base = channel === 0 ? (x * 255) / width : channel === 1 ? (y * 255) / height : ((x + y) * 127) / (width + height)
        pixels[at + channel] = Math.max(0, Math.min(255, base + ((seed >> 16) % (2 * grain + 1)) - grain))
      }
      if (channels === 4) pixels[at + 3] = x < width / 2 ? 0 : 255
    }
  }
  return sharp(pixels, { raw: { width, height, channels } })
}

export const jpeg = async (width: number, height: number, grain = 0): Promise<Buffer> => await (await picture(width, height, 3, grain)).jpeg({ quality: 90 }).toBuffer()
export const png = async (width: number, height: number, alpha = false, grain = 0): Promise<Buffer> =>
  await (await picture(width, height, alpha ? 4 : 3, grain)).png().toBuffer()
export const webp = async (width: number, height: number, grain = 0): Promise<Buffer> => await (await picture(width, height, 3, grain)).webp().toBuffer()
export const gif = async (width: number, height: number): Promise<Buffer> => await (await picture(width, height)).gif().toBuffer()
export const tiff = async (width: number, height: number): Promise<Buffer> => await (await picture(width, height)).tiff().toBuffer()
export const avif = async (width: number, height: number): Promise<Buffer> => await (await picture(width, height)).avif().toBuffer()
export const svg = (width: number, height: number): Buffer =>
  Buffer.from(`<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%"/></svg>`)

/** A landscape photo stored as the camera held it, rotated: EXIF orientation 6 says "turn 90° clockwise to show". */
export const rotatedJpeg = async (width: number, height: number): Promise<Buffer> =>
  await (await picture(width, height)).jpeg().withMetadata({ orientation: 6 }).toBuffer()

/** The first half of a JPEG: its header reads, its pixels end early. */
export const truncatedJpeg = async (): Promise<Buffer> => {
  const whole = await jpeg(1200, 800)
  return whole.subarray(0, Math.floor(whole.length / 2))
}

function chunk (type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

function crc32 (bytes: Buffer): number {
  let crc = ~0
  for (const byte of bytes) {
    crc ^= byte
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1))
  }
  return ~crc >>> 0
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

function pngFile (width: number, height: number, depth: number, colour: number, pixels: Buffer, extra: Buffer[] = []): Buffer {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header[8] = depth
  header[9] = colour
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', header), ...extra, chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))])
}

/**
 * A valid PNG of `side` × `side` black pixels, 1 bit each: 20,000 × 20,000 is 400 megapixels (1.2 GB decoded as RGB)
 * in about 50 KB, a decompression bomb.
 */
export function pngBomb (side = 20_000): Buffer {
  const row = Math.ceil(side / 8) + 1
  return pngFile(side, side, 1, 0, deflateSync(Buffer.alloc(row * side), { level: 9 }))
}

const PNG_COLOURS = { grey: [0, 1], rgb: [2, 3], rgba: [6, 4] } as const

/** An EXIF block holding only an orientation, as PNG's eXIf chunk carries it. */
function exifOrientation (orientation: number): Buffer {
  const exif = Buffer.from('MM\0*\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0\0\0\0\0\0\0\0', 'latin1')
  exif.writeUInt16BE(orientation, 18)
  return exif
}

/**
 * A PNG of `width` × `height` pixels all zero (black; transparent with alpha), `depth` bits a sample, with an EXIF
 * orientation if given. Deflated as it is made, never held whole: a 16-bit RGBA 200,000 × 250 (400 MB decoded) is a
 * 389 KB file, made in a second.
 */
export async function flatPng (width: number, height: number, { depth = 8, colour = 'rgb', orientation }:
{ depth?: 1 | 8 | 16, colour?: keyof typeof PNG_COLOURS, orientation?: number } = {}): Promise<Buffer> {
  const [type, channels] = PNG_COLOURS[colour]
  const zeros = Buffer.alloc(1 << 20)
  const deflate = createDeflate({ level: 9 })
  const compressed: Buffer[] = []
  deflate.on('data', (part: Buffer) => compressed.push(part))
  const ended = new Promise((resolve, reject) => deflate.on('end', resolve).on('error', reject))
  // Each row is a filter byte (0, none) and its samples: all of it zeros.
  for (let left = height * (1 + Math.ceil(width * channels * depth / 8)); left > 0; left -= zeros.length) {
    if (!deflate.write(zeros.subarray(0, Math.min(left, zeros.length)))) await new Promise((resolve) => deflate.once('drain', resolve))
  }
  deflate.end()
  await ended
  const extra = orientation === undefined ? [] : [chunk('eXIf', exifOrientation(orientation))]
  return pngFile(width, height, depth, type, Buffer.concat(compressed), extra)
}
