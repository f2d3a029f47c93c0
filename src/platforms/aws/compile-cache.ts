// Node's compile cache, shipped in the artifact: V8's code for the bundle, made by the build on the runtime's own Node
// (scripts/record-compile-cache.ts), so that the init phase loads compiled code instead of compiling the bundle again.
import { readFileSync } from 'node:fs'
import module from 'node:module'
import { fileURLToPath } from 'node:url'

/** The file beside the cache that names the Node it was made by, as `process.version process.arch`. */
export const BUILT_FOR_FILE = 'built-for'
export const COMPILE_CACHE_DIR = 'compile-cache'

export const runtimeId = (): string => `${process.version} ${process.arch}`

/** module.enableCompileCache (Node 22.1+; `portable` from 24.12), typed here: the project's typings are Node 20's. */
interface CompileCacheApi {
  enableCompileCache?: (options: { directory: string, portable: boolean }) => { status: number }
  constants?: { compileCacheStatus?: { ENABLED: number } }
}

export type CompileCacheUse = 'used' | 'none shipped' | 'other runtime' | 'unavailable'

/**
 * Turns the cache in `compile-cache/` beside `base` on, when there is one and it was made by this very Node. Another
 * version or architecture would reject every entry and then try to write new ones into the read-only task folder, so
 * the cache is left off there. `portable`: its entries are keyed by paths relative to the folder, not absolute ones.
 */
export function useCompileCache (base: string): CompileCacheUse {
  const folder = new URL(`./${COMPILE_CACHE_DIR}/`, base)
  let builtFor: string
  try {
    builtFor = readFileSync(new URL(BUILT_FOR_FILE, folder), 'utf8').trim()
  } catch {
    return 'none shipped'
  }
  // Silently: the function starts as it would with no cache, a few milliseconds slower.
  if (builtFor !== runtimeId()) return 'other runtime'
  const api = module as unknown as CompileCacheApi
  const result = api.enableCompileCache?.({ directory: fileURLToPath(folder), portable: true })
  return result !== undefined && result.status === api.constants?.compileCacheStatus?.ENABLED ? 'used' : 'unavailable'
}
