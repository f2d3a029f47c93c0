// The artifact's sizes: the bundle, and the zip it makes with and without the docs assets.
import { readdir, readFile, stat } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { deflateRawSync } from 'node:zlib'

// A zip stores each file deflated, with a local header (30 bytes + name) and a central directory entry (46 + name).
async function zipBytes (dir: string, files: string[]): Promise<number> {
  let total = 22
  for (const file of files) {
    const compressed = deflateRawSync(await readFile(join(dir, file)), { level: 9 }).length
    total += compressed + 30 + 46 + 2 * Buffer.byteLength(file)
  }
  return total
}

export interface Sizes { bundle_bytes: number, zip_bytes: number, zip_without_docs_bytes: number, docs_bytes: number }

/** Sizes of what serverless.yml deploys from `dir`: everything but the source map. */
export async function artifactSizes (dir: string): Promise<Sizes> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  const files = entries.filter((entry) => entry.isFile()).map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .filter((file) => !file.endsWith('.map'))
  const code = files.filter((file) => !file.startsWith('docs/'))
  let docs = 0
  for (const file of files.filter((file) => file.startsWith('docs/'))) docs += (await stat(join(dir, file))).size
  return {
    bundle_bytes: (await stat(join(dir, 'index.mjs'))).size,
    zip_bytes: await zipBytes(dir, files),
    zip_without_docs_bytes: await zipBytes(dir, code),
    docs_bytes: docs
  }
}
