// makeThumbnails on one file in a process of its own, so that the process's peak RSS is what decoding it took: prints
// `RESULT {json}`. Past `stop-at` bytes of RSS it reports and exits, so that a decoder running away is measured, not
// waited for while it takes the machine's memory.
import { writeSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import sharp from 'sharp'
import { makeThumbnails } from '../../src/images/make-thumbnails.ts'

const [file, stopAt] = process.argv.slice(2)
// One libvips thread, as sharp runs by default on glibc Linux, Lambda's: the same measure on any machine.
sharp.concurrency(1)
const bytes = await readFile(file)
const started = performance.now()
const report = (fields: Record<string, unknown>): void => {
  writeSync(1, `RESULT ${JSON.stringify({
    ...fields,
    // resourceUsage's maxRSS is in KiB.
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    ms: Math.round(performance.now() - started)
  })}\n`)
}
// sharp decodes on libvips' threads: this timer keeps running while it does.
setInterval(() => {
  if (process.memoryUsage.rss() < Number(stopAt)) return
  report({ outcome: 'stopped' })
  // Not process.exit: that waits for libvips' threads, which go on taking memory.
  process.kill(process.pid, 'SIGKILL')
}, 5).unref()
try {
  const made = await makeThumbnails(bytes)
  report({ outcome: 'made', sizes: made.thumbnails.map((thumbnail) => `${thumbnail.width}x${thumbnail.height}`) })
} catch (error) {
  report({ outcome: 'refused', reason: (error as Error).message })
}
