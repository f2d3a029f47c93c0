// What an upload is, from its first bytes: one of the formats the thumbnail function reads, or another image format
// named so that its owner knows what to change. Read before any decoder sees the file.

/** The formats the thumbnail function reads (docs/images-and-reports.md), as sharp names them. */
export const SUPPORTED_FORMATS = ['jpeg', 'png', 'webp'] as const
export type SupportedFormat = typeof SUPPORTED_FORMATS[number]

export type SniffedFormat = { supported: SupportedFormat } | { unsupported: string }

const startsWith = (bytes: Uint8Array, signature: string | number[], offset = 0): boolean => {
  const expected = typeof signature === 'string' ? Buffer.from(signature, 'latin1') : signature
  return bytes.length >= offset + expected.length && expected.every((byte, at) => bytes[offset + at] === byte)
}

const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1'])
const AVIF_BRANDS = new Set(['avif', 'avis'])

/** Image formats that phones, cameras and browsers produce but the function does not read, by their signature. */
function otherImageFormat (bytes: Uint8Array): string | undefined {
  if (startsWith(bytes, 'GIF8')) return 'GIF'
  if (startsWith(bytes, 'II*\0') || startsWith(bytes, 'MM\0*')) return 'TIFF'
  if (startsWith(bytes, 'BM')) return 'BMP'
  if (startsWith(bytes, 'ftyp', 4)) {
    // ISO media files: which one is said by the brand after "ftyp" (a video has another).
    const brand = Buffer.from(bytes.subarray(8, 12)).toString('latin1')
    if (HEIF_BRANDS.has(brand)) return 'HEIC'
    if (AVIF_BRANDS.has(brand)) return 'AVIF'
  }
  if (/<svg[\s>]/.test(Buffer.from(bytes.subarray(0, 1024)).toString('latin1'))) return 'SVG'
  return undefined
}

/** The format `bytes` are in by their signature; undefined when they are not an image in a format named here. */
export function sniffFormat (bytes: Uint8Array): SniffedFormat | undefined {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { supported: 'jpeg' }
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { supported: 'png' }
  if (startsWith(bytes, 'RIFF') && startsWith(bytes, 'WEBP', 8)) return { supported: 'webp' }
  const other = otherImageFormat(bytes)
  return other === undefined ? undefined : { unsupported: other }
}
