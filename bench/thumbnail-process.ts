// The thumbnail function's work, timed in a process of its own: makeThumbnails (the function's code) on real images,
// libvips held to one thread, as on the one core the cost model counts in. Reports `BENCH {json}`.
import sharp from 'sharp'
import { makeThumbnails } from '../src/images/make-thumbnails.ts'
import { jpeg, png, webp } from './image-samples.ts'
import { summarise, round } from './stats.ts'

sharp.concurrency(1)
const runs = Number(process.env.THUMBNAIL_RUNS ?? 10)
// The photos with a camera's grain: as large, and as slow to decode, as photos of those sizes; the PNG a graphic.
// THUMBNAIL_SCALE (npm run bench -- --quick sets 4) divides each side, so that a check of the script runs in a second.
const GRAIN = 24
const scale = Number(process.env.THUMBNAIL_SCALE ?? 1)
const side = (pixels: number): number => Math.round(pixels / scale)
const megapixels = (width: number, height: number): string => `${Math.round(side(width) * side(height) / 1e5) / 10} MP`
const images = {
  [`JPEG ${side(4000)}×${side(3000)} (${megapixels(4000, 3000)}, a phone photo)`]: await jpeg(side(4000), side(3000), GRAIN),
  [`PNG ${side(2000)}×${side(2000)} with alpha (${megapixels(2000, 2000)}, a graphic)`]: await png(side(2000), side(2000), true),
  [`WebP ${side(1920)}×${side(1080)} (${megapixels(1920, 1080)})`]: await webp(side(1920), side(1080), GRAIN)
}
const results: Record<string, { bytes: number, median_ms: number, p90_ms: number }> = {}
for (const [name, bytes] of Object.entries(images)) {
  await makeThumbnails(bytes)
  const times: number[] = []
  for (let run = 0; run < runs; run++) {
    const started = performance.now()
    await makeThumbnails(bytes)
    times.push(performance.now() - started)
  }
  const summary = summarise(times)
  results[name] = { bytes: bytes.length, median_ms: round(summary.median), p90_ms: round(summary.p90) }
}
process.stdout.write(`BENCH ${JSON.stringify({ images: results, peak_rss_mb: round(process.resourceUsage().maxRSS / 1024), runs })}\n`)
