// makeThumbnails on real images: each format, size and orientation gives three JPEGs that fit their boxes with the
// aspect ratio kept; a corrupt file, a file that is no image, an unsupported format, a decompression bomb and a strip
// are refused with a reason, the format by the file's first bytes and the size by its header; no decoder but libvips'
// JPEG, PNG and WebP loaders runs. (Memory, measured: thumbnail-memory.test.ts.)
import sharp from 'sharp'
import t from 'tap'
import { IMAGE_LIMITS, MAX_INPUT_PIXELS, makeThumbnails, UnusableImageError } from '../../src/images/make-thumbnails.ts'
import { avif, flatPng, gif, jpeg, png, pngBomb, rotatedJpeg, svg, tiff, truncatedJpeg, webp } from '../../bench/image-samples.ts'

const BOXES = { '200x200': 200, '400x400': 400, '800x800': 800 } as const

t.test('every supported format, size and shape: three JPEGs within their boxes, aspect ratio kept', async (t) => {
  const cases: Array<[string, Buffer, number, number]> = [
    ['a landscape JPEG', await jpeg(3000, 2000), 3000, 2000],
    ['a portrait PNG', await png(900, 1600), 900, 1600],
    ['a square WebP', await webp(1024, 1024), 1024, 1024],
    ['a panorama JPEG', await jpeg(4000, 500), 4000, 500]
  ]
  for (const [name, bytes, width, height] of cases) {
    const made = await makeThumbnails(bytes)
    t.match(made.source, { width, height }, `${name}: its size read`)
    t.same(made.thumbnails.map((thumbnail) => thumbnail.size), Object.keys(BOXES), `${name}: the three sizes`)
    for (const thumbnail of made.thumbnails) {
      const box = BOXES[thumbnail.size]
      const scale = Math.min(box / width, box / height)
      t.same([thumbnail.width, thumbnail.height], [Math.round(width * scale), Math.round(height * scale)], `${name} ${thumbnail.size}: fits the box, aspect ratio kept`)
      const meta = await sharp(thumbnail.body).metadata()
      t.match(meta, { format: 'jpeg', width: thumbnail.width, height: thumbnail.height }, `${name} ${thumbnail.size}: a JPEG of that size`)
    }
  }
})

t.test('an image smaller than a box is not enlarged', async (t) => {
  const made = await makeThumbnails(await png(120, 80))
  t.same(made.thumbnails.map((thumbnail) => [thumbnail.width, thumbnail.height]), [[120, 80], [120, 80], [120, 80]])
})

t.test('EXIF orientation is applied: a photo taken sideways comes out upright', async (t) => {
  const made = await makeThumbnails(await rotatedJpeg(1200, 800))
  t.same([made.thumbnails[2].width, made.thumbnails[2].height], [533, 800], 'stored 1200 × 800, shown 800 × 1200')
  t.equal((await sharp(made.thumbnails[2].body).metadata()).orientation, undefined, 'no orientation left for viewers to apply twice')
})

t.test('transparency becomes white, not black', async (t) => {
  const made = await makeThumbnails(await png(400, 400, true))
  const { data } = await sharp(made.thumbnails[0].body).raw().toBuffer({ resolveWithObject: true })
  t.ok(data[0] > 240 && data[1] > 240 && data[2] > 240, `the transparent left half is white (${data[0]}, ${data[1]}, ${data[2]})`)
})

t.test('quality 85: a thumbnail is a fraction of the original', async (t) => {
  const original = await jpeg(3000, 2000)
  const made = await makeThumbnails(original)
  t.ok(made.thumbnails[2].body.length < original.length / 5, `${made.thumbnails[2].body.length} bytes against ${original.length}`)
})

t.test('files that cannot be made into thumbnails are refused with a reason', async (t) => {
  const refused: Array<[string, Buffer, RegExp]> = [
    ['a truncated JPEG', await truncatedJpeg(), /the JPEG file is corrupt or truncated/],
    ['text', Buffer.from('these are not the pixels you are looking for'), /not an image in a supported format/],
    ['an empty file', Buffer.alloc(0), /not an image in a supported format/],
    ['a GIF', await gif(64, 64), /GIF is not supported: upload a JPEG, PNG or WebP image/],
    ['a decompression bomb (a 50 KB PNG of 20,000 × 20,000)', pngBomb(), /20000 × 20000 pixels is more than the 50 megapixels allowed/]
  ]
  for (const [name, bytes, reason] of refused) {
    const error = await makeThumbnails(bytes).then(() => undefined, (thrown: unknown) => thrown)
    t.type(error, UnusableImageError, `${name}: refused`)
    t.match((error as Error).message, reason, `${name}: ${(error as Error).message}`)
  }
})

t.test('the bomb is refused from its header: memory does not grow by its decoded size', async (t) => {
  const bomb = pngBomb()
  const before = process.memoryUsage().rss
  await t.rejects(makeThumbnails(bomb), UnusableImageError)
  const grown = process.memoryUsage().rss - before
  t.ok(grown < 200 * 1024 * 1024, `RSS grew ${Math.round(grown / 1024 / 1024)} MB, not the 1.2 GB decoding would take`)
})

t.test('just within the pixel limit is made; just over is not', async (t) => {
  t.equal(MAX_INPUT_PIXELS, 50_000_000)
  const over = pngBomb(7072) // 7072² = 50,013,184
  await t.rejects(makeThumbnails(over), /7072 × 7072 pixels is more than the 50 megapixels allowed/)
  const within = pngBomb(7071) // 49,999,041
  const made = await makeThumbnails(within)
  t.same([made.thumbnails[0].width, made.thumbnails[0].height], [200, 200])
})

t.test('a side of at most 20,000 pixels and at most 10 times the other, from the header: a strip is refused, a panorama made', async (t) => {
  t.same(IMAGE_LIMITS, { megapixels: 50, side: 20_000, aspectRatio: 10 })
  const refused: Array<[number, number, RegExp]> = [
    [20_001, 2000, /^20001 × 2000 pixels is more than the 20,000 pixels allowed on a side$/],
    [2000, 20_001, /^2000 × 20001 pixels is more than the 20,000 pixels allowed on a side$/],
    [20_000, 1999, /^20000 × 1999 pixels is more than 10 times as wide as it is high$/],
    [1000, 10_001, /^1000 × 10001 pixels is more than 10 times as high as it is wide$/]
  ]
  for (const [width, height, reason] of refused) {
    await t.rejects(makeThumbnails(await flatPng(width, height, { depth: 1, colour: 'grey' })), { name: 'UnusableImageError', message: reason }, `${width} × ${height}`)
  }
  const panorama = await makeThumbnails(await flatPng(20_000, 2000, { depth: 1, colour: 'grey' }))
  t.same(panorama.thumbnails.map((thumbnail) => [thumbnail.width, thumbnail.height]), [[200, 20], [400, 40], [800, 80]], '20,000 × 2,000 is made')
})

t.test('the format is told by the file\'s first bytes: other image formats are refused by name, before any decoder', async (t) => {
  const heic = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1'), Buffer.alloc(64)])
  const bmp = Buffer.concat([Buffer.from('BM', 'latin1'), Buffer.alloc(64)])
  const refused: Array<[string, Buffer]> = [['TIFF', await tiff(32, 32)], ['AVIF', await avif(32, 32)], ['HEIC', heic], ['SVG', svg(32, 32)], ['BMP', bmp]]
  for (const [name, bytes] of refused) {
    await t.rejects(makeThumbnails(bytes), { name: 'UnusableImageError', message: `${name} is not supported: upload a JPEG, PNG or WebP image` }, name)
  }
  const video = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypisom', 'latin1'), Buffer.alloc(64)])
  await t.rejects(makeThumbnails(video), { message: 'not an image in a supported format (JPEG, PNG or WebP)' }, 'an MP4 is no image')
  const notPng = Buffer.concat([(await png(8, 8)).subarray(0, 8), svg(32, 32)])
  await t.rejects(makeThumbnails(notPng), { message: 'the PNG file is corrupt or truncated and cannot be read' }, 'an SVG behind a PNG signature reaches the PNG decoder alone')
})

t.test('in the function\'s process, libvips runs no loader but JPEG, PNG and WebP from memory', async (t) => {
  for (const [name, bytes] of [['JPEG', await jpeg(16, 16)], ['PNG', await png(16, 16)], ['WebP', await webp(16, 16)]] as const) {
    t.match(await sharp(bytes).metadata(), { width: 16, height: 16 }, `${name}: read`)
  }
  for (const [name, bytes] of [['GIF', await gif(16, 16)], ['TIFF', await tiff(16, 16)], ['AVIF', await avif(16, 16)], ['SVG', svg(16, 16)]] as const) {
    await t.rejects(sharp(bytes).metadata(), /unsupported image format/, `${name}: its loader is blocked`)
  }
})
