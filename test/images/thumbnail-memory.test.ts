// The thumbnail function's memory, measured: crafted PNGs of a few hundred KB that decode to 400 MB (16-bit RGBA, 50
// megapixels) are handed to makeThumbnails in a process of their own, whose peak RSS must stay well within the
// function's 1024 MB: the strips that took gigabytes are refused from their header, and the largest images accepted
// are decoded once.
import { execFile } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { temporaryDirectory } from '../helper.ts'
import { flatPng } from '../../bench/image-samples.ts'

const run = promisify(execFile)
const MB = 1024 * 1024
/** Half the function's 1024 MB: the other half is the runtime's, the SDK's, the upload's and its thumbnails'. */
const PEAK_RSS_BOUND_MB = 512

interface Measured { outcome: 'made' | 'refused' | 'stopped', peak_rss_mb: number, ms: number, sizes?: string[], reason?: string }

async function measure (file: string): Promise<Measured> {
  // Past twice the bound the process stops itself: enough to fail, without waiting for the gigabytes.
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'test/images/thumbnail-process.ts', file, String(2 * PEAK_RSS_BOUND_MB * MB)], {
    env: { ...process.env, NODE_V8_COVERAGE: undefined }
  }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }))
  const line = stdout.split('\n').find((text) => text.startsWith('RESULT '))
  if (line === undefined) throw new Error(`no result from the thumbnail process: ${stdout}`)
  return JSON.parse(line.slice('RESULT '.length))
}

const RGBA16 = { depth: 16, colour: 'rgba' } as const
const cases: Array<{ name: string, image: () => Promise<Buffer>, expect: Partial<Measured> | RegExp }> = [
  { name: '16-bit RGBA 200,000 × 250 (50 MP, 389 KB)', image: async () => await flatPng(200_000, 250, RGBA16), expect: /200000 × 250 pixels is more than the 20,000 pixels allowed on a side/ },
  { name: '16-bit RGBA 500,000 × 100 (50 MP)', image: async () => await flatPng(500_000, 100, RGBA16), expect: /more than the 20,000 pixels allowed on a side/ },
  { name: '16-bit RGBA 5,000,000 × 10 (50 MP)', image: async () => await flatPng(5_000_000, 10, RGBA16), expect: /more than the 20,000 pixels allowed on a side/ },
  { name: '16-bit RGBA 8,660 × 5,773 (50 MP, a camera\'s 3:2)', image: async () => await flatPng(8660, 5773, RGBA16), expect: { outcome: 'made', sizes: ['200x133', '400x267', '800x533'] } },
  {
    name: '16-bit RGBA 20,000 × 2,500 turned by EXIF (50 MP at 8:1, the longest side accepted)',
    image: async () => await flatPng(20_000, 2500, { ...RGBA16, orientation: 6 }),
    expect: { outcome: 'made', sizes: ['25x200', '50x400', '100x800'] }
  }
]

t.test(`each crafted image: refused or made, the process's peak RSS under ${PEAK_RSS_BOUND_MB} MB`, async (t) => {
  const dir = await temporaryDirectory(t)
  for (const [index, { name, image, expect }] of cases.entries()) {
    const bytes = await image()
    const file = join(dir, `${index}.png`)
    await writeFile(file, bytes)
    const measured = await measure(file)
    t.comment(`${name}: ${Math.round(bytes.length / 1000)} KB, ${measured.outcome}, peak RSS ${measured.peak_rss_mb} MB, ${measured.ms} ms`)
    if (expect instanceof RegExp) t.match(measured, { outcome: 'refused', reason: expect }, `${name}: refused from its header`)
    else t.match(measured, expect, `${name}: made`)
    t.ok(measured.peak_rss_mb < PEAK_RSS_BOUND_MB, `${name}: peak RSS ${measured.peak_rss_mb} MB < ${PEAK_RSS_BOUND_MB} MB`)
  }
})
