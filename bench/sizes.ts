// The artifact's sizes: its code, and the zip it makes with and without the docs and the compile cache.
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

export interface Sizes {
  /** The JavaScript: the entry and its chunks. */
  bundle_bytes: number
  zip_bytes: number
  /** The zip of the code alone: no docs, no compile cache. */
  zip_without_docs_bytes: number
  docs_bytes: number
  docs_zip_bytes: number
  compile_cache_bytes: number
  compile_cache_zip_bytes: number
}

/** Sizes of what serverless.yml deploys from `dir`: everything but the source maps. */
export async function artifactSizes (dir: string): Promise<Sizes> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  const files = entries.filter((entry) => entry.isFile()).map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .filter((file) => !file.endsWith('.map'))
  const total = async (selected: string[]): Promise<number> => {
    let bytes = 0
    for (const file of selected) bytes += (await stat(join(dir, file))).size
    return bytes
  }
  const docs = files.filter((file) => file.startsWith('docs/'))
  const cache = files.filter((file) => file.startsWith('compile-cache/'))
  const code = files.filter((file) => !docs.includes(file) && !cache.includes(file))
  return {
    bundle_bytes: await total(code.filter((file) => file.endsWith('.mjs'))),
    zip_bytes: await zipBytes(dir, files),
    zip_without_docs_bytes: await zipBytes(dir, code),
    docs_bytes: await total(docs),
    docs_zip_bytes: await zipBytes(dir, docs),
    compile_cache_bytes: await total(cache),
    compile_cache_zip_bytes: await zipBytes(dir, cache)
  }
}
